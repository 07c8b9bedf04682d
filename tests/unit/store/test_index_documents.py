"""Search documents built from store rows."""

from __future__ import annotations

import datetime as dt

from store.index_documents import (
    MAX_BODY_CHARS, article_document, event_document, jieba_tokens, query_tokens,
)
from store.models import Article, Event

UTC = dt.timezone.utc


def _article(**kw) -> Article:
    base = dict(
        id=7, url="https://news.example.cn/a/7", title="城区超市出售过期食品", body="市场监管局查处过期食品。",
        label="food", scores={"food": 0.93, "none": 0.07}, district="城区", severity="medium",
        enterprises=["汕尾市某某超市有限公司", {"name": "某食品厂", "code": "91441500MA00000000"}],
        credit_codes=["91441500MA00000000"], terms=["过期", "食品"], event_id=3, model_version="m1",
        published_at=dt.datetime(2025, 4, 7, 2, 30, tzinfo=UTC), fetched_at=dt.datetime(2025, 4, 7, 3, 0, tzinfo=UTC),
    )
    base.update(kw)
    return Article(**base)


def test_article_document_carries_every_filter_field():
    doc = article_document(_article(), "汕尾日报")
    assert doc["title"] == "城区超市出售过期食品"
    assert doc["source"] == "汕尾日报" and doc["district"] == "城区" and doc["label"] == "food"
    assert doc["score"] == 0.93 and doc["scores"]["none"] == 0.07
    assert doc["enterprises"] == ["汕尾市某某超市有限公司", "某食品厂"]
    assert doc["event_id"] == "3" and doc["severity"] == "medium" and doc["url"].endswith("/a/7")
    assert doc["@timestamp"] == "2025-04-07T02:30:00+00:00"
    assert doc["fetched_at"] == "2025-04-07T03:00:00+00:00"


def test_jieba_fields_hold_search_mode_tokens():
    doc = article_document(_article(), None)
    assert doc["title_jieba"].split() == ["城区", "超市", "出售", "过期", "食品"]
    assert "监管局" in doc["body_jieba"].split() and "。" not in doc["body_jieba"]


def test_unpublished_article_is_timed_by_fetch():
    doc = article_document(_article(published_at=None), None)
    assert doc["@timestamp"] == doc["fetched_at"]


def test_unclassified_article():
    doc = article_document(_article(label=None, scores=None, enterprises=None, event_id=None), None)
    assert doc["label"] is None and doc["score"] is None and doc["enterprises"] == []
    assert doc["event_id"] is None


def test_huge_bodies_are_bounded():
    doc = article_document(_article(body="食" * (MAX_BODY_CHARS * 3)), None)
    assert len(doc["body"]) == MAX_BODY_CHARS


def test_tokens_are_lowercased_and_query_tokens_are_among_them():
    assert jieba_tokens("ABC公司发生爆炸") == "abc 公司 发生 爆炸 发生爆炸"
    indexed = set(jieba_tokens("陆丰市一诊所无证行医").split())
    assert set(query_tokens("无证行医").split()) <= indexed


def test_event_document():
    event = Event(id=5, title="海丰县化工厂爆炸事故", label="safety", district="海丰县", severity="high",
                  enterprises=["海丰某化工有限公司"], state="new", article_count=4, source_count=2,
                  first_seen=dt.datetime(2025, 4, 9, tzinfo=UTC), last_seen=dt.datetime(2025, 4, 10, tzinfo=UTC),
                  updated_at=dt.datetime(2025, 4, 10, tzinfo=UTC))
    doc = event_document(event)
    assert doc["event_id"] == "5" and doc["article_count"] == 4 and doc["@timestamp"].startswith("2025-04-09")
    assert "爆炸" in doc["title_jieba"].split()


def _reference_tokens(text: str) -> str:
    """The *_jieba definition, one text at a time: search-mode tokens joined by spaces, runs of
    non-word characters as separators, lower-cased."""
    import re

    import rjieba

    return " ".join(re.sub(r"[^\w]+", " ", " ".join(rjieba.cut_for_search(text))).lower().split())


def test_batched_tokenizing_gives_each_texts_own_tokens():
    from store.index_documents import tokenize_texts

    texts = ["城区一超市出售过期食品被立案查处", "", "iPhone 15维修店（福田）3.5%折扣", "火",
             "ΣΑΣ公司 İstanbul 分店_北区", "分隔\x00符\x01在文中", "\r\n陆丰市\t诊所\n无证行医\r",
             "美团外卖WWF驗出孔雀石綠", "   ", "ABC公司发生爆炸"]
    assert tokenize_texts(texts) == [_reference_tokens(t) for t in texts]
    assert tokenize_texts([]) == []
    # Two texts never share a token: the first's last word and the second's first are cut apart.
    assert tokenize_texts(["食品", "安全"]) == ["食品", "安全"]


def test_texts_longer_than_one_call_are_cut_in_several(monkeypatch):
    import store.index_documents as index_documents

    texts = ["陆丰市一诊所无证行医致患者受伤", "食品安全", "海丰县化工厂爆炸事故" * 3, "", "火"]
    monkeypatch.setattr(index_documents, "_CALL_CHARS", 12)  # a call per text or two
    assert index_documents.tokenize_texts(texts) == [_reference_tokens(t) for t in texts]
