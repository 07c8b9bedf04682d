"""The daily digest per department (and for the propaganda office), in Chinese, by e-mail, once per day."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from classifier.entities import tidy_names
from store.models import Alert, Department, Event, SchedulerState, utcnow
from vocabulary import AWAITING_ACK_ALERT_STATES, REVIEW_QUEUE_STATES, AlertState, EventState, Label, Severity

log = logging.getLogger(__name__)
# The Chinese names are the vocabulary's, as on the web pages (the digest once said 已排除 and 待签收).
DOMAIN_NAMES = Label.domains()
SEVERITY_NAMES = Severity.names()
EVENT_STATE_NAMES = EventState.names()
ALERT_STATE_NAMES = AlertState.names()
MAX_ITEMS = 30  # per section: a digest is a summary, the web app has the full list


@dataclass(frozen=True)
class Digest:
    """One composed digest."""

    department: str
    subject: str
    body: str
    has_news: bool


def is_propaganda_office(dept: Department) -> bool:
    """The propaganda office reviews everything, so its digest covers all events."""
    return "propaganda" in dept.code or "宣传" in (dept.name or "")


def _short_hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _clean(text: str | None, limit: int = 80) -> str:
    from alerts.messages import clean

    return clean(text, limit)


def _local(ts: dt.datetime | None, tz: str) -> str:
    return ts.astimezone(ZoneInfo(tz)).strftime("%m-%d %H:%M") if ts else "—"


def _event_line(ev: Event, settings) -> str:
    where = ev.district or "汕尾市"
    ents = "、".join(tidy_names(ev.enterprises)[:3])
    where = f"{where}；涉及企业：{_clean(ents)}" if ents else where
    return (f"· [{DOMAIN_NAMES.get(ev.label, ev.label)}·{SEVERITY_NAMES.get(ev.severity, ev.severity)}] "
            f"{_clean(ev.title)}（{where}；{ev.article_count} 篇报道，{ev.source_count} 个来源；"
            f"首次发现 {_local(ev.first_seen, settings.timezone)}）\n  {settings.base_url.rstrip('/')}/events/{ev.id}")


def _alert_line(al: Alert, ev: Event, settings, now: dt.datetime) -> str:
    state = ALERT_STATE_NAMES.get(al.state, al.state)
    overdue = al.state in AWAITING_ACK_ALERT_STATES and al.ack_deadline is not None and al.ack_deadline < now
    tag = "【已超期】" if overdue else ""
    return (f"· {tag}[{state}] {_clean(ev.title)}（{ev.district or '汕尾市'}，"
            f"{DOMAIN_NAMES.get(ev.label, ev.label)}，{SEVERITY_NAMES.get(ev.severity, ev.severity)}）\n"
            f"  {settings.base_url.rstrip('/')}/alerts/{al.id}")


def compose_department(session, dept: Department, settings, now: dt.datetime) -> Digest:
    """A regulator's digest: new alerts of the last day, open and overdue ones, what was closed."""
    since = now - dt.timedelta(days=1)
    rows = session.execute(select(Alert, Event).join(Event, Event.id == Alert.event_id)
                           .where(Alert.department_id == dept.id).order_by(Alert.created_at.desc())).all()
    new = [(a, e) for a, e in rows if a.created_at >= since]
    open_ = [(a, e) for a, e in rows if a.state in AWAITING_ACK_ALERT_STATES]
    overdue = [(a, e) for a, e in open_ if a.ack_deadline is not None and a.ack_deadline < now]
    resolved = [(a, e) for a, e in rows if a.resolved_at is not None and a.resolved_at >= since]
    date = now.astimezone(ZoneInfo(settings.timezone)).strftime("%Y年%m月%d日")
    lines = [f"{dept.name}：", "",
             f"以下是诚信哨兵 {date} 的每日简报（统计时段：过去 24 小时，时间均为北京时间）。", "",
             f"新增预警 {len(new)} 条；待签收 {len(open_)} 条，其中已超期 {len(overdue)} 条；"
             f"近 24 小时办结 {len(resolved)} 条。", ""]
    for title, items in (("一、超期未签收", overdue), ("二、新增预警", new), ("三、近 24 小时办结", resolved)):
        if items:
            lines.append(title)
            lines += [_alert_line(a, e, settings, now) for a, e in items[:MAX_ITEMS]]
            if len(items) > MAX_ITEMS:
                lines.append(f"……另有 {len(items) - MAX_ITEMS} 条，请登录系统查看。")
            lines.append("")
    lines += [f"登录处置：{settings.base_url.rstrip('/')}/inbox", "", "（本邮件由诚信哨兵自动发送，请勿直接回复。）"]
    subject = f"【诚信哨兵】{dept.name}每日简报 {date}：新增 {len(new)}，待签收 {len(open_)}，超期 {len(overdue)}"
    return Digest(dept.code, subject, "\n".join(lines), bool(new or open_ or resolved))


