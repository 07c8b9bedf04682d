"""Source files: bad ones fail at start with a clear message; edits are picked up without a restart."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from trustwatch.service.runtime import Service, ServiceOptions
from trustwatch.service.scheduler import PERSISTENT
from trustwatch.service.schedules import ServiceConfigError, load_crawl_schedules


def _crawl_jobs(service) -> dict[str, str]:
    return {job.id: str(job.trigger) for job in service.scheduler.get_jobs(jobstore=PERSISTENT)
            if job.id.startswith("crawl:")}


def _wait(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_an_invalid_cron_fails_at_start_naming_file_source_and_expression(service_settings, add_source):
    path = add_source(service_settings.config_dir, "broken", schedule="61 * * * *")
    with pytest.raises(ServiceConfigError) as info:
        load_crawl_schedules(service_settings)
    message = str(info.value)
    assert str(path) in message and "broken" in message and "'61 * * * *'" in message
    assert "cron" in message


def test_an_unknown_source_fails_at_start_listing_the_known_ones(service_settings):
    with pytest.raises(ServiceConfigError) as info:
        load_crawl_schedules(service_settings, only=["nosuch"])
    assert "未知的数据源：nosuch" in str(info.value) and "alpha" in str(info.value)


def test_a_schema_error_in_a_source_file_is_reported_with_its_line(service_settings):
    bad = service_settings.config_dir / "sources" / "bad.yaml"
    bad.write_text("sources:\n  - name: x1\n    kind: ftp\n", encoding="utf-8")
    with pytest.raises(ServiceConfigError) as info:
        load_crawl_schedules(service_settings)
    assert f"{bad}:" in str(info.value) and "kind" in str(info.value)


def _cli(settings, *args, timeout=60):
    env = {"PATH": "/usr/bin:/bin", "TRUSTWATCH_DB_URL": settings.database_url, "TRUSTWATCH_HOME": str(settings.home),
           "TRUSTWATCH_CONFIG_DIR": str(settings.config_dir), "TRUSTWATCH_DEMO_BASE_URL": settings.demo_base_url,
           "TRUSTWATCH_ENV": "test"}
    return subprocess.run([sys.executable, "-m", "trustwatch.cli", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def test_worker_and_serve_refuse_to_start_on_an_invalid_cron_or_unknown_source(service_settings, add_source):
    add_source(service_settings.config_dir, "broken", schedule="*/5 25 * * *")
    result = _cli(service_settings, "worker")
    assert result.returncode == 2
    assert "无法启动" in result.stderr and "broken" in result.stderr and "*/5 25 * * *" in result.stderr
    (service_settings.config_dir / "sources" / "broken.yaml").unlink()
    result = _cli(service_settings, "serve", "--port", "9", "--source", "alpha", "--source", "ghost")
    assert result.returncode == 2
    assert "未知的数据源：ghost" in result.stderr


def test_edits_to_source_files_add_reschedule_and_remove_crawl_jobs_without_restart(
        service_settings, db, recording, add_source):
    service = Service(service_settings, ServiceOptions(tasks=recording.as_tasks(), watch_seconds=0.2), db=db)
    service.start()
    try:
        assert set(_crawl_jobs(service)) == {"crawl:alpha"}
        add_source(service_settings.config_dir, "beta", schedule="*/10 * * * *")
        assert _wait(lambda: "crawl:beta" in _crawl_jobs(service))
        add_source(service_settings.config_dir, "alpha", schedule="0 6 * * *")
        assert _wait(lambda: "hour='6'" in _crawl_jobs(service).get("crawl:alpha", ""))
        # A broken edit keeps the last good schedule running.
        add_source(service_settings.config_dir, "beta", schedule="not a cron")
        time.sleep(1.0)
        assert "crawl:beta" in _crawl_jobs(service) and service.scheduler.running
        (service_settings.config_dir / "sources" / "beta.yaml").unlink()
        assert _wait(lambda: set(_crawl_jobs(service)) == {"crawl:alpha"})
    finally:
        service.stop()


def test_new_departments_get_a_daily_digest_job(service_settings, db, recording):
    from store.models import Department

    service = Service(service_settings, ServiceOptions(tasks=recording.as_tasks(), watch_seconds=0.2), db=db)
    service.start()
    try:
        with db.session() as s:
            s.add(Department(code="sw-propaganda", name="汕尾市委宣传部（网信办）", contacts={"email": ["a@b.example"]}))
        assert _wait(lambda: service.scheduler.get_job("digest:sw-propaganda") is not None)
        job = service.scheduler.get_job("digest:sw-propaganda")
        assert "hour='8'" in str(job.trigger) and "minute='0'" in str(job.trigger)
    finally:
        service.stop()


def test_serve_refuses_a_taken_port_before_starting_anything(service_settings, db):
    import socket

    from trustwatch.service import lease

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = _cli(service_settings, "serve", "--port", str(taken.getsockname()[1]))
    assert result.returncode == 2
    assert "端口可能已被占用" in result.stderr and "--port" in result.stderr
    assert lease.read(db) is None  # the scheduler never started
