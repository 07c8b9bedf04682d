"""Daily digests: in Chinese, by e-mail through a real SMTP server, once per recipient per day."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from serve_harness import MailCatcher, start_smtp
from store.models import Alert, Department, Event, utcnow
from trustwatch.service.digest import send_digest
from trustwatch.configs import alerting_config


@pytest.fixture
def mail():
    catcher = MailCatcher()
    controller = start_smtp(catcher)
    catcher.controller = controller
    yield catcher
    controller.stop()


def _channels(settings, mail):
    from alerts.channels import build_channels

    configured = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": mail.controller.port,
                                             "alert_channels": ["email"]})
    built, problems = build_channels(alerting_config(configured))
    assert not problems
    return built


def _seed(db):
    now = utcnow()
    with db.session() as s:
        amr = Department(code="haifeng-amr", name="海丰县市场监督管理局", district="海丰县",
                         contacts={"email": ["amr@haifeng.example.org", "duty@haifeng.example.org"]})
        office = Department(code="sw-propaganda", name="中共汕尾市委宣传部（市委网信办）",
                            contacts={"email": ["wangxin@propaganda.shanwei.example.org"]})
        quiet = Department(code="luhe-health", name="陆河县卫生健康局", contacts={"email": ["wjj@luhe.example.org"]})
        s.add_all([amr, office, quiet])
        s.flush()
        late = Event(title="某酒楼使用过期食材被查处", label="food", district="海丰县", severity="high",
                     article_count=4, source_count=2, first_seen=now - dt.timedelta(hours=30))
        fresh = Event(title="海丰县一学校食堂集体食物中毒", label="food", district="海丰县", severity="critical",
                      article_count=7, source_count=3, first_seen=now - dt.timedelta(hours=2))
        s.add_all([late, fresh])
        s.flush()
        s.add(Alert(event_id=late.id, department_id=amr.id, state="sent", created_at=now - dt.timedelta(hours=30),
                    ack_deadline=now - dt.timedelta(hours=6)))
        s.add(Alert(event_id=fresh.id, department_id=amr.id, state="sent", created_at=now - dt.timedelta(hours=2),
                    ack_deadline=now + dt.timedelta(hours=2)))


def _wait(mail, n, timeout=10.0):
    deadline = time.monotonic() + timeout
    while len(mail.messages) < n and time.monotonic() < deadline:
        time.sleep(0.05)
    return mail.messages


def test_a_regulator_digest_lists_overdue_and_new_alerts_in_chinese(settings, db, mail):
    _seed(db)
    channels = _channels(settings, mail)
    assert send_digest(db, settings, channels, "haifeng-amr") == "sent 2"
    messages = _wait(mail, 2)
    assert sorted(m["to"][0] for m in messages) == ["amr@haifeng.example.org", "duty@haifeng.example.org"]
    first = messages[0]
    assert first["subject"].startswith("【诚信哨兵】海丰县市场监督管理局每日简报")
    assert "新增 1，待签收 2，超期 1" in first["subject"]
    assert "【已超期】" in first["body"] and "某酒楼使用过期食材被查处" in first["body"]
    assert "海丰县一学校食堂集体食物中毒" in first["body"]
    # The digest job may run again the same day (a retry, a restart): nobody gets it twice.
    assert send_digest(db, settings, channels, "haifeng-amr") == "sent 0"
    time.sleep(0.3)
    assert len(mail.messages) == 2


def test_the_propaganda_office_digest_covers_every_new_event_and_the_queue(settings, db, mail):
    _seed(db)
    assert send_digest(db, settings, _channels(settings, mail), "sw-propaganda") == "sent 1"
    body = _wait(mail, 1)[0]["body"]
    assert "舆情每日简报" in _wait(mail, 1)[0]["subject"]
    assert "新发现失信事件 2 起（食品安全 2 起）" in body and "待审核 2 起" in body
    assert "/queue" in body


def test_a_department_with_nothing_to_report_gets_no_mail(settings, db, mail):
    _seed(db)
    assert send_digest(db, settings, _channels(settings, mail), "luhe-health") == "skipped: nothing to report"
    assert send_digest(db, settings, {}, "haifeng-amr") == "skipped: no e-mail channel"
