"""Dashboard charts, source health and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select

from store.models import Department
from trustwatch.auth import SignedInUser
from trustwatch.web import charts, display_names, queries
from trustwatch.web.rendering import render
from trustwatch.web.dashboard import dashboard_figures
from trustwatch.web.security import require_roles

router = APIRouter(include_in_schema=False)
staff = require_roles("reviewer", "analyst")
admin = require_roles()


@router.get("/dashboard")
def dashboard_page(request: Request, days: int = 30, user: SignedInUser = Depends(staff)):
    days = days if days in (7, 30, 90) else 30
    settings = request.app.state.settings
    with request.app.state.db.session() as s:
        fig = dashboard_figures(s, tz=settings.timezone, days=days)
    svgs = {
        "per_day": charts.daily_columns(fig["days"], fig["per_day"], queries.LABEL_NAMES, "每日新增事件（按领域）"),
        "districts": charts.bar_chart(fig["districts"], "各区县事件数"),
        "enterprises": charts.bar_chart(fig["enterprises"], "涉事企业排行", color="#c7423b"),
        "alerts": charts.stacked_bars(fig["alerts_by_department"], fig["age_buckets"], "各部门未办结预警（按时长）"),
    }
    return render(request, "dashboard.html", {"fig": fig, "svgs": svgs, "days": days})


@router.get("/sources")
def sources_page(request: Request, user: SignedInUser = Depends(staff)):
    with request.app.state.db.session() as s:
        rows = queries.sources_health(s)
    for row in rows:
        row["spark"] = charts.sparkline(row["items"])
    return render(request, "sources.html", {"rows": rows})


def _detail_value(value, departments: dict[str, str], key: str = "") -> str:
    """An audit detail value for reading: department codes by name, state and role codes in Chinese."""
    if key == "route" and isinstance(value, str):
        return display_names.route_title(value) or "未命名路由"
    if key == "policy" and isinstance(value, str):
        return display_names.POLICY_NAMES.get(value, display_names.value_name(value))
    if isinstance(value, (list, tuple)):
        return "、".join(_detail_value(v, departments) for v in value)
    if isinstance(value, str) and value in departments:
        return departments[value]
    return display_names.value_name(value)


@router.get("/audit")
def audit_page(request: Request, actor: str | None = None, entity_type: str | None = None, page: int = 1,
               user: SignedInUser = Depends(admin)):
    page = min(max(page, 1), 10000)
    with request.app.state.db.session() as s:
        entries, total = queries.audit_log(s, actor=(actor or "")[:100] or None,
                                           entity_type=(entity_type or "")[:50] or None, page=page)
        names = queries.actor_names(s, [e.actor for e in entries])
        departments = dict(s.execute(select(Department.code, Department.name)).all())
    details = {e.id: [(display_names.DETAIL_KEYS.get(k, k), _detail_value(v, departments, k))
                      for k, v in (e.details or {}).items()] for e in entries}
    return render(request, "audit.html", {"entries": entries, "total": total, "page": page, "actor_names": names,
                                          "details": details,
                                          "pages": (total + 99) // 100, "actor": actor or "",
                                          "entity_type": entity_type or ""})
