"""Schedules, retry backoff, job specs and JSON log lines."""

from __future__ import annotations

import json
import logging

import pytest

from trustwatch.service.jobs import retry_delay
from trustwatch.service.jsonlog import JsonFormatter
from trustwatch.service.scheduler import desired_jobs, trigger_signature
from trustwatch.service.schedules import ServiceConfigError, parse_schedule
from trustwatch.settings import load_settings


@pytest.mark.parametrize("text, spec", [
    ("*/30 * * * *", "cron:*/30 * * * *"),
    ("0 6 * * 1-5", "cron:0 6 * * 1-5"),
    ("every 10m", "interval:600"),
    ("@every 90s", "interval:90"),
    ("2h", "interval:7200"),
])
def test_valid_schedules(text, spec):
    assert parse_schedule("demo", text, "Asia/Shanghai").spec == spec


@pytest.mark.parametrize("text, detail", [
    ("61 * * * *", "61"),
    ("* * *", "Wrong number of fields"),
    ("0 0 31 2 *", "never fires"),
    ("every 0s", "至少 1 秒"),
])
def test_invalid_schedules_name_the_source_and_the_file(text, detail):
    with pytest.raises(ServiceConfigError) as info:
        parse_schedule("demo-news", text, "Asia/Shanghai", where="config/sources/demo.yaml")
    message = str(info.value)
    assert message.startswith("config/sources/demo.yaml: 数据源 demo-news 的 schedule")
    assert detail in message


def test_retry_backoff_doubles_up_to_fifteen_minutes():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [15, 30, 60, 120]
    assert retry_delay(50) == 900


def test_job_ids_are_stable_and_daily_jobs_follow_the_settings():
    settings = load_settings(digest_time="07:45", retrain_time="03:10", env="test")
    schedules = {"b": parse_schedule("b", "*/5 * * * *", settings.timezone),
                 "a": parse_schedule("a", "every 30s", settings.timezone)}
    specs = {s.id: s for s in desired_jobs(schedules, ["sw-amr", "sw-propaganda"], settings)}
    assert list(specs) == ["crawl:a", "crawl:b", "process", "outbox-drain", "dispatch", "escalations", "retrain",
                           "digest:sw-amr", "digest:sw-propaganda"]
    assert specs["crawl:a"].executor == "crawl" and specs["crawl:a"].run_at_start
    assert "hour='7'" in str(specs["digest:sw-amr"].trigger) and "minute='45'" in str(specs["digest:sw-amr"].trigger)
    assert "hour='3'" in str(specs["retrain"].trigger)
    again = {s.id: s for s in desired_jobs(schedules, ["sw-amr", "sw-propaganda"], settings)}
    assert all(specs[k].signature() == again[k].signature() for k in specs)  # unchanged config: no reschedule
    assert "Asia/Shanghai" in trigger_signature(specs["crawl:b"].trigger)


def test_log_lines_are_json_with_the_structured_fields_and_bounded():
    record = logging.LogRecord("trustwatch.jobs", logging.ERROR, __file__, 1, "job failed", None, None)
    record.job, record.duration_s, record.error = "crawl:demo-news", 1.25, "x" * 5000
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "error" and entry["msg"] == "job failed"
    assert entry["job"] == "crawl:demo-news" and entry["duration_s"] == 1.25
    assert len(entry["error"]) == 2000


def test_idle_runs_are_recognised_so_they_log_at_debug():
    from trustwatch.service.jobs import _idle

    assert _idle({"claimed": 0, "sent": 0}) and _idle(0)
    assert not _idle({"claimed": 2, "sent": 2})
    assert not _idle({"source": "demo-news", "seconds": 0})
    assert not _idle("sent 0") and not _idle(None)
