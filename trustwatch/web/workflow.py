"""Review and alert actions for the web app: checks the forms need, then the alerts package's workflow.

Errors come back as WorkflowError with a message fit to show the user (in Chinese).
"""

from __future__ import annotations

from sqlalchemy import select

from alerts import workflow as alerts_workflow
from store.models import Alert, Event
from vocabulary import EVENT_LABELS, ReviewAction

LABELS = tuple(label.value for label in EVENT_LABELS)
REVIEW_ACTIONS = tuple(a.value for a in ReviewAction)
DISPOSAL_LIMIT = 4000
REASON_LIMIT = 2000


class WorkflowError(ValueError):
    """An action that is not allowed in the current state; the message is shown to the user."""


def _translate(exc: alerts_workflow.WorkflowError) -> WorkflowError:
    if isinstance(exc, alerts_workflow.NotFound):
        return WorkflowError(f"对象不存在：{exc}")
    return WorkflowError(f"操作未执行：{exc}")


def review_event(db, event_id: int, actor: str, action: str, label: str | None = None,
                 reason: str | None = None, merge_into: int | None = None, settings=None):
    """Confirm, dismiss (with a reason), relabel or merge an event; with settings a confirmed one is routed."""
    if action not in REVIEW_ACTIONS:
        raise WorkflowError(f"未知操作：{action}")
    reason = (reason or "").strip()[:REASON_LIMIT] or None
    if action == "dismiss" and not reason:
        raise WorkflowError("驳回时必须填写理由")
    if action == "relabel" and label not in LABELS:
        raise WorkflowError("请选择新的类别")
    if action == "merge" and not merge_into:
        raise WorkflowError("请填写要合并到的事件编号")
    try:
        from trustwatch.configs import alerting_config

        return alerts_workflow.review_event(db, event_id, actor, action, label=label, reason=reason,
                                            merge_into=merge_into,
                                            config=alerting_config(settings) if settings is not None else None)
    except alerts_workflow.WorkflowError as exc:
        raise _translate(exc) from exc
    except LookupError as exc:  # routing names a department missing from the database
        raise WorkflowError(f"路由配置有误：{exc}") from exc


def acknowledge_alert(db, alert_id: int, actor: str):
    """Record that the department has taken the alert in hand."""
    try:
        return alerts_workflow.acknowledge_alert(db, alert_id, actor)
    except alerts_workflow.WorkflowError as exc:
        raise _translate(exc) from exc


def resolve_alert(db, alert_id: int, actor: str, disposal: str):
    """Close the alert with the department's disposal (处置结果)."""
    disposal = (disposal or "").strip()[:DISPOSAL_LIMIT]
    if not disposal:
        raise WorkflowError("办结时必须填写处置结果")
    try:
        return alerts_workflow.resolve_alert(db, alert_id, actor, disposal)
    except alerts_workflow.WorkflowError as exc:
        raise _translate(exc) from exc


def routing_preview(db, settings, event_id: int) -> list[dict]:
    """Where routing sends the event ({department, code, route, existing_state}); problems shown, not raised."""
    from alerts.notifications import event_labels
    from trustwatch.configs import alerting_config

    receivers: list[dict] = []
    with db.session() as s:
        event = s.get(Event, event_id)
        existing = {a.department.code: a for a in s.scalars(select(Alert).where(Alert.event_id == event_id))}
        names = {code: a.department.name for code, a in existing.items()}
        planned: list[tuple[str, str]] = []
        try:
            cfg = alerting_config(settings)
            planned = [(r.department, r.route.name) for r in cfg.routing.receivers(event_labels(event))]
            names.update({code: spec.name for code, spec in cfg.departments.items()})
        except Exception as exc:  # a broken routing file must not hide the event page; say so on it
            receivers.append({"department": "（路由预览失败）", "route": str(exc)[:200]})
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


def notification_preview(db, settings, event_id: int, receivers: list[dict]) -> tuple[str, str] | None:
    """(subject, body) the first receiving department would get, without its acknowledgement link."""
    from alerts.messages import render
    from alerts.notifications import event_facts
    from trustwatch.configs import alerting_config

    target = next((r for r in receivers if r.get("code")), None)
    if target is None:
        return None
    with db.session() as s:
        event = s.get(Event, event_id)
        subject, body = render(alerting_config(settings), event_facts(s, event), 0, 0, target["department"], "notify", None, None)
    # The preview must not carry a usable acknowledgement link: drop that line.
    body = "\n".join(line for line in body.splitlines() if not line.startswith("确认收到"))
    return subject, body
