"""Review decisions, acknowledgement and disposal, escalation at the deadline; all audited."""

from __future__ import annotations

import datetime as dt

import pytest
from alertkit import T0, KeywordClassifier, SmtpServer, add_sources, incident_articles
from sqlalchemy import select

from alerts.ack_tokens import AckTokenError, make_ack_token
from alerts.channels import build_channels
from alerts.dispatcher import dispatch_due
from alerts.pipeline import process_pending
from alerts.workflow import (
    WorkflowError,
    acknowledge_alert,
    acknowledge_by_token,
    check_escalations,
    resolve_alert,
    review_event,
)
from store.models import Alert, Article, AuditEntry, Department, Event, ReviewDecision
from trustwatch.configs import alerting_config, ack_links

H = dt.timedelta(hours=1)


def seed(db, n=4, severity_word="送医"):
    with db.session() as s:
        sources = add_sources(s)
        arts = incident_articles(sources, n)
        if severity_word != "送医":  # a milder story: below the auto-dispatch severity
            for a in arts:
                a.title = a.title.replace("疑似食物中毒", "食品抽检不合格").replace("12人送医", "")
                a.body = a.body.replace("疑似食物中毒", "不适").replace("送医", "就诊").replace("中毒", "")
        s.add_all(arts)


def alerts_by_dept(db):
    with db.session() as s:
        return {code: (al.id, al.state, al.escalation_level) for al, code in
                s.execute(select(Alert, Department.code).join(Department)).all()}


def test_unacknowledged_alert_escalates_at_its_deadline_to_the_next_level(db, alert_settings):
    server = SmtpServer(alert_settings.smtp_port).start()
    try:
        seed(db)
        now = T0 + 4 * H
        process_pending(db, KeywordClassifier(), alerting_config(alert_settings), now=now)
        channels = build_channels(alerting_config(alert_settings))[0]
        dispatch_due(db, alerting_config(alert_settings), channels, now=now)
        assert len(server.messages) == 3
        a = alerts_by_dept(db)
        acknowledge_alert(db, a["sw-amr"][0], "amr-duty", now=now + H)  # the city bureau acknowledges
        # before the deadline (2h): nothing escalates
        assert check_escalations(db, alerting_config(alert_settings), now=now + 2 * H - dt.timedelta(seconds=1)) == 0
        # at the deadline the county bureau escalates to the city bureau (already acknowledged: it owns it)
        assert check_escalations(db, alerting_config(alert_settings), now=now + 2 * H) == 1
        assert check_escalations(db, alerting_config(alert_settings), now=now + 2 * H) == 0  # once
        assert "sw-leader" not in alerts_by_dept(db)
        with db.session() as s:
            e = s.scalar(select(AuditEntry).where(AuditEntry.action == "alert.escalate"))
            assert (e.actor, e.details["department"], e.details["to"], e.at) == ("system", "haifeng-amr", "sw-amr", now + 2 * H)
    finally:
        server.stop()


def test_escalation_climbs_county_city_leader_and_the_message_says_why(db, alert_settings):
    server = SmtpServer(alert_settings.smtp_port).start()
    try:
        seed(db)
        now = T0 + 4 * H
        process_pending(db, KeywordClassifier(), alerting_config(alert_settings), now=now)
        channels = build_channels(alerting_config(alert_settings))[0]
        dispatch_due(db, alerting_config(alert_settings), channels, now=now)
        # nobody acknowledges: both the county and the city bureau are overdue -> city gets an escalation
        # message, the leader gets the event
        process_pending(db, KeywordClassifier(), alerting_config(alert_settings), now=now + 2 * H)
        dispatch_due(db, alerting_config(alert_settings), channels, now=now + 2 * H)
        a = alerts_by_dept(db)
        assert a["sw-leader"][2] == 1 and a["sw-amr"][2] == 1
        escalations = [m for m in server.messages if "【升级】" in m["subject"]]
        assert sorted(m["to"][0] for m in escalations) == ["amr@sw.example.org", "leader@sw.example.org"]
        to_city = next(m for m in escalations if m["to"] == ["amr@sw.example.org"])
        assert "升级原因：海丰县市场监督管理局 未在确认期限内确认" in to_city["body"]
        # acknowledging through the link in the leader's mail stops the climb
        leader_mail = next(m for m in escalations if m["to"] == ["leader@sw.example.org"])
        token = leader_mail["body"].split("/ack/")[1].split()[0]
        acknowledge_by_token(db, ack_links(alert_settings), token, now=now + 3 * H)
        assert alerts_by_dept(db)["sw-leader"][1] == "acknowledged"
        assert check_escalations(db, alerting_config(alert_settings), now=now + 10 * H) >= 0
        assert alerts_by_dept(db)["sw-leader"][1] == "acknowledged"
    finally:
        server.stop()


def test_below_auto_dispatch_severity_waits_for_review_and_confirm_dispatches(db, alert_settings):
    server = SmtpServer(alert_settings.smtp_port).start()
    try:
        seed(db, severity_word="抽检")
        now = T0 + 4 * H
        counts = process_pending(db, KeywordClassifier(), alerting_config(alert_settings), now=now)
        assert counts["events_created"] == 1 and counts["alerts_created"] == 0
        with db.session() as s:
            ev = s.scalars(select(Event)).one()
            assert ev.severity == "medium"
        review_event(db, ev.id, "reviewer-li", "start", now=now)
        review_event(db, ev.id, "reviewer-li", "confirm", reason="核实属实", now=now + H, config=alerting_config(alert_settings))
        dispatch_due(db, alerting_config(alert_settings), build_channels(alerting_config(alert_settings))[0], now=now + H)
        # medium food event in 海丰县: the county bureau and 网信, not the city bureau
        assert sorted(m["to"][0] for m in server.messages) == ["amr@haifeng.example.org", "wx@propaganda.example.org"]
        with db.session() as s:
            d = s.scalars(select(ReviewDecision)).one()
            assert (d.action, d.label, d.actor) == ("confirm", "food", "reviewer-li")
            actions = [a.action for a in s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "event")
                                                   .order_by(AuditEntry.id))]
            assert actions == ["event.create", "event.start", "event.confirm"]
    finally:
        server.stop()


