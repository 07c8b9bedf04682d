"""Item pipelines: bound the text, then store articles in batches, each durable before it counts."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task
from twisted.internet.defer import Deferred

from crawler.extract.article import MAX_BODY, MAX_TITLE
from crawler.storage import CrawlStore
from store.db import Database

log = logging.getLogger(__name__)
OUTCOME_STATS = {"new": "tw/new_articles", "duplicate": "tw/duplicates", "known": "tw/known_stored"}


class BoundFieldsPipeline:
    """Drops items without title or body and trims every field to what the store holds."""

    def process_item(self, item):
        if not item.get("title") or not item.get("body"):
            raise DropItem("article without title or body")
        item["title"] = item["title"][:MAX_TITLE]
        item["body"] = item["body"][:MAX_BODY]
        if item.get("author"):
            item["author"] = item["author"][:200]
        return item


def store_pipeline(crawler) -> "StorePipeline | None":
    """The crawl's StorePipeline (the owner of its store), or None when the crawl stores nothing."""
    return crawler.get_item_pipeline(StorePipeline)


class StorePipeline:
    """Owns the crawl's store (TW_DB_URL; off, with NotConfigured, when unset) and writes articles in
    batches: one transaction per TW_STORE_BATCH items, or whatever arrived within
    TW_STORE_FLUSH_SECONDS, and the rest when the spider closes. An item is done (scraped, counted)
    only once its batch has committed; an exact duplicate (same content hash) becomes a
    DuplicateSighting instead of a second row. The store's schema is the caller's business
    (migrated once before the crawl), unless TW_DB_MIGRATE asks this pipeline to do it."""

    def __init__(self, crawler, store: CrawlStore, batch_size: int = 100, flush_seconds: float = 1.0):
        self.crawler = crawler
        self.store = store
        self.batch_size = max(1, batch_size)
        self.flush_seconds = flush_seconds
        self.source_id: int | None = None
        self._pending: list[tuple[dict, Deferred]] = []
        self._timer: task.LoopingCall | None = None
        crawler.signals.connect(self._dispose, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        url = settings.get("TW_DB_URL")
        if not url:
            raise NotConfigured("TW_DB_URL is not set: articles are not stored")
        db = Database(url)
        if settings.getbool("TW_DB_MIGRATE"):
            db.migrate()
        return cls(crawler, CrawlStore(db), settings.getint("TW_STORE_BATCH", 100),
                   settings.getfloat("TW_STORE_FLUSH_SECONDS", 1.0))

    def open_spider(self):
        self.source_id = self.store.upsert_source(self.crawler.spider.source)
        self._timer = task.LoopingCall(self.flush)
        self._timer.start(self.flush_seconds, now=False)

    async def process_item(self, item):
        stored = Deferred()
        self._pending.append((item, stored))
        if len(self._pending) >= self.batch_size:
            self.flush()
        outcome, article_id = await maybe_deferred_to_future(stored)
        item["outcome"], item["article_id"] = outcome, article_id
        self.crawler.stats.inc_value(OUTCOME_STATS[outcome])
        return item

    def flush(self) -> None:
        """Write the pending items in one transaction, then let each of them go on."""
        batch, self._pending = self._pending, []
        if not batch:
            return
        items = [item for item, _ in batch]
        try:
            results = self.store.save_articles(items, self.source_id)
        except Exception:
            if len(batch) == 1:
                self._failed(batch)
                return
            # One bad row must not cost the others: each alone, in its own transaction.
            log.warning("a batch of %d articles failed; storing them one at a time", len(batch), exc_info=True)
            for entry in batch:
                try:
                    result = self.store.save_articles([entry[0]], self.source_id)[0]
                except Exception:
                    self._failed([entry])
                else:
                    entry[1].callback(result)
            return
        for (_, stored), result in zip(batch, results, strict=True):
            stored.callback(result)

    def _failed(self, batch) -> None:
        # Counted for the run's record and logged once; the URL stays unknown to the store, so the
        # next crawl fetches it again: nothing is lost silently.
        log.exception("storing %s failed", batch[0][0].get("url"))
        self.crawler.stats.inc_value("tw/errors/store", len(batch))
        for item, stored in batch:
            stored.errback(DropItem(f"not stored (store error): {item.get('url')}"))

    def close_spider(self):
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        self.flush()

    def _dispose(self):
        self.store.db.dispose()
