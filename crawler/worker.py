"""Crawler workers on the shared frontier, and crawls that seed a cycle and wait for them.

`trustwatch crawler-worker` runs `run_worker`: one long-lived Scrapy crawler per enabled source, all
on the Redis queue of crawler/frontier.py. `trustwatch crawl` (and the scheduler's crawl job, which
runs it) calls `crawl_on_frontier` instead of crawling itself when TRUSTWATCH_REDIS_URL is set.
"""

from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from crawler.frontier import ACTIVE, CYCLE_META, DONE, Frontier, frontier_scrapy_settings, worker_id
from crawler.monitor import UNREACHABLE, health_flags, run_counters
from crawler.storage import process_id
from store.models import utcnow
from vocabulary import CrawlRunState

log = logging.getLogger(__name__)
TICK_S = 1.0  # busy stamps, counters and the end-of-cycle check, per worker and source
POLL_S = 0.2  # while a cycle is open, a worker with free slots looks for requests this often
# Crawl stats that belong to a cycle (summed over workers): what run_counters and health_flags read.
_CYCLE_STATS = ("response_received_count", "downloader/request_count", "item_scraped_count")
_LOCAL_STATS = ("tw/run_id", "tw/duration_s")


class FrontierUnavailable(RuntimeError):
    """No crawler worker is running, or the frontier's Redis cannot be reached."""


class FrontierSpiderMixin:
    """A source's spider as a worker runs it: start() yields nothing when the crawler opens; the
    worker that claims a cycle's seed runs the source's own start() through `cycle_start`."""

    async def start(self):
        return
        yield  # an async generator that yields nothing

    def cycle_start(self):
        """The source's start requests (its kind's own start())."""
        return super().start()


def frontier_spider_class(cls):
    """`cls` (a source's spider class) as a frontier worker's spider."""
    return type(cls.__name__, (FrontierSpiderMixin, cls), {})


