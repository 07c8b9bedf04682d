"""The shared crawl frontier on Redis: one request queue and one seen-set per source and cycle.

Without TRUSTWATCH_REDIS_URL a crawl runs alone in its process (Scrapy's own scheduler). With it,
any number of `trustwatch crawler-worker` processes, on one machine or many, crawl together:

- a **cycle** is one pass over a source. `seed_cycle` (called by `trustwatch crawl` and the
  scheduler's crawl job) opens one atomically, or joins the cycle already open, so two crawls of a
  source started together become one; it pushes the cycle id onto the source's seed list;
- one worker pops the seed, opens the CrawlRun and runs the spider's `start()`; every request any
  worker makes goes into the source's Redis queue (scrapy-redis' scheduler with `FrontierQueue`) and
  through the cycle's seen-set (`CycleDupeFilter`), so each page is fetched once per cycle;
- a worker popping a request marks itself busy in the same atomic step; the cycle is finished when
  its seed was started, the queue is empty and no worker was busy for `QUIET_MS` (`finish_cycle`).

Keys (prefix `tw:`): `{source}:requests` (sorted set), `{source}:seen:{cycle}` (set, expires),
`{source}:cycle` (hash: id, state, run_id, ...), `{source}:cycles` (counter), `{source}:seeds`
(list), `{source}:busy` (hash worker -> ms), `{source}:cycle:{id}:stats` (hash), `workers` (hash).
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
import weakref

import redis
from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

logger = logging.getLogger(__name__)
PREFIX = "tw"
QUIET_MS = 3000  # a cycle is over when no worker was busy on it for this long and its queue is empty
STALE_MS = 600_000  # an open cycle nobody touched for this long (its workers died) gives way to a new one
SEEN_TTL_S = 2 * 86400  # a cycle's seen-set outlives any cycle
WORKER_TTL_MS = 15_000  # a worker not heard from for this long is gone (for "is anyone crawling?")
CYCLE_META = "tw_cycle"
PREFETCH = 32  # requests a worker takes from the queue ahead of parsing them (TW_FRONTIER_PREFETCH)
ACTIVE, DONE = "active", "done"


def worker_id() -> str:
    """This worker as host:pid:random (unique across machines and restarts)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def connect(url: str) -> redis.Redis:
    """A client for the frontier's Redis (strings decoded, short timeouts)."""
    return redis.Redis.from_url(url, decode_responses=False, socket_timeout=10, socket_connect_timeout=5,
                                health_check_interval=30)


class SourceKeys:
    """The Redis keys of one source."""

    def __init__(self, source: str):
        base = f"{PREFIX}:{source}"
        self.queue = f"{base}:requests"
        self.cycle = f"{base}:cycle"
        self.cycles = f"{base}:cycles"
        self.seeds = f"{base}:seeds"
        self.busy = f"{base}:busy"
        self._base = base

    def seen(self, cycle) -> str:
        return f"{self._base}:seen:{cycle}"

    def stats(self, cycle) -> str:
        return f"{self._base}:cycle:{cycle}:stats"


WORKERS_KEY = f"{PREFIX}:workers"

# Server time in ms: every worker and seeder compares stamps written with one clock.
_NOW = "local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"

# KEYS: cycle, cycles, seeds, busy; ARGV: stale_ms, seeded_by -> {cycle id, 1 if opened now else 0}
_SEED = _NOW + """
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'active' then
  local last = tonumber(redis.call('HGET', KEYS[1], 'seeded_at')) or 0
  for _, v in ipairs(redis.call('HVALS', KEYS[4])) do last = math.max(last, tonumber(v)) end
  if now - last < tonumber(ARGV[1]) then
    return {tonumber(redis.call('HGET', KEYS[1], 'id')), 0}
  end
end
local id = redis.call('INCR', KEYS[2])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'id', id, 'state', 'active', 'seeded_at', now, 'seeded_by', ARGV[2])
redis.call('DEL', KEYS[3])
redis.call('RPUSH', KEYS[3], id)
return {id, 1}
"""

# KEYS: queue, busy; ARGV: worker, n -> up to n highest-priority requests with their scores
# ([request, score, ...]), popped, the worker marked busy
_POP = _NOW + """
local found = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1, 'WITHSCORES')
if #found == 0 then return found end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, #found / 2 - 1)
redis.call('HSET', KEYS[2], ARGV[1], now)
return found
"""

