"""The store pipeline: batches, each item counted only after its batch committed; off without a store."""

from __future__ import annotations

import datetime as dt

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select
from twisted.internet.defer import Deferred

from crawler.extract.article import content_hash
from crawler.pipelines import StorePipeline
from crawler.sources.schema import SourceConfig
from crawler.spiders import spider_class_for
from store.models import Article, DuplicateSighting, IndexOutbox


def _item(url, body="正文第一段。\n正文第二段。", aliases=()):
    return {"url": url, "aliases": list(aliases), "title": "标题", "body": body, "author": None,
            "published_at": dt.datetime(2025, 4, 7, 2, 30, tzinfo=dt.timezone.utc), "district": "城区",
            "content_hash": content_hash("标题", body), "fetched_at": None}


def _pipeline(db, **settings):
    from twisted.internet import reactor  # noqa: F401 - Scrapy's Deferred helpers need one installed

    source = SourceConfig(name="s1", title="来源", kind="rss", start_urls=["https://a.example/rss"])
    spider_cls = spider_class_for(source)
    crawler = get_crawler(spider_cls, {"TW_DB_URL": db.url, **settings})
    crawler.spider = spider_cls.from_crawler(crawler)
    crawler.stats.open_spider()
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.source_id = pipeline.store.upsert_source(source)
    return pipeline, crawler.stats


def _start(pipeline, item):
    """Hand `item` to the pipeline; the returned list receives its outcome when it is done."""
    done = []
    Deferred.fromCoroutine(pipeline.process_item(item)).addBoth(done.append)
    return done


def _articles(db):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Article))


def test_an_item_counts_only_once_its_batch_has_committed(db):
    pipeline, stats = _pipeline(db, TW_STORE_BATCH=3)
    first, second = _start(pipeline, _item("https://a.example/1")), _start(pipeline, _item("https://a.example/2", "另一篇"))
    assert first == [] and second == [] and _articles(db) == 0 and stats.get_value("tw/new_articles") is None
    third = _start(pipeline, _item("https://a.example/3", "第三篇"))  # the batch is full: written now
    assert _articles(db) == 3 and stats.get_value("tw/new_articles") == 3
    assert [d[0]["outcome"] for d in (first, second, third)] == ["new", "new", "new"]
    fourth = _start(pipeline, _item("https://a.example/4", "第四篇"))
    assert fourth == [] and _articles(db) == 3
    pipeline.close_spider()  # the rest is written when the spider closes
    assert fourth[0]["outcome"] == "new" and _articles(db) == 4


def test_one_batch_holds_new_duplicate_known_and_alias_outcomes_in_order(db):
    pipeline, stats = _pipeline(db, TW_STORE_BATCH=100)
    results = [_start(pipeline, item) for item in (
        _item("https://a.example/1", aliases=["https://a.example/old/1"]),
        _item("https://b.example/copy"),  # the same text as the first, in the same batch
        _item("https://a.example/1"),  # the same URL again (two redirects to one page)
        _item("https://a.example/old/1", "别的正文"),  # a URL the first item's redirect already names
    )]
    pipeline.flush()
    outcomes = [(r[0]["outcome"], r[0]["article_id"]) for r in results]
    first_id = outcomes[0][1]
    assert outcomes == [("new", first_id), ("duplicate", first_id), ("known", first_id), ("known", first_id)]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 1
        assert set(s.scalars(select(DuplicateSighting.url))) == {"https://a.example/old/1", "https://b.example/copy"}
        assert list(s.scalars(select(IndexOutbox.doc_id))) == [first_id]
    assert stats.get_value("tw/new_articles") == 1 and stats.get_value("tw/duplicates") == 1
    assert stats.get_value("tw/known_stored") == 2


def test_a_row_the_store_refuses_costs_only_itself(db):
    pipeline, stats = _pipeline(db, TW_STORE_BATCH=100)
    good = _start(pipeline, _item("https://a.example/1"))
    bad = _item("https://a.example/2", "另一篇")
    bad["title"] = None  # NOT NULL in the store: the batch fails, then each item is tried alone
    refused = _start(pipeline, bad)
    pipeline.flush()
    assert good[0]["outcome"] == "new" and _articles(db) == 1
    assert refused[0].check(DropItem) and stats.get_value("tw/errors/store") == 1


def test_without_a_store_url_the_pipeline_is_off():
    with pytest.raises(NotConfigured):
        StorePipeline.from_crawler(get_crawler(settings_dict={"TW_DB_URL": None}))
