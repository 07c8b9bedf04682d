"""One leader, fenced: a worker frozen past its lease and resumed beside a second one stops scheduling.

Two real `worker` processes (recording tasks, a 3 s lease) on SQLite and PostgreSQL; the first is
frozen with SIGSTOP while the second takes over, then resumed."""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trustwatch.service import lease

HARNESS = Path(__file__).with_name("leader_harness.py")
pytestmark = pytest.mark.slow


SOURCE = """\
sources:
  - name: alpha
    title: 测试源 alpha
    kind: rss
    start_urls: ["{demo_base_url}/alpha/rss.xml"]
    schedule: "*/30 * * * *"
    allow_private: true
"""


def write_source(config_dir: Path, name: str) -> None:
    (config_dir / "sources").mkdir(parents=True, exist_ok=True)
    (config_dir / "sources" / f"{name}.yaml").write_text(SOURCE, encoding="utf-8")


def records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def one_scheduler_at_a_time(runs: list[dict], old: int, new: int) -> None:
    """No job of the old leader starts once the new one ran its first."""
    starts = [r["start"] for r in runs if r["pid"] == new]
    if starts:
        assert not [r for r in runs if r["pid"] == old and r["start"] >= min(starts)]


def frozen_inside_a_write(which: str, old, new, record: Path) -> None:
    """SQLite only: the leader froze holding the database's one write lock, so nobody can take over
    until it thaws (SQLite is the single-process store); then still one scheduler at a time."""
    assert which == "sqlite", new.stderr.read() if new.poll() is not None else "no takeover"
    old.send_signal(signal.SIGCONT)
    time.sleep(6)
    one_scheduler_at_a_time(records(record), old.pid, new.pid)
    print("sqlite: the leader froze inside a write; no takeover until it thawed")


def start_worker(database, tmp_path, name: str, record: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HARNESS), database.url, str(tmp_path / name),
                             str(tmp_path / "config"), str(record), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("which", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_paused_leader_that_lost_its_lease_stops_its_jobs(which, request, tmp_path):
    database = request.getfixturevalue("db" if which == "sqlite" else "pg_db")
    write_source(tmp_path / "config", "alpha")
    record = tmp_path / "runs.jsonl"
    first = start_worker(database, tmp_path, "a", record)
    second = None
    try:
        assert wait_for(lambda: sum(r["pid"] == first.pid for r in records(record)) >= 5)
        first.send_signal(signal.SIGSTOP)  # a VM migration, a long GC
        frozen_at = time.time()
        time.sleep(4.5)  # longer than the 3 s lease
        second = start_worker(database, tmp_path, "b", record, "--standby")  # takes over as soon as it may
        if not wait_for(lambda: sum(r["pid"] == second.pid for r in records(record)) >= 5, timeout=20):
            return frozen_inside_a_write(which, first, second, record)
        took_over_at = min(r["start"] for r in records(record) if r["pid"] == second.pid)
        first.send_signal(signal.SIGCONT)
        resumed_at = time.time()
        assert first.wait(40) == 3, first.stderr.read()  # it noticed, stopped scheduling and said so
        assert "租约已被另一个进程接管" in first.stderr.read()
        time.sleep(2)
        assert second.poll() is None, second.stderr.read()
        held = lease.read(database)
        assert held["owner"].endswith(f":{second.pid}") and held["epoch"] == 2  # one hand-over, no flapping
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGCONT)
                proc.terminate()
                proc.wait(30)
    runs = records(record)
    late = [r for r in runs if r["pid"] == first.pid and r["start"] > frozen_at]
    by_pid = collections.Counter(r["pid"] for r in runs)
    print(f"{which}: runs by pid {dict(by_pid)}; first worker's runs started after its freeze: {len(late)};"
          f" second took over {took_over_at - frozen_at:.1f} s after the freeze, first resumed"
          f" {resumed_at - frozen_at:.1f} s after it")
    assert late == []
    one_scheduler_at_a_time(runs, first.pid, second.pid)


@pytest.mark.parametrize("which", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_standby_takes_over_from_a_frozen_leader_and_only_one_schedules_at_a_time(which, request, tmp_path):
    database = request.getfixturevalue("db" if which == "sqlite" else "pg_db")
    write_source(tmp_path / "config", "alpha")
    record = tmp_path / "runs.jsonl"
    leader = start_worker(database, tmp_path, "a", record)
    standby = None
    try:
        assert wait_for(lambda: sum(r["pid"] == leader.pid for r in records(record)) >= 3)
        standby = start_worker(database, tmp_path, "b", record, "--standby")
        time.sleep(3)
        assert not any(r["pid"] == standby.pid for r in records(record))  # it waits while the leader beats
        leader.send_signal(signal.SIGSTOP)
        frozen_at = time.time()
        if not wait_for(lambda: sum(r["pid"] == standby.pid for r in records(record)) >= 5, timeout=20):
            return frozen_inside_a_write(which, leader, standby, record)
        leader.send_signal(signal.SIGCONT)
        assert leader.wait(40) == 3, leader.stderr.read()
        time.sleep(1)
        assert standby.poll() is None, standby.stderr.read()
        assert lease.read(database)["epoch"] == 2
    finally:
        for proc in (leader, standby):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGCONT)
                proc.terminate()
                proc.wait(30)
    assert standby.returncode == 0
    runs = records(record)
    first_standby = min(r["start"] for r in runs if r["pid"] == standby.pid)
    # The leader started nothing once frozen, the standby nothing before the freeze: one scheduler at a time.
    assert not [r for r in runs if r["pid"] == leader.pid and r["start"] > frozen_at]
    assert first_standby > frozen_at
    print(f"{which}: standby's first job {first_standby - frozen_at:.1f} s after the leader froze")
