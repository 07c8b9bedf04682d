"""Review and alert actions: the alerts package's workflow when present, else a thin local adapter.

The adapter keeps the same signatures as `alerts.workflow` so the web app switches over by import.
"""

from __future__ import annotations

import importlib
import inspect

from sqlalchemy import select

from store.models import Alert, AuditEntry, Event, IndexOutbox, ReviewDecision, utcnow

LABELS = ("food", "medical", "safety")
REVIEW_ACTIONS = ("confirm", "dismiss", "relabel", "merge")
DISPOSAL_LIMIT = 4000
REASON_LIMIT = 2000


class WorkflowError(ValueError):
    """An action that is not allowed in the current state; the message is shown to the user."""


def _alerts_workflow():
    try:
        return importlib.import_module("alerts.workflow")
    except ModuleNotFoundError as exc:
        if exc.name in ("alerts", "alerts.workflow"):
            return None
        raise


def _call(name: str, *args, **kwargs):
    module = _alerts_workflow()
    fn = getattr(module, name, None) if module else None
    if fn is None:
        return None, False
    accepted = inspect.signature(fn).parameters
    kwargs = {k: v for k, v in kwargs.items() if k in accepted}
    try:
        return fn(*args, **kwargs), True
    except (ValueError, LookupError, PermissionError) as exc:  # their errors are user-facing too
        raise WorkflowError(f"操作未执行：{exc}") from exc


def _enqueue(session, doc_type: str, doc_id: int) -> None:
    try:
        from store.outbox import enqueue
    except ImportError:
        session.add(IndexOutbox(doc_type=doc_type, doc_id=doc_id))
        return
    enqueue(session, doc_type, doc_id)


def review_event(db, event_id: int, actor: str, action: str, label: str | None = None,
                 reason: str | None = None, merge_into: int | None = None, settings=None):
    """Confirm, dismiss (with a reason), relabel or merge an event; with settings a confirmed one is routed."""
    if action not in REVIEW_ACTIONS:
        raise WorkflowError(f"未知操作：{action}")
    if action == "dismiss" and not (reason or "").strip():
        raise WorkflowError("驳回时必须填写理由")
    if action == "relabel" and label not in LABELS:
        raise WorkflowError("请选择新的类别")
    if action == "merge" and not merge_into:
        raise WorkflowError("请填写要合并到的事件编号")
    reason = (reason or "").strip()[:REASON_LIMIT] or None
    result, done = _call("review_event", db, event_id, actor, action, label=label, reason=reason,
                         merge_into=merge_into, settings=settings)
    if done:
        return result
    with db.session() as s:
        event = s.get(Event, event_id)
        if event is None:
            raise WorkflowError(f"事件 {event_id} 不存在")
        if event.state not in ("new", "in_review"):
            raise WorkflowError(f"事件当前状态为 {event.state}，不能再审核")
        implied = event.label
        details = {"from_state": event.state}
        if action == "confirm":
            event.state = "confirmed"
        elif action == "dismiss":
            event.state = "dismissed"
            implied = "none"
        elif action == "relabel":
            details["from_label"] = event.label
            event.label = implied = label
        else:
            target = s.get(Event, merge_into)
            if target is None or target.id == event.id:
                raise WorkflowError("合并目标事件不存在")
            event.state = "merged"
            event.merged_into_id = target.id
            details["merge_into"] = target.id
        s.add(ReviewDecision(event_id=event.id, action=action, label=implied, reason=reason, actor=actor))
        s.add(AuditEntry(actor=actor, action=f"event.{action}", entity_type="event", entity_id=event.id,
                         details={**details, "reason": reason, "label": implied}))
        _enqueue(s, "event", event.id)
        return event


def _alert_for_update(s, alert_id: int) -> Alert:
    alert = s.get(Alert, alert_id)
    if alert is None:
        raise WorkflowError(f"预警 {alert_id} 不存在")
    return alert


def acknowledge_alert(db, alert_id: int, actor: str):
    """Record that the department has taken the alert in hand."""
    result, done = _call("acknowledge_alert", db, alert_id, actor)
    if done:
        return result
    with db.session() as s:
        alert = _alert_for_update(s, alert_id)
        if alert.state not in ("pending", "sent"):
            raise WorkflowError("该预警已签收或已办结")
        alert.state = "acknowledged"
        alert.acknowledged_at = utcnow()
        alert.acknowledged_by = actor
        s.add(AuditEntry(actor=actor, action="alert.acknowledge", entity_type="alert", entity_id=alert.id,
                         details={"event_id": alert.event_id}))
        return alert


def resolve_alert(db, alert_id: int, actor: str, disposal: str):
    """Close the alert with the department's disposal (处置结果)."""
    disposal = (disposal or "").strip()[:DISPOSAL_LIMIT]
    if not disposal:
        raise WorkflowError("办结时必须填写处置结果")
    result, done = _call("resolve_alert", db, alert_id, actor, disposal)
    if done:
        return result
    with db.session() as s:
        alert = _alert_for_update(s, alert_id)
        if alert.state == "resolved":
            raise WorkflowError("该预警已办结")
        if alert.state not in ("acknowledged", "pending", "sent"):
            raise WorkflowError(f"预警状态 {alert.state} 不能办结")
        if alert.acknowledged_at is None:
            alert.acknowledged_at = utcnow()
            alert.acknowledged_by = actor
        alert.state = "resolved"
        alert.resolved_at = utcnow()
        alert.resolved_by = actor
        alert.disposal = disposal
        s.add(AuditEntry(actor=actor, action="alert.resolve", entity_type="alert", entity_id=alert.id,
                         details={"event_id": alert.event_id, "disposal": disposal[:500]}))
        return alert


def routing_preview(db, settings, event_id: int) -> list[dict]:
    """Where routing sends the event ({department, code, route, existing_state}); problems shown, not raised."""
    receivers: list[dict] = []
    with db.session() as s:
        event = s.get(Event, event_id)
        existing = {a.department.code: a for a in s.scalars(select(Alert).where(Alert.event_id == event_id))}
        names = {code: a.department.name for code, a in existing.items()}
        try:
            from alerts.config import load_alerting_config
            from alerts.notifications import event_labels
        except ImportError:
            planned = []
        else:
            try:
                cfg = load_alerting_config(settings)
                planned = [(r.department, r.route.name) for r in cfg.routing.receivers(event_labels(event))]
                names.update({code: spec.name for code, spec in cfg.departments.items()})
            except Exception as exc:  # a broken routing file must not hide the event page
                receivers.append({"department": "（路由预览失败）", "route": str(exc)[:200]})
                planned = []
        seen = set()
        for code, route in planned:
            if code in seen:
                continue
            seen.add(code)
            alert = existing.get(code)
            receivers.append({"department": names.get(code, code), "code": code, "route": route,
                              "existing_state": alert.state if alert else None})
        for code, alert in existing.items():
            if code not in seen:
                receivers.append({"department": alert.department.name, "code": code, "route": alert.route,
                                  "existing_state": alert.state})
    return receivers
