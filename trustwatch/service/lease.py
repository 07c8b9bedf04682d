"""The scheduler lease: one scheduler per database, fenced, with a heartbeat /healthz can read from any process.

Every change to the lease happens under a lock (PostgreSQL advisory lock and row lock; SQLite's write
lock), so "is it mine?" and "renew it" are one step. The runtime renews it on a timer and the job
runner before every job; both stop the scheduler when it is gone (LeaseLost)."""

from __future__ import annotations

import datetime as dt
import os
import socket

from sqlalchemy import text

from store import locks
from store.models import SchedulerState, utcnow
from trustwatch.service.schedules import ServiceConfigError

LEASE_KEY = "scheduler:lease"
LEASE_TTL_SECONDS = 45.0
HEARTBEAT_SECONDS = 10.0


def owner_id() -> str:
    """This process as host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive_here(owner: str) -> bool | None:
    """Whether the owner process is alive, if it runs on this host; None when it is elsewhere."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LeaseLost(RuntimeError):
    """Another scheduler holds the lease now: this one must stop running jobs at once."""


def _locked_row(s) -> SchedulerState | None:
    """The lease row, read afresh under a lock that every lease change takes (checks then writes)."""
    if locks.dialect_of(s) == "postgresql":
        # A process frozen inside this short transaction (SIGSTOP, a VM pause) would hold the lock
        # and block the standby's takeover until it thaws; the server ends such a session instead.
        s.execute(text("SET LOCAL idle_in_transaction_session_timeout = '5s'"))
    locks.serialize(s, locks.LEASE)
    return s.get(SchedulerState, LEASE_KEY, with_for_update=True, populate_existing=True)


def _expires(value: dict, now: dt.datetime) -> dt.datetime:
    return dt.datetime.fromisoformat(value.get("expires_at", now.isoformat()))


def acquire(db, owner: str, ttl: float = LEASE_TTL_SECONDS) -> None:
    """Take the lease, or raise ServiceConfigError if another scheduler holds it and may still be running.

    A holder whose lease ran out is replaced even if its process exists (frozen by SIGSTOP, a VM
    migration, a long pause): when it wakes its next heartbeat or job finds the lease gone and stops.
    A holder on this host whose process is gone is replaced at once."""
    now = utcnow()
    with db.session() as s:
        row = _locked_row(s)
        epoch = 0
        if row is not None:
            epoch = int(row.value.get("epoch", 0))
            holder = row.value.get("owner")
            if holder not in (None, owner) and _expires(row.value, now) > now and _alive_here(holder) is not False:
                raise ServiceConfigError(
                    f"另一个 Trustwatch 调度器（{holder}）正在使用这个数据库；同一数据库只能运行一个 "
                    "`trustwatch serve` 或 `trustwatch worker`（网页另开进程可用 `trustwatch serve --no-scheduler`）")
        value = {"owner": owner, "epoch": epoch + 1, "started_at": now.isoformat(),
                 "heartbeat_at": now.isoformat(), "expires_at": (now + dt.timedelta(seconds=ttl)).isoformat()}
        if row is None:
            s.add(SchedulerState(key=LEASE_KEY, value=value))
        else:
            row.value = value
            row.updated_at = now


def heartbeat(db, owner: str, state: str = "running", ttl: float = LEASE_TTL_SECONDS) -> dt.datetime:
    """Renew the lease if `owner` still holds it and record the scheduler state; returns the new expiry.

    Raises LeaseLost when another scheduler took it (or it was released): the lease is renewed only
    where the owner matches, never written over."""
    now = utcnow()
    with db.session() as s:
        row = _locked_row(s)
        holder = row.value.get("owner") if row is not None else None
        if holder != owner:
            raise LeaseLost(f"调度器租约已由 {holder or '无人'} 持有，本进程（{owner}）停止调度")
        expires = now + dt.timedelta(seconds=ttl)
        value = dict(row.value)
        value.update(state=state, heartbeat_at=now.isoformat(), expires_at=expires.isoformat())
        row.value = value
        row.updated_at = now
        return expires


def release(db, owner: str) -> None:
    """Give the lease up (on a clean stop), so a restart need not wait."""
    with db.session() as s:
        row = _locked_row(s)
        if row is not None and row.value.get("owner") == owner:
            s.delete(row)


def read(db) -> dict | None:
    """The lease as stored: owner, epoch, state, heartbeat_at, expires_at (or None when no scheduler runs)."""
    with db.session() as s:
        row = s.get(SchedulerState, LEASE_KEY)
        return dict(row.value) if row is not None else None
