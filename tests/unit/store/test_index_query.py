"""Search requests: terms, filters, dates, paging limits, index names and the client factory."""

from __future__ import annotations

import datetime as dt

import pytest

from store.index_search import MAX_TERMS, SearchFilters, build_query, query_terms
from store.search_index import alias_name, doc_type_of, load_template, make_client, redact_url, versioned_name
from trustwatch.configs import index_config
from trustwatch.settings import load_settings


def test_query_terms_are_split_and_bounded():
    assert query_terms(" 过期食品  超市 ") == ["过期食品", "超市"]
    assert query_terms("") == []
    assert len(query_terms(" ".join(["词"] * 50))) == MAX_TERMS
    assert sum(map(len, query_terms("食" * 10_000))) <= 200


def _leaves(clause):
    """The (query type, field, query) leaves of a nested bool query."""
    if "bool" in clause:
        for sub in clause["bool"].get("should", []):
            yield from _leaves(sub)
        return
    (kind, body), = clause.items()
    (field, value), = body.items()
    yield kind, field, value.get("query") if isinstance(value, dict) else value


def test_every_term_must_match():
    q = build_query("过期食品 超市", SearchFilters())
    assert len(q["bool"]["must"]) == 2
    fields = {f for _, f, _ in _leaves(q["bool"]["must"][0])}
    assert {"title", "body", "title_jieba", "body_jieba"} <= fields
    # A run of Han characters is found by the bigram phrase; `.chars` only for one-token terms (#17).
    assert not {"title.chars", "body.chars"} & fields
    one = build_query("油 超市", SearchFilters())
    assert {"title.chars", "body.chars"} <= {f for _, f, _ in _leaves(one["bool"]["must"][0])}


def test_a_term_also_matches_its_synonyms():
    q = build_query("爆炸", SearchFilters())
    phrases = {v for kind, f, v in _leaves(q["bool"]["must"][0]) if kind == "match_phrase" and f == "body"}
    assert {"爆炸", "爆燃", "闪爆"} <= phrases


def test_no_query_matches_all():
    assert build_query("", SearchFilters())["bool"]["must"] == [{"match_all": {}}]


def test_filters_become_terms_clauses():
    q = build_query("", SearchFilters.coerce({"label": ["food", "safety"], "district": "城区", "event_id": 4}))
    assert {"terms": {"label": ["food", "safety"]}} in q["bool"]["filter"]
    assert {"terms": {"district": ["城区"]}} in q["bool"]["filter"]
    assert {"terms": {"event_id": ["4"]}} in q["bool"]["filter"]


def test_dates_cover_whole_days():
    q = build_query("", SearchFilters(published_from="2025-04-08", published_to=dt.date(2025, 4, 9)))
    (rng,) = [c["range"]["@timestamp"] for c in q["bool"]["filter"] if "range" in c]
    assert rng == {"gte": "2025-04-08", "lt": "2025-04-09||+1d/d", "time_zone": "+08:00"}  # Beijing days


def test_bad_filters_are_refused_clearly():
    with pytest.raises(ValueError, match="unknown search filter"):
        SearchFilters.coerce({"lable": "food"})
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        build_query("", SearchFilters(published_from="2025-13-45"))


def test_index_names():
    config = index_config(load_settings(es_index_prefix="trustwatch"))
    assert alias_name(config, "article") == "trustwatch-articles"
    assert versioned_name(config, "events", 3) == "trustwatch-events-v3"
    assert doc_type_of("articles") == "article"
    with pytest.raises(ValueError):
        doc_type_of("pages")


def test_templates_come_from_config_with_chinese_analysis():
    body = load_template(index_config(load_settings(es_index_prefix="city")), "article")
    assert body["index_patterns"] == ["city-articles-v*"]
    analysis = body["template"]["settings"]["analysis"]
    assert analysis["analyzer"]["tw_cjk_bigram"]["filter"] == ["lowercase", "tw_bigram"]
    props = body["template"]["mappings"]["properties"]
    for keyword in ("label", "district", "source", "enterprises", "severity", "event_id", "url"):
        assert props[keyword]["type"] == "keyword"
    assert props["@timestamp"]["type"] == "date" and props["body_jieba"]["analyzer"] == "whitespace"


def test_client_factory_keeps_secrets_out_of_sight():
    settings = load_settings(es_url="https://es.city.example:9200", es_api_key="s3cr3t-key",
                             es_verify_certs=False, es_request_timeout=7)
    with pytest.warns(Warning, match="verify_certs=False"):
        client = make_client(index_config(settings))
    assert "s3cr3t" not in repr(client) and "s3cr3t" not in repr(settings) and "s3cr3t" not in repr(index_config(settings))
    assert client.transport.node_pool.get().config.verify_certs is False
    basic = make_client(index_config(load_settings(es_url="http://127.0.0.1:9200", es_username="u", es_password="pw")))
    assert "pw" not in repr(basic)
    assert redact_url("https://user:pw@es.example:9200/") == "https://***@es.example:9200/"
    assert redact_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
