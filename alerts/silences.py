"""Silences: time-bounded mutes of matching alerts, with author and reason (stored in the Silence table)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.matchers import Matcher, matches_all, parse_matcher
from store.audit import audit
from store.models import Silence, utcnow


class SilenceError(ValueError):
    """A silence cannot be created or changed as asked."""


def add_silence(session: Session, matchers: list[str], ends_at: dt.datetime, author: str, reason: str,
                starts_at: dt.datetime | None = None, now: dt.datetime | None = None) -> Silence:
    """Create a silence; matchers use the routing syntax and may name a `department`."""
    now = now or utcnow()
    starts_at = starts_at or now
    if not matchers:
        raise SilenceError("a silence needs at least one matcher (silencing everything is refused)")
    parsed = [parse_matcher(m) for m in matchers]  # MatcherError says what is wrong
    if ends_at <= starts_at:
        raise SilenceError("a silence must end after it starts")
    if not author.strip() or not reason.strip():
        raise SilenceError("a silence needs an author and a reason")
    row = Silence(matchers={"matchers": [str(m) for m in parsed]}, starts_at=starts_at, ends_at=ends_at,
                  author=author, reason=reason, created_at=now)
    session.add(row)
    session.flush()
    audit(session, author, "silence.add", "silence", row.id, now=now, matchers=row.matchers["matchers"],
          ends_at=ends_at.isoformat(), reason=reason)
    return row


def expire_silence(session: Session, silence_id: int, actor: str, now: dt.datetime | None = None) -> Silence:
    """End a silence now; the messages it held back go out on the next run."""
    now = now or utcnow()
    row = session.get(Silence, silence_id)
    if row is None:
        raise SilenceError(f"no silence with id {silence_id}")
    if row.ends_at > now:
        row.ends_at = now
    audit(session, actor, "silence.expire", "silence", row.id, now=now)
    return row


def silence_matchers(row: Silence) -> list[Matcher]:
    """The parsed matchers of a stored silence."""
    return [parse_matcher(m) for m in (row.matchers or {}).get("matchers", [])]


def active_silences(session: Session, now: dt.datetime | None = None) -> list[Silence]:
    """Silences in force at `now`."""
    now = now or utcnow()
    return list(session.scalars(select(Silence).where(Silence.starts_at <= now, Silence.ends_at > now)))


def silenced_by(silences: list[Silence], labels: dict[str, Any]) -> Silence | None:
    """The first silence that mutes an alert with `labels`, if any."""
    for row in silences:
        ms = silence_matchers(row)
        if ms and matches_all(ms, labels):
            return row
    return None


def list_silences(session: Session, include_expired: bool = False, now: dt.datetime | None = None) -> list[Silence]:
    """Silences, newest first (only those not yet ended unless include_expired)."""
    now = now or utcnow()
    q = select(Silence).order_by(Silence.id.desc())
    if not include_expired:
        q = q.where(Silence.ends_at > now)
    return list(session.scalars(q))
