"""Read-only queries behind the pages and the API: queue, event, inbox, sources, audit."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from classifier.entities import tidy_names
from classifier.stopwords import is_content_word
from store.models import Alert, Article, AuditEntry, CrawlRun, Event, ReviewDecision, Source, User, utcnow
from vocabulary import (AWAITING_ACK_ALERT_STATES, OPEN_ALERT_STATES, REVIEW_QUEUE_STATES, AlertState, CrawlRunState,
                        EventState, Label, Severity)

# Code -> Chinese name tables for templates and exports, all read from the one vocabulary.
SEVERITY_RANK = Severity.ranks()
LABEL_NAMES = Label.names()
EVENT_STATES = EventState.names()
ALERT_STATES = AlertState.names()
SEVERITY_NAMES = Severity.names()


def _severity_order():
    return case(*[(Event.severity == k, v) for k, v in SEVERITY_RANK.items()], else_=0)


def review_queue(session, label: str | None = None, district: str | None = None,
                 page: int = 1, size: int = 50) -> tuple[list[Event], int]:
    """Events awaiting review, most severe and most widespread first, with the total count."""
    stmt = select(Event).where(Event.state.in_(REVIEW_QUEUE_STATES))
    if label:
        stmt = stmt.where(Event.label == label)
    if district:
        stmt = stmt.where(Event.district == district)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    stmt = stmt.order_by(_severity_order().desc(), Event.source_count.desc(), Event.article_count.desc(),
                         Event.last_seen.desc()).offset((page - 1) * size).limit(size)
    return list(session.scalars(stmt)), total


SYSTEM_ACTORS = {"system": "系统", "sample": "样例数据", "scheduler": "调度器", "cli": "命令行"}


def actor_names(session, actors) -> dict[str, str]:
    """Login name -> display name for the actors of records (系统 for the system, 签收链接 for ack links)."""
    wanted = {a for a in actors if a}
    names = {a: SYSTEM_ACTORS[a] for a in wanted if a in SYSTEM_ACTORS}
    for a in wanted:
        if a.startswith("ack-link"):
            names[a] = "签收链接"
    rest = [a for a in wanted if a not in names]
    if rest:
        for username, display in session.execute(select(User.username, User.display_name)
                                                 .where(User.username.in_(rest[:500]))):
            names[username] = display or username
    return names


def dispatched_before_review(session, event_ids: list[int]) -> set[int]:
    """Which of these events already have alerts (sent before review: severity at or above the auto-dispatch level)."""
    if not event_ids:
        return set()
    return set(session.scalars(select(Alert.event_id).where(Alert.event_id.in_(event_ids)).distinct()))


def event_detail(session, event_id: int) -> dict | None:
    """An event with its articles grouped by source on a timeline, entities, terms, alerts and audit trail."""
    event = session.get(Event, event_id)
    if event is None:
        return None
    articles = list(session.scalars(
        select(Article).options(selectinload(Article.source)).where(Article.event_id == event_id)
        .order_by(func.coalesce(Article.published_at, Article.fetched_at)).limit(500)))
    by_source: OrderedDict[str, list[Article]] = OrderedDict()
    terms: dict[str, int] = {}
    enterprises: dict[str, int] = {}
    for a in articles:
        by_source.setdefault(a.source.name if a.source else "未知来源", []).append(a)
        for t in a.terms or ():
            word = t[0] if isinstance(t, (list, tuple)) else (t.get("term") if isinstance(t, dict) else t)
            if word and is_content_word(str(word)):  # older verdicts kept stopwords
                terms[str(word)] = terms.get(str(word), 0) + 1
        for e in a.enterprises or ():
            name = e.get("name") if isinstance(e, dict) else e
            if name:
                enterprises[str(name)] = enterprises.get(str(name), 0) + 1
    for e in event.enterprises or ():
        name = e.get("name") if isinstance(e, dict) else e
        if name:
            enterprises.setdefault(str(name), 0)
    alerts = list(session.scalars(select(Alert).options(selectinload(Alert.department))
                                  .where(Alert.event_id == event_id).order_by(Alert.id)))
    alert_ids = [a.id for a in alerts]
    audit_filter = (AuditEntry.entity_type == "event") & (AuditEntry.entity_id == event_id)
    if alert_ids:
        audit_filter = or_(audit_filter, (AuditEntry.entity_type == "alert") & AuditEntry.entity_id.in_(alert_ids))
    audit = list(session.scalars(select(AuditEntry).where(audit_filter).order_by(AuditEntry.at.desc()).limit(200)))
    decisions = list(session.scalars(select(ReviewDecision).where(ReviewDecision.event_id == event_id)
                                     .order_by(ReviewDecision.created_at.desc())))
    return {
        "event": event, "articles": articles, "by_source": by_source,
        "terms": sorted(terms, key=lambda t: -terms[t])[:50],
        "enterprises": tidy_names(sorted(enterprises, key=lambda e: -enterprises[e]))[:50],
        "alerts": alerts, "audit": audit, "decisions": decisions,
        "actor_names": actor_names(session, [x.actor for x in audit] + [d.actor for d in decisions]),
    }


def alert_visible_to_department(alert: Alert) -> bool:
    """Alerts awaiting the reviewer's confirmation stay out of the regulator's inbox."""
    return alert.state != AlertState.PENDING or alert.event.state == EventState.CONFIRMED


def inbox(session, department_id: int | None, show: str = "open", now: dt.datetime | None = None) -> list[dict]:
    """A department's alerts (all departments for an admin), open ones first, overdue flagged."""
    now = now or utcnow()
    stmt = select(Alert).options(selectinload(Alert.event), selectinload(Alert.department))
    if department_id is not None:
        stmt = stmt.where(Alert.department_id == department_id)
    if show == "open":
        stmt = stmt.where(Alert.state.in_(OPEN_ALERT_STATES))
    elif show == "resolved":
        stmt = stmt.where(Alert.state == AlertState.RESOLVED)
    stmt = stmt.order_by(Alert.created_at.desc()).limit(500)
    rows = []
    for alert in session.scalars(stmt):
        if not alert_visible_to_department(alert):
            continue
        rows.append({"alert": alert, "overdue": is_overdue(alert, now)})
    rows.sort(key=lambda r: (not r["overdue"], r["alert"].state == AlertState.RESOLVED,
                             -SEVERITY_RANK.get(r["alert"].event.severity, 0)))
    return rows


