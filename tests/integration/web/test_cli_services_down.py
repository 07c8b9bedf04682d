"""Commands with the database or Elasticsearch down: one line naming what is down, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from trustwatch.settings import generate_secret_key


def _run(tmp_path, env, *argv):
    base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TRUSTWATCH_HOME": str(tmp_path / "home"),
            "TRUSTWATCH_SECRET_KEY": generate_secret_key()}
    return subprocess.run([sys.executable, "-m", "trustwatch.cli", *argv], env={**base, **env},
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)


@pytest.mark.parametrize("argv", [("users", "list"), ("db", "upgrade"), ("events", "list")])
def test_database_down(tmp_path, argv):
    proc = _run(tmp_path, {"TRUSTWATCH_DB_URL": "postgresql+psycopg://tw:hunter2@127.0.0.1:1/tw"}, *argv)
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr and "数据库不可用" in proc.stderr and "postgres.sh up" in proc.stderr
    assert "hunter2" not in proc.stderr


@pytest.mark.parametrize("argv", [("search", "牛奶"), ("reindex",)])
def test_elasticsearch_down(tmp_path, argv):
    proc = _run(tmp_path, {"TRUSTWATCH_ES_URL": "http://127.0.0.1:1", "TRUSTWATCH_ES_REQUEST_TIMEOUT": "2"}, *argv)
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr and "Elasticsearch 不可用" in proc.stderr
