"""Enterprise pages: the ranking, one enterprise's record (events, domains, districts, dispositions) and its dossier CSV."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import StreamingResponse

from trustwatch.auth import SignedInUser
from trustwatch.web import queries
from trustwatch.web.app import render
from trustwatch.web.enterprise_records import enterprise_ranking, enterprise_record
from trustwatch.web.security import require_roles
from trustwatch.web.textsafe import clip, csv_cell

router = APIRouter(include_in_schema=False)
staff = require_roles("reviewer", "analyst")


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
def enterprise_page(request: Request, name: str, user: SignedInUser = Depends(staff)):
    with request.app.state.db.session() as s:
        record = enterprise_record(s, _name(name))
        if record is None:
            return render(request, "error.html", {"code": 404, "message": "没有提及该企业的事件"}, status_code=404)
        return render(request, "enterprise.html", {"r": record, "quote": quote})


@router.get("/enterprises/{name}/dossier.csv")
def enterprise_dossier(request: Request, name: str, user: SignedInUser = Depends(staff)):
    tz = request.app.state.settings.timezone
    with request.app.state.db.session() as s:
        record = enterprise_record(s, _name(name))
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
    filename = quote(f"企业档案-{record.name}.csv")
    return StreamingResponse(iter([buf.getvalue()]), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"})


def _iso(value, tz: str) -> str:
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(tz)).isoformat(timespec="seconds") if value else ""
