"""A dispatcher process SIGKILLed mid-batch and restarted: nothing sent twice, nothing lost."""

from __future__ import annotations

import collections
import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from store.models import Alert, Delivery, Department, Event, utcnow

pytestmark = pytest.mark.slow
N = 10


def seed_deliveries(db, url: str) -> list[str]:
    now = utcnow() - dt.timedelta(seconds=5)
    with db.session() as s:
        dept = Department(code="sw-amr", name="汕尾市市场监督管理局", contacts={"webhook": [url]})
        ev = Event(title="测试事件", label="food", severity="high")
        s.add_all([dept, ev])
        s.flush()
        al = Alert(event_id=ev.id, department_id=dept.id)
        s.add(al)
        s.flush()
        keys = [f"tw-{al.id}-notify-{i}" for i in range(N)]
        s.add_all([Delivery(alert_id=al.id, channel="webhook", recipient=f"{url}/{i}", idempotency_key=k,
                            subject=f"消息 {i}", body="正文", next_attempt_at=now) for i, k in enumerate(keys)])
    return keys


def dispatcher(db, tmp_path) -> subprocess.Popen:
    env = dict(os.environ, TRUSTWATCH_DB_URL=db.url, TRUSTWATCH_HOME=str(tmp_path / "home"),
               TRUSTWATCH_WEBHOOK_SECRET="crash-test-secret", TRUSTWATCH_ALERT_CHANNELS='["webhook"]',
               TRUSTWATCH_ALERT_LEASE_SECONDS="1", TRUSTWATCH_ENV="test")
    return subprocess.Popen([sys.executable, "-m", "trustwatch.cli", "dispatch"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def states(db):
    with db.session() as s:
        return collections.Counter(s.scalars(select(Delivery.state)))


def test_killed_dispatcher_restarted_sends_each_message_exactly_once(db, http_receiver, tmp_path):
    import threading

    keys = seed_deliveries(db, f"{http_receiver.url}/hooks")
    rec = http_receiver.rec
    rec.gate, rec.hold_from = threading.Event(), 4  # the 5th request hangs until the dispatcher is dead
    proc = dispatcher(db, tmp_path)
    try:
        assert rec.gate_reached.wait(60), proc.stderr.read().decode() if proc.poll() is not None else "no request"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    # killed mid-batch: 4 sent and recorded; the 5th in flight, leased to the dead process; the rest
    # never claimed (rows are claimed one at a time, just before their send)
    assert states(db) == {"sent": 4, "sending": 1, "pending": N - 5}
    rec.gate.set()  # the in-flight request's client is gone: the receiver drops it
    time.sleep(0.2)
    rec.gate = None
    time.sleep(1.2)  # the dead dispatcher's lease runs out
    proc = dispatcher(db, tmp_path)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    assert "sent 6" in out.decode()
    got = collections.Counter(r["headers"]["Idempotency-Key"] for r in rec.requests)
    assert got == collections.Counter(keys)  # every message exactly once
    assert states(db) == {"sent": N}
    with db.session() as s:
        assert s.scalar(select(Alert.state)) == "sent"
        retried = s.scalar(select(Delivery).where(Delivery.idempotency_key == keys[4]))
        assert retried.attempts == 2
