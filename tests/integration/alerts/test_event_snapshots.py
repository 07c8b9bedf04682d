"""Clustering passes over the store: the next pass continues from the state saved in Event.signature."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from alerts.events import cluster_pending, load_index
from store.models import Article, Event

T = dt.datetime(2025, 4, 1, 8, 0, tzinfo=dt.timezone.utc)
WINDOW = dt.timedelta(days=21)
STORY = ("4月1日晚，海丰县附城镇海丰县鑫味源食品有限公司生产的卤味熟食在农贸市场销售后，先后有27名市民出现呕吐、"
         "腹泻等疑似食物中毒症状，其中12人被送医救治。海丰县市场监督管理局已查封该公司生产车间，样品已送检。")


def add_article(db, n: int, title: str, body: str, hours: float) -> None:
    with db.session() as s:
        s.add(Article(url=f"http://p{n}.test/{n}", title=title, body=body, content_hash=f"h{n}", label="food",
                      district="海丰县", severity="high", enterprises=["海丰县鑫味源食品有限公司"] if n == 1 else [],
                      published_at=T + dt.timedelta(hours=hours), classified_at=T))


def event_rows(db) -> list[tuple[int, int]]:
    with db.session() as s:
        return [(e.id, e.article_count) for e in s.scalars(select(Event).order_by(Event.id))]


def test_later_passes_join_the_stored_events(any_db):
    db = any_db
    add_article(db, 1, "海丰县多名市民食用卤味熟食后疑似食物中毒", STORY, 0)
    with db.session() as s:
        assert cluster_pending(s, WINDOW, now=T)["events_created"] == 1
    with db.session() as s:
        saved = s.scalar(select(Event.signature))
        assert saved["n"] == 1 and saved["enterprises"] == ["鑫味源"]
        index = load_index(s, T, WINDOW)  # restored from the row
        assert list(index.events) == [s.scalar(select(Event.id))]

    add_article(db, 2, "【转载】海丰县多名市民疑似食物中毒", "据报道，" + STORY, 3)
    with db.session() as s:
        assert cluster_pending(s, WINDOW, now=T + dt.timedelta(hours=4))["events_created"] == 0
    assert [count for _, count in event_rows(db)] == [2]

    # a state that no longer matches the event (merge, older rows) is rebuilt from the articles
    with db.session() as s:
        s.execute(update(Event).values(signature={"v": 1, "n": 1}))
    add_article(db, 3, "海丰县通报鑫味源食品有限公司食物中毒事件处理结果",
                "经检测，鑫味源食品有限公司卤味熟食检出沙门氏菌，该公司被责令停产整顿并处罚款。", 24 * 6)
    with db.session() as s:
        assert cluster_pending(s, WINDOW, now=T + dt.timedelta(days=7))["events_created"] == 0
    with db.session() as s:
        assert s.scalar(select(Event.signature))["n"] == 3
    assert [count for _, count in event_rows(db)] == [3]