def test_dismiss_relabel_merge_are_labelled_examples_and_audited(db, alert_settings):
    now = T0 + 4 * H
    with db.session() as s:
        e1 = Event(title="甲", label="food", district="海丰县", severity="low", state="new")
        e2 = Event(title="乙", label="food", district="海丰县", severity="low", state="new")
        e3 = Event(title="丙", label="food", district="城区", severity="low", state="new")
        s.add_all([e1, e2, e3])
        s.flush()
        s.add(Article(url="http://x.test/1", title="t", body="b", content_hash="1", label="food", event_id=e2.id,
                      published_at=now, source_id=None))
    review_event(db, e1.id, "reviewer-li", "dismiss", reason="旧闻", now=now)
    review_event(db, e3.id, "reviewer-li", "relabel", label="safety", now=now)
    review_event(db, e2.id, "reviewer-li", "merge", merge_into=e3.id, now=now)
    with pytest.raises(WorkflowError, match="cannot start event"):
        review_event(db, e1.id, "reviewer-li", "start")
    with pytest.raises(WorkflowError, match="relabel needs a label"):
        review_event(db, e3.id, "reviewer-li", "relabel", label="weather")
    with db.session() as s:
        decisions = [(d.event_id, d.action, d.label) for d in s.scalars(select(ReviewDecision).order_by(ReviewDecision.id))]
        assert decisions == [(e1.id, "dismiss", "none"), (e3.id, "relabel", "safety"), (e2.id, "merge", "safety")]
        assert [s.get(Event, i).state for i in (e1.id, e2.id, e3.id)] == ["dismissed", "merged", "confirmed"]
        assert s.get(Event, e3.id).article_count == 1
        assert s.scalar(select(Article.event_id)) == e3.id


def test_resolve_needs_a_disposal_and_bad_ack_links_are_refused(db, alert_settings):
    seed(db)
    now = T0 + 4 * H
    process_pending(db, KeywordClassifier(), alerting_config(alert_settings), now=now)
    aid = alerts_by_dept(db)["haifeng-amr"][0]
    with pytest.raises(WorkflowError, match="处置结果"):
        resolve_alert(db, aid, "hf-duty", "  ")
    resolve_alert(db, aid, "hf-duty", "已查封涉事企业，责令停产整顿，样品送检。", now=now + H)
    with db.session() as s:
        al = s.get(Alert, aid)
        assert (al.state, al.resolved_by, al.disposal) == ("resolved", "hf-duty", "已查封涉事企业，责令停产整顿，样品送检。")
        trail = [a.action for a in s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "alert",
                                                                      AuditEntry.entity_id == aid).order_by(AuditEntry.id))]
        assert trail == ["alert.create", "alert.notify.notify", "alert.acknowledged", "alert.resolved"]
        dept = al.department_id
    token = make_ack_token(ack_links(alert_settings), aid, dept)
    with pytest.raises(AckTokenError, match="签名不符"):
        acknowledge_by_token(db, ack_links(alert_settings), token[:-2] + "xx")
    with pytest.raises(AckTokenError, match="已过期"):
        acknowledge_by_token(db, ack_links(alert_settings), token, now=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=8))
    with pytest.raises(WorkflowError, match="与告警不符"):
        acknowledge_by_token(db, ack_links(alert_settings), make_ack_token(ack_links(alert_settings), aid, dept + 1))


def test_dismissing_an_auto_dispatched_event_tells_the_departments_it_is_withdrawn(db, alert_settings):
    server = SmtpServer(alert_settings.smtp_port).start()
    try:
        seed(db)
        now = T0 + 4 * H
        process_pending(db, KeywordClassifier(), alerting_config(alert_settings), now=now)
        channels = build_channels(alerting_config(alert_settings))[0]
        dispatch_due(db, alerting_config(alert_settings), channels, now=now)
        assert len(server.messages) == 3
        with db.session() as s:
            ev_id = s.scalar(select(Event.id))
        review_event(db, ev_id, "reviewer-li", "dismiss", reason="旧闻翻炒，非本地事件", now=now + H, config=alerting_config(alert_settings))
        dispatch_due(db, alerting_config(alert_settings), channels, now=now + H)
        withdrawals = [m for m in server.messages if m["subject"].startswith("【撤销】")]
        assert sorted(m["to"][0] for m in withdrawals) == ["amr@haifeng.example.org", "amr@sw.example.org",
                                                          "wx@propaganda.example.org"]
        assert "审核意见：旧闻翻炒，非本地事件" in withdrawals[0]["body"]
        assert set(alerts_by_dept(db)[c][1] for c in ("haifeng-amr", "sw-amr", "sw-propaganda")) == {"resolved"}
        # nothing escalates or repeats for a dismissed event
        assert check_escalations(db, alerting_config(alert_settings), now=now + 10 * H) == 0
        assert len(server.messages) == 6
    finally:
        server.stop()
