"""The scheduler: stable job ids in the SQL job store, failures logged and retried, restarts without duplicates."""

from __future__ import annotations

import dataclasses
import logging

import pytest
from sqlalchemy import text

from trustwatch.service import jobs as jobs_module
from trustwatch.service import lease
from trustwatch.service.runtime import Service, ServiceOptions
from trustwatch.service.scheduler import Intervals
from trustwatch.service.schedules import ServiceConfigError

FAST = Intervals(process=0.5, outbox_drain=0.5, dispatch=0.5, escalations=0.5)


def _stored_job_ids(db) -> list[str]:
    with db.engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(text("SELECT id FROM apscheduler_jobs")))


def test_jobs_have_stable_ids_in_the_database_and_survive_a_restart(service_settings, db, recording):
    options = ServiceOptions(tasks=recording.as_tasks(), intervals=FAST)
    service = Service(service_settings, options, db=db)
    service.start()
    try:
        assert recording.wait_for(lambda calls: "crawl:alpha" in calls and "process" in calls)
    finally:
        service.stop()
    expected = ["crawl:alpha", "dispatch", "escalations", "outbox-drain", "process", "retrain"]
    assert _stored_job_ids(db) == expected
    # A second start on the same database reuses the stored jobs: same ids, no duplicates.
    again = Service(service_settings, ServiceOptions(tasks=recording.as_tasks(), intervals=FAST), db=db)
    again.start()
    again.stop()
    assert _stored_job_ids(db) == expected
    assert lease.read(db) is None  # a clean stop releases the lease


def test_a_failing_job_is_logged_with_its_id_and_retried_and_the_service_keeps_running(
        service_settings, db, recording, caplog, monkeypatch):
    monkeypatch.setattr(jobs_module, "RETRY", dataclasses.replace(jobs_module.RETRY, base_seconds=0.2))
    recording.fail["dispatch"] = 2
    service = Service(service_settings, ServiceOptions(tasks=recording.as_tasks(), intervals=Intervals(
        process=60, outbox_drain=60, dispatch=60, escalations=60)), db=db)
    with caplog.at_level(logging.INFO, logger="trustwatch.jobs"):
        service.start()
        try:
            # The interval is 60 s: the second and third runs can only come from the retry backoff.
            assert recording.wait_for(lambda calls: calls.count("dispatch") >= 3, timeout=15)
            assert service.scheduler.running
        finally:
            service.stop()
    failures = [r for r in caplog.records if r.getMessage() == "job failed"]
    assert len(failures) == 2
    assert failures[0].job == "dispatch" and "failed on purpose" in failures[0].error
    assert failures[0].duration_s >= 0
    ok = [r for r in caplog.records if r.getMessage() == "job finished" and r.job == "dispatch"]
    assert ok
    with db.session() as s:
        from store.models import SchedulerState

        stats = s.get(SchedulerState, "job:dispatch").value
    assert stats["runs_error"] == 2 and stats["runs_ok"] >= 1 and stats["consecutive_failures"] == 0


def test_a_trigger_during_a_run_runs_the_job_again_right_after(service_settings, db, recording):
    from trustwatch.service.jobs import current_context

    slow_calls = []

    def slow_process(ctx, _arg):
        import time

        slow_calls.append(time.monotonic())
        if len(slow_calls) == 1:
            ctx.trigger("process")  # articles arrived while processing
            time.sleep(0.5)

    tasks = recording.as_tasks() | {"process": slow_process}
    service = Service(service_settings, ServiceOptions(tasks=tasks, intervals=Intervals(
        process=600, outbox_drain=600, dispatch=600, escalations=600)), db=db)
    service.start()
    try:
        import time

        deadline = time.monotonic() + 10
        while len(slow_calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert current_context() is not None
    finally:
        service.stop()
    assert len(slow_calls) == 2


def test_a_second_scheduler_on_the_same_database_is_refused(service_settings, db, recording):
    first = Service(service_settings, ServiceOptions(tasks=recording.as_tasks()), db=db)
    first.start()
    try:
        second = Service(service_settings, ServiceOptions(tasks=recording.as_tasks()), db=db)
        second.owner = "elsewhere.example:1"  # another host: only the lease's expiry could free it
        with pytest.raises(ServiceConfigError, match="另一个 Trustwatch 调度器"):
            second.start()
    finally:
        first.stop()


def test_an_unmigrated_database_is_refused_with_the_command_to_run(service_settings, tmp_path, recording):
    from store.db import Database

    empty = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(ServiceConfigError, match="trustwatch db upgrade"):
        Service(service_settings, ServiceOptions(tasks=recording.as_tasks()), db=empty).start()


@pytest.mark.postgres
def test_the_job_store_and_lease_work_on_postgresql(pg_db, tmp_path, recording, add_source):
    from trustwatch.settings import load_settings

    add_source(tmp_path / "config", "alpha")
    settings = load_settings(home=tmp_path / "home", db_url=pg_db.url, env="test", config_dir=tmp_path / "config",
                             demo_base_url="http://127.0.0.1:9", es_url="http://127.0.0.1:9")
    for _ in range(2):  # start, run, stop, and again: the stored jobs are reused
        service = Service(settings, ServiceOptions(tasks=recording.as_tasks(), intervals=FAST), db=pg_db)
        service.start()
        try:
            before = len(recording.calls)
            assert recording.wait_for(lambda calls: len(calls) > before + 2)
        finally:
            service.stop()
        assert _stored_job_ids(pg_db) == ["crawl:alpha", "dispatch", "escalations", "outbox-drain", "process", "retrain"]
    assert lease.read(pg_db) is None


def test_the_jobs_command_lists_stored_jobs_with_their_last_runs(service_settings, db, recording):
    from trustwatch.service.status import render_status

    assert render_status(db, service_settings).startswith("调度器：未运行")
    recording.fail["process"] = 1
    service = Service(service_settings, ServiceOptions(tasks=recording.as_tasks(), intervals=Intervals(
        process=600, outbox_drain=600, dispatch=600, escalations=600)), db=db)
    service.start()
    try:
        assert recording.wait_for(lambda calls: "process" in calls and "crawl:alpha" in calls)
        import time

        time.sleep(0.3)
        running = render_status(db, service_settings)
    finally:
        service.stop()
    assert running.startswith("调度器：运行中")
    lines = {line.split()[0]: line for line in running.splitlines()[2:] if not line.startswith("    ")}
    assert set(lines) == {"crawl:alpha", "process", "outbox-drain", "dispatch", "escalations", "retrain"}
    assert " error " in lines["process"] and "最近错误：RuntimeError: process failed on purpose" in running
    assert " ok " in lines["crawl:alpha"] and "cron[" in lines["crawl:alpha"]
