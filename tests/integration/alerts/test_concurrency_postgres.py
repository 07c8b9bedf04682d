"""The same guarantees on PostgreSQL, and two dispatchers racing for one outbox (SQLite and PostgreSQL)."""

from __future__ import annotations

import collections
import datetime as dt
import threading

import pytest
from alertkit import DEPARTMENTS, ROUTING, T0, KeywordClassifier, SmtpServer, add_sources, free_port, incident_articles
from sqlalchemy import func, select

from alerts.channels import build_channel, build_channels
from alerts.dispatcher import dispatch_due
from alerts.pipeline import process_pending
from store.models import Alert, Delivery, Department, Event, utcnow
from trustwatch.settings import load_settings
from trustwatch.configs import alerting_config


def settings_for(tmp_path, database, **over):
    cfg = tmp_path / "config"
    cfg.mkdir(exist_ok=True)
    (cfg / "departments.yaml").write_text(DEPARTMENTS, encoding="utf-8")
    (cfg / "routing.yaml").write_text(ROUTING, encoding="utf-8")
    return load_settings(home=tmp_path / "home", db_url=database.url, env="test", config_dir=cfg,
                         secret_key="test-secret", alert_channels=["email"], smtp_host="127.0.0.1",
                         smtp_port=free_port(), **over)


@pytest.mark.postgres
def test_one_event_one_message_per_department_on_postgresql(pg_db, tmp_path):
    settings = settings_for(tmp_path, pg_db)
    server = SmtpServer(settings.smtp_port).start()
    try:
        with pg_db.session() as s:
            s.add_all(incident_articles(add_sources(s), 20))
        now = T0 + dt.timedelta(hours=20)
        for _ in range(2):  # the second pass must change nothing
            process_pending(pg_db, KeywordClassifier(), alerting_config(settings), now=now)
            dispatch_due(pg_db, alerting_config(settings), build_channels(alerting_config(settings))[0], now=now)
        with pg_db.session() as s:
            assert s.scalar(select(func.count()).select_from(Event)) == 1
            assert s.scalar(select(Event.article_count)) == 20
        assert sorted(m["to"][0] for m in server.messages) == [
            "amr@haifeng.example.org", "amr@sw.example.org", "wx@propaganda.example.org"]
    finally:
        server.stop()


def race(database, url, n=40):
    settings = load_settings(db_url=database.url, env="test", alert_lease_seconds=60)
    now = utcnow()
    with database.session() as s:
        dept = Department(code="sw-amr", name="汕尾市市场监督管理局", contacts={})
        ev = Event(title="并发测试", label="food")
        s.add_all([dept, ev])
        s.flush()
        al = Alert(event_id=ev.id, department_id=dept.id)
        s.add(al)
        s.flush()
        s.add_all([Delivery(alert_id=al.id, channel="webhook", recipient=f"{url}/hooks/{i}", idempotency_key=f"race-{i}",
                            subject="s", body="b", next_attempt_at=now) for i in range(n)])
    channel = {"webhook": build_channel("webhook", {"secret": "race-secret"})}
    results = []

    def worker():
        for _ in range(20):
            res = dispatch_due(database, alerting_config(settings), channel, limit=5)
            results.append(res.sent)
            if not res.claimed:
                break

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


@pytest.mark.parametrize("which", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_racing_dispatchers_send_each_delivery_once(which, request, http_receiver):
    database = request.getfixturevalue("db" if which == "sqlite" else "pg_db")
    results = race(database, http_receiver.url)
    got = collections.Counter(r["headers"]["Idempotency-Key"] for r in http_receiver.rec.requests)
    assert sum(results) == 40 and len(got) == 40 and set(got.values()) == {1}
    with database.session() as s:
        assert set(s.scalars(select(Delivery.state))) == {"sent"}
