"""The store side of crawling: new, known and duplicate articles, aliases, outbox rows, run health."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from crawler.monitor import health_flags, run_counters
from crawler.storage import CrawlStore
from crawler.sources.schema import SourceConfig
from store.models import Article, DuplicateSighting, IndexOutbox, Source


def _item(url, body="正文第一段。\n正文第二段。", aliases=()):
    from crawler.extract.article import content_hash

    return {"url": url, "aliases": list(aliases), "title": "标题", "body": body, "author": None,
            "published_at": dt.datetime(2025, 4, 7, 2, 30, tzinfo=dt.timezone.utc), "district": "城区",
            "content_hash": content_hash("标题", body), "fetched_at": None}


def _source():
    return SourceConfig(name="s1", title="来源", kind="rss", start_urls=["https://a.example/rss"])


def test_new_known_duplicate_and_aliases(any_db):
    db = any_db
    store = CrawlStore(db)
    sid = store.upsert_source(_source())
    assert store.upsert_source(_source()) == sid
    outcome, aid = store.save_article(_item("https://a.example/1", aliases=["https://a.example/old/1"]), sid)
    assert outcome == "new"
    assert store.save_article(_item("https://a.example/1"), sid) == ("known", aid)
    assert store.save_article(_item("https://b.example/copy"), sid) == ("duplicate", aid)
    assert store.save_article(_item("https://b.example/copy"), sid) == ("known", aid)
    assert store.known_urls(["https://a.example/1", "https://a.example/old/1", "https://b.example/copy",
                             "https://a.example/2"]) == {"https://a.example/1", "https://a.example/old/1",
                                                         "https://b.example/copy"}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 1
        assert s.scalar(select(func.count()).select_from(DuplicateSighting)) == 2
        assert list(s.scalars(select(IndexOutbox.doc_id))) == [aid]
        assert s.scalar(select(Source.name)) == "s1"


def test_validators_and_runs(any_db):
    db = any_db
    store = CrawlStore(db)
    sid = store.upsert_source(_source())
    store.save_validators({"https://a.example/rss": ('"abc"', "Mon, 07 Apr 2025 02:30:00 GMT")})
    assert store.validators("https://a.example/rss") == ('"abc"', "Mon, 07 Apr 2025 02:30:00 GMT")
    first = store.start_run(sid)
    import datetime as dt

    from crawler.storage import STALE_RUN
    from store.models import utcnow

    assert store.start_run(sid)  # a second live crawl leaves the first one's run alone ...
    # ... but one that wrote no progress for longer than STALE_RUN was left running by a killed process
    second = store.start_run(sid, now=utcnow() + STALE_RUN + dt.timedelta(minutes=1))
    store.update_run(second, status="finished", articles=3)
    from store.models import CrawlRun

    with db.session() as s:
        assert s.get(CrawlRun, first).status == "interrupted"
    assert store.had_articles_before(sid, run_id=999)


def test_health_flags():
    assert health_flags({"tw/listing_pages": 1, "tw/article_links": 5}, True) == []
    assert health_flags({"tw/listing_pages": 1, "tw/selectors_empty": 1}, True) == ["layout-changed", "quiet"]
    assert health_flags({"tw/listing_pages": 1, "tw/selectors_empty": 1}, False) == ["layout-changed"]
    assert health_flags({"tw/not_modified": 1}, True) == []  # a 304 is not silence
    assert health_flags({"tw/listing_errors": 1, "tw/errors/timeout": 1}, True) == ["unreachable", "quiet"]
    counters = run_counters({"response_received_count": 7, "tw/errors/http_5xx": 2, "tw/new_articles": 3})
    assert counters["errors"] == {"http_5xx": 2} and counters["pages"] == 7 and counters["new_articles"] == 3
