"""Request security: who is signed in, role checks, CSRF tokens for forms and the JSON API."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from fastapi import Request
from sqlalchemy.orm import selectinload

from store.models import User
from trustwatch.auth import SignedInUser, to_signed_in

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class NotSignedIn(Exception):
    """The request needs a signed-in user."""


class Forbidden(Exception):
    """The signed-in user may not do or see this."""

    def __init__(self, message: str = "无权访问此页面"):
        super().__init__(message)


class CsrfRefused(Exception):
    """An unsafe request came without the session's CSRF token."""


def csrf_token(request: Request) -> str:
    """The session-bound CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def _token_matches(request: Request, given: str | None) -> bool:
    expected = request.session.get("csrf")
    return bool(expected and given) and hmac.compare_digest(str(expected), str(given))


async def verify_form_csrf(request: Request) -> None:
    """Dependency for HTML form routes: an unsafe request must carry the session token."""
    if request.method not in UNSAFE_METHODS:
        return
    given = request.headers.get(CSRF_HEADER)
    if not given:
        form = await request.form()
        given = form.get(CSRF_FIELD)
    if not _token_matches(request, given if isinstance(given, str) else None):
        raise CsrfRefused()


async def verify_api_csrf(request: Request) -> None:
    """Dependency for JSON API routes: unsafe requests need the token in the X-CSRF-Token header."""
    if request.method not in UNSAFE_METHODS:
        return
    if not _token_matches(request, request.headers.get(CSRF_HEADER)):
        raise CsrfRefused()


def _password_fingerprint(user: User) -> str:
    # Changing the password (or its rehash) ends every session signed in with the old one.
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:16]


def start_session(request: Request, user: User) -> str:
    """Sign `user` in: a fresh session (against fixation) with a new CSRF token; returns the token."""
    request.session.clear()
    request.session["uid"] = user.id
    request.session["pwf"] = _password_fingerprint(user)
    request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]


def end_session(request: Request) -> None:
    """Sign out: forget everything in the session."""
    request.session.clear()


def load_user(request: Request) -> SignedInUser | None:
    """The signed-in, still-enabled user of this request, or None."""
    cached = getattr(request.state, "user", None)
    if cached is not None:
        return cached
    uid = request.session.get("uid")
    if not isinstance(uid, int):
        return None
    db = request.app.state.db
    with db.session() as s:
        user = s.get(User, uid, options=[selectinload(User.department)])
        if user is None or user.disabled or request.session.get("pwf") != _password_fingerprint(user):
            request.session.clear()
            return None
        signed_in = to_signed_in(user)
    request.state.user = signed_in
    return signed_in


def require_user(request: Request) -> SignedInUser:
    """Dependency: the signed-in user, or NotSignedIn."""
    user = load_user(request)
    if user is None:
        raise NotSignedIn()
    return user


def require_roles(*roles: str):
    """Dependency factory: the signed-in user if their role is one of `roles`, else Forbidden."""
    allowed = set(roles) | {"admin"}

    def dependency(request: Request) -> SignedInUser:
        user = require_user(request)
        if user.role not in allowed:
            raise Forbidden()
        return user

    return dependency


def has_role(user: SignedInUser | None, roles: Iterable[str]) -> bool:
    """True when the user is an admin or holds one of `roles` (for showing navigation)."""
    return user is not None and (user.role == "admin" or user.role in set(roles))
