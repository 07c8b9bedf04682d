"""The acknowledgement link in a notification: the signed token is the credential, no sign-in."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import selectinload

from alerts.ack_tokens import AckTokenError, verify_ack_token
from alerts.workflow import WorkflowError, acknowledge_by_token
from store.models import Alert
from trustwatch.configs import ack_links
from trustwatch.web.rendering import render
from trustwatch.web.security import verify_form_csrf

router = APIRouter(include_in_schema=False)


def _alert_for_token(request: Request, token: str):
    alert_id, _department_id = verify_ack_token(ack_links(request.app.state.settings), token)
    with request.app.state.db.session() as s:
        return s.get(Alert, alert_id, options=[selectinload(Alert.event), selectinload(Alert.department)])


@router.get("/ack/{token}")
def ack_page(request: Request, token: str):
    # A GET only shows the button: mail scanners that open links must not acknowledge anything.
    try:
        alert = _alert_for_token(request, token)
    except AckTokenError as exc:
        return render(request, "error.html", {"code": 400, "message": str(exc)}, status_code=400)
    if alert is None:
        return render(request, "error.html", {"code": 404, "message": "预警不存在"}, status_code=404)
    return render(request, "ack.html", {"alert": alert, "token": token, "done": False})


@router.post("/ack/{token}", dependencies=[Depends(verify_form_csrf)])
def ack_submit(request: Request, token: str):
    try:
        acknowledge_by_token(request.app.state.db, ack_links(request.app.state.settings), token)
        alert = _alert_for_token(request, token)
    except (AckTokenError, WorkflowError) as exc:
        return render(request, "error.html", {"code": 400, "message": str(exc)}, status_code=400)
    return render(request, "ack.html", {"alert": alert, "token": token, "done": True})
