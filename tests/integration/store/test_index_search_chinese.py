"""Chinese articles reach Elasticsearch through the outbox and are found, highlighted and faceted."""

from __future__ import annotations

import datetime as dt

import pytest

from store import outbox
from store.index_search import search_articles
from store.models import Article, IndexOutbox
from store.search_index import alias_name, indices_behind

pytestmark = pytest.mark.es


@pytest.fixture
def indexed(es, db, samples):
    """The samples stored, drained through the outbox into a fresh index, refreshed."""
    config = es.fresh_index()
    ids = samples.add_articles(db)
    result = outbox.drain(db, es.client, config)
    assert result.rows_failed == 0, result.errors
    es.client.indices.refresh(index=alias_name(config, "article"))
    return config, ids


@pytest.mark.parametrize("query, title_part, highlighted", [
    ("过期食品", "出售过期食品", "<em>过期食品</em>"),
    ("无证行医", "无证行医", "<em>无证行医</em>"),
    ("爆炸", "化工厂发生爆炸", "<em>爆炸</em>"),
])
def test_chinese_queries_find_the_article_with_highlights(es, indexed, query, title_part, highlighted):
    config, _ = indexed
    result = search_articles(es.client, config, query)
    assert result.total == 1
    hit = result.hits[0]
    assert title_part in hit.title
    assert highlighted in hit.title_html
    assert highlighted in hit.snippet_html


def test_versioned_index_behind_alias(es, indexed):
    config, ids = indexed
    alias = alias_name(config, "article")
    assert indices_behind(es.client, alias) == [f"{alias}-v1"]
    assert es.client.count(index=alias)["count"] == len(ids)


def test_outbox_rows_are_done_after_drain(es, indexed, db):
    with db.session() as s:
        rows = s.query(IndexOutbox).all()
    assert rows and all(r.done_at is not None and r.attempts == 0 for r in rows)
    assert outbox.depth(db).pending == 0


def test_facets_filters_and_dates(es, indexed):
    config, _ = indexed
    everything = search_articles(es.client, config, "")
    assert everything.total == 4
    assert dict(everything.facets["label"]) == {"food": 1, "medical": 1, "safety": 1, "none": 1}
    assert dict(everything.facets["source"]) == {"汕尾日报": 2, "陆丰新闻网": 1, "陆河发布": 1}
    assert dict(everything.facets["district"])["海丰县"] == 1
    assert "陆丰某诊所" in dict(everything.facets["enterprises"])
    # newest first without a query
    assert [h.district for h in everything.hits][:2] == ["陆河县", "海丰县"]

    assert search_articles(es.client, config, "", {"label": ["food", "safety"]}).total == 2
    assert search_articles(es.client, config, "", {"source": "汕尾日报", "district": "海丰县"}).total == 1
    assert search_articles(es.client, config, "爆炸", {"label": "food"}).total == 0
    one_day = search_articles(es.client, config, "", {"published_from": dt.date(2025, 4, 8),
                                                         "published_to": dt.date(2025, 4, 8)})
    assert [h.district for h in one_day.hits] == ["陆丰市"]
    since = search_articles(es.client, config, "", {"published_from": "2025-04-09"})
    assert since.total == 2


def test_pagination(es, indexed):
    config, _ = indexed
    first = search_articles(es.client, config, "", page=1, size=3)
    second = search_articles(es.client, config, "", page=2, size=3)
    assert first.total == second.total == 4 and first.pages == 2
    assert len(first.hits) == 3 and len(second.hits) == 1
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


def test_jieba_tokens_match_words_apart(es, indexed):
    config, _ = indexed
    # "超市 立案" as separate words; "食品过期" is not a substring but jieba tokens match the words.
    assert search_articles(es.client, config, "超市 立案").total == 1
    assert search_articles(es.client, config, "食品过期").total == 1
    assert search_articles(es.client, config, "过期 青梅").total == 0


def test_hostile_text_is_escaped(es, db, samples):
    config = es.fresh_index()
    hostile = dict(samples.SAMPLES[0], title="<script>alert(1)</script>过期食品",
                   body="<img src=x onerror=alert(1)> 过期食品 & 更多")
    samples.add_articles(db, [hostile])
    outbox.drain(db, es.client, config)
    es.client.indices.refresh(index=alias_name(config, "article"))
    hit = search_articles(es.client, config, "过期食品").hits[0]
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<img" not in hit.snippet_html and "<em>过期食品</em>" in hit.snippet_html


def test_updates_collapse_and_deletes_remove(es, db, samples):
    config = es.fresh_index()
    ids = samples.add_articles(db)
    with db.session() as s:  # three changes to one article before the drainer runs
        article = s.get(Article, ids[0])
        article.title = "城区超市过期食品案件处罚结果公布"
        outbox.enqueue(s, "article", ids[0])
        outbox.enqueue(s, "article", ids[0])
        s.delete(s.get(Article, ids[3]))
        outbox.enqueue(s, "article", ids[3], op="delete")
    result = outbox.drain(db, es.client, config)
    assert result.indexed == 4 and result.rows_done == 7  # 7 rows, 4 documents (one a delete)
    alias = alias_name(config, "article")
    es.client.indices.refresh(index=alias)
    assert es.client.count(index=alias)["count"] == 3
    assert es.client.get(index=alias, id=str(ids[0]))["_source"]["title"].endswith("处罚结果公布")
    assert es.client.get(index=alias, id=str(ids[0]))["_version"] == 1


def test_events_are_indexed(es, db, samples):
    config = es.fresh_index()
    event_id = samples.add_event(db)
    outbox.drain(db, es.client, config)
    alias = alias_name(config, "event")
    es.client.indices.refresh(index=alias)
    doc = es.client.get(index=alias, id=str(event_id))["_source"]
    assert doc["label"] == "safety" and doc["district"] == "海丰县"
    found = es.client.search(index=alias, query={"match_phrase": {"title": "爆炸事故"}})
    assert found["hits"]["total"]["value"] == 1


def test_a_row_that_cannot_be_indexed_does_not_block_the_others(es, db, samples):
    config = es.fresh_index()
    good, bad = samples.add_articles(db, samples.SAMPLES[:2])
    with db.session() as s:
        s.get(Article, bad).enterprises = 5  # corrupt data written by some old version
    result = outbox.drain(db, es.client, config)
    assert result.indexed == 1 and result.rows_failed == 1
    with db.session() as s:
        row = s.query(IndexOutbox).filter_by(doc_id=bad).one()
    assert row.done_at is None and row.attempts == 1 and "cannot build the document" in row.last_error
    es.client.indices.refresh(index=alias_name(config, "article"))
    assert search_articles(es.client, config, "过期食品").total == 1


def test_search_before_anything_is_indexed_finds_nothing(es):
    result = search_articles(es.client, es.fresh_index(), "过期食品")
    assert result.total == 0 and result.hits == [] and result.facets["label"] == []
