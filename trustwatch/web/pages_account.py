"""Sign-in, sign-out, the landing redirect, and the account page (password, sessions, admin reset)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from trustwatch import sessions
from trustwatch.auth import AccountError, LoginFailed, SignedInUser, authenticate, change_own_password, set_password, unlock
from trustwatch.web.rendering import flash, render
from trustwatch.web.security import (client_address, current_session_id, end_session, forget_user_sessions, load_user,
                                     require_roles, require_user, start_session, verify_form_csrf)

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
            user = authenticate(s, username, password, address=client_address(request))
        except LoginFailed as exc:  # caught inside the transaction so the failure count is kept
            error = str(exc)
        else:
            start_session(request, user, s)
            role = user.role
    if error:
        return render(request, "login.html", {"error": error, "username": username, "next": _safe_next(next) or ""},
                      status_code=401)
    return RedirectResponse(_safe_next(next) or HOME_BY_ROLE.get(role, "/search"), status_code=303)


@router.post("/logout", dependencies=[Depends(verify_form_csrf)])
def logout(request: Request):
    end_session(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/account")
def account_page(request: Request, user: SignedInUser = Depends(require_user)):
    with request.app.state.db.session() as s:
        rows = sessions.list_open(s, user.id)
        s.expunge_all()
    return render(request, "account.html", {"sessions": rows, "current_id": current_session_id(request)})


@router.post("/account/password", dependencies=[Depends(verify_form_csrf)])
def change_password(request: Request, current: str = Form("", max_length=500), new: str = Form("", max_length=500),
                    confirm: str = Form("", max_length=500), user: SignedInUser = Depends(require_user)):
    if new != confirm:
        flash(request, "两次输入的新密码不一致", "error")
        return RedirectResponse("/account", status_code=303)
    error = None
    with request.app.state.db.session() as s:
        try:  # caught inside the transaction so that a wrong current password is counted
            changed = change_own_password(s, user.id, current, new, address=client_address(request))
        except AccountError as exc:
            error = str(exc)
        else:
            # Every session has ended; this browser goes on with a fresh one.
            start_session(request, changed, s)
    if error:
        flash(request, error, "error")
    else:
        forget_user_sessions(request, user.id)
        flash(request, "密码已修改，其他设备上的登录已全部退出")
    return RedirectResponse("/account", status_code=303)


@router.post("/account/sessions/end-all", dependencies=[Depends(verify_form_csrf)])
def end_all_sessions(request: Request, user: SignedInUser = Depends(require_user)):
    with request.app.state.db.session() as s:
        sessions.revoke_all(s, user.id)
    forget_user_sessions(request, user.id)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.post("/account/reset", dependencies=[Depends(verify_form_csrf)])
def admin_reset(request: Request, username: str = Form(..., max_length=100), new: str = Form("", max_length=500),
                confirm: str = Form("", max_length=500), action: str = Form("reset", max_length=20),
                user: SignedInUser = Depends(require_roles())):
    try:
        with request.app.state.db.session() as s:
            if action == "unlock":
                unlock(s, username, actor=user.username)
                message = f"用户 {username} 的登录限制已解除"
            elif new != confirm:
                raise AccountError("两次输入的新密码不一致")
            else:
                reset_id = set_password(s, username, new, actor=user.username).id
                message = f"用户 {username} 的密码已重置，其所有登录会话已失效"
    except AccountError as exc:
        flash(request, str(exc), "error")
    else:
        if action != "unlock":
            forget_user_sessions(request, reset_id)
        flash(request, message)
    return RedirectResponse("/account", status_code=303)
