"""Event review and alert lifecycle: every transition checked, audited, and (for reviews) kept as a label.

Events:  new -> in_review -> confirmed | dismissed | merged  (a decision may be revised).
Alerts:  pending -> sent -> acknowledged -> resolved (with the disposal, 处置结果).
The states, labels and their Chinese names are `vocabulary.EventState`, `AlertState` and `Label`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from alerts.events import refresh_event_stats
from store.audit import audit
from store.models import Alert, Article, Delivery, Event, ReviewDecision, utcnow
from store.outbox import enqueue
from vocabulary import AlertState, DeliveryState, EventState, Label, ReviewAction

EVENT_STATES = tuple(EventState)
ALERT_STATES = tuple(AlertState)
REVIEW_ACTIONS = tuple(ReviewAction)
LABELS = tuple(Label)
_NEW, _IN_REVIEW, _CONFIRMED, _DISMISSED = EventState.NEW, EventState.IN_REVIEW, EventState.CONFIRMED, EventState.DISMISSED
_ALLOWED_FROM = {
    ReviewAction.START: (_NEW,),
    ReviewAction.CONFIRM: (_NEW, _IN_REVIEW, _DISMISSED),
    ReviewAction.DISMISS: (_NEW, _IN_REVIEW, _CONFIRMED),
    ReviewAction.RELABEL: (_NEW, _IN_REVIEW, _CONFIRMED, _DISMISSED),
    ReviewAction.MERGE: (_NEW, _IN_REVIEW, _CONFIRMED, _DISMISSED),
}
MAX_TEXT = 5000


class WorkflowError(ValueError):
    """A transition that is not allowed from the current state, or a missing argument."""


class NotFound(WorkflowError):
    """No such event or alert."""


def _get(session: Session, model, ident: int):
    row = session.get(model, ident)
    if row is None:
        raise NotFound(f"no {model.__name__.lower()} with id {ident}")
    return row


def review_event(db, event_id: int, actor: str, action: str, label: str | None = None, reason: str | None = None,
                 merge_into: int | None = None, now: dt.datetime | None = None, config=None) -> Event:
    """Apply a reviewer's decision; with `config` (the AlertingConfig), a confirmed event is routed and
    notified at once, and the departments already told of a dismissed event are told it is withdrawn."""
    with db.session() as s:
        before = _get(s, Event, event_id).state
        ev = review_event_in(s, event_id, actor, action, label, reason, merge_into, now)
        if config is not None and ev.state == EventState.CONFIRMED:
            from alerts.notifications import notify_now

            notify_now(s, config, [ev.id], now=now)
        elif config is not None and ev.state == EventState.DISMISSED and before != EventState.DISMISSED:
            from alerts.notifications import notify_withdrawal

            notify_withdrawal(s, config, ev, reason, now=now)
        return ev


def review_event_in(session: Session, event_id: int, actor: str, action: str, label: str | None = None,
                    reason: str | None = None, merge_into: int | None = None,
                    now: dt.datetime | None = None) -> Event:
    """review_event inside the caller's transaction."""
    now = now or utcnow()
    if action not in REVIEW_ACTIONS:
        raise WorkflowError(f"unknown review action '{action}'; expected one of {', '.join(REVIEW_ACTIONS)}")
    ev = _get(session, Event, event_id)
    if ev.state not in _ALLOWED_FROM[action]:
        raise WorkflowError(f"cannot {action} event #{ev.id} in state '{ev.state}'")
    reason = (reason or "")[:MAX_TEXT] or None
    before = ev.state
    if action == ReviewAction.START:
        ev.state = EventState.IN_REVIEW
    elif action == ReviewAction.CONFIRM:
        ev.state = EventState.CONFIRMED
        _decision(session, ev, "confirm", ev.label, reason, actor, now)
    elif action == ReviewAction.DISMISS:
        ev.state = EventState.DISMISSED
        _decision(session, ev, "dismiss", Label.NONE, reason, actor, now)
        _withdraw_alerts(session, ev, actor, now, "审核认定为误报，已撤销")
    elif action == ReviewAction.RELABEL:
        if label not in LABELS:
            raise WorkflowError(f"relabel needs a label; expected one of {', '.join(LABELS)}")
        old = ev.label
        _decision(session, ev, "relabel", label, reason, actor, now)
        if label == Label.NONE:
            ev.state = EventState.DISMISSED
            _withdraw_alerts(session, ev, actor, now, "审核认定为非失信事件，已撤销")
        else:
            ev.label, ev.state = label, EventState.CONFIRMED
        audit(session, actor, "event.relabel", "event", ev.id, now, old=old, new=label)
    elif action == ReviewAction.MERGE:
        target = _merge(session, ev, merge_into, actor, now)
        _decision(session, ev, "merge", target.label, reason, actor, now)
    ev.updated_at = now
    enqueue(session, "event", ev.id)
    audit(session, actor, f"event.{action}", "event", ev.id, now, before=before, after=ev.state, reason=reason)
    return ev