class FrontierWorker:
    """Extension of a worker's crawler: claims seeds and runs their start(), stamps the worker busy,
    adds its counters to the cycle's, closes the cycle (and its CrawlRun) once all workers are quiet,
    and keeps the spider open between cycles."""

    def __init__(self, crawler, frontier: Frontier, worker: str):
        self.crawler = crawler
        self.frontier = frontier
        self.worker = worker
        self.spider = None
        self.loop = None
        self.reported: dict[str, int] = {}  # counters already added to a cycle
        self.starting = False
        self.cycle_open = False  # a cycle of this source is active: poll the queue between ticks
        self.poll = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        url = crawler.settings.get("TW_REDIS_URL")
        if not url:
            raise NotConfigured("no shared frontier")
        return cls(crawler, Frontier.from_url(url), crawler.settings.get("TW_WORKER_ID") or worker_id())

    def spider_opened(self, spider):
        self.spider = spider
        self.loop = task.LoopingCall(self._tick_safely)
        self.loop.start(TICK_S, now=True)
        self.poll = task.LoopingCall(self._poll)
        self.poll.start(POLL_S, now=False)

    def spider_idle(self, spider):
        raise DontCloseSpider  # a worker waits for the next cycle

    def spider_closed(self, spider, reason):
        for loop in (self.loop, self.poll):
            if loop is not None and loop.running:
                loop.stop()
        try:
            self._report()
            self.frontier.forget_worker(self.worker, [spider.name])
        except Exception:  # Redis gone while stopping: nothing left to tell it
            log.warning("could not leave the frontier cleanly", exc_info=True)

    # -- every tick ---------------------------------------------------------------------------------

    def _poll(self):
        """Between ticks: while a cycle is open, let the engine pull (one pipelined pop) when this
        worker has free slots, so work another worker found reaches an idle one within POLL_S."""
        engine = self.crawler.engine
        if not self.cycle_open or engine is None or engine._slot is None:
            return
        try:
            outstanding = getattr(getattr(engine._slot.scheduler, "queue", None), "outstanding", None)
            if outstanding is None or outstanding.room() > 0:
                engine._slot.nextcall.schedule()
        except Exception:  # the next poll or tick retries; the loop must not stop
            log.exception("frontier poll failed for %s", getattr(self.spider, "name", "?"))

    def _tick_safely(self):
        try:
            self.tick()
        except Exception:  # a Redis or database hiccup must not stop the worker; the next tick retries
            log.exception("frontier tick failed for %s", getattr(self.spider, "name", "?"))

    def tick(self):
        """Heartbeat, counters, busy stamp; when idle: claim a seed or try to close the cycle."""
        spider, engine = self.spider, self.crawler.engine
        if spider is None or engine is None or engine.spider is None:
            return
        self.frontier.register_worker(self.worker)
        self._report()
        if self.starting or not engine.spider_is_idle():
            self.frontier.mark_busy(spider.name, self.worker)
            return
        cycle = self.frontier.claim_seed(spider.name, self.worker)
        if cycle is not None:
            self.cycle_open = True
            self._start_cycle(cycle)
            return
        if self.frontier.redis.zcard(f"tw:{spider.name}:requests"):
            self.cycle_open = True
            engine._slot.nextcall.schedule()  # work arrived: pull now rather than at the 5 s heartbeat
            return
        state = self.frontier.cycle(spider.name)
        self.cycle_open = state.get("state") == ACTIVE
        if self.cycle_open and self.frontier.finish_cycle(spider.name, int(state["id"])):
            self.cycle_open = False
            self._finish_run(int(state["id"]), state.get("run_id"))
        elif state.get("state") == DONE and spider.pending_validators:
            spider.store.save_validators(spider.pending_validators)  # list pages conditional next cycle
            spider.pending_validators.clear()

    def _counters(self) -> dict[str, int]:
        stats = self.crawler.stats.get_stats()
        return {k: int(v) for k, v in stats.items() if isinstance(v, int) and not isinstance(v, bool)
                and (k.startswith("tw/") or k in _CYCLE_STATS) and k not in _LOCAL_STATS}

    def _report(self):
        """Add what this worker counted since the last report to the current cycle, and refresh the
        cycle's CrawlRun with the totals (each write is the run's heartbeat)."""
        spider = self.spider
        current = self._counters()
        delta = {k: v - self.reported.get(k, 0) for k, v in current.items() if v != self.reported.get(k, 0)}
        if not delta:
            return
        state = self.frontier.cycle(spider.name)
        if not state.get("id"):
            return
        totals = self.frontier.add_stats(spider.name, int(state["id"]), delta)
        self.reported = current
        if state.get("run_id") and state.get("state") == ACTIVE:
            spider.store.update_run(int(state["run_id"]), **run_counters(totals))

    # -- a cycle's beginning and end ----------------------------------------------------------------

    def _start_cycle(self, cycle: int):
        spider = self.spider
        run_id = spider.store.start_run(spider.source_id)
        self.frontier.set_cycle_fields(spider.name, cycle, run_id=run_id)
        self.frontier.add_stats(spider.name, cycle, {"tw/run_id": run_id})  # the cycle's run, for its seeders
        spider.requested_articles.clear()  # this process's own memory of the last cycle's links
        self.starting = True
        log.info("worker %s starts cycle %s of %s (run %s)", self.worker, cycle, spider.name, run_id)
        deferred = deferred_from_coro(self._run_start(cycle))
        deferred.addErrback(lambda failure: log.error("start() of %s failed: %s", spider.name, failure.value))
        deferred.addBoth(lambda _: self._start_done(cycle))

    async def _run_start(self, cycle: int):
        engine = self.crawler.engine
        async for request in self.spider.cycle_start():
            request.meta[CYCLE_META] = cycle
            engine.crawl(request)

    def _start_done(self, cycle: int):
        self.starting = False
        self.frontier.mark_busy(self.spider.name, self.worker)
        self.frontier.set_cycle_fields(self.spider.name, cycle, start_done=1)

    def _finish_run(self, cycle: int, run_id: str | None):
        """This worker closed the cycle: write its CrawlRun as every worker counted it."""
        spider = self.spider
        log.info("cycle %s of %s finished", cycle, spider.name)
        if not run_id:
            return
        totals = self.frontier.cycle_stats(spider.name, cycle)
        store, run = spider.store, int(run_id)
        flags = health_flags(totals, store.had_articles_before(spider.source_id, run))
        store.update_run(run, status=CrawlRunState.FINISHED, finished_at=utcnow(), flags=flags, **run_counters(totals))
        if UNREACHABLE not in flags:
            store.mark_success(spider.source_id)


