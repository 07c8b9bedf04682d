"""Documents tokenized on several processes are the ones built in the drainer itself."""

from __future__ import annotations

import pytest

from store import outbox
from store.index_documents import TokenizerPool, load_documents, tokenize_texts
from store.search_index import alias_name

pytestmark = pytest.mark.es


def test_a_tokenizer_pool_gives_the_same_tokens_in_order():
    texts = ["城区一超市出售过期食品被立案查处", "", "陆丰市一诊所无证行医致患者受伤", "iPhone 维修店", "火"] * 7
    with TokenizerPool(2) as pool:
        assert pool(texts) == tokenize_texts(texts)
        assert pool([]) == []


def test_drain_on_two_processes_indexes_the_same_documents(es, db, samples):
    config = es.fresh_index()
    ids = samples.add_articles(db)
    result = outbox.drain(db, es.client, config, batch_size=2, workers=2, processes=2)
    assert result.indexed == len(ids) and result.rows_failed == 0
    alias = alias_name(config, "article")
    es.client.indices.refresh(index=alias)
    with db.session() as s:
        expected = load_documents(s, "article", ids)
    for i in ids:  # the *_jieba fields are indexed, not kept in _source
        stored = es.client.get(index=alias, id=str(i))["_source"]
        assert stored == {k: v for k, v in expected[i].items() if not k.endswith("_jieba")}
        found = es.client.search(index=alias, query={"bool": {"filter": [
            {"term": {"_id": str(i)}},
            {"match": {"body_jieba": {"query": expected[i]["body_jieba"], "operator": "and"}}},
            {"match": {"title_jieba": {"query": expected[i]["title_jieba"], "operator": "and"}}}]}})
        assert found["hits"]["total"]["value"] == 1
