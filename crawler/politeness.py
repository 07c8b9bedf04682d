"""Politeness shared by every crawler worker: one token bucket per site, held in Redis.

Each worker's AutoThrottle and download delay only see that worker's own requests, so N workers
would give a site N times the load. Before a request leaves any worker it reserves the next free
slot of its site's bucket (GCRA, one atomic Lua call on the server's clock) and waits for it: a site
receives at most `burst` requests at once and `rate` per second after that, however many workers run.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.frontier import PREFIX, connect
from crawler.urls import url_host

# KEYS: bucket; ARGV: interval_ms, burst -> ms to wait before sending (the slot is reserved)
_RESERVE = """
local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1]); local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local wait = tat - now - (burst - 1) * interval
if wait < 0 then wait = 0 end
redis.call('SET', KEYS[1], string.format('%.3f', tat + interval), 'PX', math.ceil(tat + interval - now + burst * interval))
return math.ceil(wait)
"""


def bucket_key(host: str) -> str:
    """The Redis key of a site's bucket."""
    return f"{PREFIX}:rate:{host}"


class SiteTokenBucket:
    """Downloader middleware: waits for the request's site to have a free slot (TW_DOMAIN_RATE per
    second over all workers, TW_DOMAIN_BURST at once). Off without TW_REDIS_URL."""

    def __init__(self, crawler, client, rate: float, burst: int):
        if rate <= 0 or burst < 1:
            raise NotConfigured("TW_DOMAIN_RATE must be > 0 and TW_DOMAIN_BURST >= 1")
        self.crawler = crawler
        self.interval_ms = 1000.0 / rate
        self.burst = burst
        self._reserve = client.register_script(_RESERVE)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        url = settings.get("TW_REDIS_URL")
        if not url:
            raise NotConfigured("no shared frontier")
        return cls(crawler, connect(url), settings.getfloat("TW_DOMAIN_RATE", 2.0),
                   settings.getint("TW_DOMAIN_BURST", 4))

    def reserve(self, host: str) -> float:
        """Seconds to wait before a request to `host` may go (its slot is taken now)."""
        return self._reserve(keys=[bucket_key(host)], args=[self.interval_ms, self.burst]) / 1000.0

    async def process_request(self, request, spider=None):
        host = url_host(request.url)
        if not host:
            return None
        wait = self.reserve(host)
        stats = self.crawler.stats
        stats.inc_value("tw/politeness/requests")
        if wait > 0:
            stats.inc_value("tw/politeness/waited")
            stats.inc_value("tw/politeness/wait_ms", int(wait * 1000))
            from twisted.internet import reactor, task  # the reactor Scrapy installed, not a default one

            await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))
        return None
