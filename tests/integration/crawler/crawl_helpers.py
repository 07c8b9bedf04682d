"""Helpers for crawler integration tests: crawl subprocesses and the demo server's request log."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
DEMO_SOURCES = ["demo-daily", "demo-gov", "demo-news"]
# Fast but still polite where it matters for the assertions (robots.txt stays obeyed).
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=false", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "LOG_LEVEL=WARNING"]
REQUEST_LINE = re.compile(r'"(?:GET|HEAD) (\S+) HTTP/1\.[01]" (\d{3})')


class RequestLog(logging.Handler):
    """Collects (path, status) of every request the demo server answered."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.entries: list[tuple[str, int]] = []
        self._entries_lock = threading.Lock()

    def emit(self, record):
        m = REQUEST_LINE.search(record.getMessage())
        if m:
            with self._entries_lock:
                self.entries.append((m.group(1), int(m.group(2))))

    def take(self) -> list[tuple[str, int]]:
        """The entries so far, clearing the log."""
        with self._entries_lock:
            out, self.entries = self.entries, []
        return out


def crawl_env(db_url: str, base_url: str, config_dir: Path | None = None) -> dict:
    """Environment of a crawl subprocess: its database, the demo's address, a fixed 'now'."""
    env = dict(os.environ)
    env.update({
        "TRUSTWATCH_DB_URL": db_url,
        "TRUSTWATCH_DEMO_BASE_URL": base_url,
        "TRUSTWATCH_CRAWL_NOW": "2025-04-20T18:00:00+08:00",  # demo.corpus.REFERENCE_NOW
        "TRUSTWATCH_CRAWL_PAGE_TIMEOUT": "3",  # the slow page waits 6 s
        "TRUSTWATCH_ENV": "test",
    })
    if config_dir is not None:
        env["TRUSTWATCH_CONFIG_DIR"] = str(config_dir)
    return env


def crawl_command(sources: list[str], extra: list[str] = ()) -> list[str]:
    """`python -m crawler.run` for the sources, with fast test settings."""
    cmd = [sys.executable, "-m", "crawler.run"]
    for name in sources:
        cmd += ["--source", name]
    for item in [*FAST, *extra]:
        cmd += ["--set", item]
    return cmd


def run_crawl(db_url: str, base_url: str, sources=DEMO_SOURCES, extra=(), config_dir=None) -> dict:
    """Crawl in a fresh subprocess (a fresh Twisted reactor); returns {source: summary}."""
    proc = subprocess.run(crawl_command(list(sources), extra), cwd=PROJECT, env=crawl_env(db_url, base_url, config_dir),
                          capture_output=True, text=True, timeout=240)
    summaries = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            summaries[record["source"]] = record
    assert summaries, f"crawl printed no summary (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    return summaries
