"""The review queue's 「待确认」 lane for the propaganda office: least-certain articles and the reviewer's label."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from trustwatch.auth import SignedInUser
from trustwatch.web import uncertain_lane
from trustwatch.web.rendering import flash, render
from trustwatch.web.queries import LABEL_NAMES
from trustwatch.web.security import Id64, require_roles, verify_form_csrf

router = APIRouter(include_in_schema=False)
reviewer = require_roles("reviewer")


@router.get("/queue/uncertain")
def uncertain_page(request: Request, page: int = 1, user: SignedInUser = Depends(reviewer)):
    page = min(max(page, 1), 1000)
    with request.app.state.db.session() as s:
        articles, total = uncertain_lane.uncertain_articles(s, page=page)
    return render(request, "queue_uncertain.html", {
        "articles": articles, "total": total, "page": page, "pages": (total + uncertain_lane.PAGE_SIZE - 1)
        // uncertain_lane.PAGE_SIZE, "lane_labels": uncertain_lane.LABELS, "recent_days": uncertain_lane.RECENT_DAYS})


@router.post("/articles/{article_id}/label", dependencies=[Depends(verify_form_csrf)])
def label_article(request: Request, article_id: Id64, label: str = Form(..., max_length=20),
                  user: SignedInUser = Depends(reviewer)):
    try:
        uncertain_lane.label_article(request.app.state.db, article_id, user.username, label)
    except uncertain_lane.LaneError as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, f"文章 #{article_id} 已标注为「{LABEL_NAMES.get(label, label)}」，将用于改进分类模型")
    return RedirectResponse("/queue/uncertain", status_code=303)
