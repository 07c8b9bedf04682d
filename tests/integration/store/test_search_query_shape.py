"""The lean search request finds exactly what the full one did; facets come with page 1 only."""

from __future__ import annotations

import datetime as dt

import pytest

from store import outbox
from store.index_documents import query_tokens
from store.index_search import (FACETS, SearchFilters, needs_chars, query_terms, search_articles, search_body,
                                variants)
from store.search_index import alias_name

pytestmark = pytest.mark.es
UTC = dt.timezone.utc

# Written for these tests: the same words contiguous, split by a space or punctuation, scattered, in Latin.
EXTRA = [
    dict(title="过期 食品流入农贸市场", body="城区农贸市场发现过 期食品，监管部门已封存。"),
    dict(title="超市过了期的食品仍在卖", body="有顾客反映，超市把过了期的食品重新贴标签。"),
    dict(title="iPhone手机维修店被投诉", body="一家维修店以次充好，更换非原装iPhone屏幕，涉嫌欺诈。"),
    dict(title="陆丰市一仓库起火", body="陆丰市一仓库昨夜起火，消防员及时扑灭，无人员伤亡。火势一度较大。"),
    dict(title="化工、厂区安全检查", body="海丰县对化工，厂区开展安全生产大检查，排查隐患32处。"),
]
QUERIES = ["过期", "过期食品", "食品过期", "超市 立案", "无证行医", "化工厂", "两人 受伤", "青梅文化节",
           "爆炸", "仓库起火", "安全检查", "iphone", "iPhone 屏幕", "火", "店", "32", "维修店 iphone"]


@pytest.fixture
def indexed(es, db, samples):
    config = es.fresh_index()
    extra = [dict(samples.SAMPLES[i % 4], **e, published=dt.datetime(2025, 5, 1 + i, tzinfo=UTC))
             for i, e in enumerate(EXTRA)]
    samples.add_articles(db, samples.SAMPLES + extra)
    assert outbox.drain(db, es.client, config).rows_failed == 0
    es.client.indices.refresh(index=alias_name(config, "article"))
    return config


def _full_query(query: str) -> dict:
    """Every term through every field, `.chars` included: what search asked before it was trimmed."""
    must = []
    for term in query_terms(query):
        should = []
        for v in variants(term):
            for f in ("title", "body"):
                should += [{"match_phrase": {f: v}}, {"match_phrase": {f"{f}.chars": v}}]
                if query_tokens(v):
                    should.append({"match": {f"{f}_jieba": {"query": query_tokens(v), "operator": "and"}}})
        must.append({"bool": {"should": should, "minimum_should_match": 1}})
    return {"bool": {"must": must}}


def test_which_terms_need_the_character_field():
    assert not needs_chars("过期") and not needs_chars("过期食品")
    assert needs_chars("火") and needs_chars("iphone") and needs_chars("32") and needs_chars("3C认证")


@pytest.mark.parametrize("query", QUERIES)
def test_the_lean_query_finds_what_the_full_one_found(es, indexed, query):
    config = indexed
    full = es.client.search(index=alias_name(config, "article"), query=_full_query(query), size=100)
    expected = {int(h["_id"]) for h in full["hits"]["hits"]}
    result = search_articles(es.client, config, query, size=100)
    assert {h.id for h in result.hits} == expected
    assert result.total == len(expected)


def test_multi_character_terms_skip_the_character_field():
    body = search_body("过期食品 化工厂", SearchFilters(), 1, 20)
    assert ".chars" not in str(body["query"]) and "body.chars" not in body["highlight"]["fields"]
    one = search_body("火", SearchFilters(), 1, 20)
    assert "body.chars" in str(one["query"]) and "body.chars" in one["highlight"]["fields"]


def test_one_character_and_latin_terms_are_still_found_and_highlighted(es, indexed):
    config = indexed
    fire = search_articles(es.client, config, "火")
    assert {h.title for h in fire.hits} == {"陆丰市一仓库起火"}
    assert "<em>火</em>" in fire.hits[0].title_html and "<em>火</em>" in fire.hits[0].snippet_html
    phone = search_articles(es.client, config, "iphone")
    assert [h.title for h in phone.hits] == ["iPhone手机维修店被投诉"]
    assert "<em>iPhone</em>" in phone.hits[0].title_html


def test_contiguous_words_are_found_across_a_space_but_not_scattered(es, indexed):
    titles = {h.title for h in search_articles(es.client, indexed, "过期食品").hits}
    assert "过期 食品流入农贸市场" in titles and "城区一超市出售过期食品被立案查处" in titles
    assert "超市过了期的食品仍在卖" not in titles


def test_facets_on_page_one_only(es, indexed):
    config = indexed
    first = search_articles(es.client, config, "", page=1, size=3)
    second = search_articles(es.client, config, "", page=2, size=3)
    assert set(first.facets) == set(FACETS) and sum(n for _, n in first.facets["label"]) == first.total == 9
    assert second.facets == {} and len(second.hits) == 3 and second.total == 9
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
