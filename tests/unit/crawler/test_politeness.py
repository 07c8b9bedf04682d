"""Politeness and safety settings, and the private-address guard."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy import Request
from twisted.internet.defer import Deferred, maybeDeferred

from crawler.middlewares import PrivateAddressBlocked, PrivateAddressGuard
from crawler.process import build_scrapy_settings
from trustwatch.crawl_config import crawler_config
from trustwatch.settings import load_settings


def test_polite_defaults_follow_trustwatch_settings(tmp_path):
    settings = build_scrapy_settings(crawler_config(load_settings(
        contact_email="ops@shanwei.example", db_url="sqlite://", crawl_max_page_bytes=1_000_000,
        crawl_page_timeout=12)))
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2 and settings.getfloat("DOWNLOAD_DELAY") > 0
    assert "mailto:ops@shanwei.example" in settings.get("USER_AGENT")
    assert settings.getint("DOWNLOAD_MAXSIZE") == 1_000_000 and settings.getfloat("DOWNLOAD_TIMEOUT") == 12
    assert settings.getint("DEPTH_LIMIT") > 0 and not settings.getbool("REMOTE_CONTROL_ENABLED")
    assert settings.get("TW_VARIABLES") == {"demo_base_url": "http://127.0.0.1:8800", "demo_host": "127.0.0.1"}
    impolite = build_scrapy_settings(crawler_config(load_settings(db_url="sqlite://")), polite=False)
    assert not impolite.getbool("ROBOTSTXT_OBEY") and impolite.getfloat("DOWNLOAD_DELAY") == 0


class Lookups:
    """Stands in for Twisted's thread pool: runs each lookup at once and records it. (The real pool
    needs a running reactor; what is tested here is that names go through it, once per host.)"""

    def __init__(self):
        self.hosts = []

    def __call__(self, fn, host):
        self.hosts.append(host)
        return maybeDeferred(fn, host)


def _guard(allow_private: bool, lookups=None):
    from twisted.internet import reactor  # noqa: F401 - Scrapy's Deferred helpers need one installed

    spider = SimpleNamespace(source=SimpleNamespace(allow_private=allow_private))
    return PrivateAddressGuard(SimpleNamespace(spider=spider), defer_to_thread=lookups or Lookups())


def _check(guard, url):
    """What the guard does with a request to `url`: None (let through) or raise PrivateAddressBlocked."""
    outcome = guard.process_request(Request(url))
    if outcome is None:
        return None
    results = []
    Deferred.fromCoroutine(outcome).addBoth(results.append)
    (result,) = results
    if hasattr(result, "raiseException"):
        result.raiseException()
    return result


@pytest.mark.parametrize("url", ["http://127.0.0.1:8800/a", "http://localhost/x", "http://10.1.2.3/",
                                 "http://192.168.0.1/admin", "http://[::1]/", "http://169.254.169.254/latest/"])
def test_private_and_loopback_addresses_are_refused(url):
    with pytest.raises(PrivateAddressBlocked):
        _check(_guard(False), url)
    assert _check(_guard(True), url) is None


def test_public_addresses_pass():
    assert _check(_guard(False), "http://8.8.8.8/") is None  # an address literal: no lookup


@pytest.mark.parametrize("url", ["http://127.0.0.1.:8800/a", "http://LOCALHOST./x", "http://2130706433/",
                                 "http://no-such-host.invalid/", "http://[::ffff:127.0.0.1]/"])
def test_trailing_dots_other_spellings_and_unresolvable_names_are_refused(url):
    with pytest.raises(PrivateAddressBlocked):
        _check(_guard(False), url)


def test_a_checked_name_is_pinned_to_the_checked_address(monkeypatch):
    from scrapy.resolver import dnscache

    answers = iter([[(2, 1, 6, "", ("93.184.216.34", 0))], [(2, 1, 6, "", ("127.0.0.1", 0))]])
    monkeypatch.setattr("socket.getaddrinfo", lambda *a, **k: next(answers))
    monkeypatch.setattr(dnscache, "limit", 100)
    dnscache.pop("rebind.example", None)
    guard = _guard(False)
    assert _check(guard, "http://rebind.example/a") is None
    # The downloader's resolver now answers with the address the guard checked, not a new lookup.
    assert dnscache["rebind.example"] == "93.184.216.34"
    assert _check(guard, "http://rebind.example/b") is None
    dnscache.pop("rebind.example", None)


def test_names_are_resolved_off_the_reactor_once_per_host_and_literals_not_at_all(monkeypatch):
    monkeypatch.setattr("socket.getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("93.184.216.34", 0))])
    lookups = Lookups()
    guard = _guard(False, lookups)
    for url in ("http://news.example/a", "http://NEWS.example./b", "http://news.example/c", "http://8.8.8.8/"):
        assert _check(guard, url) is None
    assert lookups.hosts == ["news.example"]


class HeldLookups:
    """A thread pool whose lookups finish only when the test says so."""

    def __init__(self):
        self.started = []

    def __call__(self, fn, host):
        held = Deferred()
        self.started.append((fn, host, held))
        return held

    def finish(self):
        for fn, host, held in self.started:
            held.callback(fn(host))


def test_requests_waiting_for_one_lookup_share_its_verdict(monkeypatch):
    monkeypatch.setattr("socket.getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("10.0.0.7", 0))])
    lookups = HeldLookups()
    guard = _guard(False, lookups)
    results = []
    for i in range(2):
        Deferred.fromCoroutine(guard.process_request(Request(f"http://intranet.example/{i}"))).addBoth(results.append)
    assert results == [] and len(lookups.started) == 1  # one lookup, both requests waiting for it
    lookups.finish()
    assert [r.type for r in results] == [PrivateAddressBlocked, PrivateAddressBlocked]
    with pytest.raises(PrivateAddressBlocked):  # and the verdict is kept: no second lookup
        guard.process_request(Request("http://intranet.example/2"))
    assert len(lookups.started) == 1