def is_overdue(alert: Alert, now: dt.datetime | None = None) -> bool:
    """An alert past its acknowledgement deadline and not yet acknowledged."""
    now = now or utcnow()
    return alert.state in AWAITING_ACK_ALERT_STATES and alert.ack_deadline is not None and alert.ack_deadline < now


def sources_health(session, runs_per_source: int = 20) -> list[dict]:
    """Per source: last success, recent runs with items and errors, and the latest flags."""
    out = []
    for src in session.scalars(select(Source).order_by(Source.name)):
        runs = list(session.scalars(select(CrawlRun).where(CrawlRun.source_id == src.id)
                                    .order_by(CrawlRun.started_at.desc()).limit(runs_per_source)))
        errors = sum(sum(int(v) for v in (r.errors or {}).values() if str(v).isdigit()) for r in runs)
        last = runs[0] if runs else None
        status = "ok"
        if not runs:
            status = "never"
        elif last.status == CrawlRunState.FAILED or (last.flags or []):
            status = "warn"
        if runs and all(r.status == CrawlRunState.FAILED for r in runs[:3]):
            status = "bad"
        out.append({"source": src, "runs": list(reversed(runs)), "last": last, "errors": errors,
                    "status": status, "items": [r.articles for r in reversed(runs)]})
    return out


def audit_log(session, actor: str | None = None, entity_type: str | None = None,
              page: int = 1, size: int = 100) -> tuple[list[AuditEntry], int]:
    """Audit entries, newest first, optionally filtered."""
    stmt = select(AuditEntry)
    if actor:
        stmt = stmt.where(AuditEntry.actor == actor)
    if entity_type:
        stmt = stmt.where(AuditEntry.entity_type == entity_type)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    stmt = stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset((page - 1) * size).limit(size)
    return list(session.scalars(stmt)), total
