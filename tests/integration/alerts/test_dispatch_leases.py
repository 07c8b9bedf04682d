"""Dispatchers racing with slow sends: every delivery is sent once, and only its lease owner records it."""

from __future__ import annotations

import collections
import datetime as dt
import threading
import time

import pytest
from sqlalchemy import select

from alerts.channels import build_channel
from alerts.dispatcher import dispatch_due
from store.db import Database
from store.models import Alert, Delivery, Department, Event, utcnow
from trustwatch.settings import load_settings
from trustwatch.configs import alerting_config


def seed(database, url: str, n: int) -> None:
    now = utcnow() - dt.timedelta(seconds=1)
    with database.session() as s:
        dept = Department(code="sw-amr", name="汕尾市市场监督管理局", contacts={})
        ev = Event(title="慢速发送测试", label="food")
        s.add_all([dept, ev])
        s.flush()
        al = Alert(event_id=ev.id, department_id=dept.id)
        s.add(al)
        s.flush()
        s.add_all([Delivery(alert_id=al.id, channel="webhook", recipient=f"{url}/hooks/{i}",
                            idempotency_key=f"slow-{i}", subject="s", body="b", next_attempt_at=now)
                   for i in range(n)])


def unsent(database) -> int:
    with database.session() as s:
        return len(list(s.scalars(select(Delivery.id).where(Delivery.state != "sent"))))


def run_dispatchers(database, settings, workers: int, timeout: float = 120.0) -> list:
    """`workers` dispatch loops (the `trustwatch dispatch --loop` of several machines) until all is sent."""
    channel = {"webhook": build_channel("webhook", {"secret": "race-secret", "timeout": 30})}
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + timeout

    def worker():
        own = Database(database.url)  # each dispatcher its own connections, as in its own process
        try:
            while time.monotonic() < deadline and unsent(own):
                res = dispatch_due(own, alerting_config(settings), channel)  # the default limit: 100 rows a pass
                with lock:
                    results.append(res)
                if not res.claimed:
                    time.sleep(0.2)
        finally:
            own.dispose()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return results


@pytest.mark.slow
@pytest.mark.parametrize("which", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
@pytest.mark.parametrize("lease,delay", [(2.0, 0.4), (1.0, 2.5)], ids=["batch-longer-than-lease",
                                                                     "send-longer-than-lease"])
def test_slow_sends_are_sent_once(which, lease, delay, request, http_receiver):
    database = request.getfixturevalue("db" if which == "sqlite" else "pg_db")
    n = 12
    seed(database, http_receiver.url, n)
    http_receiver.rec.delay = delay
    settings = load_settings(db_url=database.url, env="test", alert_lease_seconds=lease)
    results = run_dispatchers(database, settings, workers=3)
    got = collections.Counter(r["headers"]["Idempotency-Key"] for r in http_receiver.rec.requests)
    print(f"{which} lease {lease}s send {delay}s: {sum(got.values())} requests for {n} deliveries,"
          f" {sum(v - 1 for v in got.values())} duplicates")
    assert len(got) == n and set(got.values()) == {1}
    assert sum(r.sent for r in results) == n
    with database.session() as s:
        assert set(s.scalars(select(Delivery.state))) == {"sent"}
        assert set(s.scalars(select(Alert.state))) == {"sent"}


@pytest.mark.parametrize("which", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_dispatcher_that_lost_its_lease_records_nothing(which, request, http_receiver):
    from alerts.channels.base import TransientDeliveryError
    from alerts.dispatcher import _record_failure, _record_success, claim_one

    database = request.getfixturevalue("db" if which == "sqlite" else "pg_db")
    seed(database, http_receiver.url, 1)
    settings = load_settings(db_url=database.url, env="test", alert_lease_seconds=5)
    t0 = utcnow()
    frozen = claim_one(database, alerting_config(settings), t0, "frozen")  # then the process stops (SIGSTOP, a long GC)
    assert frozen is not None
    assert claim_one(database, alerting_config(settings), t0 + dt.timedelta(seconds=1), "other") is None  # lease still runs
    later = t0 + dt.timedelta(seconds=6)
    channel = {"webhook": build_channel("webhook", {"secret": "race-secret"})}
    assert dispatch_due(database, alerting_config(settings), channel, now=later).sent == 1  # the lease ran out: taken over
    # The frozen one wakes up: neither a success nor a failure of it is recorded.
    assert not _record_success(database, frozen, "frozen", later)
    assert _record_failure(database, alerting_config(settings), frozen, "frozen", TransientDeliveryError("late"), later) == "lost"
    with database.session() as s:
        d = s.get(Delivery, frozen)
        assert (d.state, d.last_error, d.attempts) == ("sent", None, 2)
    assert len(http_receiver.rec.requests) == 1


@pytest.mark.slow
def test_two_dispatch_processes_with_slow_sends_send_each_message_once(db, http_receiver, tmp_path):
    """Two `trustwatch dispatch --loop` processes on one outbox, a 1 s lease, 1.5 s sends."""
    import os
    import subprocess
    import sys

    n = 8
    seed(db, http_receiver.url, n)
    http_receiver.rec.delay = 1.5
    env = dict(os.environ, TRUSTWATCH_DB_URL=db.url, TRUSTWATCH_HOME=str(tmp_path / "home"),
               TRUSTWATCH_WEBHOOK_SECRET="race-secret", TRUSTWATCH_ALERT_CHANNELS='["webhook"]',
               TRUSTWATCH_ALERT_LEASE_SECONDS="1", TRUSTWATCH_ENV="test")
    procs = [subprocess.Popen([sys.executable, "-m", "trustwatch.cli", "dispatch", "--loop", "--interval", "0.2"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    try:
        deadline = time.monotonic() + 120
        while unsent(db) and time.monotonic() < deadline:
            assert all(p.poll() is None for p in procs)
            time.sleep(0.2)
        time.sleep(3)  # a late duplicate would arrive now
    finally:
        for p in procs:
            p.terminate()
            p.wait(30)
    got = collections.Counter(r["headers"]["Idempotency-Key"] for r in http_receiver.rec.requests)
    assert len(got) == n and set(got.values()) == {1}, got
    assert unsent(db) == 0
