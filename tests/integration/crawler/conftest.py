"""Crawler integration fixtures: the demo site in-process, with a log of the requests it answered."""

from __future__ import annotations

import logging

import pytest
from crawl_helpers import RequestLog


@pytest.fixture(scope="module")
def demo_site():
    """The demo site on an OS-picked port, with `.requests` (a RequestLog)."""
    from demo.server import DemoSite

    site = DemoSite(host="127.0.0.1", port=0, slow_seconds=6.0).start()
    log = RequestLog()
    logger = logging.getLogger("demo.server")
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(log)
    site.requests = log
    yield site
    logger.removeHandler(log)
    logger.setLevel(previous)
    site.stop()
