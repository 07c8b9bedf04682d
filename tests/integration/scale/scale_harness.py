"""Processes for the scale-out tests: crawler workers on the shared frontier, schedulers, dispatchers,
outbox drainers, and what the demo site and the receivers saw."""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
DEMO_SOURCES = ["demo-daily", "demo-gov", "demo-news"]
REQUEST_LINE = re.compile(r'"(?:GET|HEAD) (\S+) HTTP/1\.[01]" (\d{3})')
RESPONSES = re.compile(r"'response_received_count': (\d+)")


def alertkit():
    """The alert tests' real SMTP server and HTTP receiver (tests/integration/alerts/alertkit.py)."""
    if "scale_alertkit" in sys.modules:
        return sys.modules["scale_alertkit"]
    spec = importlib.util.spec_from_file_location("scale_alertkit", PROJECT / "tests/integration/alerts/alertkit.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["scale_alertkit"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class TimedRequestLog(logging.Handler):
    """(wall-clock time, path, status) of every request the in-process demo site answered."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.entries: list[tuple[float, str, int]] = []
        self._entries_lock = threading.Lock()

    def emit(self, record):
        m = REQUEST_LINE.search(record.getMessage())
        if m:
            with self._entries_lock:
                self.entries.append((record.created, m.group(1), int(m.group(2))))

    def snapshot(self) -> list[tuple[float, str, int]]:
        with self._entries_lock:
            return list(self.entries)

    def paths(self, since: float = 0.0) -> list[str]:
        return [path for t, path, _ in self.snapshot() if t >= since]


def attach_request_log() -> tuple[TimedRequestLog, callable]:
    """A request log on the demo server's logger; returns (log, detach)."""
    log = TimedRequestLog()
    logger = logging.getLogger("demo.server")
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(log)

    def detach():
        logger.removeHandler(log)
        logger.setLevel(previous)

    return log, detach


def refetched_on_purpose() -> set[str]:
    """Paths a crawl may fetch more than once per cycle: robots.txt (each worker reads it) and the
    demo's failing pages (the 500 trap, the truncated page, the slow one), retried once."""
    from demo.corpus import traps

    found = traps()
    return {"/robots.txt", found["error500"], found["malformed"], found["slow"]}


def crawl_env(db_url: str, base_url: str) -> dict:
    """Environment of a crawler process: its database, the demo's address, a fixed 'now'."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
    env.update({
        "TRUSTWATCH_DB_URL": db_url, "TRUSTWATCH_DEMO_BASE_URL": base_url, "TRUSTWATCH_ENV": "test",
        "TRUSTWATCH_CRAWL_NOW": "2025-04-20T18:00:00+08:00",  # demo.corpus.REFERENCE_NOW
        "TRUSTWATCH_CRAWL_PAGE_TIMEOUT": "3",  # the slow page waits 6 s
    })
    return env


def settings_environment(settings) -> dict:
    """Environment giving a child process exactly `settings`."""
    from trustwatch.service.crawl_process import settings_env

    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
    env.update(settings_env(settings))
    return env


def trustwatch(*args: str) -> list[str]:
    """The `trustwatch` command line of this interpreter."""
    return [str(Path(sys.executable).parent / "trustwatch"), *args]


def start(cmd: list[str], env: dict, log_path: Path) -> subprocess.Popen:
    """A process with its output in `log_path`, in its own process group."""
    with open(log_path, "wb") as out:
        return subprocess.Popen(cmd, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def stop(proc: subprocess.Popen, timeout: float = 30.0, how: int = signal.SIGTERM) -> int:
    """SIGTERM or `how` (after SIGCONT: a paused process cannot handle it), SIGKILL after `timeout`;
    the exit code."""
    if proc.poll() is None:
        try:
            os.kill(proc.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
        proc.send_signal(how)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    return proc.returncode


def wait_for(predicate, timeout: float, what: str, interval: float = 0.25):
    """Poll `predicate` until it returns something truthy; fail naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def responses_per_crawler(log_path: Path) -> list[int]:
    """response_received_count of each crawler a worker dumped its stats for when it stopped."""
    return [int(n) for n in RESPONSES.findall(Path(log_path).read_text(encoding="utf-8", errors="replace"))]


def tail(path: Path, chars: int = 3000) -> str:
    return Path(path).read_text(encoding="utf-8", errors="replace")[-chars:]