def _decision(session, ev: Event, action: str, label: str, reason, actor: str, now) -> None:
    # The decision is a labelled example: the classifier's training reads these rows.
    session.add(ReviewDecision(event_id=ev.id, action=action, label=label, reason=reason, actor=actor, created_at=now))


def _merge(session: Session, ev: Event, merge_into: int | None, actor: str, now) -> Event:
    if merge_into is None or merge_into == ev.id:
        raise WorkflowError("merge needs merge_into: the id of another event")
    target = _get(session, Event, merge_into)
    if target.state == EventState.MERGED:
        raise WorkflowError(f"event #{target.id} is itself merged into #{target.merged_into_id}; merge into that one")
    moved = list(session.scalars(select(Article.id).where(Article.event_id == ev.id)))
    session.execute(update(Article).where(Article.event_id == ev.id).values(event_id=target.id))
    for aid in moved:
        enqueue(session, "article", aid)
    ev.state, ev.merged_into_id = EventState.MERGED, target.id
    session.flush()
    refresh_event_stats(session, target)
    target.enterprises = list(dict.fromkeys(list(target.enterprises or []) + list(ev.enterprises or [])))[:20]
    enqueue(session, "event", target.id)
    _withdraw_alerts(session, ev, actor, now, f"{EventState.MERGED.display}至事件 #{target.id}", only_unsent=True)
    return target


def _withdraw_alerts(session: Session, ev: Event, actor: str, now, disposal: str, only_unsent: bool = False) -> None:
    """Cancel unsent deliveries and close the event's open alerts."""
    alerts = list(session.scalars(select(Alert).where(Alert.event_id == ev.id)))
    for al in alerts:
        n = session.execute(update(Delivery).where(Delivery.alert_id == al.id, Delivery.state == DeliveryState.PENDING)
                            .values(state=DeliveryState.CANCELLED, claimed_until=None)).rowcount
        if al.state in (AlertState.PENDING, AlertState.SENT) and not (only_unsent and al.state == AlertState.SENT):
            _set_alert_state(session, al, AlertState.RESOLVED, actor, now, disposal=disposal, cancelled_deliveries=n)
            al.resolved_at, al.resolved_by, al.disposal, al.ack_deadline = now, actor, disposal, None


def _set_alert_state(session: Session, al: Alert, state: str, actor: str, now, **details) -> None:
    before = al.state
    al.state = state
    audit(session, actor, f"alert.{state}", "alert", al.id, now, before=before, after=state, **details)


def acknowledge_alert(db, alert_id: int, actor: str, now: dt.datetime | None = None) -> Alert:
    """The department confirms it has received the alert (idempotent)."""
    now = now or utcnow()
    with db.session() as s:
        al = _get(s, Alert, alert_id)
        if al.state == AlertState.ACKNOWLEDGED:
            return al
        if al.state == AlertState.RESOLVED:
            raise WorkflowError(f"alert #{al.id} is already resolved")
        al.acknowledged_at, al.acknowledged_by, al.ack_deadline = now, actor, None
        _set_alert_state(s, al, AlertState.ACKNOWLEDGED, actor, now)
        return al


def resolve_alert(db, alert_id: int, actor: str, disposal: str, now: dt.datetime | None = None) -> Alert:
    """Close an alert with the department's disposal (处置结果); acknowledges it first if needed."""
    now = now or utcnow()
    disposal = (disposal or "").strip()
    if not disposal:
        raise WorkflowError("resolving needs the disposal (处置结果)")
    with db.session() as s:
        al = _get(s, Alert, alert_id)
        if al.state == AlertState.RESOLVED:
            raise WorkflowError(f"alert #{al.id} is already resolved")
        if al.state != AlertState.ACKNOWLEDGED:
            al.acknowledged_at, al.acknowledged_by = now, actor
            _set_alert_state(s, al, AlertState.ACKNOWLEDGED, actor, now, implicit=True)
        al.resolved_at, al.resolved_by, al.disposal, al.ack_deadline = now, actor, disposal[:MAX_TEXT], None
        _set_alert_state(s, al, AlertState.RESOLVED, actor, now, disposal=disposal[:MAX_TEXT])
        return al


def acknowledge_by_token(db, links, token: str, actor: str | None = None, now: dt.datetime | None = None) -> Alert:
    """Acknowledge through a notification's signed link; raises AckTokenError for a bad or expired link."""
    from alerts.ack_tokens import verify_ack_token

    alert_id, department_id = verify_ack_token(links, token, now)
    with db.session() as s:
        al = _get(s, Alert, alert_id)
        if al.department_id != department_id:
            raise WorkflowError("确认链接与告警不符")
    return acknowledge_alert(db, alert_id, actor or f"ack-link:department-{department_id}", now)


def check_escalations(db, config, now: dt.datetime | None = None) -> int:
    """Escalate alerts not acknowledged by their deadline to the next level (`config`: the
    AlertingConfig); returns how many."""
    from alerts.notifications import check_escalations as run

    return run(db, config, now)
