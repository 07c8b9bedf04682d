"""From events to alerts to delivery rows: routing, the dispatch policy, grouping waits, repeats,
silences and escalation. Writes only outbox rows; the dispatcher does the sending."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from alerts.config import AlertingConfig
from alerts.events import event_growth
from alerts.matchers import SEVERITY_RANK
from alerts.messages import ArticleLink, EventFacts, render, render_group, render_withdrawal
from alerts.routing import Route
from alerts.silences import active_silences, silenced_by
from store import locks
from store.audit import audit
from store.models import Alert, Article, Delivery, Department, Event, Source, utcnow
from vocabulary import OPEN_EVENT_STATES

ACTOR = "system"


def event_labels(ev: Event) -> dict[str, Any]:
    """The labels routing and silences match on."""
    return {"domain": ev.label, "district": ev.district or "", "severity": ev.severity,
            "enterprise": list(ev.enterprises or []), "title": ev.title or "",
            "sources": ev.source_count, "articles": ev.article_count}


def dispatchable(ev: Event, cfg: AlertingConfig) -> bool:
    """Policy: confirmed events go out; unreviewed ones only at or above the auto-dispatch severity."""
    if ev.state == "confirmed":
        return True
    if ev.state not in ("new", "in_review") or cfg.auto_dispatch_severity == "never":
        return False
    return SEVERITY_RANK.get(ev.severity, 0) >= SEVERITY_RANK[cfg.auto_dispatch_severity]


def ensure_alerts(session: Session, cfg: AlertingConfig, events: list[Event], now: dt.datetime) -> int:
    """Create the missing Alert rows of dispatchable events (one per event and department)."""
    locks.serialize(session, locks.PLAN)  # planners take turns: the check for an existing alert stays true
    depts = {d.code: d for d in session.scalars(select(Department))}
    created = 0
    for ev in events:
        if not dispatchable(ev, cfg):
            continue
        have = set(session.scalars(select(Alert.department_id).where(Alert.event_id == ev.id)))
        for rcv in cfg.routing.receivers(event_labels(ev)):
            dept = depts.get(rcv.department)
            if dept is None:
                raise LookupError(f"department '{rcv.department}' is routed to but not in the database; "
                                  "run `trustwatch departments sync`")
            if dept.id in have:
                continue
            labels = dict(event_labels(ev), event=ev.id)
            key = "|".join(str(labels.get(g)) for g in rcv.route.group_by)
            al = Alert(event_id=ev.id, department_id=dept.id, state="pending", route=rcv.route.name[:500],
                       group_key=f"{dept.code}:{key}"[:500], created_at=now)
            session.add(al)
            session.flush()
            have.add(dept.id)
            created += 1
            audit(session, ACTOR, "alert.create", "alert", al.id, now, event=ev.id, department=dept.code,
                  route=rcv.route.name, policy="confirmed" if ev.state == "confirmed" else "auto-dispatch")
    return created


def _route_for(cfg: AlertingConfig, ev: Event, code: str) -> Route:
    for rcv in cfg.routing.receivers(event_labels(ev)):
        if rcv.department == code:
            return rcv.route
    return cfg.routing.root  # escalated to, or no longer matching: the tree's defaults


def event_facts(session: Session, ev: Event) -> EventFacts:
    """The facts a message states, read from the event and its first articles."""
    rows = session.execute(
        select(Article.title, Article.url, Source.name).outerjoin(Source, Article.source_id == Source.id)
        .where(Article.event_id == ev.id).order_by(Article.published_at, Article.id).limit(5)).all()
    links = [ArticleLink(t, u, s or (urlsplit(u).hostname or "")) for t, u, s in rows]
    return EventFacts(ev.id, ev.title, ev.label, ev.district, ev.severity, list(ev.enterprises or []),
                      ev.article_count, ev.source_count, ev.first_seen, ev.last_seen, links,
                      growth_24h=event_growth(session, ev))


def delivery_key(al: Alert, dept: Department, kind: str, generation: str, channel: str, recipient: str) -> str:
    """The idempotency key of one message: event, department, kind and generation, channel, recipient.

    Derived from what is being said, never from the clock: two planners that decide the same message
    write the same key, so the second row is not inserted and a receiver can drop a repeat send."""
    rhash = hashlib.sha256(recipient.encode()).hexdigest()[:16]
    return f"tw-e{al.event_id}-d{dept.id}-{kind}-{generation}-{channel}-{rhash}"[:128]


def _insert_ignoring_duplicates(session: Session, rows: list[dict]) -> int:
    """INSERT the delivery rows; one whose idempotency key exists is skipped. Returns how many went in."""
    if not rows:
        return 0
    session.flush()
    dialect = locks.dialect_of(session)
    if dialect in ("postgresql", "sqlite"):
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        n = 0
        for row in rows:  # one by one: rowcount of a multi-row ON CONFLICT insert is not portable
            res = session.execute(insert(Delivery).values(**row)
                                  .on_conflict_do_nothing(index_elements=["idempotency_key"]))
            n += res.rowcount or 0
        return n
    have = set(session.scalars(select(Delivery.idempotency_key)
                               .where(Delivery.idempotency_key.in_([r["idempotency_key"] for r in rows]))))
    fresh = [r for r in rows if r["idempotency_key"] not in have]
    session.add_all(Delivery(**r) for r in fresh)
    return len(fresh)


def enqueue_deliveries(session: Session, cfg: AlertingConfig, al: Alert, dept: Department, kind: str, subject: str,
                       body: str, now: dt.datetime, generation: str | int = 0) -> int:
    """One outbox row per (alert, channel, recipient, notification); the key makes a re-plan a no-op.

    `generation` tells apart the notifications of one kind to one alert (a repeat: the article count
    it reports); returns how many rows were new."""
    rows = []
    for channel in cfg.channels:
        for recipient in (dept.contacts or {}).get(channel, []):
            rows.append(dict(alert_id=al.id, channel=channel, recipient=recipient,
                             idempotency_key=delivery_key(al, dept, kind, str(generation), channel, recipient),
                             kind=kind, state="pending", attempts=0, next_attempt_at=now, subject=subject[:500],
                             body=body, created_at=now))
    n = _insert_ignoring_duplicates(session, rows)
    if not rows:
        audit(session, ACTOR, "alert.no-contacts", "alert", al.id, now, department=dept.code,
              channels=list(cfg.channels))
    return n


def _notify(session, cfg: AlertingConfig, al: Alert, ev: Event, kind: str, now, route: Route,
            escalated_from: str | None = None, generation: str | int = 0) -> int:
    dept = al.department
    nxt = cfg.routing.next_level(dept.code)
    next_name = cfg.departments[nxt].name if nxt and nxt in cfg.departments else None
    if al.state in ("pending", "sent"):  # an acknowledged alert has nothing left to escalate
        al.ack_deadline = now + route.ack_timeout
    subject, body = render(cfg, event_facts(session, ev), al.id, dept.id, dept.name, kind, al.ack_deadline,
                           next_name, new_articles=ev.article_count - al.notified_article_count,
                           escalated_from=escalated_from)
    n = enqueue_deliveries(session, cfg, al, dept, kind, subject, body, now, generation)
    al.last_notified_at, al.notified_article_count = now, ev.article_count
    audit(session, ACTOR, f"alert.notify.{kind}", "alert", al.id, now, deliveries=n, articles=ev.article_count)
    return n


def plan_notifications(session: Session, cfg: AlertingConfig, now: dt.datetime) -> dict[str, int]:
    """First notifications once their group has waited group_wait (a group = one department and group_key;
    several events of one group go out as one message); repeats of grown events (also to acknowledged
    alerts, so they learn of the spread) after repeat_interval; silences hold all of them."""
    locks.serialize(session, locks.PLAN)  # one planner at a time decides what is due
    silences = active_silences(session, now)
    counts = {"notified": 0, "repeated": 0, "silenced": 0, "waiting": 0, "deliveries": 0}
    # Each alert is planned under its row lock, read afresh: a web request holding one (an
    # acknowledgement) makes this pass skip it, the next pass sees the outcome.
    q = (select(Alert).join(Event, Alert.event_id == Event.id)
         .where(Alert.state.in_(("pending", "sent", "acknowledged")), Event.state.in_(OPEN_EVENT_STATES))
         .order_by(Alert.id).with_for_update(of=Alert, skip_locked=True)
         .execution_options(populate_existing=True))
    groups: dict[tuple, list[tuple[Alert, Route]]] = {}
    for al in session.scalars(q):
        ev = al.event
        route = _route_for(cfg, ev, al.department.code)
        first = al.last_notified_at is None
        if first and al.state == "acknowledged":
            continue  # acknowledged in the web app before any message went out
        grown = ev.article_count > al.notified_article_count
        if not first and not (al.state != "pending" and grown and now >= al.last_notified_at + route.repeat_interval):
            continue
        if silenced_by(silences, dict(event_labels(ev), department=al.department.code)) is not None:
            counts["silenced"] += 1
            continue
        if first:
            groups.setdefault((al.department_id, al.group_key or f"alert-{al.id}"), []).append((al, route))
            continue
        counts["deliveries"] += _notify(session, cfg, al, ev, "repeat", now, route,
                                        generation=ev.article_count)
        counts["repeated"] += 1
    for members in groups.values():
        # Alertmanager's group_wait: the group goes out group_wait after its first alert appeared.
        if now < min(al.created_at + route.group_wait for al, route in members):
            counts["waiting"] += len(members)
            continue
        if len(members) == 1:
            al, route = members[0]
            counts["deliveries"] += _notify(session, cfg, al, al.event, "notify", now, route)
        else:
            counts["deliveries"] += _notify_group(session, cfg, members, now)
        counts["notified"] += len(members)
    return counts


def _notify_group(session, cfg: AlertingConfig, members: list[tuple[Alert, Route]], now) -> int:
    """One message for several alerts of one department; its deliveries hang on the first alert."""
    leader, route = members[0]
    dept = leader.department
    nxt = cfg.routing.next_level(dept.code)
    next_name = cfg.departments[nxt].name if nxt and nxt in cfg.departments else None
    deadline = now + route.ack_timeout
    items = []
    for al, _ in members:
        al.ack_deadline, al.last_notified_at, al.notified_article_count = deadline, now, al.event.article_count
        items.append((event_facts(session, al.event), al.id))
    subject, body = render_group(cfg, items, dept.id, dept.name, deadline, next_name)
    n = enqueue_deliveries(session, cfg, leader, dept, "notify", subject, body, now)
    for al, _ in members:
        audit(session, ACTOR, "alert.notify.notify", "alert", al.id, now, deliveries=n if al is leader else 0,
              grouped_with=leader.id, group=leader.group_key)
    return n


def check_escalations_in(session: Session, cfg: AlertingConfig, now: dt.datetime) -> int:
    """Escalate notified alerts not acknowledged by their deadline to the next level of the routing."""
    locks.serialize(session, locks.PLAN)
    silences = active_silences(session, now)
    depts = {d.code: d for d in session.scalars(select(Department))}
    q = (select(Alert).join(Event, Alert.event_id == Event.id)
         .where(Alert.state.in_(("pending", "sent")), Alert.ack_deadline.is_not(None), Alert.ack_deadline <= now,
                Alert.last_notified_at.is_not(None), Event.state.in_(OPEN_EVENT_STATES)).order_by(Alert.id)
         .with_for_update(of=Alert, skip_locked=True).execution_options(populate_existing=True))
    escalated = 0
    for al in list(session.scalars(q)):
        ev, code = al.event, al.department.code
        nxt = depts.get(cfg.routing.next_level(code) or "")
        if nxt is None:  # top of the ladder: keep reminding the same department, once per deadline
            audit(session, ACTOR, "alert.overdue", "alert", al.id, now, department=code)
            al.ack_deadline = None
            continue
        if silenced_by(silences, dict(event_labels(ev), department=nxt.code)):
            continue  # held like any other message; retried on the next check
        target = session.scalar(select(Alert).where(Alert.event_id == ev.id, Alert.department_id == nxt.id))
        al.ack_deadline = None
        audit(session, ACTOR, "alert.escalate", "alert", al.id, now, department=code, to=nxt.code)
        escalated += 1
        if target is None:
            target = Alert(event_id=ev.id, department_id=nxt.id, state="pending", route=f"escalation:{code}",
                           group_key=f"{nxt.code}:{ev.id}", escalation_level=al.escalation_level + 1, created_at=now)
            session.add(target)
            session.flush()
            audit(session, ACTOR, "alert.create", "alert", target.id, now, event=ev.id, department=nxt.code,
                  escalated_from=code)
        elif target.state in ("acknowledged", "resolved"):
            continue  # the next level already owns it
        else:
            target.escalation_level = max(target.escalation_level, al.escalation_level + 1)
        # One escalation per notification of the overdue alert (its department and article count).
        _notify(session, cfg, target, ev, "escalation", now, _route_for(cfg, ev, nxt.code),
                escalated_from=al.department.name,
                generation=f"d{al.department_id}.{al.notified_article_count}")
    return escalated


def notify_now(session: Session, cfg: AlertingConfig, event_ids: list[int],
               now: dt.datetime | None = None) -> dict[str, int]:
    """Route the given events and plan what is due (used right after a review decision)."""
    now = now or utcnow()
    events = list(session.scalars(select(Event).where(Event.id.in_(event_ids))))
    created = ensure_alerts(session, cfg, events, now)
    session.flush()
    return dict(plan_notifications(session, cfg, now), alerts_created=created)


def notify_withdrawal(session: Session, cfg: AlertingConfig, ev: Event, reason: str | None,
                      now: dt.datetime | None = None) -> int:
    """Tell every department already notified of `ev` that review found it a false alarm."""
    now = now or utcnow()
    locks.serialize(session, locks.PLAN)
    n = 0
    told = select(Delivery.alert_id).where(Delivery.state == "sent")  # only those who really got a message
    for al in session.scalars(select(Alert).where(Alert.event_id == ev.id, Alert.id.in_(told))):
        subject, body = render_withdrawal(cfg, ev, al.department.name, reason)
        n += enqueue_deliveries(session, cfg, al, al.department, "withdrawal", subject, body, now,
                                generation=al.notified_article_count)
        audit(session, ACTOR, "alert.notify.withdrawal", "alert", al.id, now, deliveries=n)
    return n


def check_escalations(db, cfg: AlertingConfig, now: dt.datetime | None = None) -> int:
    """Escalate overdue alerts (what the scheduler calls); returns how many were escalated."""
    now = now or utcnow()
    with db.session() as s:
        return check_escalations_in(s, cfg, now)


