"""Crawl subprocesses: one `trustwatch crawl --source NAME` per crawl, stopped gracefully on shutdown."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

log = logging.getLogger(__name__)
TAIL_BYTES = 2000
KEEP_LOGS = 20  # run logs kept per source


class ShuttingDown(RuntimeError):
    """The service is stopping; the job did not run (or was interrupted) and will run after a restart."""


class CrawlFailed(RuntimeError):
    """A crawl subprocess exited with an error; the message carries the end of its log."""


@dataclass
class CrawlOutcome:
    """How one crawl subprocess ended."""

    source: str
    returncode: int
    duration: float
    log_path: Path


def settings_env(settings) -> dict[str, str]:
    """TRUSTWATCH_* variables that give a child process exactly these settings."""
    env = {}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        elif isinstance(value, list | dict):
            import json

            value = json.dumps(value, default=str, ensure_ascii=False)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        env[f"TRUSTWATCH_{name.upper()}"] = str(value)
    return env


class CrawlProcesses:
    """Starts crawl subprocesses, tracks them, and terminates them gracefully when the service stops."""

    def __init__(self, settings, grace_seconds: float = 30.0, timeout_seconds: float = 1800.0,
                 command: list[str] | None = None):
        self.settings = settings
        self.grace_seconds = grace_seconds
        self.timeout_seconds = timeout_seconds
        self.command = command or [sys.executable, "-m", "trustwatch.cli", "crawl"]
        self.log_dir = Path(settings.home) / "logs" / "crawl"
        self._lock = threading.Lock()
        self._running: dict[str, subprocess.Popen] = {}
        self._stopping = False

    def _environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
        env.update(settings_env(self.settings))
        env.setdefault("PYTHONUNBUFFERED", "1")
        return env

    def running(self) -> list[str]:
        """Names of the sources being crawled now."""
        with self._lock:
            return sorted(self._running)

    def run(self, source: str) -> CrawlOutcome:
        """Crawl one source in a subprocess and wait for it; raises CrawlFailed or ShuttingDown."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        # One file per run: two crawls of one source (two workers, or a manual crawl beside the
        # service) never write into, or truncate, each other's log.
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        log_path = self.log_dir / f"{source}-{stamp}-{os.getpid()}-{uuid.uuid4().hex[:6]}.log"
        started = time.monotonic()
        with self._lock:
            if self._stopping:
                raise ShuttingDown(f"not crawling {source}: the service is stopping")
            with open(log_path, "wb") as out:
                # A new session: Ctrl-C in the terminal reaches only the service, which then stops the
                # crawl with SIGTERM so Scrapy can finish the requests in hand and flush its pipelines.
                proc = subprocess.Popen([*self.command, "--source", source], stdout=out, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, env=self._environment(), start_new_session=True)
            self._running[source] = proc
        try:
            try:
                returncode = proc.wait(timeout=self.timeout_seconds)
            except subprocess.TimeoutExpired:
                log.error("crawl timed out", extra={"source": source, "timeout_s": self.timeout_seconds})
                self._terminate(proc, self.grace_seconds)
                returncode = proc.wait()
                raise CrawlFailed(f"crawl of {source} timed out after {self.timeout_seconds:g} s") from None
        finally:
            with self._lock:
                self._running.pop(source, None)
        self._prune_logs(source)
        outcome = CrawlOutcome(source, returncode, time.monotonic() - started, log_path)
        if self._stopping and returncode != 0:
            raise ShuttingDown(f"crawl of {source} stopped by shutdown (exit {returncode})")
        if returncode != 0:
            raise CrawlFailed(f"crawl of {source} exited with status {returncode}: {self._tail(log_path)}")
        return outcome

    def _prune_logs(self, source: str) -> None:
        """Keep the newest KEEP_LOGS run logs of a source (by modification time)."""
        logs = sorted(self.log_dir.glob(f"{source}-{'[0-9]' * 8}T*.log"), key=lambda p: p.stat().st_mtime,
                      reverse=True)
        for old in logs[KEEP_LOGS:]:
            try:
                old.unlink()
            except OSError:  # another worker pruned it first
                pass

    @staticmethod
    def _tail(path: Path) -> str:
        try:
            with open(path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                fh.seek(max(0, fh.tell() - TAIL_BYTES))
                return fh.read().decode("utf-8", "replace").strip()
        except OSError:
            return "(no log)"

    @staticmethod
    def _terminate(proc: subprocess.Popen, grace: float) -> None:
        if proc.poll() is not None:
            return
        try:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            log.warning("crawl did not stop in time; killing it", extra={"pid": proc.pid})
            proc.kill()
            proc.wait()
        except ProcessLookupError:
            pass

    def stop_all(self) -> None:
        """Refuse new crawls, SIGTERM the running ones and wait (grace period, then SIGKILL)."""
        with self._lock:
            self._stopping = True
            procs = dict(self._running)
        for source, proc in procs.items():
            log.info("stopping crawl", extra={"source": source, "pid": proc.pid})
            if proc.poll() is None:
                try:
                    proc.send_signal(signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + self.grace_seconds
        for proc in procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("crawl did not stop in time; killing it", extra={"pid": proc.pid})
                proc.kill()
                proc.wait()
