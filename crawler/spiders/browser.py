"""`render: browser`: a source's pages rendered in headless Chromium through scrapy-playwright.

Only requests marked `playwright` go to the browser; robots.txt and everything else keep Scrapy's own
HTTP handler, its politeness (delays, AutoThrottle, per-domain concurrency) and its bounds. The browser
is Debian's Chromium (`TW_BROWSER_EXECUTABLE`), never a downloaded build; one browser context at a time,
at most `TW_BROWSER_MAX_PAGES` pages open in it, each with the source's `browser.timeout`. A page may
fetch only its own source's hosts, and no images, media or fonts.
"""

from __future__ import annotations

import os

from crawler.urls import url_host

ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
DEFAULT_EXECUTABLE = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--mute-audio"]
BLOCKED_TYPES = frozenset({"image", "media", "font"})


class BrowserUnavailable(RuntimeError):
    """The browser a `render: browser` source needs cannot be started; says what to install."""


class OffSourceFilter:
    """PLAYWRIGHT_ABORT_REQUEST: abort what a rendered page asks for off the source's hosts, and
    images, media and fonts (crawled pages are hostile: they must not make the browser roam)."""

    def __init__(self, domains: list[str]) -> None:
        self.domains = list(domains)

    def __call__(self, request) -> bool:
        if request.resource_type in BLOCKED_TYPES:
            return True
        if request.url.startswith(("data:", "blob:", "about:")):
            return False
        host = url_host(request.url)
        return not any(host == d or host.endswith("." + d) for d in self.domains)


def browser_settings(source, settings) -> dict:
    """The Scrapy settings a browser-rendered source's crawler needs, from its rules and `settings`."""
    rules = source.browser_rules
    executable = settings.get("TW_BROWSER_EXECUTABLE") or DEFAULT_EXECUTABLE
    if not os.access(executable, os.X_OK):
        raise BrowserUnavailable(
            f"source {source.name!r} has 'render: browser' but {executable} is not an executable Chromium; "
            "install Debian's chromium (apt-get install chromium) or set TW_BROWSER_EXECUTABLE")
    timeout_ms = rules.timeout * 1000
    return {
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": executable, "headless": True, "args": CHROMIUM_ARGS,
                                      "timeout": timeout_ms},
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": settings.getint("TW_BROWSER_MAX_PAGES", 2),
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout_ms,
        "PLAYWRIGHT_ABORT_REQUEST": OffSourceFilter(source.domains),
        "PLAYWRIGHT_CONTEXTS": {"default": {"java_script_enabled": True, "accept_downloads": False,
                                            "service_workers": "block"}},
    }


def browser_meta(source, role: str) -> dict:
    """Request meta sending a `role` ('listing' or 'article') request through the browser, or {}."""
    rules = source.browser_rules
    if rules is None or (role == "article" and not rules.articles):
        return {}
    from scrapy_playwright.page import PageMethod

    waits = bool(rules.wait_for) and role == "listing"
    meta = {"playwright": True, "tw_conditional": False,
            "playwright_page_goto_kwargs": {"wait_until": "load" if waits else "networkidle"}}
    if waits:
        meta["playwright_page_methods"] = [PageMethod("wait_for_selector", rules.wait_for,
                                                      timeout=rules.timeout * 1000)]
    return meta


def needs_asyncio_reactor(sources) -> bool:
    """True when one of `sources` renders in a browser (scrapy-playwright runs on asyncio's reactor)."""
    return any(getattr(s, "render", "http") == "browser" for s in sources)
