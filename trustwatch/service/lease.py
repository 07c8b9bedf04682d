"""The scheduler lease: one scheduler per database, with a heartbeat that /healthz can read from any process."""

from __future__ import annotations

import datetime as dt
import os
import socket

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


def acquire(db, owner: str, ttl: float = LEASE_TTL_SECONDS) -> None:
    """Take the lease, or raise ServiceConfigError if another live scheduler holds it."""
    now = utcnow()
    with db.session() as s:
        row = s.get(SchedulerState, LEASE_KEY)
        if row is not None and row.value.get("owner") not in (None, owner):
            holder = row.value["owner"]
            expires = dt.datetime.fromisoformat(row.value.get("expires_at", now.isoformat()))
            alive = _alive_here(holder)
            if alive or (alive is None and expires > now):
                raise ServiceConfigError(
                    f"另一个 Trustwatch 调度器（{holder}）正在使用这个数据库；同一数据库只能运行一个 "
                    "`trustwatch serve` 或 `trustwatch worker`（网页另开进程可用 `trustwatch serve --no-scheduler`）")
        value = {"owner": owner, "started_at": now.isoformat(),
                 "heartbeat_at": now.isoformat(), "expires_at": (now + dt.timedelta(seconds=ttl)).isoformat()}
        if row is None:
            s.add(SchedulerState(key=LEASE_KEY, value=value))
        else:
            row.value = value
            row.updated_at = now


def heartbeat(db, owner: str, state: str = "running", ttl: float = LEASE_TTL_SECONDS) -> None:
    """Renew the lease and record the scheduler state."""
    now = utcnow()
    with db.session() as s:
        row = s.get(SchedulerState, LEASE_KEY)
        if row is None or row.value.get("owner") != owner:
            value = {"owner": owner, "started_at": now.isoformat()}
            if row is None:
                row = SchedulerState(key=LEASE_KEY, value=value)
                s.add(row)
        value = dict(row.value)
        value.update(owner=owner, state=state, heartbeat_at=now.isoformat(),
                     expires_at=(now + dt.timedelta(seconds=ttl)).isoformat())
        row.value = value
        row.updated_at = now


def release(db, owner: str) -> None:
    """Give the lease up (on a clean stop), so a restart need not wait."""
    with db.session() as s:
        row = s.get(SchedulerState, LEASE_KEY)
        if row is not None and row.value.get("owner") == owner:
            s.delete(row)


def read(db) -> dict | None:
    """The lease as stored: owner, state, heartbeat_at, expires_at (or None when no scheduler runs)."""
    with db.session() as s:
        row = s.get(SchedulerState, LEASE_KEY)
        return dict(row.value) if row is not None else None
