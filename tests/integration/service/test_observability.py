"""/metrics and /healthz as an operator reads them."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from pydantic import SecretStr

from store.models import (
    Alert, Article, CrawlRun, Delivery, Department, Event, IndexOutbox, Source, utcnow,
)
from trustwatch.service.jobs import record_run
from trustwatch.service.runtime import Service, ServiceOptions
from trustwatch.service.webapp import build_app


def _seed(db):
    now = utcnow()
    with db.session() as s:
        src = Source(name="demo-daily", kind="list", last_success_at=now)
        dept = Department(code="sw-amr", name="汕尾市市场监督管理局", contacts={"email": ["a@b.example"]})
        s.add_all([src, dept])
        s.flush()
        s.add(CrawlRun(source_id=src.id, status="finished", errors={"http_404": 2, "timeout": 1}))
        s.add(CrawlRun(source_id=src.id, status="failed", errors={}))
        s.add(CrawlRun(source_id=src.id, status="finished", errors={"http_404": 5},  # too old for the last day
                       started_at=now - dt.timedelta(days=3)))
        event = Event(title="某餐馆使用过期食材", label="food", district="海丰县", severity="high")
        s.add(event)
        s.flush()
        for i, label in enumerate(["food", "food", "none", None]):
            s.add(Article(source_id=src.id, url=f"http://127.0.0.1/a/{i}", title=f"标题{i}", body="正文",
                          content_hash=f"h{i}", label=label, classified_at=now if label else None,
                          event_id=event.id if label == "food" else None))
        overdue = Alert(event_id=event.id, department_id=dept.id, state="sent", ack_deadline=now - dt.timedelta(hours=1))
        s.add(overdue)
        s.flush()
        s.add(Delivery(alert_id=overdue.id, channel="email", recipient="a@b.example", idempotency_key="k1",
                       state="dead"))
        s.add(Delivery(alert_id=overdue.id, channel="email", recipient="c@b.example", idempotency_key="k2",
                       state="pending"))
        s.add(IndexOutbox(doc_type="article", doc_id=1))
    record_run(db, "crawl:demo-daily", True, 1.5)
    record_run(db, "crawl:demo-daily", False, 0.5, "boom")


def test_metrics_report_the_pipeline_from_the_database(settings, db):
    _seed(db)
    client = TestClient(build_app(settings, db, want_scheduler=False), client=("127.0.0.1", 50000))
    response = client.get("/metrics")
    assert response.status_code == 200
    body = response.text
    for line in (
        "trustwatch_metrics_up 1.0",
        "trustwatch_articles_crawled_total 4.0",
        'trustwatch_articles_classified_total{label="food"} 2.0',
        'trustwatch_articles_classified_total{label="none"} 1.0',
        'trustwatch_events{label="food",state="new"} 1.0',
        "trustwatch_alerts_pending 1.0",
        "trustwatch_alerts_overdue 1.0",
        'trustwatch_deliveries_failed{channel="email"} 1.0',
        'trustwatch_outbox_depth{outbox="index"} 1.0',
        'trustwatch_outbox_depth{outbox="delivery"} 1.0',
        'trustwatch_crawl_errors_last_day{kind="http_404",source="demo-daily"} 2.0',
        'trustwatch_crawl_errors_last_day{kind="run_failed",source="demo-daily"} 1.0',
        'trustwatch_crawl_runs_total{source="demo-daily",status="failed"} 1.0',
        'trustwatch_job_duration_seconds_count{job="crawl:demo-daily"} 2.0',
        'trustwatch_job_duration_seconds_sum{job="crawl:demo-daily"} 2.0',
        'trustwatch_job_runs_total{job="crawl:demo-daily",outcome="error"} 1.0',
    ):
        assert line in body, line


def test_healthz_is_503_and_names_elasticsearch_when_it_is_down(settings, db):
    down = settings.model_copy(update={"es_url": "http://127.0.0.1:9"})
    client = TestClient(build_app(down, db, want_scheduler=False))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["elasticsearch"]["ok"] is False and body["checks"]["elasticsearch"]["error"]


def test_healthz_reports_the_scheduler_of_this_process_and_of_another(service_settings, db, recording):
    service = Service(service_settings, ServiceOptions(tasks=recording.as_tasks()), db=db)
    service.start()
    try:
        local = TestClient(build_app(service_settings, db, lambda: service.scheduler)).get("/healthz").json()
        assert local["checks"]["scheduler"]["ok"] is True and local["checks"]["scheduler"]["state"] == "running"
        # A web-only process (serve --no-scheduler) sees the worker through its heartbeat.
        remote = TestClient(build_app(service_settings, db)).get("/healthz").json()
        assert remote["checks"]["scheduler"]["ok"] is True and remote["checks"]["scheduler"]["owner"] == service.owner
    finally:
        service.stop()
    after = TestClient(build_app(service_settings, db)).get("/healthz").json()
    assert after["checks"]["scheduler"]["ok"] is False and after["checks"]["scheduler"]["state"] == "absent"


def test_metrics_are_not_public(settings, db):
    _seed(db)
    remote = TestClient(build_app(settings, db, want_scheduler=False), client=("203.0.113.5", 40000))
    assert remote.get("/metrics").status_code == 403 and "demo" not in remote.get("/metrics").text
    with_token = settings.model_copy(update={"metrics_token": SecretStr("scrape-token-0123456789abcdef")})
    app = build_app(with_token, db, want_scheduler=False)
    for address in (("203.0.113.5", 40000), ("127.0.0.1", 40000)):
        client = TestClient(app, client=address)
        assert client.get("/metrics").status_code == 403
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
        ok = client.get("/metrics", headers={"Authorization": "Bearer scrape-token-0123456789abcdef"})
        assert ok.status_code == 200 and "trustwatch_metrics_up 1.0" in ok.text
