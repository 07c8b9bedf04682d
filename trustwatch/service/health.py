"""Health: is the database answering, is Elasticsearch answering, is the scheduler alive."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import text

from store.models import utcnow
from trustwatch.service import lease

ES_TIMEOUT_SECONDS = 3.0


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        result = check()
    except Exception as exc:  # any failure is the answer; the message names the error, never a secret
        result = {"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    result["latency_ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def check_database(db) -> dict:
    """SELECT 1 on the system of record."""
    def run():
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"ok": True, "dialect": db.engine.dialect.name}
    return _timed(run)


def check_elasticsearch(client) -> dict:
    """The cluster's health colour; red or unreachable is a failure."""
    def run():
        health = client.options(request_timeout=ES_TIMEOUT_SECONDS).cluster.health()
        status = health.get("status")
        return {"ok": status in ("green", "yellow"), "status": status}
    return _timed(run)


def check_scheduler(db, local_scheduler=None) -> dict:
    """This process's scheduler if it runs one, else the lease heartbeat written by the scheduler process."""
    def run():
        if local_scheduler is not None:
            from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING

            state = {STATE_RUNNING: "running", STATE_PAUSED: "paused"}.get(local_scheduler.state, "stopped")
            thread = getattr(local_scheduler, "_thread", None)
            if state != "stopped" and thread is not None and not thread.is_alive():
                state = "dead"  # its thread ended on an error: it runs nothing, whatever its state says
            jobs = len(local_scheduler.get_jobs()) if state != "stopped" else 0
            return {"ok": state == "running", "state": state, "jobs": jobs, "where": "this process"}
        held = lease.read(db)
        if not held:
            return {"ok": False, "state": "absent", "error": "no scheduler is running (start `trustwatch worker`)"}
        beat = dt.datetime.fromisoformat(held.get("heartbeat_at") or held.get("started_at"))
        age = (utcnow() - beat).total_seconds()
        fresh = age <= lease.LEASE_TTL_SECONDS
        return {"ok": fresh, "state": held.get("state", "running") if fresh else "stale",
                "owner": held.get("owner"), "heartbeat_age_s": round(age, 1)}
    return _timed(run)


def health_report(db, es_client, local_scheduler=None, want_scheduler: bool = True) -> tuple[dict, int]:
    """The /healthz body and status code: 200 when every check passes, 503 otherwise."""
    checks = {"database": check_database(db), "elasticsearch": check_elasticsearch(es_client)}
    if want_scheduler:
        checks["scheduler"] = check_scheduler(db, local_scheduler)
    ok = all(c["ok"] for c in checks.values())
    return {"status": "ok" if ok else "fail", "checks": checks}, (200 if ok else 503)
