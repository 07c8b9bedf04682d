"""Enterprise pages: the ranking, one enterprise's record (events, domains, districts, dispositions) and its dossier CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, StreamingResponse

from store.enterprise_models import ACTION_KINDS
from store.audit import audit
from trustwatch.auth import SignedInUser
from trustwatch.web import queries
from trustwatch.web.rendering import flash, render
from trustwatch.web.enterprise_records import add_action, enterprise_ranking, enterprise_record
from trustwatch.web.security import require_roles, verify_form_csrf
from trustwatch.web.textsafe import clip, csv_cell

router = APIRouter(include_in_schema=False)
staff = require_roles("reviewer", "analyst")
readers = require_roles("reviewer", "analyst", "regulator")
regulator = require_roles("regulator")


def _scope(user: SignedInUser) -> int | None:
    """A regulator sees an enterprise through the events its department was alerted to; others see all."""
    return user.department_id if user.role == "regulator" else None


def _name(raw: str) -> str:
    name = clip((raw or "").strip(), 100)
    if not name:
        raise HTTPException(404)
    return name


@router.get("/enterprises")
def enterprises_page(request: Request, user: SignedInUser = Depends(staff)):
    with request.app.state.db.session() as s:
        ranking = enterprise_ranking(s)
    return render(request, "enterprises.html", {"ranking": ranking})


@router.get("/enterprises/{name}")
def enterprise_page(request: Request, name: str, user: SignedInUser = Depends(readers)):
    with request.app.state.db.session() as s:
        record = enterprise_record(s, _name(name), _scope(user))
        if record is None:
            return render(request, "error.html", {"code": 404, "message": "没有提及该企业的事件"}, status_code=404)
        return render(request, "enterprise.html", {"r": record, "kinds": ACTION_KINDS,
                                                    "today": dt.date.today().isoformat(),
                                                    "can_add": user.role in ("regulator", "admin")})


@router.post("/enterprises/{name}/actions", dependencies=[Depends(verify_form_csrf)])
def enterprise_action(request: Request, name: str, kind: str = Form(..., max_length=20),
                      happened_on: str = Form(..., max_length=10), note: str = Form("", max_length=2000),
                      attachment_url: str = Form("", max_length=1000), user: SignedInUser = Depends(regulator)):
    name = _name(name)
    try:
        day = dt.date.fromisoformat(happened_on)
    except ValueError:
        day = None
    link = attachment_url.strip()
    if kind not in ACTION_KINDS or day is None or (link and not link.startswith(("http://", "https://"))):
        flash(request, "登记失败：请选择类型、填写日期（YYYY-MM-DD），附件链接须以 http:// 或 https:// 开头。", "error")
        return RedirectResponse(f"/enterprises/{quote(name, safe='')}", status_code=303)
    with request.app.state.db.session() as s:
        record = enterprise_record(s, name, _scope(user))
        if record is None:
            raise HTTPException(404)
        department = user.department_name or "系统管理员"
        action = add_action(s, record, kind, day, department, note.strip() or None, link or None, user.username)
        s.flush()
        audit(s, user.username, f"enterprise.{kind}", "enterprise", record.row.id, name=record.name, date=day.isoformat())
        s.commit()
        canonical = record.name
    flash(request, f"已登记{ACTION_KINDS[kind]}：{canonical}（{day.isoformat()}）")
    return RedirectResponse(f"/enterprises/{quote(canonical, safe='')}", status_code=303)


@router.get("/enterprises/{name}/dossier.csv")
def enterprise_dossier(request: Request, name: str, user: SignedInUser = Depends(readers)):
    tz = request.app.state.settings.timezone
    with request.app.state.db.session() as s:
        record = enterprise_record(s, _name(name), _scope(user))
        if record is None:
            raise HTTPException(404)
        buf = io.StringIO()
        buf.write("\ufeff")
        w = csv.writer(buf)
        w.writerow(["企业", record.name, "统一社会信用代码", record.credit_code or "未提供"])
        w.writerow([])
        w.writerow(["事件编号", "事件", "领域", "区县", "严重程度", "审核状态", "首次发现（北京时间）", "报道数", "来源数"])
        for ev in record.events:
            w.writerow([csv_cell(v) for v in (
                ev.id, ev.title, queries.LABEL_NAMES.get(ev.label, ev.label), ev.district or "",
                queries.SEVERITY_NAMES.get(ev.severity, ev.severity), queries.EVENT_STATES.get(ev.state, ev.state),
                _iso(ev.first_seen, tz), ev.article_count, ev.source_count)])
        w.writerow([])
        w.writerow(["预警编号", "事件编号", "责任部门", "状态", "签收时间（北京时间）", "办结时间（北京时间）", "处置结果"])
        for al in record.alerts:
            w.writerow([csv_cell(v) for v in (
                al.id, al.event_id, al.department.name, queries.ALERT_STATES.get(al.state, al.state),
                _iso(al.acknowledged_at, tz), _iso(al.resolved_at, tz), al.disposal or "")])
        w.writerow([])
        w.writerow(["约谈/警示/信用修复", "日期", "部门", "说明", "附件链接", "登记人"])
        for act in record.actions:
            w.writerow([csv_cell(v) for v in (ACTION_KINDS.get(act.kind, act.kind), act.happened_on.isoformat(),
                                              act.department_name, act.note or "", act.attachment_url or "",
                                              act.actor)])
    filename = quote(f"企业档案-{record.name}.csv")
    return StreamingResponse(iter([buf.getvalue()]), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"})


def _iso(value, tz: str) -> str:
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(tz)).isoformat(timespec="seconds") if value else ""
