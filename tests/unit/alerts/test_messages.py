"""Notification text: Chinese, complete, and safe with hostile crawled text."""

from __future__ import annotations

import datetime as dt

from alerts.ack_tokens import verify_ack_token
from alerts.messages import ArticleLink, EventFacts, render
from trustwatch.settings import load_settings
from trustwatch.configs import alerting_config, ack_links

T = dt.datetime(2025, 4, 1, 2, 30, tzinfo=dt.timezone.utc)


def facts(title="海丰县多名市民疑似食物中毒", links=None):
    return EventFacts(7, title, "food", "海丰县", "high", ["海丰县鑫味源食品有限公司"], 20, 3, T, T + dt.timedelta(hours=5),
                      links or [ArticleLink("海丰县多名市民疑似食物中毒", "http://portal.test/a.html", "汕尾新闻网")],
                      growth_24h=20)


def test_message_says_what_where_who_how_far_with_links_and_a_signed_ack_link():
    settings = load_settings(env="test", secret_key="k-for-test", base_url="https://tw.example.org")
    subject, body = render(alerting_config(settings), facts(), 11, 3, "海丰县市场监督管理局", "notify", T + dt.timedelta(hours=4),
                           "汕尾市市场监督管理局")
    assert subject == "【诚信哨兵·食品安全】海丰县多名市民疑似食物中毒（海丰县）"
    for expected in ("接收单位：海丰县市场监督管理局", "严重程度：严重", "发生地：海丰县", "涉及企业：海丰县鑫味源食品有限公司",
                     "共 20 篇报道，来自 3 个来源；首次发现 2025-04-01 10:30，最近 2025-04-01 15:30（北京时间）",
                     "1. 海丰县多名市民疑似食物中毒（汕尾新闻网）http://portal.test/a.html",
                     "事件详情：https://tw.example.org/events/7", "（请于 2025-04-01 14:30 前确认）",
                     "逾期未确认将自动升级报送：汕尾市市场监督管理局"):
        assert expected in body, expected
    token = body.split("https://tw.example.org/ack/")[1].split()[0]
    assert verify_ack_token(ack_links(settings), token) == (11, 3)


def test_hostile_crawled_text_is_cleaned_and_bounded():
    settings = load_settings(env="test")
    evil = "正常标题\u202e\r\nBcc: victim@example.org\x00" + "长" * 5000
    subject, body = render(alerting_config(settings), facts(evil, [ArticleLink(evil, "http://x.test/" + "a" * 5000, evil)]), 1, 1,
                           "某局", "notify", None, None)
    assert "\n" not in subject and "\r" not in subject and "\u202e" not in subject and "\x00" not in subject
    assert len(subject) <= 200
    assert "\u202e" not in body and "\x00" not in body and "\r" not in body
    assert all(len(line) <= 800 for line in body.splitlines())
    assert not any(line.startswith("Bcc:") for line in body.splitlines())
