"""Notification text in Simplified Chinese: what, where, which enterprises, how far it spread, links."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from alerts.ack_tokens import ack_url, make_ack_token
from classifier.entities import tidy_names
from vocabulary import Label, Severity

DOMAIN_NAMES = Label.domains()
SEVERITY_NAMES = Severity.names()
KIND_TAGS = {"notify": "", "repeat": "【更新】", "escalation": "【升级】", "digest": "【汇总】", "withdrawal": "【撤销】"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
MAX_LINKS = 5


def clean(text: str | None, limit: int) -> str:
    """Crawled text made safe for a message: no control or direction characters, one line, bounded."""
    t = _CONTROL.sub("", text or "")
    t = " ".join(t.split())
    return t if len(t) <= limit else t[: limit - 1] + "…"


@dataclass
class ArticleLink:
    """An article shown in a notification."""

    title: str
    url: str
    source: str


@dataclass
class EventFacts:
    """What a notification says about an event."""

    event_id: int
    title: str
    label: str
    district: str | None
    severity: str
    enterprises: list[str]
    article_count: int
    source_count: int
    first_seen: dt.datetime
    last_seen: dt.datetime
    links: list[ArticleLink]
    growth_24h: int = 0


def _local(ts: dt.datetime, tz: str) -> str:
    return ts.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def _somewhere(config) -> str:
    """Where an event is whose district is not known yet: the city."""
    return f"{config.city.city}（具体县区待核实）"


def render(config, facts: EventFacts, alert_id: int, department_id: int, department_name: str, kind: str,
           ack_deadline: dt.datetime | None, next_level: str | None, new_articles: int = 0,
           escalated_from: str | None = None) -> tuple[str, str]:
    """(subject, body) of one notification (`config`: the AlertingConfig); the body carries a signed
    acknowledgement link."""
    tz = config.timezone
    domain = DOMAIN_NAMES.get(facts.label, facts.label)
    title = clean(facts.title, 120)
    where = facts.district or _somewhere(config)
    subject = clean(f"{KIND_TAGS.get(kind, '')}【诚信哨兵·{domain}】{title}（{where}）", 200)
    ents = "、".join(clean(e, 60) for e in tidy_names(facts.enterprises)[:8]) or "暂未识别"
    lines = [f"【诚信哨兵·{domain}失信事件{KIND_TAGS.get(kind, '')}】", f"事件：{title}", f"接收单位：{department_name}"]
    if kind == "escalation" and escalated_from:
        lines.append(f"升级原因：{escalated_from} 未在确认期限内确认，现升级报送贵单位。")
    lines += [
        f"事件编号：#{facts.event_id}    严重程度：{SEVERITY_NAMES.get(facts.severity, facts.severity)}",
        f"发生地：{where}",
        f"涉及企业：{ents}",
        f"传播情况：共 {facts.article_count} 篇报道，来自 {facts.source_count} 个来源；"
        f"首次发现 {_local(facts.first_seen, tz)}，最近 {_local(facts.last_seen, tz)}（北京时间）；"
        f"最近24小时新增 {facts.growth_24h} 篇",
    ]
    if kind == "repeat" and new_articles > 0:
        lines.append(f"自上次通知以来新增 {new_articles} 篇报道。")
    if facts.links:
        lines.append("相关报道：")
        for i, link in enumerate(facts.links[:MAX_LINKS], 1):
            lines.append(f"{i}. {clean(link.title, 80)}（{clean(link.source, 40)}）{clean(link.url, 500)}")
    base = config.links.base_url.rstrip("/")
    lines.append(f"事件详情：{base}/events/{facts.event_id}")
    token = make_ack_token(config.links, alert_id, department_id)
    deadline = f"（请于 {_local(ack_deadline, tz)} 前确认）" if ack_deadline else ""
    lines.append(f"确认收到{deadline}：{ack_url(config.links, token)}")
    if next_level:
        lines.append(f"逾期未确认将自动升级报送：{next_level}")
    lines.append("处置完成后请登录诚信哨兵填报处置结果。此消息由系统自动发送。")
    return subject, "\n".join(lines)


def render_withdrawal(config, event, department_name: str, reason: str | None) -> tuple[str, str]:
    """(subject, body) telling a department that an event it was sent has been withdrawn after review."""
    domain = DOMAIN_NAMES.get(event.label, event.label)
    title = clean(event.title, 120)
    subject = clean(f"【撤销】【诚信哨兵·{domain}】{title}", 200)
    lines = ["【诚信哨兵·预警撤销】", f"事件：{title}（#{event.id}）", f"接收单位：{department_name}",
             "经审核，该事件认定为误报或非失信事件，此前推送的预警予以撤销，无需继续处置。"]
    if reason:
        lines.append(f"审核意见：{clean(reason, 300)}")
    lines.append(f"事件详情：{config.links.base_url.rstrip('/')}/events/{event.id}")
    lines.append("此消息由系统自动发送。")
    return subject, "\n".join(lines)


def render_group(config, items: list[tuple[EventFacts, int]], department_id: int, department_name: str,
                 ack_deadline: dt.datetime | None, next_level: str | None) -> tuple[str, str]:
    """(subject, body) of one message carrying several events (route `group_by`); `items` = (facts, alert id)."""
    tz = config.timezone
    base = config.links.base_url.rstrip("/")
    domains = sorted({DOMAIN_NAMES.get(f.label, f.label) for f, _ in items})
    places = sorted({f.district or config.city.city for f, _ in items})
    subject = clean(f"【诚信哨兵·汇总】{'、'.join(domains)}失信事件 {len(items)} 起（{'、'.join(places)}）", 200)
    deadline = f"，请于 {_local(ack_deadline, tz)} 前逐一确认" if ack_deadline else ""
    lines = [f"【诚信哨兵·{'、'.join(domains)}失信事件汇总】", f"接收单位：{department_name}",
             f"本次共 {len(items)} 起事件{deadline}。"]
    for i, (f, alert_id) in enumerate(items, 1):
        ents = "、".join(clean(e, 60) for e in tidy_names(f.enterprises)[:5]) or "暂未识别"
        token = make_ack_token(config.links, alert_id, department_id)
        lines += ["", f"{i}. {clean(f.title, 120)}（#{f.event_id}，{SEVERITY_NAMES.get(f.severity, f.severity)}）",
                  f"   发生地：{f.district or _somewhere(config)}；涉及企业：{ents}",
                  f"   传播：共 {f.article_count} 篇报道，{f.source_count} 个来源，最近 {_local(f.last_seen, tz)}",
                  f"   详情：{base}/events/{f.event_id}", f"   确认收到：{ack_url(config.links, token)}"]
    lines.append("")
    if next_level:
        lines.append(f"逾期未确认的事件将自动升级报送：{next_level}")
    lines.append("处置完成后请登录诚信哨兵填报处置结果。此消息由系统自动发送。")
    return subject, "\n".join(lines)
