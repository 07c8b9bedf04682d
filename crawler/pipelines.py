"""Item pipelines: bound the text, then commit each article (with its outbox row) before it counts."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from crawler.extract.article import MAX_BODY, MAX_TITLE


class BoundFieldsPipeline:
    """Drops items without title or body and trims every field to what the store holds."""

    def process_item(self, item, spider=None):
        if not item.get("title") or not item.get("body"):
            raise DropItem("article without title or body")
        item["title"] = item["title"][:MAX_TITLE]
        item["body"] = item["body"][:MAX_BODY]
        if item.get("author"):
            item["author"] = item["author"][:200]
        return item


class StorePipeline:
    """Writes each article in its own transaction, so an item reported scraped is already durable;
    an exact duplicate (same content hash) becomes a DuplicateSighting instead of a second row."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        spider = self.crawler.spider
        try:
            outcome, article_id = spider.store.save_article(item, spider.source_id)
        except Exception:
            # Counted for the run's record; Scrapy logs the traceback. The URL stays unknown to the
            # store, so the next crawl fetches it again: nothing is lost silently.
            self.crawler.stats.inc_value("tw/errors/store")
            raise
        item["outcome"], item["article_id"] = outcome, article_id
        stats = self.crawler.stats
        stats.inc_value({"new": "tw/new_articles", "duplicate": "tw/duplicates", "known": "tw/known_stored"}[outcome])
        return item
