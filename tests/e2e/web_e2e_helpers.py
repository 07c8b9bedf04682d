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
