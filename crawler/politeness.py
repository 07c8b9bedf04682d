"""Politeness shared by every crawler worker: one token bucket per site, held in Redis.

Each worker's AutoThrottle and download delay only see that worker's own requests, so N workers
would give a site N times the load. Before a request leaves any worker it reserves the next free
slot of its site's bucket (GCRA, one atomic Lua call on the server's clock) and waits for it: a site
receives at most `burst` requests at once and `rate` per second after that, however many workers run.

The reactor never waits for Redis: the requests of one reactor turn reserve their slots together
(one Lua call per site reserves n consecutive slots, all sites in one pipeline) in the reactor's
thread pool, and each request then waits for its own slot with a timer.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler.frontier import PREFIX, connect
from crawler.urls import url_host

# KEYS: bucket; ARGV: interval_ms, burst, n -> for each of n consecutive slots (all reserved now),
# the ms to wait before sending
_RESERVE = """
local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1]); local burst = tonumber(ARGV[2]); local n = tonumber(ARGV[3] or '1')
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local waits = {}
for i = 1, n do
  local wait = tat - now - (burst - 1) * interval
  if wait < 0 then wait = 0 end
  waits[i] = math.ceil(wait)
  tat = tat + interval
end
redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.ceil(tat - now + burst * interval))
return waits
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
        self._client = client
        self._reserve = client.register_script(_RESERVE)
        self._waiting: dict[str, list[Deferred]] = {}  # host -> requests of this reactor turn
        self._flush = None

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
        return self.reserve_many({host: 1})[host][0]

    def reserve_many(self, counts: dict[str, int]) -> dict[str, list[float]]:
        """For each host, the seconds to wait before each of its `n` next requests may go (their
        consecutive slots are all taken now; one round trip for every host)."""
        pipe = self._client.pipeline(transaction=False)
        hosts = list(counts)
        for host in hosts:
            self._reserve(keys=[bucket_key(host)], args=[self.interval_ms, self.burst, counts[host]], client=pipe)
        return {host: [ms / 1000.0 for ms in waits] for host, waits in zip(hosts, pipe.execute())}

    async def process_request(self, request, spider=None):
        host = url_host(request.url)
        if not host:
            return None
        wait = await maybe_deferred_to_future(self._slot_for(host))
        stats = self.crawler.stats
        stats.inc_value("tw/politeness/requests")
        if wait > 0:
            stats.inc_value("tw/politeness/waited")
            stats.inc_value("tw/politeness/wait_ms", int(wait * 1000))
        return None

    # -- the reactor side: requests of one turn share one reservation ---------------------------------

    def _slot_for(self, host: str) -> Deferred:
        """A Deferred that fires (with the wait in seconds) when the request's slot at `host` comes."""
        from twisted.internet import reactor  # the reactor Scrapy installed, not a default one

        deferred = Deferred()
        self._waiting.setdefault(host, []).append(deferred)
        if self._flush is None:
            self._flush = reactor.callLater(0, self._reserve_waiting)
        return deferred

    def _reserve_waiting(self) -> None:
        from twisted.internet import reactor, threads

        self._flush = None
        waiting, self._waiting = self._waiting, {}
        counts = {host: len(deferreds) for host, deferreds in waiting.items()}

        def fire(deferred: Deferred, wait: float):
            if not deferred.called:  # a request cancelled meanwhile (the spider closing) is left alone
                deferred.callback(wait)

        def reserved(waits: dict[str, list[float]]):
            for host, deferreds in waiting.items():
                for deferred, wait in zip(deferreds, waits[host]):
                    if wait > 0:
                        reactor.callLater(wait, fire, deferred, wait)
                    else:
                        fire(deferred, 0.0)

        def failed(failure):  # Redis unreachable: the requests fail, as a download error would
            for deferreds in waiting.values():
                for deferred in deferreds:
                    if not deferred.called:
                        deferred.errback(failure)

        threads.deferToThread(self.reserve_many, counts).addCallbacks(reserved, failed)
