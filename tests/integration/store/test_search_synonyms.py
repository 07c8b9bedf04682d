"""Query-time synonyms (config/search_synonyms.txt) and word-level highlights of multi-word queries."""

from __future__ import annotations

import datetime as dt

import pytest

from store import outbox
from store.index_search import search_articles, variants
from store.search_index import alias_name

pytestmark = pytest.mark.es
UTC = dt.timezone.utc

# Written for these tests.
ARTICLES = [
    dict(title="马宫街道一餐馆液化气闪爆 三人受伤", label="safety", district="城区", source="汕尾日报",
         body="事发时厨房内的液化气钢瓶突然闪爆，三名员工被烧伤。", enterprises=[], severity="high",
         published=dt.datetime(2025, 5, 1, 4, 0, tzinfo=UTC)),
    dict(title="海丰县一厂房发生爆燃", label="safety", district="海丰县", source="海丰发布",
         body="车间粉尘爆燃，消防人员迅速处置。", enterprises=[], severity="high",
         published=dt.datetime(2025, 5, 2, 4, 0, tzinfo=UTC)),
    dict(title="超市货架上仍有过期的食品在售", label="food", district="城区", source="汕尾日报",
         body="记者发现，多种食品已过期三个月，仍摆在货架上。", enterprises=[], severity="medium",
         published=dt.datetime(2025, 5, 3, 4, 0, tzinfo=UTC)),
]


@pytest.fixture
def indexed(es, db, samples):
    config = es.fresh_index()
    samples.add_articles(db, ARTICLES, url_prefix="https://news.example.cn/syn/")
    result = outbox.drain(db, es.client, config)
    assert result.rows_failed == 0, result.errors
    es.client.indices.refresh(index=alias_name(config, "article"))
    return config


def test_synonym_groups_are_read_from_config():
    assert {"爆燃", "闪爆"} <= set(variants("爆炸"))
    assert "黑诊所" in variants("无证行医")
    assert variants("青梅") == ["青梅"]


def test_explosion_finds_deflagration_and_flash_explosion(es, indexed):
    result = search_articles(es.client, indexed, "爆炸")
    assert result.total == 2
    assert all("<em>" in h.title_html for h in result.hits)


def test_words_of_a_query_are_highlighted_where_the_phrase_is_not_written(es, indexed):
    result = search_articles(es.client, indexed, "过期食品")
    assert result.total == 1
    hit = result.hits[0]
    assert "<em>" in hit.title_html and "<em>" in hit.snippet_html