def run_worker(config, names: list[str] | None = None, polite: bool = True, extra: dict | None = None) -> int:
    """Run one crawler worker on the shared frontier until SIGTERM/SIGINT (blocks)."""
    from crawler.process import prepare_crawl

    if not config.redis_url:
        raise FrontierUnavailable("未设置 TRUSTWATCH_REDIS_URL：抓取工作进程需要共享的 Redis 抓取队列")
    settings, spiders = prepare_crawl(config, names, polite=polite, extra=extra)
    worker = worker_id()
    for key, value in frontier_scrapy_settings(config.redis_url, worker, polite=polite).items():
        settings.set(key, value, priority="project")
    try:
        Frontier.from_url(config.redis_url).register_worker(worker)
    except Exception as exc:
        raise FrontierUnavailable(f"无法连接共享抓取队列 {config.redis_url}：{exc}") from exc
    from store.db import Database

    _migrate(Database(settings.get("TW_DB_URL")))
    own_handler = bool(logging.root.handlers)
    if own_handler:  # the command line's handler: a second one from Scrapy would print every record
        settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # twice, DEBUG (each item) included
    process = CrawlerProcess(settings)
    if own_handler:
        for name in ("scrapy", "scrapy_redis", "twisted", "py.warnings"):
            logging.getLogger(name).setLevel(settings.get("LOG_LEVEL", "INFO"))
    for spider in spiders:
        process.crawl(process.create_crawler(frontier_spider_class(spider)))
    log.info("crawler worker %s: %d sources", worker, len(spiders))
    _stop_on_signals(process)
    process.start(install_signal_handlers=False)
    return 0


def _stop_on_signals(process: CrawlerProcess) -> None:
    """SIGTERM/SIGINT stop every crawler of the worker. Scrapy's own handler iterates the crawler set
    while stopping crawlers leave it ("Set changed size during iteration") when there are several."""
    import signal

    from twisted.internet import reactor
    from twisted.internet.defer import DeferredList

    def stop_all():
        log.info("crawler worker stopping")
        DeferredList([deferred_from_coro(c.stop_async()) for c in list(process.crawlers)])

    def on_signal(signum, frame):
        reactor.callFromThread(stop_all)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, on_signal)


def _migrate(db, attempts: int = 5) -> None:
    """Migrate the store; workers started together race on a fresh database, and the loser's second
    attempt finds the schema the winner made."""
    for attempt in range(attempts):
        try:
            db.migrate()
            return
        except Exception:
            if attempt == attempts - 1:
                raise
            time.sleep(1.0 + attempt)
    db.dispose()


def crawl_on_frontier(config, names: list[str] | None = None, timeout: float = 1800.0,
                      poll: float = 0.5) -> list:
    """Seed (or join) one cycle per source, wait until the workers finished each: RunSummary per source.
    A second crawl of a source that is being crawled joins its cycle instead of fetching it again."""
    from crawler.process import RunSummary, prepare_crawl, summarize
    from store.db import Database

    _, spiders = prepare_crawl(config, names)
    names = [spider.name for spider in spiders]
    try:
        frontier = Frontier.from_url(config.redis_url)
        workers = frontier.live_workers()
    except Exception as exc:
        raise FrontierUnavailable(f"无法连接共享抓取队列 {config.redis_url}：{exc}") from exc
    if not workers:
        raise FrontierUnavailable("没有正在运行的抓取工作进程：先启动 trustwatch crawler-worker")
    cycles = {name: frontier.seed_cycle(name, process_id())[0] for name in names}
    deadline = time.monotonic() + timeout
    pending = dict(cycles)
    while pending and time.monotonic() < deadline:
        for name, cycle in list(pending.items()):
            state = frontier.cycle(name)
            if int(state.get("id", 0)) > cycle or (int(state.get("id", 0)) == cycle and state.get("state") == DONE):
                del pending[name]
        if pending:
            time.sleep(poll)
    db = Database(config.db_url)
    summaries = []
    for name, cycle in cycles.items():
        stats = {**frontier.cycle_stats(name, cycle), "tw/cycle": cycle}
        if stats.get("tw/run_id"):
            summaries.append(summarize(db, name, stats))
        else:
            summaries.append(RunSummary(name, "not-run", 0, 0, 0, 0, stats=stats))
    db.dispose()
    return summaries
