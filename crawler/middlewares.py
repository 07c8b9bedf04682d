"""Downloader middlewares: the private-address guard, conditional requests and Chinese decoding."""

from __future__ import annotations

import ipaddress
import socket

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.internet.defer import Deferred

from crawler.encoding import choose_encoding
from crawler.pipelines import store_pipeline
from crawler.urls import url_host


class PrivateAddressBlocked(IgnoreRequest):
    """A request to a private, loopback or link-local address from a source that does not allow it."""


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified)


def _pin_address(host: str, addresses: list[str]) -> None:
    """Make the downloader connect to the address just checked: Scrapy's resolver answers from
    `dnscache` before asking DNS again, so a name cannot turn private between check and fetch."""
    from scrapy.resolver import dnscache

    ipv4 = next((a for a in addresses if ":" not in a), None)  # the resolver looks up IPv4 only
    if ipv4 and dnscache.limit:
        dnscache[host] = ipv4


class PrivateAddressGuard:
    """Refuses requests whose host is (or resolves to) a non-public address unless the source
    sets `allow_private: true`; stops a hostile page from steering the crawler into the LAN.

    A name is resolved once per crawl, in Twisted's thread pool (never on the reactor thread); the
    requests to a host wait for its one lookup, and later ones are judged from the cached verdict."""

    def __init__(self, crawler, defer_to_thread=threads.deferToThread):
        self.crawler = crawler
        self._defer_to_thread = defer_to_thread
        self._verdicts: dict[str, bool] = {}
        self._waiting: dict[str, list[Deferred]] = {}  # host -> requests waiting for its lookup

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @staticmethod
    def _judge_name(host: str) -> tuple[bool, list[str]]:
        """(private?, addresses) of a host name, by a blocking lookup: call it off the reactor thread."""
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError, OSError):
            # Unresolvable here says nothing about what a proxy or a later lookup finds:
            # refuse rather than let the request through unchecked.
            return True, []
        addresses = [info[4][0].split("%")[0] for info in infos]
        return not addresses or any(_is_private(a) for a in addresses), addresses

    @staticmethod
    def _literal_verdict(host: str) -> bool | None:
        """The verdict on an address literal, or None for a name (which needs a lookup)."""
        try:
            return _is_private(host.strip("[]"))
        except ValueError:
            return None

    def _lookup(self, original: str, host: str) -> Deferred:
        """A Deferred firing with the verdict on the name `host`; one lookup however many requests wait."""
        waiter = Deferred()
        if host in self._waiting:
            self._waiting[host].append(waiter)
            return waiter
        self._waiting[host] = [waiter]
        lookup = self._defer_to_thread(self._judge_name, host)
        lookup.addErrback(lambda failure: (True, []))  # a failed lookup refuses, as an unresolvable name
        lookup.addCallback(self._resolved, original, host)
        return waiter

    def _resolved(self, judged: tuple[bool, list[str]], original: str, host: str) -> None:
        private, addresses = judged
        self._verdicts[host] = private
        if not private:
            _pin_address(original, addresses)
        for waiter in self._waiting.pop(host, ()):
            waiter.callback(private)

    def process_request(self, request, spider=None):
        source = getattr(self.crawler.spider, "source", None)
        if source is not None and source.allow_private:
            return None
        original = url_host(request.url)
        if not original:
            return None
        # "127.0.0.1." and "LOCALHOST." are the same hosts to the resolver: judge them so.
        host = original.rstrip(".").lower()
        verdict = self._verdicts.get(host)
        if verdict is None:
            verdict = self._literal_verdict(host)
            if verdict is None:
                return self._after_lookup(self._lookup(original, host), host)
            self._verdicts[host] = verdict
        if verdict:
            raise PrivateAddressBlocked(f"private, loopback or unresolvable address refused: {host}")
        return None

    async def _after_lookup(self, lookup: Deferred, host: str):
        if await maybe_deferred_to_future(lookup):
            raise PrivateAddressBlocked(f"private, loopback or unresolvable address refused: {host}")
        return None


class ConditionalRequestMiddleware:
    """Adds If-None-Match / If-Modified-Since to list pages and feeds (meta `tw_conditional`) from the
    store, collects the validators of their responses in `spider.pending_validators`, and saves them
    once the run finished cleanly. Off (no store) when the crawl stores nothing."""

    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        if not request.meta.get("tw_conditional") or "If-None-Match" in request.headers \
                or "If-Modified-Since" in request.headers:
            return None
        pipeline = store_pipeline(self.crawler)
        if pipeline is None:
            return None
        etag, modified = pipeline.store.validators(request.url)
        if etag:
            request.headers["If-None-Match"] = etag
        if modified:
            request.headers["If-Modified-Since"] = modified
        return None

    def process_response(self, request, response, spider=None):
        spider = self.crawler.spider
        if request.meta.get("tw_conditional") and response.status == 200:
            etag = response.headers.get("ETag")
            modified = response.headers.get("Last-Modified")
            if (etag or modified) and hasattr(spider, "pending_validators"):
                spider.pending_validators[request.url] = (
                    etag.decode("latin-1") if etag else None, modified.decode("latin-1") if modified else None)
        return response

    def spider_closed(self, spider, reason):
        # Only a clean finish may make list pages conditional: after a crash, the next run must see
        # the full listing again to find the articles it never reached.
        pending = getattr(spider, "pending_validators", None)
        pipeline = store_pipeline(self.crawler)
        if reason == "finished" and pending and pipeline is not None:
            pipeline.store.save_validators(pending)


class ChineseEncodingMiddleware:
    """Re-decodes HTML responses: GBK/GB2312 as GB18030, GB-declared UTF-8 as UTF-8, and the
    source's `encoding` override when it has one."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        spider = self.crawler.spider
        if not isinstance(response, TextResponse) or isinstance(response, XmlResponse):
            return response
        source = getattr(spider, "source", None)
        override = source.encoding if source is not None else None
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        encoding = choose_encoding(response.body, content_type, override)
        if encoding != response.encoding:
            cls = HtmlResponse if isinstance(response, HtmlResponse) else type(response)
            return response.replace(cls=cls, encoding=encoding)
        return response
