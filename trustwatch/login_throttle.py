"""Sign-in throttling that can neither be raced nor used to lock someone out.

Every attempt first takes a slot with one conditional UPDATE (atomic on SQLite and PostgreSQL: the
row stays locked until the transaction ends, so parallel attempts queue and each sees the count of
the one before). Only an attempt that got a slot has its password checked. Keys are an account
*from one address* and an address across all accounts: guessing from one place backs off
exponentially, while the real user signing in from elsewhere is untouched. Nothing is a hard lock.
"""

from __future__ import annotations

import datetime as dt
import ipaddress

from sqlalchemy import delete, or_, select, update

from store.models import LoginThrottle

ACCOUNT_ATTEMPTS = 5  # free attempts for one account from one address
ADDRESS_ATTEMPTS = 30  # free attempts from one address, over all accounts (password spraying)
FIRST_BLOCK = dt.timedelta(seconds=30)  # then doubled on every further failure
MAX_BLOCK = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(hours=1)  # a key quiet for this long starts afresh


def source(address: str | None) -> str:
    """Where attempts come from: an IPv4 address, or the /64 of an IPv6 one (one subscriber's block)."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return (address or "-")[:64]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def account_key(username: str, address: str) -> str:
    """The key for one account from one address."""
    return f"u:{(username or '').strip().casefold()[:100]}|{source(address)}"


def address_key(address: str) -> str:
    """The key for one address, over all accounts."""
    return f"ip:{source(address)}"


def _insert_ignore(session, key: str):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(LoginThrottle).values(key=key, attempts=0).on_conflict_do_nothing(index_elements=["key"])


def _block_for(attempts: int, free: int) -> dt.timedelta:
    doublings = min(attempts - free, 16)
    return min(FIRST_BLOCK * (2 ** doublings), MAX_BLOCK)


def take_slot(session, key: str, free: int, now: dt.datetime) -> bool:
    """Count an attempt on `key`; False (and nothing counted) while the key is backing off."""
    table = LoginThrottle
    session.execute(_insert_ignore(session, key))
    # A key quiet for long enough (and not blocked) forgets its history.
    session.execute(update(table).where(table.key == key, table.last_attempt_at < now - FORGET_AFTER,
                                        or_(table.blocked_until.is_(None), table.blocked_until <= now))
                    .values(attempts=0, blocked_until=None))
    row = session.execute(
        update(table).where(table.key == key, or_(table.blocked_until.is_(None), table.blocked_until <= now))
        .values(attempts=table.attempts + 1, last_attempt_at=now)
        .returning(table.attempts)).first()
    if row is None:
        return False
    attempts = row[0]
    if attempts >= free:
        # Blocked *before* the password is checked: parallel attempts queued behind this row lock
        # find the block in place. A right password lifts it again (`clear`).
        session.execute(update(table).where(table.key == key).values(blocked_until=now + _block_for(attempts, free)))
    return True


def clear(session, key: str) -> None:
    """Forget the attempts on `key` (after a successful sign-in, or by an administrator)."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))


def refund(session, key: str, free: int) -> None:
    """Give back the slot of an attempt that succeeded (so a busy shared address is not slowed)."""
    table = LoginThrottle
    session.execute(update(table).where(table.key == key, table.attempts > 0)
                    .values(attempts=table.attempts - 1))
    session.execute(update(table).where(table.key == key, table.attempts < free).values(blocked_until=None))


def prune(session, now: dt.datetime) -> None:
    """Drop keys quiet long enough to be forgotten anyway (keeps the table small).

    Rows another sign-in holds are skipped, not waited for: two sign-ins pruning each other's
    keys would otherwise deadlock on PostgreSQL.
    """
    table = LoginThrottle
    stale = (select(table.key).where(table.last_attempt_at < now - FORGET_AFTER,
                                     or_(table.blocked_until.is_(None), table.blocked_until <= now))
             .limit(500).with_for_update(skip_locked=True))
    session.execute(delete(table).where(table.key.in_(stale)))


def clear_account(session, username: str) -> int:
    """Forget the attempts on `username` from every address; returns how many keys were cleared."""
    prefix = account_key(username, "").rsplit("|", 1)[0] + "|"
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    result = session.execute(delete(LoginThrottle).where(LoginThrottle.key.like(escaped + "%", escape="\\")))
    return result.rowcount or 0


def account_blocked(session, username: str, now: dt.datetime) -> bool:
    """True when `username` is backing off from at least one address (for `users list`)."""
    prefix = account_key(username, "").rsplit("|", 1)[0] + "|"
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return session.scalar(select(LoginThrottle.key).where(
        LoginThrottle.key.like(escaped + "%", escape="\\"), LoginThrottle.blocked_until > now).limit(1)) is not None