# KEYS: seen set, queue; ARGV: fingerprint ('' for dont_filter), score, request, ttl_s -> 1 when queued
_ENQUEUE = """
if ARGV[1] ~= '' then
  if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
  if redis.call('SCARD', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4])) end
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# KEYS: seeds, cycle, busy; ARGV: worker -> the claimed cycle id (the claimer is busy from now on)
_CLAIM = _NOW + """
local id = redis.call('LPOP', KEYS[1])
if not id then return false end
if redis.call('HGET', KEYS[2], 'id') ~= id or redis.call('HGET', KEYS[2], 'state') ~= 'active' then
  return false
end
redis.call('HSET', KEYS[2], 'claimed_by', ARGV[1], 'claimed_at', now)
redis.call('HSET', KEYS[3], ARGV[1], now)
return tonumber(id)
"""

# KEYS: cycle, seeds, queue, busy; ARGV: cycle id, quiet_ms -> 1 when this call finished the cycle
_FINISH = _NOW + """
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= 'active' then
  return 0
end
if redis.call('HGET', KEYS[1], 'start_done') ~= '1' then return 0 end
if redis.call('LLEN', KEYS[2]) > 0 or redis.call('ZCARD', KEYS[3]) > 0 then return 0 end
for _, v in ipairs(redis.call('HVALS', KEYS[4])) do
  if now - tonumber(v) < tonumber(ARGV[2]) then return 0 end
