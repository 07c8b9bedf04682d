"""An event names each enterprise once, by its canonical name, whatever the reports called it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from alerts.events import cluster_pending
from store.models import Article, Event, IndexOutbox

T = dt.datetime(2025, 3, 25, 9, 0, tzinfo=dt.timezone.utc)
BODY = "陆丰市南塘镇一五金厂发生机械伤害事故，一名工人被卷入冲压机，送往医院后经抢救无效死亡。"


def _article(i: int, title: str, enterprises: list[str]) -> Article:
    return Article(url=f"http://news{i}.test/a", title=title, body=BODY * 3, content_hash=f"h{i}", label="safety",
                   district="陆丰市", severity="high", enterprises=enterprises,
                   published_at=T + dt.timedelta(hours=i))


def test_aliases_across_reports_become_one_canonical_name(db):
    with db.session() as s:
        s.add_all([
            _article(0, "陆丰市恒达五金制品厂冲压机伤人致一死", ["陆丰市恒达五金制品厂", "送往医院"]),
            _article(1, "恒达五金厂事故追踪：工人被卷入冲压机", ["恒达五金厂", "五金厂"]),
            _article(2, "南塘一五金厂事故 涉事企业停产整顿", ["南塘一五金厂", "914415812233445566"]),
        ])
    with db.session() as s:
        result = cluster_pending(s, dt.timedelta(days=3), now=T + dt.timedelta(hours=5))
    assert result["events_created"] == 1
    with db.session() as s:
        assert s.scalar(select(Event.enterprises)) == ["陆丰市恒达五金制品厂"]
        # the reports are indexed (and so faceted and filtered in search) under the same name
        # (a report that named only fragments names nobody)
        assert s.scalars(select(Article.enterprises).order_by(Article.id)).all() == [
            ["陆丰市恒达五金制品厂"], ["陆丰市恒达五金制品厂"], []]
        queued = s.scalars(select(IndexOutbox.doc_id).where(IndexOutbox.doc_type == "article")).all()
        assert set(queued) >= set(s.scalars(select(Article.id)))


def test_the_registered_or_most_complete_name_wins(db):
    with db.session() as s:
        s.add(_article(0, "品清湖酒楼后厨使用过期食材 鑫旺超市供货", ["品清湖酒楼", "鑫旺超市"]))
        s.add(_article(1, "海丰县鑫旺超市有限公司向品清湖海鲜酒楼供应过期食材被立案",
                       ["海丰县鑫旺超市有限公司", "品清湖海鲜酒楼"]))
    with db.session() as s:
        cluster_pending(s, dt.timedelta(days=3), now=T + dt.timedelta(hours=5))
    with db.session() as s:
        assert s.scalars(select(Event.enterprises)).all() == [["汕尾市品清湖海鲜酒楼有限公司", "海丰县鑫旺超市有限公司"]]
