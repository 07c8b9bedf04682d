"""Sign-in, sign-out and the landing redirect."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from trustwatch.auth import LoginFailed, authenticate
from trustwatch.web.app import render
from trustwatch.web.security import end_session, load_user, start_session, verify_form_csrf

router = APIRouter(include_in_schema=False)
HOME_BY_ROLE = {"admin": "/dashboard", "reviewer": "/queue", "regulator": "/inbox", "analyst": "/search"}


def _safe_next(target: str | None) -> str | None:
    # Only same-site paths: never "//host" or "/\host", which browsers treat as another site.
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and len(target) < 1000:
        return target
    return None


@router.get("/")
def index(request: Request):
    user = load_user(request)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(HOME_BY_ROLE.get(user.role, "/search"), status_code=303)


@router.get("/login")
def login_page(request: Request, next: str | None = None):
    return render(request, "login.html", {"next": _safe_next(next) or ""})


@router.post("/login", dependencies=[Depends(verify_form_csrf)])
def login(request: Request, username: str = Form(..., max_length=100), password: str = Form(..., max_length=500),
          next: str = Form("", max_length=1000)):
    db = request.app.state.db
    error = None
    with db.session() as s:
        try:
            user = authenticate(s, username, password)
        except LoginFailed as exc:  # caught inside the transaction so the failure count is kept
            error = str(exc)
        else:
            start_session(request, user)
            role = user.role
    if error:
        return render(request, "login.html", {"error": error, "username": username, "next": _safe_next(next) or ""},
                      status_code=401)
    return RedirectResponse(_safe_next(next) or HOME_BY_ROLE.get(role, "/search"), status_code=303)


@router.post("/logout", dependencies=[Depends(verify_form_csrf)])
def logout(request: Request):
    end_session(request)
    return RedirectResponse("/login", status_code=303)
