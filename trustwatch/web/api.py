"""The JSON API: the same actions as the pages, same roles, session cookie + X-CSRF-Token header."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from trustwatch import sessions
from trustwatch.auth import AccountError, LoginFailed, SignedInUser, authenticate, change_own_password
from trustwatch.web import queries, search as search_mod, workflow
from trustwatch.web.rendering import es_client
from trustwatch.web.access import event_view, load_alert_for
from trustwatch.web.dashboard import dashboard_figures
from trustwatch.web.security import (MAX_ID, Id64, client_address, csrf_token, current_session_id, end_session,
                                     forget_user_sessions, require_roles, require_user, start_session, verify_api_csrf)
from trustwatch.web.textsafe import clip, em_html

router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(verify_api_csrf)])
# Sign-in has no session yet, hence no CSRF token: it accepts only a JSON body, which a cross-site
# form cannot send without a CORS preflight (that this app never grants).
public_router = APIRouter(prefix="/api/v1", tags=["api"])
reviewer = require_roles("reviewer")
regulator = require_roles("regulator")
staff = require_roles("reviewer", "analyst")


class LoginBody(BaseModel):
    username: str = Field(max_length=100)
    password: str = Field(max_length=500)


class ReviewBody(BaseModel):
    action: Literal["confirm", "dismiss", "relabel", "merge"]
    reason: str | None = Field(default=None, max_length=2000)
    label: Literal["food", "medical", "safety"] | None = None
    merge_into: int | None = Field(default=None, ge=1, le=MAX_ID)


class PasswordBody(BaseModel):
    current: str = Field(max_length=500)
    new: str = Field(max_length=500)


class ResolveBody(BaseModel):
    disposal: str = Field(min_length=1, max_length=4000)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def event_json(e) -> dict:
    """An event as JSON (text bounded; JSON is not HTML, clients escape when rendering)."""
    return {"id": e.id, "title": clip(e.title, 500), "label": e.label, "district": e.district,
            "severity": e.severity, "state": e.state, "article_count": e.article_count,
            "source_count": e.source_count, "first_seen": _iso(e.first_seen), "last_seen": _iso(e.last_seen),
            "enterprises": [clip(x.get("name") if isinstance(x, dict) else x, 100) for x in (e.enterprises or [])][:20],
            "merged_into_id": e.merged_into_id}


def alert_json(a, overdue: bool = False) -> dict:
    """An alert as JSON."""
    return {"id": a.id, "event": event_json(a.event), "department": {"code": a.department.code,
            "name": a.department.name}, "state": a.state, "overdue": overdue, "ack_deadline": _iso(a.ack_deadline),
            "acknowledged_at": _iso(a.acknowledged_at), "acknowledged_by": a.acknowledged_by,
            "resolved_at": _iso(a.resolved_at), "resolved_by": a.resolved_by, "disposal": a.disposal,
            "created_at": _iso(a.created_at)}


def _me(request: Request, user: SignedInUser) -> dict:
    return {"username": user.username, "display_name": user.display_name, "role": user.role,
            "department": user.department_name, "csrf_token": csrf_token(request)}


@public_router.post("/login", summary="登录（返回 CSRF 令牌）")
def api_login(request: Request, body: LoginBody):
    if not request.headers.get("content-type", "").startswith("application/json"):
        return JSONResponse({"detail": "请以 application/json 提交"}, status_code=415)
    error = None
    with request.app.state.db.session() as s:
        try:
            user = authenticate(s, body.username, body.password, address=client_address(request))
        except LoginFailed as exc:
            error = exc
        else:
            token = start_session(request, user, s)
            result = {"username": user.username, "role": user.role, "csrf_token": token}
    if error:
        return JSONResponse({"detail": str(error)}, status_code=401)
    return result


@router.post("/logout", summary="退出登录")
def api_logout(request: Request):
    end_session(request)
    return {"ok": True}


@router.get("/me", summary="当前用户与 CSRF 令牌")
def api_me(request: Request, user: SignedInUser = Depends(require_user)):
    return _me(request, user)


@router.get("/me/sessions", summary="我的登录会话")
def api_sessions(request: Request, user: SignedInUser = Depends(require_user)):
    current = current_session_id(request)
    with request.app.state.db.session() as s:
        return {"sessions": [{"created_at": _iso(x.created_at), "last_seen_at": _iso(x.last_seen_at), "ip": x.ip,
                              "user_agent": clip(x.user_agent, 300), "current": x.id == current}
                             for x in sessions.list_open(s, user.id)]}


@router.post("/me/sessions/end-all", summary="退出所有设备（包括本会话）")
def api_end_all_sessions(request: Request, user: SignedInUser = Depends(require_user)):
    with request.app.state.db.session() as s:
        ended = sessions.revoke_all(s, user.id)
    forget_user_sessions(request, user.id)
    request.session.clear()
    return {"ended": ended}


@router.post("/me/password", summary="修改密码（其他会话全部失效；返回新的 CSRF 令牌）")
def api_change_password(request: Request, body: PasswordBody, user: SignedInUser = Depends(require_user)):
    error = None
    with request.app.state.db.session() as s:
        try:  # inside the transaction, so that a wrong current password is counted
            changed = change_own_password(s, user.id, body.current, body.new, address=client_address(request))
        except AccountError as exc:
            error = str(exc)
        else:
            token = start_session(request, changed, s)
    if error:
        return JSONResponse({"detail": error}, status_code=400)
    forget_user_sessions(request, user.id)
    return {"ok": True, "csrf_token": token}


@router.get("/events", summary="审核队列")
def api_events(request: Request, label: str | None = None, district: str | None = None,
               page: int = Query(1, ge=1, le=1000), user: SignedInUser = Depends(reviewer)):
    with request.app.state.db.session() as s:
        events, total = queries.review_queue(s, label=label, district=district, page=page)
        return {"total": total, "page": page, "events": [event_json(e) for e in events]}


@router.get("/events/{event_id}", summary="事件详情")
def api_event(request: Request, event_id: Id64, user: SignedInUser = Depends(require_user)):
    with request.app.state.db.session() as s:
        d = event_view(s, user, event_id)
        if d is None:
            raise HTTPException(404, "事件不存在")
        return {**event_json(d["event"]), "terms": d["terms"], "enterprises_mentioned": d["enterprises"],
                "articles": [{"id": a.id, "title": clip(a.title, 500), "url": a.url,
                              "source": a.source.name if a.source else None,
                              "published_at": _iso(a.published_at)} for a in d["articles"]],
                "alerts": [{"id": a.id, "department": a.department.name, "state": a.state} for a in d["alerts"]],
                # Other departments handling the event: their names only (access.restrict_detail).
                "also_sent_to": d["other_departments"],
                "audit": [{"at": _iso(x.at), "actor": x.actor, "action": x.action} for x in d["audit"]]}


@router.post("/events/{event_id}/review", summary="审核事件：确认、驳回、改类、合并")
def api_review(request: Request, event_id: Id64, body: ReviewBody, user: SignedInUser = Depends(reviewer)):
    try:
        workflow.review_event(request.app.state.db, event_id, user.username, body.action, label=body.label,
                              reason=body.reason, merge_into=body.merge_into,
                              settings=request.app.state.settings)
    except workflow.WorkflowError as exc:
        raise HTTPException(409, str(exc)) from exc
    with request.app.state.db.session() as s:
        from store.models import Event

        return event_json(s.get(Event, event_id))


@router.get("/alerts", summary="本部门预警（管理员为全部）")
def api_alerts(request: Request, show: Literal["open", "resolved", "all"] = "open",
               user: SignedInUser = Depends(regulator)):
    with request.app.state.db.session() as s:
        rows = queries.inbox(s, None if user.role == "admin" else user.department_id, show=show)
        return {"alerts": [alert_json(r["alert"], r["overdue"]) for r in rows]}


@router.get("/alerts/{alert_id}", summary="预警详情")
def api_alert(request: Request, alert_id: Id64, user: SignedInUser = Depends(regulator)):
    with request.app.state.db.session() as s:
        alert = load_alert_for(s, user, alert_id)
        return alert_json(alert, queries.is_overdue(alert))


def _alert_action(request: Request, user: SignedInUser, alert_id: Id64, fn, *args) -> dict:
    db = request.app.state.db
    with db.session() as s:
        load_alert_for(s, user, alert_id)
    try:
        fn(db, alert_id, user.username, *args)
    except workflow.WorkflowError as exc:
        raise HTTPException(409, str(exc)) from exc
    return api_alert(request, alert_id, user)


@router.post("/alerts/{alert_id}/acknowledge", summary="签收预警")
def api_acknowledge(request: Request, alert_id: Id64, user: SignedInUser = Depends(regulator)):
    return _alert_action(request, user, alert_id, workflow.acknowledge_alert)


@router.post("/alerts/{alert_id}/resolve", summary="办结预警并填写处置结果")
def api_resolve(request: Request, alert_id: Id64, body: ResolveBody, user: SignedInUser = Depends(regulator)):
    return _alert_action(request, user, alert_id, workflow.resolve_alert, body.disposal)


@router.get("/search", summary="检索新闻（q、label/domain、district、source、enterprise、date_from、date_to、page）")
def api_search(request: Request, q: str = Query("", max_length=200), user: SignedInUser = Depends(staff)):
    params = search_mod.params_from_request(request)
    try:
        result = search_mod.search(es_client(request), request.app.state.index, params)
    except search_mod.SearchUnavailable as exc:
        raise HTTPException(503, str(exc)) from exc
    # Highlights are HTML with only <em> tags; everything else escaped. Facets come with page 1 only.
    # Plain JSON types throughout, serialised once (no jsonable_encoder walk over every hit).
    return JSONResponse({
        "total": result.total, "page": params.page, "took_ms": result.took_ms,
        "facets": {k: [{"key": key, "count": n} for key, n in v] for k, v in result.facets.items()},
        "hits": [{"id": h.id, "title": clip(h.title, 500), "url": h.url, "source": h.source,
                  "district": h.district, "label": h.label, "published_at": h.published_at,
                  "enterprises": h.enterprises[:20], "event_id": h.event_id,
                  "title_html": str(em_html(h.title_html, 500)), "snippet_html": str(em_html(h.snippet_html, 600))}
                 for h in result.hits]})


@router.get("/dashboard", summary="看板数据")
def api_dashboard(request: Request, days: int = Query(30, ge=1, le=90), user: SignedInUser = Depends(staff)):
    settings = request.app.state.settings
    with request.app.state.db.session() as s:
        fig = dashboard_figures(s, tz=settings.timezone, days=days)
    return {"days": [d.isoformat() for d in fig["days"]], "per_day": fig["per_day"],
            "districts": fig["districts"], "enterprises": fig["enterprises"],
            "alerts_by_department": fig["alerts_by_department"], "age_buckets": fig["age_buckets"],
            "totals": fig["totals"]}


@router.get("/sources", summary="来源健康状况")
def api_sources(request: Request, user: SignedInUser = Depends(staff)):
    with request.app.state.db.session() as s:
        rows = queries.sources_health(s)
        return [{"name": r["source"].name, "status": r["status"], "last_success_at": _iso(r["source"].last_success_at),
                 "errors": r["errors"], "items_per_run": r["items"]} for r in rows]


@router.get("/audit", summary="审计日志（管理员）")
def api_audit(request: Request, page: int = Query(1, ge=1, le=10000), user: SignedInUser = Depends(require_roles())):
    with request.app.state.db.session() as s:
        entries, total = queries.audit_log(s, page=page)
        return {"total": total, "entries": [{"at": _iso(e.at), "actor": e.actor, "action": e.action,
                                             "entity_type": e.entity_type, "entity_id": e.entity_id,
                                             "details": e.details} for e in entries]}
