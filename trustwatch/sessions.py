"""Server-side web sessions: the cookie holds a random token, the database its hash and whether it still counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, or_, select, update

from store.models import WebSession, utcnow

MAX_AGE = dt.timedelta(hours=12)  # from sign-in, whatever the activity
IDLE_TIMEOUT = dt.timedelta(hours=2)
TOUCH_EVERY = dt.timedelta(minutes=1)  # last_seen_at is written at most this often


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(session, user_id: int, ip: str | None, user_agent: str | None, now: dt.datetime | None = None) -> str:
    """A new session for `user_id`; returns the token for the cookie (only its hash is stored)."""
    now = now or utcnow()
    # The user's ended sessions are kept a day for the sessions list and audits, then dropped.
    session.execute(delete(WebSession).where(WebSession.user_id == user_id, or_(
        WebSession.revoked_at < now - dt.timedelta(days=1), WebSession.created_at < now - MAX_AGE - dt.timedelta(days=1))))
    token = secrets.token_urlsafe(32)
    session.add(WebSession(id=_digest(token), user_id=user_id, created_at=now, last_seen_at=now,
                           ip=(ip or "")[:64] or None, user_agent=(user_agent or "")[:300] or None))
    session.flush()
    return token


def find_live(session, token: str | None, now: dt.datetime | None = None) -> WebSession | None:
    """The session behind `token` if it is neither revoked nor expired; touches its last-seen time."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    now = now or utcnow()
    row = session.get(WebSession, _digest(token))
    if row is None or row.revoked_at is not None:
        return None
    if row.created_at < now - MAX_AGE or row.last_seen_at < now - IDLE_TIMEOUT:
        return None
    if row.last_seen_at < now - TOUCH_EVERY:
        row.last_seen_at = now
    return row


def session_id(token: str) -> str:
    """The stored id of the session behind `token`."""
    return _digest(token)


def revoke(session, token: str | None, now: dt.datetime | None = None) -> None:
    """End the session behind `token` (sign-out)."""
    if isinstance(token, str) and token:
        session.execute(update(WebSession).where(WebSession.id == _digest(token), WebSession.revoked_at.is_(None))
                        .values(revoked_at=now or utcnow()))


def revoke_all(session, user_id: int, now: dt.datetime | None = None, keep_id: str | None = None) -> int:
    """End every open session of `user_id` (but `keep_id`); returns how many were open."""
    stmt = update(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
    if keep_id:
        stmt = stmt.where(WebSession.id != keep_id)
    return session.execute(stmt.values(revoked_at=now or utcnow())).rowcount or 0


def list_open(session, user_id: int, now: dt.datetime | None = None) -> list[WebSession]:
    """The user's sessions that still count, newest first."""
    now = now or utcnow()
    return list(session.scalars(
        select(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None),
                                 WebSession.created_at >= now - MAX_AGE, WebSession.last_seen_at >= now - IDLE_TIMEOUT)
        .order_by(WebSession.last_seen_at.desc()).limit(100)))
