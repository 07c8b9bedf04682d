"""`trustwatch crawl` when no source can be reached: a non-zero exit and one line per source, no traceback."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from crawl_helpers import PROJECT, crawl_env

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: connections are refused


def test_every_source_refused_exits_non_zero_with_one_line_each(tmp_path):
    env = crawl_env(f"sqlite:///{tmp_path / 'tw.db'}", f"http://127.0.0.1:{_closed_port()}")
    env["TRUSTWATCH_HOME"] = str(tmp_path / "home")
    proc = subprocess.run([sys.executable, "-m", "trustwatch.cli", "crawl", "--quiet",
                           "--source", "demo-news", "--source", "demo-gov"],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "ConnectionRefusedError" not in proc.stderr, proc.stderr[-3000:]
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert sorted(lines[:2]) == ["来源 demo-gov：无法访问（连接失败 1 次）", "来源 demo-news：无法访问（连接失败 1 次）"]
    assert lines[2:] == ["全部 2 个来源均未能抓取，请检查网络或来源地址"]
