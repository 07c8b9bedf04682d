"""group_by: several events of one group reach a department as one message, after group_wait."""

from __future__ import annotations

import datetime as dt

from alertkit import T0, KeywordClassifier, SmtpServer, add_sources, incident_articles
from sqlalchemy import select

from alerts.ack_tokens import verify_ack_token
from alerts.channels import build_channels
from alerts.dispatcher import dispatch_due
from alerts.pipeline import process_pending
from store.models import Alert, Article, Department
from trustwatch.configs import alerting_config, ack_links

H = dt.timedelta(hours=1)
GROUPED = """\
route:
  receivers: [sw-propaganda]
  group_wait: 10m
  routes:
    - name: food-county
      matchers: ['domain = food', 'district = 海丰县']
      receivers: [haifeng-amr]
      group_by: [domain, district]
"""
OTHER = ("海丰县一餐饮店使用过期食材被查处", "海丰县市场监督管理局检查发现，海丰县好运来餐饮店后厨存放大量过期食材，"
         "其中过期三个月的调味品二十余包，此前已有3名顾客腹泻送医，执法人员当场没收并立案调查。")


def test_two_events_of_one_group_go_out_as_one_message_with_an_ack_link_each(db, alert_settings):
    (alert_settings.config_dir / "routing.yaml").write_text(GROUPED, encoding="utf-8")
    server = SmtpServer(alert_settings.smtp_port).start()
    try:
        with db.session() as s:
            s.add_all(incident_articles(add_sources(s), 3))
        now = T0 + 3 * H
        process_pending(db, KeywordClassifier(), alerting_config(alert_settings), now=now)
        with db.session() as s:  # a second incident in the same county arrives a few minutes later
            s.add(Article(url="http://x.test/other", title=OTHER[0], body=OTHER[1], content_hash="o",
                          published_at=now, source_id=None))
        process_pending(db, KeywordClassifier(), alerting_config(alert_settings), now=now + dt.timedelta(minutes=5))
        channels = build_channels(alerting_config(alert_settings))[0]
        dispatch_due(db, alerting_config(alert_settings), channels, now=now + dt.timedelta(minutes=5))
        assert server.messages == []  # group_wait (10 min from the group's first alert) not over yet
        process_pending(db, KeywordClassifier(), alerting_config(alert_settings), now=now + dt.timedelta(minutes=10))
        dispatch_due(db, alerting_config(alert_settings), channels, now=now + dt.timedelta(minutes=10))
        county = [m for m in server.messages if m["to"] == ["amr@haifeng.example.org"]]
        assert len(county) == 1
        mail = county[0]
        assert mail["subject"].startswith("【诚信哨兵·汇总】食品安全失信事件 2 起（海丰县）")
        tokens = [line.split("/ack/")[1] for line in mail["body"].splitlines() if "/ack/" in line]
        with db.session() as s:
            ids = set(s.scalars(select(Alert.id).join(Department).where(Department.code == "haifeng-amr")))
            assert {verify_ack_token(ack_links(alert_settings), t, now)[0] for t in tokens} == ids and len(ids) == 2
            states = set(s.scalars(select(Alert.state).where(Alert.id.in_(ids))))
        assert states == {"sent"}  # both alerts are marked sent by the one delivery
        assert len(server.messages) == 1  # the tree's only matching route is the county bureau's
        # once sent, later passes send nothing more
        dispatch_due(db, alerting_config(alert_settings), channels, now=now + H)
        assert process_pending(db, KeywordClassifier(), alerting_config(alert_settings), now=now + H)["deliveries_created"] == 0
    finally:
        server.stop()
