"""The regulator's inbox: their department's alerts only; acknowledge, record the disposal, resolve."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import selectinload

from store.models import Alert
from trustwatch.auth import SignedInUser
from trustwatch.web import queries, workflow
from trustwatch.web.access import restrict_detail
from trustwatch.web.app import flash, render
from trustwatch.web.pages_events import event_timeline
from trustwatch.web.security import Id64, Forbidden, require_roles, verify_form_csrf

router = APIRouter(include_in_schema=False)
regulator = require_roles("regulator")


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


@router.get("/inbox")
def inbox_page(request: Request, show: str = "open", user: SignedInUser = Depends(regulator)):
    show = show if show in ("open", "resolved", "all") else "open"
    dept = None if user.role == "admin" else user.department_id
    with request.app.state.db.session() as s:
        rows = queries.inbox(s, dept, show=show)
    return render(request, "inbox.html", {"rows": rows, "show": show,
                                          "overdue": sum(1 for r in rows if r["overdue"])})


@router.get("/alerts/{alert_id}")
def alert_page(request: Request, alert_id: Id64, user: SignedInUser = Depends(regulator)):
    with request.app.state.db.session() as s:
        alert = load_alert_for(s, user, alert_id)
        detail = restrict_detail(queries.event_detail(s, alert.event_id), user)
        overdue = queries.is_overdue(alert)
        names = {**(detail.get("actor_names") or {}),
                 **queries.actor_names(s, [alert.acknowledged_by, alert.resolved_by])}
    timeline = event_timeline(request.app.state.settings, detail)
    return render(request, "alert.html", {"alert": alert, "overdue": overdue, "timeline": timeline, **detail,
                                          "actor_names": names})


@router.post("/alerts/{alert_id}/acknowledge", dependencies=[Depends(verify_form_csrf)])
def acknowledge(request: Request, alert_id: Id64, user: SignedInUser = Depends(regulator)):
    db = request.app.state.db
    with db.session() as s:
        load_alert_for(s, user, alert_id)
    try:
        workflow.acknowledge_alert(db, alert_id, user.username)
        flash(request, f"预警 #{alert_id} 已签收")
    except workflow.WorkflowError as exc:
        flash(request, str(exc), "error")
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)


@router.post("/alerts/{alert_id}/resolve", dependencies=[Depends(verify_form_csrf)])
def resolve(request: Request, alert_id: Id64, disposal: str = Form("", max_length=4000),
            user: SignedInUser = Depends(regulator)):
    db = request.app.state.db
    with db.session() as s:
        load_alert_for(s, user, alert_id)
    try:
        workflow.resolve_alert(db, alert_id, user.username, disposal)
        flash(request, f"预警 #{alert_id} 已办结")
    except workflow.WorkflowError as exc:
        flash(request, str(exc), "error")
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)
