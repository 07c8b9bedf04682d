"""process_pending: classified once, clustered once; re-running never duplicates an event or alert."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from alerts.pipeline import process_pending
from store.models import Alert, Article, Event, IndexOutbox
from trustwatch.settings import load_settings
from trustwatch.configs import alerting_config

T = dt.datetime(2025, 4, 1, 8, 0, tzinfo=dt.timezone.utc)


@dataclass
class V:
    label: str
    scores: dict
    terms: list
    enterprises: list
    credit_codes: list
    district: str | None
    severity: str
    model_version: str = "stub"


class Stub:
    def classify_many(self, items):
        return [V("food" if "中毒" in t else "none", {}, [], ["陆丰市好再来餐饮店"] if "中毒" in t else [], [],
                  "陆丰市", "high") for t, _ in items]


def test_reprocessing_never_duplicates(db, tmp_path):
    settings = load_settings(home=tmp_path / "h", db_url=db.url, env="test", alert_channels=["email"])
    with db.session() as s:
        for i in range(5):
            s.add(Article(url=f"http://p{i % 2}.test/{i}", title=f"陆丰市好再来餐饮店食物中毒 {i}", content_hash=str(i),
                          body="陆丰市好再来餐饮店发生食物中毒，8人送医。" * 5, published_at=T + dt.timedelta(hours=i)))
        s.add(Article(url="http://p0.test/x", title="陆丰市召开春耕工作会议", body="会议强调……", content_hash="x",
                      published_at=T))
    first = process_pending(db, Stub(), alerting_config(settings), now=T + dt.timedelta(hours=6))
    assert (first["classified"], first["assigned"], first["events_created"]) == (6, 5, 1)
    again = process_pending(db, Stub(), alerting_config(settings), now=T + dt.timedelta(hours=7))
    assert (again["classified"], again["assigned"], again["events_created"], again["alerts_created"]) == (0, 0, 0, 0)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 1
        n_alerts = s.scalar(select(func.count()).select_from(Alert))
        assert n_alerts == len({"sw-propaganda", "sw-amr", "lufeng-amr"})
        assert s.scalar(select(Article.label).where(Article.url == "http://p0.test/x")) == "none"
        assert s.scalar(select(func.count()).select_from(IndexOutbox).where(IndexOutbox.doc_type == "event")) >= 1
