"""Self-monitoring: one CrawlRun row per source per run, progress lines, and health flags."""

from __future__ import annotations

import sys
import time

from scrapy import signals
from twisted.internet import task

from crawler.pipelines import store_pipeline
from store.models import utcnow
from vocabulary import CrawlFlag, CrawlRunState

QUIET = CrawlFlag.QUIET.value  # no articles where earlier runs found some
LAYOUT_CHANGED = CrawlFlag.LAYOUT_CHANGED.value  # list pages load but the article selector matches nothing
UNREACHABLE = CrawlFlag.UNREACHABLE.value  # no list page, feed or sitemap could be fetched


def _errors(stats: dict) -> dict[str, int]:
    prefix = "tw/errors/"
    return {k[len(prefix):]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}


def run_counters(stats: dict) -> dict:
    """The CrawlRun counters from the crawl stats."""
    return {
        "pages": int(stats.get("response_received_count", 0)),
        "articles": int(stats.get("tw/article_links", 0)),
        "new_articles": int(stats.get("tw/new_articles", 0)),
        "duplicates": int(stats.get("tw/duplicates", 0)),
        "errors": _errors(stats),
    }


def health_flags(stats: dict, had_articles_before: bool) -> list[str]:
    """Flags for a finished run: quiet, layout-changed, unreachable."""
    flags = []
    listing_ok = int(stats.get("tw/listing_pages", 0)) + int(stats.get("tw/not_modified", 0))
    if listing_ok == 0 and int(stats.get("tw/listing_errors", 0)) > 0:
        flags.append(UNREACHABLE)
    if int(stats.get("tw/selectors_empty", 0)) > 0 and int(stats.get("tw/article_links", 0)) == 0:
        flags.append(LAYOUT_CHANGED)
    if (int(stats.get("tw/article_links", 0)) == 0 and not int(stats.get("tw/not_modified", 0))
            and had_articles_before):
        flags.append(QUIET)
    return flags


class CrawlRunMonitor:
    """Opens a CrawlRun when the spider opens, refreshes it every few seconds (with a progress line
    on stderr when TW_PROGRESS is set) and closes it with counters, duration, flags and last success.
    Writes nothing when the crawl stores nothing (no StorePipeline); the shared frontier's workers
    turn it off and keep each cycle's run themselves (crawler/worker.py)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.interval = crawler.settings.getfloat("TW_PROGRESS_INTERVAL", 5.0)
        self.progress = crawler.settings.getbool("TW_PROGRESS", False)
        self.pipeline = None
        self.run_id = None
        self.started = None
        self.cpu_started = None
        self.loop = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        self.started, self.cpu_started = time.monotonic(), time.process_time()
        self.pipeline = store_pipeline(self.crawler)
        if self.pipeline is None:
            return
        self.run_id = self.pipeline.store.start_run(self.pipeline.source_id)
        spider.run_id = self.run_id
        self.crawler.stats.set_value("tw/run_id", self.run_id)  # the summary reads this run, not the latest
        self.loop = task.LoopingCall(self.tick, spider)
        self.loop.start(self.interval, now=False)

    def tick(self, spider):
        stats = self.crawler.stats.get_stats()
        counters = run_counters(stats)
        self.pipeline.store.update_run(self.run_id, **counters)
        if self.progress:
            errors = sum(counters["errors"].values())
            print(f"[{spider.name}] 页面 {counters['pages']} · 文章 {counters['articles']} "
                  f"(新 {counters['new_articles']}) · 重复 {counters['duplicates']} · 错误 {errors}",
                  file=sys.stderr, flush=True)

    def spider_closed(self, spider, reason):
        if self.started is not None:
            self.crawler.stats.set_value("tw/duration_s", round(time.monotonic() - self.started, 3))
            # This process's CPU while the spider was open (all of it, when one source is crawled).
            self.crawler.stats.set_value("tw/cpu_s", round(time.process_time() - self.cpu_started, 3))
        if self.run_id is None:
            return
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.tick(spider)  # a last progress line
        stats = self.crawler.stats.get_stats()
        counters = run_counters(stats)
        store, source_id = self.pipeline.store, self.pipeline.source_id
        finished = reason == "finished"
        flags = health_flags(stats, store.had_articles_before(source_id, self.run_id)) if finished else []
        store.update_run(self.run_id, status=CrawlRunState.FINISHED if finished else CrawlRunState.FAILED,
                         finished_at=utcnow(), flags=flags, **counters)
        if finished and UNREACHABLE not in flags:
            store.mark_success(source_id)
