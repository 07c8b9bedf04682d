"""Review queue and event pages for the propaganda office (events are read-only for analysts)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from classifier.entities import tidy_names
from trustwatch.auth import SignedInUser
from trustwatch.web import charts, queries, workflow
from trustwatch.web.access import check_event_access, event_view  # noqa: F401  (check_event_access re-exported)
from trustwatch.web.rendering import flash, render
from trustwatch.web.security import MAX_ID, Id64, require_roles, require_user, verify_form_csrf
from vocabulary import EventState

router = APIRouter(include_in_schema=False)
reviewer = require_roles("reviewer")


def event_timeline(settings, detail: dict):
    """The SVG timeline of an event's articles, one lane per source, in local time."""
    zone = ZoneInfo(settings.timezone)
    lanes = [(name, [(a.published_at or a.fetched_at).astimezone(zone) for a in items])
             for name, items in detail["by_source"].items()]
    return charts.timeline(lanes)


@router.get("/queue")
def queue_page(request: Request, label: str | None = None, district: str | None = None, page: int = 1,
               user: SignedInUser = Depends(reviewer)):
    page = min(max(page, 1), 1000)
    label = label if label in queries.LABEL_NAMES else None
    district = (district or "")[:50] or None
    with request.app.state.db.session() as s:
        events, total = queries.review_queue(s, label=label, district=district, page=page)
        sent = queries.dispatched_before_review(s, [ev.id for ev in events])
    auto = request.app.state.settings.alert_auto_dispatch_severity
    return render(request, "queue.html", {"events": events, "total": total, "page": page, "label": label,
                                          "district": district or "", "pages": (total + 49) // 50,
                                          "sent_before_review": sent, "auto_dispatch": auto,
                                          "tidy_names": tidy_names})


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: Id64, user: SignedInUser = Depends(require_user)):
    db = request.app.state.db
    with db.session() as s:
        detail = event_view(s, user, event_id)
        if detail is None:
            raise HTTPException(404, "事件不存在")
    routes = workflow.routing_preview(db, request.app.state.settings, event_id) if user.role != "regulator" else []
    preview = workflow.notification_preview(db, request.app.state.settings, event_id, routes) if routes else None
    return render(request, "event.html", {**detail, "routes": routes, "preview": preview,
                                          "timeline": event_timeline(request.app.state.settings, detail),
                                          "can_review": user.role in ("admin", "reviewer")})


@router.post("/events/{event_id}/review", dependencies=[Depends(verify_form_csrf)])
def review(request: Request, event_id: Id64, action: str = Form(..., max_length=20),
           reason: str = Form("", max_length=2000), label: str = Form("", max_length=20),
           merge_into: str = Form("", max_length=20), next: str = Form("", max_length=20),
           user: SignedInUser = Depends(reviewer)):
    target = int(merge_into) if merge_into.strip().isdigit() else None
    target = target if target is not None and 1 <= target <= MAX_ID else None
    try:
        workflow.review_event(request.app.state.db, event_id, user.username, action, label=label or None,
                              reason=reason, merge_into=target, settings=request.app.state.settings)
    except workflow.WorkflowError as exc:
        flash(request, str(exc), "error")
    else:
        names = {"start": "已认领，进入审核", "confirm": EventState.CONFIRMED.display, "dismiss": EventState.DISMISSED.display,
                 "relabel": "已改类", "merge": EventState.MERGED.display}
        flash(request, f"事件 #{event_id} {names.get(action, action)}")
    return RedirectResponse("/queue" if next == "queue" else f"/events/{event_id}", status_code=303)
