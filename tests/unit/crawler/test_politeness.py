"""Politeness and safety settings, and the private-address guard."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy import Request

from crawler.middlewares import PrivateAddressBlocked, PrivateAddressGuard
from crawler.process import build_scrapy_settings
from trustwatch.settings import load_settings


def test_polite_defaults_follow_trustwatch_settings(tmp_path):
    settings = build_scrapy_settings(load_settings(contact_email="ops@shanwei.example", db_url="sqlite://",
                                                   crawl_max_page_bytes=1_000_000, crawl_page_timeout=12))
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2 and settings.getfloat("DOWNLOAD_DELAY") > 0
    assert "mailto:ops@shanwei.example" in settings.get("USER_AGENT")
    assert settings.getint("DOWNLOAD_MAXSIZE") == 1_000_000 and settings.getfloat("DOWNLOAD_TIMEOUT") == 12
    assert settings.getint("DEPTH_LIMIT") > 0 and not settings.getbool("REMOTE_CONTROL_ENABLED")
    assert settings.get("TW_VARIABLES") == {"demo_base_url": "http://127.0.0.1:8800", "demo_host": "127.0.0.1"}
    impolite = build_scrapy_settings(load_settings(db_url="sqlite://"), polite=False)
    assert not impolite.getbool("ROBOTSTXT_OBEY") and impolite.getfloat("DOWNLOAD_DELAY") == 0


def _guard(allow_private: bool):
    spider = SimpleNamespace(source=SimpleNamespace(allow_private=allow_private))
    return PrivateAddressGuard(SimpleNamespace(spider=spider))


@pytest.mark.parametrize("url", ["http://127.0.0.1:8800/a", "http://localhost/x", "http://10.1.2.3/",
                                 "http://192.168.0.1/admin", "http://[::1]/", "http://169.254.169.254/latest/"])
def test_private_and_loopback_addresses_are_refused(url):
    with pytest.raises(PrivateAddressBlocked):
        _guard(False).process_request(Request(url))
    assert _guard(True).process_request(Request(url)) is None


def test_public_addresses_pass():
    assert _guard(False).process_request(Request("http://8.8.8.8/")) is None  # an address literal: no lookup


@pytest.mark.parametrize("url", ["http://127.0.0.1.:8800/a", "http://LOCALHOST./x", "http://2130706433/",
                                 "http://no-such-host.invalid/", "http://[::ffff:127.0.0.1]/"])
def test_trailing_dots_other_spellings_and_unresolvable_names_are_refused(url):
    with pytest.raises(PrivateAddressBlocked):
        _guard(False).process_request(Request(url))


def test_a_checked_name_is_pinned_to_the_checked_address(monkeypatch):
    from scrapy.resolver import dnscache

    answers = iter([[(2, 1, 6, "", ("93.184.216.34", 0))], [(2, 1, 6, "", ("127.0.0.1", 0))]])
    monkeypatch.setattr("socket.getaddrinfo", lambda *a, **k: next(answers))
    monkeypatch.setattr(dnscache, "limit", 100)
    dnscache.pop("rebind.example", None)
    guard = _guard(False)
    assert guard.process_request(Request("http://rebind.example/a")) is None
    # The downloader's resolver now answers with the address the guard checked, not a new lookup.
    assert dnscache["rebind.example"] == "93.184.216.34"
    assert guard.process_request(Request("http://rebind.example/b")) is None
    dnscache.pop("rebind.example", None)
