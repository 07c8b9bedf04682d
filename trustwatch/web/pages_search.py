"""Search over Elasticsearch for analysts (and reviewers), with a CSV export safe for spreadsheets."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from classifier.entities import tidy_names
from trustwatch.auth import SignedInUser
from trustwatch.web import search as search_mod
from trustwatch.web.rendering import es_client, render
from trustwatch.web.queries import LABEL_NAMES
from trustwatch.web.security import require_roles
from trustwatch.web.textsafe import csv_cell

router = APIRouter(include_in_schema=False)
searcher = require_roles("analyst", "reviewer")
FACET_NAMES = {"label": "领域", "district": "区县", "source": "来源", "enterprise": "企业"}


def beijing_iso(value: str | None, zone: ZoneInfo) -> str:
    """An index time (UTC ISO) as ISO 8601 in Beijing time with its offset: 2025-04-07T18:30:00+08:00."""
    if not value:
        return ""
    try:
        when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(zone).isoformat(timespec="seconds")


def link(params: search_mod.SearchParams, **changes) -> str:
    """A search URL with `changes` applied (None removes a filter)."""
    values = {"q": params.q, **params.filters(), "page": params.page}
    values.update(changes)
    return "/search?" + urlencode({k: v for k, v in values.items() if v not in (None, "", 1) or k == "q"})


@router.get("/search")
def search_page(request: Request, user: SignedInUser = Depends(searcher)):
    params = search_mod.params_from_request(request)
    result, error = None, None
    if params.q or params.filters():
        try:
            result = search_mod.search(es_client(request), request.app.state.index, params)
        except search_mod.SearchUnavailable as exc:
            error = str(exc)
    pages = min(result.pages, search_mod.MAX_PAGE) if result else 0
    return render(request, "search.html", {
        "params": params, "result": result, "error": error, "pages": pages, "link": link,
        "facet_names": FACET_NAMES, "csv_link": link(params, page=None).replace("/search?", "/search.csv?", 1),
    })


@router.get("/search.csv")
def export_csv(request: Request, user: SignedInUser = Depends(searcher)):
    params = search_mod.params_from_request(request)
    client, index = es_client(request), request.app.state.index
    zone = ZoneInfo(request.app.state.settings.timezone)

    def rows():
        buf = io.StringIO()
        writer = csv.writer(buf)
        buf.write("\ufeff")  # so that spreadsheet programs read the Chinese as UTF-8
        writer.writerow(["标题", "来源", "发布时间（北京时间）", "区县", "领域", "企业", "事件", "链接"])
        yield buf.getvalue()
        try:
            for _id, src in search_mod.iter_export(client, index, params):
                buf.seek(0)
                buf.truncate()
                ents = "、".join(tidy_names(src.get("enterprises") or [])[:20])
                label = LABEL_NAMES.get(src.get("label"), src.get("label"))
                writer.writerow([csv_cell(v) for v in (src.get("title"), src.get("source"),
                                                       beijing_iso(src.get("@timestamp"), zone),
                                                       src.get("district"), label, ents,
                                                       src.get("event_id"), src.get("url"))])
                yield buf.getvalue()
        except search_mod.SearchUnavailable as exc:
            yield f"# {exc}\n"

    name = f"trustwatch-search-{dt.date.today().isoformat()}.csv"
    return StreamingResponse(rows(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
