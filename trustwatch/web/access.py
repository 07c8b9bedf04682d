"""Department isolation in one place: which events a user may open and what of them they may see.

Regulators see an event only through an alert of their own department, and then only their own
alerts and the audit entries about them; of the other departments handling the same event they
learn only the department's name (that it was sent there), never its state, disposal or actors.
Pages and the JSON API both build what they show from `event_view`.
"""

from __future__ import annotations

from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from store.models import Alert
from trustwatch.auth import SignedInUser
from trustwatch.web import queries
from trustwatch.web.security import Forbidden

# Roles of the propaganda office and the administrator: the whole event, every department.
FULL_VIEW_ROLES = ("admin", "reviewer", "analyst")


def load_alert_for(session, user: SignedInUser, alert_id: int) -> Alert:
    """The alert if `user` may see it: admins all, regulators only their department's (else Forbidden)."""
    alert = session.get(Alert, alert_id, options=[selectinload(Alert.event), selectinload(Alert.department)])
    if user.role != "admin":
        if alert is None or alert.department_id != user.department_id or \
                not queries.alert_visible_to_department(alert):
            # The same answer whether it exists or not: no probing of other departments' alerts.
            raise Forbidden("该预警不属于您所在部门")
    if alert is None:
        raise HTTPException(404, "预警不存在")
    return alert


def check_event_access(session, user: SignedInUser, event_id: int) -> None:
    """Forbidden unless `user` may open the event (regulators: through a visible alert of their own)."""
    if user.role in FULL_VIEW_ROLES:
        return
    if user.role == "regulator" and user.department_id is not None:
        alert = session.scalar(select(Alert).where(Alert.event_id == event_id,
                                                   Alert.department_id == user.department_id))
        if alert is not None and queries.alert_visible_to_department(alert):
            return
    # The same answer whether the event exists or not.
    raise Forbidden("该事件不属于您所在部门")


def restrict_detail(detail: dict, user: SignedInUser) -> dict:
    """`queries.event_detail` cut down to what `user` may see (a new dict; the input is not changed)."""
    if user.role in FULL_VIEW_ROLES:
        return {**detail, "other_departments": []}
    own = [a for a in detail["alerts"] if a.department_id == user.department_id
           and queries.alert_visible_to_department(a)]
    own_ids = {a.id for a in own}
    others = sorted({a.department.name for a in detail["alerts"]
                     if a.department_id != user.department_id and a.department is not None})
    audit = [x for x in detail["audit"]
             if x.entity_type == "event" or (x.entity_type == "alert" and x.entity_id in own_ids)]
    return {**detail, "alerts": own, "audit": audit, "other_departments": others}


def event_view(session, user: SignedInUser, event_id: int) -> dict | None:
    """The event as `user` may see it, or None when it does not exist (Forbidden when not theirs)."""
    check_event_access(session, user, event_id)
    detail = queries.event_detail(session, event_id)
    if detail is None:
        return None
    return restrict_detail(detail, user)
