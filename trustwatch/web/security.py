"""Request security: who is signed in, role checks, CSRF tokens for forms and the JSON API."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Iterable
from typing import Annotated

from fastapi import Path, Request
from starlette.concurrency import run_in_threadpool
from sqlalchemy.orm import selectinload

from store.models import User
from trustwatch import sessions
from trustwatch.auth import SignedInUser, to_signed_in
from trustwatch.web.user_cache import SignedInCache

# Ids are BIGINT in the database: a larger number in a URL is "not found", never a database error.
MAX_ID = 2**63 - 1
Id64 = Annotated[int, Path(ge=1, le=MAX_ID)]
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
    # Besides the session table: a password hash changed by any route still ends older sessions.
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:16]


def _in_networks(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(request: Request) -> str:
    """The client's address: the TCP peer, or behind a trusted proxy the last address it forwarded."""
    peer = request.client.host if request.client else "-"
    networks = getattr(request.app.state, "trusted_proxies", ())
    if not networks or not _in_networks(peer, networks):
        return peer  # X-Forwarded-For from anyone else is forgeable and ignored
    forwarded = [a.strip() for a in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if a.strip()]
    # Right to left: the first hop not one of our proxies is the client as our proxy saw it.
    for address in reversed(forwarded):
        if not _in_networks(address, networks):
            return address[:64]
    return peer


def start_session(request: Request, user: User, db_session) -> str:
    """Sign `user` in: a fresh server-side session (against fixation) and a new CSRF token; returns the token."""
    request.session.clear()
    request.session["sid"] = sessions.create(db_session, user.id, client_address(request),
                                             request.headers.get("user-agent"))
    request.session["pwf"] = _password_fingerprint(user)
    request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]


def current_session_id(request: Request) -> str | None:
    """The stored id of this request's server-side session, if signed in."""
    token = request.session.get("sid")
    return sessions.session_id(token) if isinstance(token, str) and token else None


def end_session(request: Request) -> None:
    """Sign out: revoke the server-side session (an old copy of the cookie stops working) and forget it."""
    token = request.session.get("sid")
    if isinstance(token, str) and token:
        with request.app.state.db.session() as s:
            sessions.revoke(s, token)
        _signed_in_cache(request).drop(sessions.session_id(token))
    request.session.clear()


def forget_user_sessions(request: Request, user_id: int) -> None:
    """After ending every session of `user_id` here (end-all, password change): no cached sign-in survives."""
    _signed_in_cache(request).drop_user(user_id)


def _signed_in_cache(request: Request) -> SignedInCache:
    state = request.app.state
    cache = getattr(state, "signed_in_cache", None)
    if cache is None:
        cache = state.signed_in_cache = SignedInCache()
    return cache


def _remembered_user(request: Request) -> SignedInUser | None:
    """The user already known for this request or its session (no I/O), or None."""
    cached = getattr(request.state, "user", None)
    if cached is not None:
        return cached
    token = request.session.get("sid")
    if not isinstance(token, str) or not token:
        return None
    signed_in = _signed_in_cache(request).get(sessions.session_id(token), request.session.get("pwf"))
    if signed_in is not None:
        request.state.user = signed_in
    return signed_in


def load_user(request: Request) -> SignedInUser | None:
    """The signed-in, still-enabled user of this request (its session not revoked), or None.

    A session found live is remembered for a few seconds (see user_cache): most requests need no SQL."""
    signed_in = _remembered_user(request)
    if signed_in is not None:
        return signed_in
    token = request.session.get("sid")
    if not isinstance(token, str) or not token:
        return None
    cache, sid, pwf = _signed_in_cache(request), sessions.session_id(token), request.session.get("pwf")
    db = request.app.state.db
    with db.session() as s:
        row = sessions.find_live(s, token)
        user = s.get(User, row.user_id, options=[selectinload(User.department)]) if row is not None else None
        if user is None or user.disabled or pwf != _password_fingerprint(user):
            request.session.clear()
            cache.drop(sid)
            return None
        signed_in = to_signed_in(user)
    cache.put(sid, signed_in, pwf)
    request.state.user = signed_in
    return signed_in


async def require_user(request: Request) -> SignedInUser:
    """Dependency: the signed-in user, or NotSignedIn.

    Async so that a remembered session costs no trip through the thread pool; only a look-up in
    the database runs there."""
    user = _remembered_user(request) or await run_in_threadpool(load_user, request)
    if user is None:
        raise NotSignedIn()
    return user


def require_roles(*roles: str):
    """Dependency factory: the signed-in user if their role is one of `roles`, else Forbidden."""
    allowed = set(roles) | {"admin"}

    async def dependency(request: Request) -> SignedInUser:
        user = await require_user(request)
        if user.role not in allowed:
            raise Forbidden()
        return user

    return dependency


def has_role(user: SignedInUser | None, roles: Iterable[str]) -> bool:
    """True when the user is an admin or holds one of `roles` (for showing navigation)."""
    return user is not None and (user.role == "admin" or user.role in set(roles))
