"""The regulator's inbox: their department's alerts only; acknowledge, record the disposal, resolve."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from trustwatch.auth import SignedInUser
from trustwatch.web import queries, workflow
from trustwatch.web.access import load_alert_for, restrict_detail
from trustwatch.web.rendering import flash, render
from trustwatch.web.pages_events import event_timeline
from trustwatch.web.security import Id64, require_roles, verify_form_csrf
from vocabulary import AlertState

router = APIRouter(include_in_schema=False)
regulator = require_roles("regulator")


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
        flash(request, f"预警 #{alert_id} {AlertState.ACKNOWLEDGED.display}")
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
        flash(request, f"预警 #{alert_id} {AlertState.RESOLVED.display}")
    except workflow.WorkflowError as exc:
        flash(request, str(exc), "error")
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)
