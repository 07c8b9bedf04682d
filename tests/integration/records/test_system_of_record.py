"""The system of record works the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from store.db import upgrade
from store.models import (
    Alert,
    Article,
    AuditEntry,
    Base,
    Delivery,
    Department,
    Event,
    IndexOutbox,
    Source,
)

pytestmark = pytest.mark.postgres


def test_migration_creates_every_model_table(any_db):
    tables = set(inspect(any_db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrating_twice_changes_nothing(any_db):
    before = set(inspect(any_db.engine).get_table_names())
    upgrade(any_db.url)
    assert set(inspect(any_db.engine).get_table_names()) == before


def test_chinese_text_and_timezones_round_trip(any_db):
    shanghai = dt.timezone(dt.timedelta(hours=8))
    published = dt.datetime(2025, 4, 7, 10, 30, tzinfo=shanghai)
    with any_db.session() as s:
        src = Source(name="海陆丰日报", kind="list")
        s.add(src)
        s.flush()
        s.add(Article(source_id=src.id, url="http://127.0.0.1/a/1.html", title="城区某餐饮店销售过期食品被查处",
                      body="汕尾市城区市场监督管理局……", published_at=published, content_hash="h1",
                      enterprises=["汕尾市城区好味道餐饮有限公司"], scores={"food": 0.93}))
    with any_db.session() as s:
        art = s.scalars(select(Article)).one()
        assert art.title == "城区某餐饮店销售过期食品被查处"
        assert art.published_at == published
        assert art.published_at.utcoffset() == dt.timedelta(0)
        assert art.enterprises == ["汕尾市城区好味道餐饮有限公司"]
        assert art.scores["food"] == pytest.approx(0.93)


def test_naive_datetimes_are_refused(any_db):
    with pytest.raises(Exception, match="naive datetime"):
        with any_db.session() as s:
            s.add(Source(name="x", kind="rss", last_success_at=dt.datetime(2025, 1, 1)))


def test_article_url_is_stored_once(any_db):
    with any_db.session() as s:
        s.add(Article(url="http://127.0.0.1/a/1.html", title="t", body="b", content_hash="h"))
    with pytest.raises(IntegrityError):
        with any_db.session() as s:
            s.add(Article(url="http://127.0.0.1/a/1.html", title="t2", body="b2", content_hash="h2"))


def test_one_alert_per_event_and_department_and_one_delivery_per_key(any_db):
    with any_db.session() as s:
        ev = Event(title="海丰县某诊所无证行医", label="medical", district="海丰县")
        dep = Department(code="hf-health", name="海丰县卫生健康局", district="海丰县")
        s.add_all([ev, dep])
        s.flush()
        alert = Alert(event_id=ev.id, department_id=dep.id)
        s.add(alert)
        s.flush()
        s.add(Delivery(alert_id=alert.id, channel="email", recipient="a@example.org", idempotency_key="k1"))
        ids = (ev.id, dep.id, alert.id)
    with pytest.raises(IntegrityError):
        with any_db.session() as s:
            s.add(Alert(event_id=ids[0], department_id=ids[1]))
    with pytest.raises(IntegrityError):
        with any_db.session() as s:
            s.add(Delivery(alert_id=ids[2], channel="email", recipient="a@example.org", idempotency_key="k1"))


def test_outbox_and_audit_rows_keep_their_fields(any_db):
    with any_db.session() as s:
        s.add(IndexOutbox(doc_type="article", doc_id=42))
        s.add(AuditEntry(actor="reviewer1", action="event.confirm", entity_type="event", entity_id=7,
                         details={"reason": "属实"}))
    with any_db.session() as s:
        row = s.scalars(select(IndexOutbox)).one()
        assert (row.doc_type, row.doc_id, row.op, row.attempts, row.done_at) == ("article", 42, "index", 0, None)
        entry = s.scalars(select(AuditEntry)).one()
        assert entry.details == {"reason": "属实"} and entry.at.tzinfo is not None
