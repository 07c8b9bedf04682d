"""`trustwatch worker` and `serve` stop cleanly on SIGTERM and release the scheduler for a restart."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from trustwatch.service import lease
from trustwatch.service.mailsink import free_port

pytestmark = pytest.mark.slow


def _env(settings) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
    env.update({"TRUSTWATCH_DB_URL": settings.database_url, "TRUSTWATCH_HOME": str(settings.home),
                "TRUSTWATCH_CONFIG_DIR": str(settings.config_dir), "TRUSTWATCH_ENV": "test",
                "TRUSTWATCH_DEMO_BASE_URL": settings.demo_base_url, "TRUSTWATCH_ES_URL": "http://127.0.0.1:9"})
    return env


def _wait_for_lease(db, present: bool, timeout: float = 30.0) -> dict | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        held = lease.read(db)
        if bool(held) == present:
            return held
        time.sleep(0.2)
    raise AssertionError(f"lease {'never appeared' if present else 'was not released'}")


def test_worker_stops_on_sigterm_logs_json_and_releases_the_lease(service_settings, db):
    proc = subprocess.Popen([sys.executable, "-m", "trustwatch.cli", "worker"], env=_env(service_settings),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        held = _wait_for_lease(db, True)
        assert held["owner"].endswith(f":{proc.pid}")
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-2000:]
    assert lease.read(db) is None
    entries = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    messages = [e["msg"] for e in entries]
    assert "scheduler started" in messages and "scheduler stopped" in messages
    assert any(e.get("signal") == "SIGTERM" for e in entries)
    # Jobs that cannot work here (nothing listens on the crawl target or Elasticsearch) are logged, not fatal.
    assert all("ts" in e and "level" in e for e in entries)


def test_serve_answers_healthz_and_metrics_and_stops_on_sigterm(service_settings, db):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "trustwatch.cli", "serve", "--port", str(port)],
                            env=_env(service_settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert health is not None, "serve never answered"
        body = health.json()
        assert health.status_code == 503  # Elasticsearch is deliberately unreachable here
        assert body["checks"]["database"]["ok"] and body["checks"]["scheduler"]["state"] == "running"
        assert not body["checks"]["elasticsearch"]["ok"]
        metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
        assert "trustwatch_metrics_up 1.0" in metrics.text
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-2000:]
    assert lease.read(db) is None
