"""Stopping the scheduler while jobs run: a job that brings others forward does not hold the stop
(issue 15: a resumed former leader logged that its lease was taken and then never exited), and a
former leader leaves a job that does not end to the scheduler that leads now.

Real PostgreSQL job store and lease, real APScheduler; the jobs are small tasks doing what the real
ones do at the moment it matters (a trigger reads the job store while the stop waits; a job waits on
a server that never answers)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from store.models import SchedulerState
from trustwatch.service import lease
from trustwatch.service.runtime import Service, ServiceOptions
from trustwatch.service.scheduler import Intervals

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
HARNESS = Path(__file__).with_name("hung_job_harness.py")
KINDS = ("crawl", "process", "outbox-drain", "dispatch", "escalations", "digest", "retrain")


@pytest.fixture
def pg_settings(pg_db, tmp_path, add_source):
    from trustwatch.settings import load_settings

    add_source(tmp_path / "config", "alpha")
    return load_settings(home=tmp_path / "home", db_url=pg_db.url, env="test", config_dir=tmp_path / "config",
                         demo_base_url="http://127.0.0.1:9", es_url="http://127.0.0.1:9")


def _idle(ctx, argument):
    return 0


def _stop_within(service: Service, seconds: float) -> float:
    """Stop the service from another thread; how long it took (fails when it did not return in time)."""
    began = time.monotonic()
    stopper = threading.Thread(target=service.stop, name="test-stop", daemon=True)
    stopper.start()
    stopper.join(seconds)
    assert not stopper.is_alive(), f"Service.stop() did not return within {seconds:g} s"
    return time.monotonic() - began


def test_a_job_that_reads_the_job_store_while_the_scheduler_stops_does_not_hold_the_stop(pg_settings, pg_db):
    from apscheduler.schedulers.base import STATE_STOPPED

    running, read = threading.Event(), []

    def reads_late(ctx, argument):
        # A trigger (the crawl's watcher while articles arrive, `process` at its end) reads the job it
        # brings forward from the job store; here it does so once the stop has begun waiting for jobs.
        running.set()
        while ctx.scheduler.state != STATE_STOPPED:
            time.sleep(0.01)
        ctx.scheduler.get_job("dispatch")  # (None: a stopped scheduler no longer reads its stores)
        read.append("dispatch")
        return 0

    tasks = {kind: _idle for kind in KINDS} | {"process": reads_late}
    service = Service(pg_settings, ServiceOptions(
        tasks=tasks, intervals=Intervals(process=60, outbox_drain=60, dispatch=60, escalations=60),
        lease_ttl=10, heartbeat_seconds=1, watch_seconds=60), db=pg_db)
    service.start()
    assert running.wait(20), "the process job did not start"
    took = _stop_within(service, 20)
    assert read == ["dispatch"]  # the job read the job store, ended, and the stop waited for it
    assert service.abandoned == []
    assert took < 10, took
    assert lease.read(pg_db) is None


def _take_the_lease_over(db) -> None:
    """Another scheduler takes the lease (as after a freeze longer than the lease)."""
    with db.session() as s:
        row = s.get(SchedulerState, lease.LEASE_KEY, with_for_update=True)
        row.value = {**row.value, "owner": "elsewhere:1", "epoch": int(row.value.get("epoch", 0)) + 1}


class SilentServer:
    """A TCP server that accepts connections and never answers (a hung remote: SMTP, webhook, search)."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.connected = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)
            self.connected.set()

    def close(self):
        for conn in self.accepted:
            conn.close()  # the job's read returns: its thread ends
        self.sock.close()


def test_a_former_leader_leaves_a_job_that_does_not_end_and_stops_within_its_grace(pg_settings, pg_db):
    server = SilentServer()

    def hung(ctx, argument):
        with socket.create_connection(("127.0.0.1", server.port)) as conn:
            return len(conn.recv(1))  # no answer, ever (until the test closes the server)

    tasks = {kind: _idle for kind in KINDS} | {"dispatch": hung}
    service = Service(pg_settings, ServiceOptions(
        tasks=tasks, intervals=Intervals(process=60, outbox_drain=60, dispatch=0.5, escalations=60),
        lease_ttl=10, heartbeat_seconds=0.5, watch_seconds=60, former_leader_grace=2.0), db=pg_db)
    stopped = threading.Event()
    service.on_lease_lost.append(stopped.set)
    try:
        service.start()
        assert server.connected.wait(20), "the dispatch job did not start"
        _take_the_lease_over(pg_db)
        assert stopped.wait(10), "the lease loss was not noticed"
        took = _stop_within(service, 15)
        assert service.lease_lost.is_set()
        assert service.abandoned == ["dispatch"]
        assert 2.0 <= took < 10, took  # waited its grace for the job, then left it
        with pg_db.session() as s:  # the lease stays the new leader's
            assert s.scalar(select(SchedulerState.value).where(SchedulerState.key == lease.LEASE_KEY))["owner"] \
                == "elsewhere:1"
    finally:
        server.close()
        if service.scheduler is not None and not service._stopped.is_set():
            service.stop()


def test_a_former_leader_worker_exits_with_code_3_while_its_job_still_waits(pg_settings, pg_db, tmp_path):
    """`trustwatch worker` itself: the thread of a job it left would keep the interpreter from exiting."""
    server = SilentServer()
    proc = subprocess.Popen([sys.executable, str(HARNESS), pg_db.url, str(tmp_path / "home"), str(tmp_path / "config"),
                             str(server.port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.connected.wait(60), "the dispatch job did not start"
        _take_the_lease_over(pg_db)
        taken = time.monotonic()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            pytest.fail("the former leader did not exit within 30 s while its job waited")
        took = time.monotonic() - taken
        err = proc.stderr.read()
        assert proc.returncode == 3, err
        assert "调度器租约已被另一个进程接管" in err and "dispatch" in err and "已交给当前的调度器" in err, err
        assert took < 15, took  # its heartbeat (0.5 s), its grace (2 s), the exit
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        server.close()
