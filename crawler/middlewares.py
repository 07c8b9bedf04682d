"""Downloader middlewares: the private-address guard, conditional requests and Chinese decoding."""

from __future__ import annotations

import ipaddress
import socket

from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse, XmlResponse

from crawler.encoding import choose_encoding
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
    sets `allow_private: true`; stops a hostile page from steering the crawler into the LAN."""

    def __init__(self, crawler):
        self.crawler = crawler
        self._verdicts: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _host_is_private(self, host: str) -> bool:
        # "127.0.0.1." and "LOCALHOST." are the same hosts to the resolver: judge them so.
        original, host = host, host.rstrip(".").lower()
        if host not in self._verdicts:
            try:
                self._verdicts[host] = _is_private(host.strip("[]"))
            except ValueError:  # a name, not an address: resolve it once
                try:
                    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
                    addresses = [info[4][0].split("%")[0] for info in infos]
                    self._verdicts[host] = not addresses or any(_is_private(a) for a in addresses)
                    if not self._verdicts[host]:
                        _pin_address(original, addresses)
                except (socket.gaierror, UnicodeError, OSError):
                    # Unresolvable here says nothing about what a proxy or a later lookup finds:
                    # refuse rather than let the request through unchecked.
                    self._verdicts[host] = True
        return self._verdicts[host]

    def process_request(self, request, spider=None):
        source = getattr(self.crawler.spider, "source", None)
        if source is not None and source.allow_private:
            return None
        host = url_host(request.url)
        if host and self._host_is_private(host):
            raise PrivateAddressBlocked(f"private, loopback or unresolvable address refused: {host}")
        return None


class ConditionalRequestMiddleware:
    """Adds If-None-Match / If-Modified-Since to list pages and feeds (meta `tw_conditional`) and
    collects the validators of their responses; the spider saves them once the run finished cleanly."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        spider = self.crawler.spider
        if not request.meta.get("tw_conditional") or "If-None-Match" in request.headers \
                or "If-Modified-Since" in request.headers:
            return None
        store = getattr(spider, "store", None)
        if store is None:
            return None
        etag, modified = store.validators(request.url)
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
