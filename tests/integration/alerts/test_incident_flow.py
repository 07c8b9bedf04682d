"""One incident from three portals, end to end through a real SMTP server: one event, one message per
department, follow-ups held until the repeat interval, silences, SMTP outages."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from alerts.ack_tokens import verify_ack_token
from alerts.channels import build_channels
from alerts.dispatcher import dispatch_due
from alerts.pipeline import process_pending
from alerts.workflow import acknowledge_alert
from alerts.silences import add_silence, expire_silence
from store.models import Alert, Article, Delivery, Department, Event

from alertkit import T0, KeywordClassifier, SmtpServer, add_sources, follow_up, incident_articles
from trustwatch.configs import alerting_config, ack_links

pytestmark = pytest.mark.slow
H = dt.timedelta(hours=1)


def seed_incident(db, n=20):
    with db.session() as s:
        sources = add_sources(s)
        s.add_all(incident_articles(sources, n))
        return sources


def run(db, settings, now):
    counts = process_pending(db, KeywordClassifier(), alerting_config(settings), now=now)
    channels, _ = build_channels(alerting_config(settings), strict=True)
    return counts, dispatch_due(db, alerting_config(settings), channels, now=now)


def recipients(server):
    return sorted(r for m in server.messages for r in m["to"])


def test_twenty_articles_from_three_portals_make_one_event_and_one_message_per_department(db, alert_settings):
    server = SmtpServer(alert_settings.smtp_port).start()
    try:
        sources = seed_incident(db)
        now = T0 + 20 * H
        counts, res = run(db, alert_settings, now)
        assert counts["classified"] == 20 and counts["events_created"] == 1
        with db.session() as s:
            (ev,) = s.scalars(select(Event)).all()
            assert (ev.article_count, ev.source_count, ev.label, ev.district, ev.severity) == (20, 3, "food", "海丰县", "high")
            assert "海丰县鑫味源食品有限公司" in ev.enterprises
            assert s.scalar(select(func.count()).select_from(Article).where(Article.event_id == ev.id)) == 20
        # high severity: auto-dispatched before review, to the county bureau, the city bureau and 网信
        assert recipients(server) == ["amr@haifeng.example.org", "amr@sw.example.org", "wx@propaganda.example.org"]
        assert res.sent == 3
        mail = next(m for m in server.messages if m["to"] == ["amr@haifeng.example.org"])
        body = mail["body"]
        assert "食品安全" in mail["subject"] and "海丰县" in mail["subject"]
        for expected in ("接收单位：海丰县市场监督管理局", "发生地：海丰县", "海丰县鑫味源食品有限公司",
                         "共 20 篇报道，来自 3 个来源", "最近24小时新增 20 篇", "事件详情：http://127.0.0.1:8000/events/",
                         "逾期未确认将自动升级报送：汕尾市市场监督管理局"):
            assert expected in body
        token = body.split("/ack/")[1].split()[0]
        with db.session() as s:
            al = s.scalar(select(Alert).join(Department).where(Department.code == "haifeng-amr"))
            assert verify_ack_token(ack_links(alert_settings), token, now) == (al.id, al.department_id)
            assert al.state == "sent"
            assert mail["message_id"] == f"<{s.scalar(select(Delivery.idempotency_key).where(Delivery.alert_id == al.id))}@trustwatch.local>"

        # the departments acknowledge (so nothing escalates); the event may still grow
        with db.session() as s:
            alert_ids = list(s.scalars(select(Alert.id)))
        for aid in alert_ids:
            acknowledge_alert(db, aid, "duty-officer", now=now + H / 2)
        # processing again (and re-dispatching) changes nothing: no duplicate event, alert or message
        counts, res = run(db, alert_settings, now + H)
        assert counts["assigned"] == 0 and counts["deliveries_created"] == 0 and res.claimed == 0
        assert len(server.messages) == 3

        # a follow-up days later joins the event; no new message until the repeat interval (6h)
        with db.session() as s:
            s.add(follow_up(sources, now + 2 * H))
        counts, res = run(db, alert_settings, now + 3 * H)
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Event)) == 1
            assert s.scalar(select(Event.article_count)) == 21
        assert counts["events_created"] == 0 and counts["deliveries_created"] == 0 and len(server.messages) == 3
        counts, res = run(db, alert_settings, now + 6 * H + dt.timedelta(minutes=1))
        assert counts["alerts_repeated"] == 3 and res.sent == 3
        assert len(server.messages) == 6
        update = [m for m in server.messages[3:] if m["to"] == ["amr@haifeng.example.org"]][0]
        assert "【更新】" in update["subject"] and "新增 1 篇报道" in update["body"]
        assert "共 21 篇报道" in update["body"]
        # grown no further: no more repeats, however long we wait
        counts, res = run(db, alert_settings, now + 30 * H)
        assert counts["alerts_repeated"] == 0
    finally:
        server.stop()


def test_silence_holds_messages_back_and_its_expiry_releases_them(db, alert_settings):
    server = SmtpServer(alert_settings.smtp_port).start()
    try:
        seed_incident(db, 6)
        now = T0 + 5 * H
        with db.session() as s:
            sil = add_silence(s, ["district = 海丰县", "department =~ haifeng-amr|sw-amr"], now + 4 * H,
                              author="reviewer-zhang", reason="县局已在现场处置，暂缓推送", now=now)
        counts, res = run(db, alert_settings, now)
        assert counts["alerts_silenced"] == 2
        assert recipients(server) == ["wx@propaganda.example.org"]
        counts, res = run(db, alert_settings, now + H)  # still silenced
        assert len(server.messages) == 1
        with db.session() as s:
            expire_silence(s, sil.id, "reviewer-zhang", now=now + 2 * H)
        counts, res = run(db, alert_settings, now + 2 * H)
        assert counts["alerts_notified"] == 2
        assert recipients(server) == ["amr@haifeng.example.org", "amr@sw.example.org", "wx@propaganda.example.org"]
        # a silence that simply runs out releases too
        with db.session() as s:
            s.add(Article(url="http://x.test/lf.html", title="陆丰市好再来餐饮店卖过期食品致8人食物中毒送医",
                          body="陆丰市好再来餐饮店出售过期食品，8人食物中毒送医。" * 3, content_hash="lf",
                          published_at=now + 2 * H, source_id=None))
            add_silence(s, ["district = 陆丰市"], now + 3 * H, "reviewer-zhang", "核实中", now=now + 2 * H)
        counts, res = run(db, alert_settings, now + 2 * H + dt.timedelta(minutes=5))
        assert counts["events_created"] == 1 and len(server.messages) == 3
        counts, res = run(db, alert_settings, now + 3 * H)
        assert "amr@lufeng.example.org" in recipients(server) and len(server.messages) == 6
    finally:
        server.stop()


def test_smtp_down_retries_with_backoff_then_exactly_one_mail_arrives(db, alert_settings):
    settings = alert_settings.model_copy(update={"alert_max_attempts": 5})
    seed_incident(db, 3)
    now = T0 + 3 * H
    counts, res = run(db, settings, now)  # server not started: connection refused
    assert counts["deliveries_created"] == 3 and res.retried == 3 and res.sent == 0
    assert all("unreachable" in e for e in res.errors)
    with db.session() as s:
        d = s.scalars(select(Delivery)).first()
        assert (d.state, d.attempts, d.next_attempt_at) == ("pending", 1, now + dt.timedelta(seconds=60))
    assert dispatch_due(db, alerting_config(settings), build_channels(alerting_config(settings))[0], now=now + dt.timedelta(seconds=30)).claimed == 0
    res = dispatch_due(db, alerting_config(settings), build_channels(alerting_config(settings))[0], now=now + dt.timedelta(seconds=61))
    assert res.retried == 3
    with db.session() as s:
        d = s.get(Delivery, d.id)
        assert (d.attempts, d.next_attempt_at) == (2, now + dt.timedelta(seconds=61 + 120))
    server = SmtpServer(settings.smtp_port).start()
    try:
        res = dispatch_due(db, alerting_config(settings), build_channels(alerting_config(settings))[0], now=now + H)
        assert res.sent == 3
        later = dispatch_due(db, alerting_config(settings), build_channels(alerting_config(settings))[0], now=now + 5 * H)
        assert later.claimed == 0
        assert len(server.messages) == 3
        assert len({m["message_id"] for m in server.messages}) == 3
    finally:
        server.stop()


def test_a_delivery_dead_after_max_attempts_is_listed_and_retryable(db, alert_settings, capsys, monkeypatch):
    from trustwatch.cli import main

    settings = alert_settings.model_copy(update={"alert_max_attempts": 2})
    seed_incident(db, 2)
    now = T0 + 2 * H
    run(db, settings, now)
    dispatch_due(db, alerting_config(settings), build_channels(alerting_config(settings))[0], now=now + H)
    with db.session() as s:
        assert set(s.scalars(select(Delivery.state))) == {"dead"}
        dead_id = s.scalars(select(Delivery.id)).first()
    monkeypatch.setenv("TRUSTWATCH_DB_URL", settings.database_url)
    monkeypatch.setenv("TRUSTWATCH_CONFIG_DIR", str(settings.config_dir))
    assert main(["deliveries", "list", "--state", "dead"]) == 0
    out = capsys.readouterr().out
    assert out.count("\tdead\temail\t") == 3 and "unreachable" in out
    assert main(["deliveries", "retry", str(dead_id)]) == 0
    server = SmtpServer(settings.smtp_port).start()
    try:
        res = dispatch_due(db, alerting_config(settings), build_channels(alerting_config(settings))[0])  # retried: due right away
        assert res.sent == 1 and len(server.messages) == 1
    finally:
        server.stop()
