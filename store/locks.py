"""Cross-process locks held by a transaction: one pipeline stage at a time, whichever process runs it.

PostgreSQL: a transaction-level advisory lock (`pg_advisory_xact_lock`), released at commit or rollback,
so a crashed process never leaves it behind. SQLite: the database write lock taken up front
(`BEGIN IMMEDIATE`): a second writer waits for the busy timeout instead of working from a stale read.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.orm import Session

# Names in use, so two stages never share a key by accident.
CLUSTER = "alerts:cluster"
PLAN = "alerts:plan"
DEPARTMENTS = "alerts:departments"
CLASSIFY = "alerts:classify"
LEASE = "service:lease"


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for `name`."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def dialect_of(session: Session) -> str:
    """The session's database dialect name ('postgresql', 'sqlite', ...)."""
    return session.get_bind().dialect.name


def serialize(session: Session, name: str) -> None:
    """Hold the lock `name` until the session's transaction ends (waits for another holder).

    On SQLite every such lock is the one database write lock; call this before the transaction
    writes (reads before it are fine: they run outside a transaction with the stdlib driver)."""
    dialect = dialect_of(session)
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})
    elif dialect == "sqlite":
        sqlite_write_lock(session)


def sqlite_write_lock(session: Session) -> None:
    """Take SQLite's write lock now (BEGIN IMMEDIATE), unless this transaction already writes."""
    conn = session.connection()
    raw = conn.connection.driver_connection
    if not raw.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        # Already in a write transaction (the stdlib driver opens one only for DML): a no-op write
        # confirms the lock is ours, and fails loudly rather than silently if it cannot be had.
        conn.exec_driver_sql("UPDATE service_state SET key = key WHERE 0")
