"""Shared by the web e2e tests: where Chromium is, how to start it, how to sign in, where screenshots go."""

from __future__ import annotations

import os
from pathlib import Path

from trustwatch.web.sample_data import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# Screenshots go to var/ (ignored); `TRUSTWATCH_SCREENSHOTS_DIR=docs/screenshots` refreshes the README's.
SCREENSHOTS = Path(os.environ.get("TRUSTWATCH_SCREENSHOTS_DIR")
                   or Path(__file__).resolve().parents[2] / "var" / "screenshots")
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


def sign_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a person would."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state("networkidle")


# Every HTML page the app served during the e2e run: (path, body). The grep test for English codes
# (test_zz_rendered_pages.py, collected last) reads them all. Kept here, not in conftest.py:
# `from conftest import` finds whichever conftest module pytest loaded first.
RENDERED: list[tuple[str, str]] = []
MAX_RENDERED = 2000


def recording(app):
    """The ASGI app, keeping each text/html response body it sends in RENDERED."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        state = {"html": False, "chunks": []}

        async def capture(message):
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                state["html"] = headers.get(b"content-type", b"").startswith(b"text/html")
            elif message["type"] == "http.response.body" and state["html"]:
                state["chunks"].append(message.get("body", b""))
                if not message.get("more_body") and len(RENDERED) < MAX_RENDERED:
                    query = scope.get("query_string", b"").decode("latin-1")
                    RENDERED.append((scope["path"] + (f"?{query}" if query else ""),
                                     b"".join(state["chunks"]).decode("utf-8", "replace")))
            await send(message)

        return await app(scope, receive, capture)

    return wrapped