def compose_propaganda(session, dept: Department, settings, now: dt.datetime) -> Digest:
    """The propaganda office's digest: every new event of the last day, the review queue, by domain."""
    since = now - dt.timedelta(days=1)
    new = list(session.scalars(select(Event).where(Event.created_at >= since, Event.state != EventState.MERGED)
                               .order_by(Event.severity.desc(), Event.created_at.desc())))
    queue = list(session.scalars(select(Event).where(Event.state.in_(REVIEW_QUEUE_STATES))
                                 .order_by(Event.created_at)))
    by_domain = dict(session.execute(select(Event.label, func.count()).where(Event.created_at >= since)
                                     .group_by(Event.label)).all())
    overdue = session.scalar(select(func.count()).select_from(Alert)
                             .where(Alert.state.in_(AWAITING_ACK_ALERT_STATES), Alert.ack_deadline < now)) or 0
    date = now.astimezone(ZoneInfo(settings.timezone)).strftime("%Y年%m月%d日")
    spread = "、".join(f"{DOMAIN_NAMES.get(k, k)} {v} 起" for k, v in sorted(by_domain.items())) or "无"
    lines = [f"{dept.name}：", "", f"以下是诚信哨兵 {date} 的舆情每日简报（统计时段：过去 24 小时，时间均为北京时间）。", "",
             f"新发现失信事件 {len(new)} 起（{spread}）；待审核 {len(queue)} 起；各部门超期未签收预警 {overdue} 条。", ""]
    for title, items in (("一、待审核事件", queue), ("二、近 24 小时新发现事件", new)):
        if items:
            lines.append(title)
            lines += [f"{_event_line(ev, settings)}（{EVENT_STATE_NAMES.get(ev.state, ev.state)}）"
                      for ev in items[:MAX_ITEMS]]
            if len(items) > MAX_ITEMS:
                lines.append(f"……另有 {len(items) - MAX_ITEMS} 起，请登录系统查看。")
            lines.append("")
    lines += [f"审核队列：{settings.base_url.rstrip('/')}/queue", "", "（本邮件由诚信哨兵自动发送，请勿直接回复。）"]
    subject = f"【诚信哨兵】舆情每日简报 {date}：新发现 {len(new)} 起，待审核 {len(queue)} 起"
    return Digest(dept.code, subject, "\n".join(lines), True)


def compose(session, dept: Department, settings, now: dt.datetime) -> Digest:
    """The digest for `dept`."""
    if is_propaganda_office(dept):
        return compose_propaganda(session, dept, settings, now)
    return compose_department(session, dept, settings, now)


def send_digest(db, settings, channels: dict, department_code: str, now: dt.datetime | None = None) -> str:
    """Compose and e-mail today's digest for one department; each recipient gets it at most once a day."""
    from alerts.channels import Message

    now = now or utcnow()
    day = now.astimezone(ZoneInfo(settings.timezone)).date().isoformat()
    key = f"digest:{department_code}:{day}"
    with db.session() as s:
        dept = s.scalar(select(Department).where(Department.code == department_code))
        if dept is None:
            return "skipped: unknown department"
        recipients = list((dept.contacts or {}).get("email") or [])
        digest = compose(s, dept, settings, now)
        state = s.get(SchedulerState, key)
        done = set((state.value or {}).get("sent", [])) if state else set()
    if not recipients:
        return "skipped: no e-mail contact"
    if not digest.has_news:
        return "skipped: nothing to report"
    channel = channels.get("email")
    if channel is None:
        log.warning("digest not sent: the e-mail channel is not configured (TRUSTWATCH_SMTP_HOST)",
                    extra={"department": department_code})
        return "skipped: no e-mail channel"
    sent = 0
    for recipient in recipients:
        if recipient in done:
            continue
        # The idempotency key doubles as the Message-ID, so a resend after a crash is recognisable.
        channel.send(Message(recipient, digest.subject, digest.body, f"digest-{department_code}-{day}-{_short_hash(recipient)}"))
        done.add(recipient)
        sent += 1
        with db.session() as s:  # recorded per recipient: a failure halfway resends only the rest
            row = s.get(SchedulerState, key)
            if row is None:
                s.add(SchedulerState(key=key, value={"sent": sorted(done)}))
            else:
                row.value = {"sent": sorted(done)}
    return f"sent {sent}"
