"""A demo site on an OS-picked 127.0.0.1 port, shared by read-only tests; publishing tests get their own."""

from __future__ import annotations

import httpx
import pytest

from demo.server import DemoSite

SLOW_SECONDS = 1.0


@pytest.fixture(scope="module")
def site():
    """A running demo site whose content tests must not change."""
    with DemoSite(host="127.0.0.1", port=0, slow_seconds=SLOW_SECONDS) as running:
        yield running


@pytest.fixture
def fresh_site():
    """A running demo site of its own, for tests that publish."""
    with DemoSite(host="127.0.0.1", port=0, slow_seconds=SLOW_SECONDS) as running:
        yield running


@pytest.fixture
def http(site):
    """An HTTP client for the shared site that does not follow redirects."""
    with httpx.Client(base_url=site.base_url, follow_redirects=False, timeout=30) as client:
        yield client