end
redis.call('HSET', KEYS[1], 'state', 'done', 'finished_at', now)
return 1
"""

# KEYS: seen set; ARGV: fingerprint, ttl_s -> 1 when the fingerprint was new
_SEEN = """
local added = redis.call('SADD', KEYS[1], ARGV[1])
if added == 1 and redis.call('SCARD', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2])) end
return added
"""


class Frontier:
    """Cycle bookkeeping on the shared Redis, for seeders (`trustwatch crawl`) and workers."""

    def __init__(self, client: redis.Redis):
        self.redis = client
        self._seed = client.register_script(_SEED)
        self._claim = client.register_script(_CLAIM)
        self._finish = client.register_script(_FINISH)

    @classmethod
    def from_url(cls, url: str) -> "Frontier":
        return cls(connect(url))

    def seed_cycle(self, source: str, seeded_by: str = "") -> tuple[int, bool]:
        """(cycle id, True) for a cycle of `source` opened now; (id, False) when one is already open."""
        k = SourceKeys(source)
        cycle, opened = self._seed(keys=[k.cycle, k.cycles, k.seeds, k.busy], args=[STALE_MS, seeded_by])
        return int(cycle), bool(opened)

    def claim_seed(self, source: str, worker: str) -> int | None:
        """The id of a seeded cycle whose start() this worker is now to run, or None."""
        k = SourceKeys(source)
        cycle = self._claim(keys=[k.seeds, k.cycle, k.busy], args=[worker])
        return int(cycle) if cycle else None

    def cycle(self, source: str) -> dict:
        """The source's current (or last) cycle: id, state, run_id, ... as strings; {} when none yet."""
        raw = self.redis.hgetall(SourceKeys(source).cycle)
        return {k.decode(): v.decode() for k, v in raw.items()}

    def set_cycle_fields(self, source: str, cycle: int, **fields) -> None:
        """Record fields (run_id, start_done) on the source's cycle if it is still cycle `cycle`."""
        k = SourceKeys(source)
        if self.redis.hget(k.cycle, "id") == str(cycle).encode():
            self.redis.hset(k.cycle, mapping={key: str(v) for key, v in fields.items()})

    def finish_cycle(self, source: str, cycle: int, quiet_ms: int = QUIET_MS) -> bool:
        """True when this call closed cycle `cycle` (it was started, its queue is empty, all quiet)."""
        k = SourceKeys(source)
        return bool(self._finish(keys=[k.cycle, k.seeds, k.queue, k.busy], args=[cycle, quiet_ms]))

    def mark_busy(self, source: str, worker: str) -> None:
        """Stamp `worker` as working on `source` now (server time)."""
        k = SourceKeys(source)
        seconds, micros = self.redis.time()
        self.redis.hset(k.busy, worker, seconds * 1000 + micros // 1000)

    def add_stats(self, source: str, cycle: int, delta: dict[str, int]) -> dict[str, int]:
        """Add a worker's counters to the cycle's totals; the totals after the addition."""
        key = SourceKeys(source).stats(cycle)
        pipe = self.redis.pipeline()
        for name, value in delta.items():
            pipe.hincrby(key, name, int(value))
        pipe.expire(key, SEEN_TTL_S)
        pipe.hgetall(key)
        return {k.decode(): int(v) for k, v in pipe.execute()[-1].items()}

    def cycle_stats(self, source: str, cycle: int) -> dict[str, int]:
        """The cycle's counters summed over every worker."""
        return {k.decode(): int(v) for k, v in self.redis.hgetall(SourceKeys(source).stats(cycle)).items()}

    def register_worker(self, worker: str) -> None:
        """Heartbeat of a worker process (seeders check that someone will crawl)."""
        seconds, micros = self.redis.time()
        self.redis.hset(WORKERS_KEY, worker, seconds * 1000 + micros // 1000)

    def forget_worker(self, worker: str, sources: list[str]) -> None:
        """A worker leaving: its heartbeat and busy stamps go."""
        pipe = self.redis.pipeline()
        pipe.hdel(WORKERS_KEY, worker)
        for source in sources:
            pipe.hdel(SourceKeys(source).busy, worker)
        pipe.execute()

    def live_workers(self) -> list[str]:
        """Workers heard from within WORKER_TTL_MS."""
        seconds, micros = self.redis.time()
        now = seconds * 1000 + micros // 1000
        return [w.decode() for w, at in self.redis.hgetall(WORKERS_KEY).items() if now - int(at) < WORKER_TTL_MS]


class Outstanding:
    """Requests a worker took from the shared queue whose response its spider has not parsed yet.

    A worker takes only `limit` at a time, so the rest of a list page's links stay in Redis for the
    other workers: a greedy worker with 128 download slots would take them all and parse them one by
    one on its busy reactor while the others wait (measured: two workers took turns, never both at
    work). An entry goes when the response's callback output is exhausted (CycleMiddleware), when the
    request is garbage (a redirect, a dropped request), or after `ttl` seconds (a lost request never
    holds a slot for good)."""

    def __init__(self, limit: int, ttl: float = 120.0):
        self.limit = limit
        self.ttl = ttl
        self._taken: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # request -> monotonic time
        self.on_free = None  # called when a slot frees (the engine pulls the next request)

    def add(self, request) -> None:
        self._taken[request] = time.monotonic()

    def done(self, request) -> None:
        if self._taken.pop(request, None) is not None and self.on_free is not None:
            self.on_free()

    def busy(self) -> bool:
        return bool(self._taken)

    def room(self) -> int:
        """How many more requests this worker may take now."""
        oldest = time.monotonic() - self.ttl
        for request, at in list(self._taken.items()):
            if at < oldest:
                self._taken.pop(request, None)
        return self.limit - len(self._taken)


def outstanding_of(crawler) -> Outstanding:
    """The crawler's Outstanding (made on first use; TW_FRONTIER_PREFETCH requests at a time)."""
    tracker = getattr(crawler, "_tw_outstanding", None)
    if tracker is None:
        tracker = Outstanding(max(1, crawler.settings.getint("TW_FRONTIER_PREFETCH", PREFETCH)))
        crawler._tw_outstanding = tracker
    return tracker


class FrontierQueue(PriorityQueue):
    """scrapy-redis' priority queue, without blocking the reactor once per request:

    - a pop also marks this worker busy on the source, atomically (between "popped" and "busy" there
      is no instant in which the cycle looks finished), and takes up to POP_BATCH requests, never more
      than the worker's free Outstanding slots;
    - pushes (seen-set test and queue in one Lua call each) are buffered and sent in one pipeline at
      the end of the reactor turn or with the next pop, whichever comes first: a list page's hundred
      links cost one round trip, not a hundred.

    Requests taken but not yet handed out go back on `requeue_taken`."""

    POP_BATCH = 16
    POP_MIN = 8

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        self.busy_key = SourceKeys(spider.name).busy
        self.worker = spider.settings.get("TW_WORKER_ID") or worker_id()
        self._pop = server.register_script(_POP)
        self._enqueue = server.register_script(_ENQUEUE)
        self._taken: list[tuple[bytes, bytes]] = []  # (request, score), the next one last
        self._pushes: list[tuple] = []  # (request, seen key, fingerprint, score, data) not sent yet
        self._flush_call = None
        self.outstanding = outstanding_of(spider.crawler) if getattr(spider, "crawler", None) else Outstanding(PREFETCH)
        self.on_duplicate = None  # called with a buffered request the seen-set refused
        self._load_scripts()  # pipelines send EVALSHA only

    def __len__(self):
        return len(self._taken) + len(self._pushes) or super().__len__()  # only "is anything left" is asked

    def push_unseen(self, request, fingerprint: str, seen_key: str) -> bool:
        """Queue `request` unless its fingerprint is in the cycle's seen-set; sent with the next
        flush (True: buffered; a duplicate is reported to `on_duplicate` then)."""
        self._pushes.append((request, seen_key, fingerprint, -request.priority, self._encode_request(request)))
        if self._flush_call is None:
            from twisted.internet import reactor  # the reactor Scrapy installed

            self._flush_call = reactor.callLater(0, self._flush_soon)
        return True

    def _flush_soon(self) -> None:
        self._flush_call = None
        try:
            self.flush()
        except Exception:  # Redis unreachable for a moment: the pushes stay buffered, retried in 1 s
            logger.warning("could not send %d requests to the frontier; retrying", len(self._pushes), exc_info=True)
            from twisted.internet import reactor

            if self._flush_call is None:
                self._flush_call = reactor.callLater(1.0, self._flush_soon)

    def _send(self, pushes: list, pop: int = 0) -> list:
        """One pipeline: the buffered pushes, then (pop > 0) a pop of up to `pop` requests; the pop's
        result. A duplicate push is reported to `on_duplicate`."""
        for attempt in (1, 2):
            pipe = self.server.pipeline(transaction=False)
            for _, seen_key, fingerprint, score, data in pushes:
                pipe.execute_command("EVALSHA", self._enqueue.sha, 2, seen_key, self.key, fingerprint, score, data,
                                     SEEN_TTL_S)
            if pop:
                pipe.execute_command("EVALSHA", self._pop.sha, 2, self.key, self.busy_key, self.worker, pop)
            try:
                results = pipe.execute()
                break
            except redis.exceptions.NoScriptError:  # the server lost its scripts (restart, SCRIPT FLUSH)
                if attempt == 2:
                    self._pushes[:0] = pushes
                    raise
                self._load_scripts()
            except Exception:
                self._pushes[:0] = pushes  # kept for the next flush: nothing found is lost
                raise
        for (request, *_), queued in zip(pushes, results):
            if not queued and self.on_duplicate is not None:
                self.on_duplicate(request)
        return results[len(pushes)] if pop else []

    def _load_scripts(self) -> None:
        self.server.script_load(_ENQUEUE)
        self.server.script_load(_POP)

    def flush(self) -> None:
        """Send the buffered pushes (one round trip)."""
        if self._flush_call is not None and self._flush_call.active():
            self._flush_call.cancel()
        self._flush_call = None
        if not self._pushes:
            return
        pushes, self._pushes = self._pushes, []
        self._send(pushes)

    def pop(self, timeout=0):
        if not self._taken:
            room = min(self.POP_BATCH, self.outstanding.room())
            if room < min(self.POP_MIN, self.outstanding.limit) and self.outstanding.busy():
                self.flush()  # a few slots free: wait for more rather than pay a round trip per request
                return None
            pushes, self._pushes = self._pushes, []  # sent first: the pop sees what this worker just found
            flat = self._send(pushes, pop=room)
            self._taken = list(reversed(list(zip(flat[0::2], flat[1::2]))))
        if not self._taken:
            return None
        request = self._decode_request(self._taken.pop()[0])
        self.outstanding.add(request)
        return request

    def requeue_taken(self) -> None:
        """Send buffered pushes, and give requests taken from Redis but not started back to the other workers."""
        self.flush()
        for data, score in self._taken:
            self.server.execute_command("ZADD", self.key, score, data)
        self._taken = []


class FrontierScheduler(Scheduler):
    """scrapy-redis' scheduler with the seen-set test and the push in one buffered Lua call, pops
    bounded by the worker's free slots, and the requests a stopping worker had taken put back."""

    def open(self, spider):
        result = super().open(spider)
        self.queue.on_duplicate = lambda request: self.df.log(request, self.spider)
        engine = getattr(spider.crawler, "engine", None)
        if engine is not None:  # a parsed response frees a slot: pull the next request now
            self.queue.outstanding.on_free = lambda: engine._slot is not None and engine._slot.nextcall.schedule()
        return result

    def enqueue_request(self, request):
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        self.queue.push_unseen(request, fingerprint, self.df.key_of(request))
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        request = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def close(self, reason):
        self.queue.requeue_taken()
        super().close(reason)


class CycleDupeFilter(RFPDupeFilter):
    """The seen-set of the request's cycle (meta `tw_cycle`): a page is fetched once per cycle, and the
    next cycle sees the source's list pages again."""

    def __init__(self, server, key, debug=False):
        super().__init__(server, key, debug)
        self._seen = server.register_script(_SEEN)

    @classmethod
    def from_spider(cls, spider):
        settings = spider.settings
        return cls(connect(settings.get("TW_REDIS_URL")), key=SourceKeys(spider.name).seen("{cycle}"),
                   debug=settings.getbool("DUPEFILTER_DEBUG"))

    def key_of(self, request) -> str:
        """The seen-set of the request's cycle."""
        return self.key.replace("{cycle}", str(request.meta.get(CYCLE_META, 0)))

    def request_seen(self, request):
        return self._seen(keys=[self.key_of(request)], args=[self.request_fingerprint(request), SEEN_TTL_S]) == 0

    def clear(self):
        """Seen-sets expire by themselves; a worker closing must not wipe the others' cycle."""

    def close(self, reason=""):
        """Nothing to release: the seen-set belongs to the cycle, not to this worker."""


class CycleMiddleware:
    """Spider middleware: requests a callback yields belong to the cycle of the response they came
    from; once a response's output is exhausted its request frees the worker's slot (Outstanding)."""

    def __init__(self, crawler=None):
        self.outstanding = outstanding_of(crawler) if crawler is not None else None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_output(self, response, result, spider=None):
        cycle = response.meta.get(CYCLE_META)
        try:
            for element in result:
                yield _tag(element, cycle)
        finally:
            self._done(response)

    async def process_spider_output_async(self, response, result, spider=None):
        cycle = response.meta.get(CYCLE_META)
        try:
            async for element in result:
                yield _tag(element, cycle)
        finally:
            self._done(response)

    def process_spider_exception(self, response, exception, spider=None):
        self._done(response)

    def _done(self, response):
        if self.outstanding is not None and response.request is not None:
            self.outstanding.done(response.request)


def _tag(element, cycle):
    if cycle is not None and isinstance(element, Request) and CYCLE_META not in element.meta:
        element.meta[CYCLE_META] = cycle
    return element


def frontier_scrapy_settings(redis_url: str, worker: str, polite: bool = True) -> dict:
    """Scrapy settings of a crawler worker on the shared frontier (merged over the crawler's own)."""
    from crawler import scrapy_settings

    downloader = dict(scrapy_settings.DOWNLOADER_MIDDLEWARES)
    if polite:  # one token bucket per site for all workers (crawler/politeness.py)
        downloader["crawler.politeness.SiteTokenBucket"] = 950
    extensions = dict(scrapy_settings.EXTENSIONS)
    extensions["crawler.monitor.CrawlRunMonitor"] = None  # runs are per cycle: crawler.worker records them
    extensions["crawler.worker.FrontierWorker"] = 500
    return {
        "TW_REDIS_URL": redis_url, "TW_WORKER_ID": worker, "REDIS_URL": redis_url,
        "SCHEDULER": "crawler.frontier.FrontierScheduler",
        "SCHEDULER_PERSIST": True,  # the queue is shared: one worker stopping must not flush it
        "SCHEDULER_QUEUE_CLASS": "crawler.frontier.FrontierQueue",
        "SCHEDULER_QUEUE_KEY": f"{PREFIX}:%(spider)s:requests",
        "DUPEFILTER_CLASS": "crawler.frontier.CycleDupeFilter",
        "SPIDER_MIDDLEWARES": {"crawler.frontier.CycleMiddleware": 50},
        "DOWNLOADER_MIDDLEWARES": downloader,
        "EXTENSIONS": extensions,
    }
