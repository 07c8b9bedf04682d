"""A leader frozen inside a transaction of its scheduler does not linger idle after it resumes.

Real `worker` processes on PostgreSQL (tests/integration/service/leader_harness.py: recording tasks,
a 3 s lease, sessions idle in a transaction ended after 5 s). The leader is frozen with SIGSTOP while
APScheduler's own thread is inside a job-store transaction (held there by a table lock this test
takes, then released); PostgreSQL ends that session while the leader is frozen. After SIGCONT the
commit fails and APScheduler's thread dies on it. The process must still stop by itself with a
Chinese message: exit 3 when a standby took the lease over (systemd restarts it as the standby),
exit 4 when the lease is still its own (systemd restarts a working scheduler) — never stay alive
scheduling nothing.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from test_leader_fence import HARNESS, records, wait_for, write_source

from trustwatch.service import lease

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
IDLE_TIMEOUT = 5.0  # leader_harness: idle_transaction_timeout


def _start(database, tmp_path: Path, name: str, record: Path, *extra: str) -> subprocess.Popen:
    """A leader_harness worker with its output in a file (a pipe nobody reads could fill and block it)."""
    with open(tmp_path / f"{name}.log", "wb") as out:
        return subprocess.Popen([sys.executable, str(HARNESS), database.url, str(tmp_path / name),
                                 str(tmp_path / "config"), str(record), *extra], stdout=out, stderr=subprocess.STDOUT)


def _log(tmp_path: Path, name: str) -> str:
    return (tmp_path / f"{name}.log").read_text(encoding="utf-8", errors="replace")


def _stopped(pid: int) -> bool:
    """Every thread of `pid` is stopped (SIGSTOP takes effect per thread, not at once)."""
    tasks = list(Path(f"/proc/{pid}/task").iterdir())
    return bool(tasks) and all((t / "stat").read_text().rpartition(")")[2].split()[0] in "tT" for t in tasks)


def _blocked_on(conn, table: str) -> list[int]:
    """Backends (other than `conn`'s) waiting for a lock in a statement on `table`."""
    return list(conn.execute(text(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        " AND wait_event_type = 'Lock' AND query ILIKE :q"), {"q": f"%{table}%"}).scalars())


def _alive(conn, pids: list[int]) -> list[tuple]:
    return [tuple(r) for r in conn.execute(text("SELECT pid, state, wait_event_type, left(query, 80) FROM pg_stat_activity"
                                                " WHERE pid = ANY(:p)"), {"p": pids})]


def _freeze_inside_a_job_store_write(database, leader) -> float:
    """SIGSTOP `leader` while APScheduler's thread is inside a job-store transaction, and wait until
    the server has ended that session (idle in the transaction); returns when it was frozen."""
    engine = create_engine(database.url)
    try:
        # pg_stat_activity is read outside the locking transaction (inside one it is a snapshot)
        with engine.connect() as locker, engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watch:
            with locker.begin():
                # APScheduler's thread updates the next run time of each job it submits: it waits here.
                locker.execute(text("LOCK TABLE apscheduler_jobs IN EXCLUSIVE MODE"))
                assert wait_for(lambda: _blocked_on(watch, "apscheduler_jobs"), timeout=20), \
                    "the leader's scheduler never wrote to its job store"
                blocked = _blocked_on(watch, "apscheduler_jobs")
                leader.send_signal(signal.SIGSTOP)  # a VM pause, a long GC: inside that transaction
                frozen_at = time.time()
                assert wait_for(lambda: _stopped(leader.pid), timeout=10)
            # The lock is gone: the leader's UPDATE went through and its session waits, idle in the
            # transaction, for a COMMIT that does not come; the server ends it.
            assert wait_for(lambda: not _alive(watch, blocked), timeout=IDLE_TIMEOUT + 15), _alive(watch, blocked)
    finally:
        engine.dispose()
    return frozen_at


def _resume_and_wait(leader, tmp_path: Path, what: str) -> tuple[int, float, str]:
    """SIGCONT; (exit code, seconds it took to stop, its output) — it must stop by itself."""
    leader.send_signal(signal.SIGCONT)
    resumed_at = time.time()
    try:
        code = leader.wait(30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the resumed leader {what} but stayed alive, scheduling nothing:\n" + _log(tmp_path, "a")[-3000:])
    return code, time.time() - resumed_at, _log(tmp_path, "a")


def _stop_all(*procs) -> None:
    for proc in procs:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGCONT)
            proc.terminate()
            proc.wait(30)


def test_a_leader_frozen_inside_a_scheduler_transaction_stops_after_it_resumes(pg_db, tmp_path):
    write_source(tmp_path / "config", "alpha")
    record = tmp_path / "runs.jsonl"
    leader = _start(pg_db, tmp_path, "a", record)
    standby = None
    try:
        assert wait_for(lambda: sum(r["pid"] == leader.pid for r in records(record)) >= 3), _log(tmp_path, "a")
        standby = _start(pg_db, tmp_path, "b", record, "--standby")
        time.sleep(2)
        assert not any(r["pid"] == standby.pid for r in records(record))  # it waits while the leader beats
        frozen_at = _freeze_inside_a_job_store_write(pg_db, leader)
        assert wait_for(lambda: sum(r["pid"] == standby.pid for r in records(record)) >= 3, timeout=30), \
            _log(tmp_path, "b")
        code, stopped_after, out = _resume_and_wait(leader, tmp_path, "lost its lease")
        assert "Exception in thread APScheduler" in out  # the failure this test is about did happen
        assert code == 3, out[-3000:]
        assert "租约已被另一个进程接管" in out, out[-3000:]
        assert standby.poll() is None, _log(tmp_path, "b")[-3000:]
        held = lease.read(pg_db)
        assert held["owner"].endswith(f":{standby.pid}") and held["epoch"] == 2
    finally:
        _stop_all(leader, standby)
    runs = records(record)
    assert [r for r in runs if r["pid"] == leader.pid and r["start"] > frozen_at] == []
    assert min(r["start"] for r in runs if r["pid"] == standby.pid) > frozen_at
    print(f"leader stopped {stopped_after:.1f} s after it resumed (exit {code})")


def test_a_lone_leader_whose_scheduler_thread_died_exits_for_a_restart(pg_db, tmp_path):
    """No standby took the lease: it is still this process's, but APScheduler's thread is gone. The
    process says so and exits 4, so that systemd (Restart=always) starts a working one."""
    write_source(tmp_path / "config", "alpha")
    record = tmp_path / "runs.jsonl"
    leader = _start(pg_db, tmp_path, "a", record)
    try:
        assert wait_for(lambda: sum(r["pid"] == leader.pid for r in records(record)) >= 3), _log(tmp_path, "a")
        frozen_at = _freeze_inside_a_job_store_write(pg_db, leader)
        code, stopped_after, out = _resume_and_wait(leader, tmp_path, "lost its scheduler thread")
        assert "Exception in thread APScheduler" in out
        assert code == 4, out[-3000:]
        assert "调度线程意外退出" in out, out[-3000:]
        assert lease.read(pg_db) is None  # released on the way out: a restart need not wait for it
    finally:
        _stop_all(leader)
    # Nothing was scheduled after the freeze. APScheduler hands a job to its executor and only then
    # writes the job's next run time (the write this test froze), so that one job may start after
    # SIGCONT: its lease check still passes, since no other scheduler exists (seen in a CI run under
    # load). No second job may start.
    after = [r for r in records(record) if r["start"] > frozen_at]
    assert len(after) <= 1, after
    print(f"lone leader stopped {stopped_after:.1f} s after it resumed (exit {code})")
