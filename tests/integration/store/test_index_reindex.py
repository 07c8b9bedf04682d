"""`reindex` builds a new index version from the store and swaps the alias with no gap in search."""

from __future__ import annotations

import threading

import pytest

from store import outbox
from store.index_reindex import reindex
from store.index_search import search_articles
from store.models import Article
from store.search_index import alias_name, indices_behind

pytestmark = pytest.mark.es


def test_reindex_swaps_alias_while_searches_keep_answering(es, db, samples):
    config = es.fresh_index()
    for n in range(25):  # 100 articles, so the copy takes a moment
        samples.add_articles(db, url_prefix=f"https://news.example.cn/{n}/")
    outbox.drain(db, es.client, config)
    alias = alias_name(config, "article")
    es.client.indices.refresh(index=alias)
    assert search_articles(es.client, config, "过期食品").total == 25

    answers, failures, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(search_articles(es.client, config, "过期食品").total)
            except Exception as exc:  # any error is a gap in search
                failures.append(repr(exc))

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        first = reindex(db, es.client, config, "articles", chunk_size=20)
        second = reindex(db, es.client, config, "articles", chunk_size=20)
    finally:
        stop.set()
        searcher.join(30)
    assert failures == []
    assert len(answers) > 5 and set(answers) == {25}  # never empty, never partial
    assert (first.new_index, first.old_indices) == (f"{alias}-v2", [f"{alias}-v1"])
    assert (second.new_index, second.documents) == (f"{alias}-v3", 100)
    assert indices_behind(es.client, alias) == [f"{alias}-v3"]
    assert not es.client.indices.exists(index=f"{alias}-v1")
    assert not es.client.indices.exists(index=f"{alias}-v2")
    assert es.client.count(index=alias)["count"] == 100


def test_reindex_picks_up_store_changes_and_requeues_recent_rows(es, db, samples):
    config = es.fresh_index()
    ids = samples.add_articles(db)
    outbox.drain(db, es.client, config)
    with db.session() as s:  # a change whose outbox row is lost (e.g. written by an old version)
        s.get(Article, ids[1]).title = "陆丰市诊所非法行医案宣判"
    result = reindex(db, es.client, config, "article")
    assert result.documents == 4
    es.client.indices.refresh(index=alias_name(config, "article"))
    assert search_articles(es.client, config, "非法行医").total == 1
    # Rows drained since the reindex began are sent again to the new version, harmlessly.
    assert outbox.depth(db).pending == result.requeued


def test_reindex_of_events(es, db, samples):
    config = es.fresh_index()
    samples.add_event(db)
    result = reindex(db, es.client, config, "events")
    assert result.new_index == f"{alias_name(config, 'event')}-v1" and result.documents == 1
