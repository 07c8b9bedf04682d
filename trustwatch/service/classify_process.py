"""The classifier in a process of its own, so that `serve` (and `worker`) do not carry it while idle.

The classifier is most of a service's memory (the model, scikit-learn, numba and its compiler: ~250
MiB of `serve`'s ~320). The scheduler's process job asks a child process to classify what is
pending; the child loads the active model on its first request (again when another version is
promoted), stores the verdicts itself in the database, answers with how many it classified, and
exits after `idle_seconds` without a request, which gives all of that memory back. The next
request starts a new child. Nothing is lost if a child dies: a batch it had not committed stays
unclassified and is taken by the next pass (classify_pending claims rows, so passes never clash).

Protocol: one JSON line per request on the child's stdin ({"limit": N}; 0 loads the model only, a
crawl's warm-up), one JSON line per answer
on its stdout ({"classified": N} or {"error": "..."}); its logs go to the service's stderr.

    python -m trustwatch.service.classify_process IDLE_SECONDS LOG_FORMAT    (settings from TRUSTWATCH_*)
"""

from __future__ import annotations

import json
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time

log = logging.getLogger("trustwatch.service")
DEFAULT_IDLE_SECONDS = 300.0
ANSWER_TIMEOUT = 3600.0  # a batch of 5,000 articles takes well under a minute; a hung child is replaced
ABORTED = "本进程已停止调度：未分类的文章留给当前的调度器"


class ClassifierUnavailable(RuntimeError):
    """The classifier process died or failed a request (the job fails and is retried with backoff)."""


def _log_format() -> str:
    """The parent's log format (json or text), for the child's lines to look the same."""
    from trustwatch.service.jsonlog import TextFormatter

    handlers = logging.getLogger().handlers
    return "text" if handlers and isinstance(handlers[0].formatter, TextFormatter) else "json"


class ClassifierProcess:
    """Starts the classifier child on demand, sends it requests one at a time, stops it on `stop()`."""

    def __init__(self, settings, idle_seconds: float = DEFAULT_IDLE_SECONDS, command: list[str] | None = None):
        self.settings = settings
        self.idle_seconds = idle_seconds
        self.command = command or [sys.executable, "-m", "trustwatch.service.classify_process"]
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._aborted = False

    @property
    def pid(self) -> int | None:
        """The live child's process id, or None when none runs."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def _start(self) -> subprocess.Popen:
        from trustwatch.service.crawl_process import settings_env

        env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
        env.update(settings_env(self.settings))
        env.setdefault("PYTHONUNBUFFERED", "1")
        # Its own session, as the crawls: a Ctrl-C at the terminal stops the service, which then closes
        # the child's stdin; the child ends its batch and exits instead of dying inside it.
        proc = subprocess.Popen([*self.command, f"{self.idle_seconds:g}", _log_format()], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=None, env=env, start_new_session=True)
        log.info("classifier process started", extra={"pid": proc.pid, "idle_seconds": self.idle_seconds})
        # Reaped as soon as it exits (its idle time ran out), not left a zombie until the next request.
        threading.Thread(target=proc.wait, name="classifier-process-reaper", daemon=True).start()
        return proc

    def classify_pending(self, limit: int) -> int:
        """Have the child classify up to `limit` pending articles; returns how many it classified."""
        with self._lock:
            for attempt in (1, 2):
                if self._aborted:
                    raise ClassifierUnavailable(ABORTED)
                if self._proc is None or self._proc.poll() is not None:
                    self._proc = self._start()
                    if self._aborted:  # abort() came while the child started: it could not kill this one
                        self._reap(kill=True)
                        raise ClassifierUnavailable(ABORTED)
                try:
                    return self._ask(self._proc, {"limit": int(limit)})
                except (BrokenPipeError, EOFError):
                    # It exited meanwhile (its idle time ran out just as we asked): once more with a new one.
                    self._reap()
                    if attempt == 2:
                        raise ClassifierUnavailable("分类进程意外退出，本批文章将在下一轮重新分类") from None
        raise AssertionError("unreachable")

    def warm_up(self) -> None:
        """Start the child and load the model in the background (a crawl begins: its articles follow).

        The model takes seconds to load (more on a busy machine); loaded while the crawl runs, it is
        ready when the crawl's articles are, and the process job that follows does not wait for it."""
        def run():
            try:
                self.classify_pending(0)
            except Exception as exc:  # the process job reports failures; a warm-up only logs them
                log.warning("classifier warm-up failed", extra={"error": str(exc)[:500]})

        threading.Thread(target=run, name="classifier-warm-up", daemon=True).start()

    def _ask(self, proc: subprocess.Popen, request: dict) -> int:
        proc.stdin.write((json.dumps(request) + "\n").encode())
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], ANSWER_TIMEOUT)
        if not ready:
            self._reap(kill=True)
            raise ClassifierUnavailable(f"分类进程 {ANSWER_TIMEOUT:.0f} 秒内没有应答，已结束它")
        line = proc.stdout.readline()
        if not line:
            raise EOFError
        answer = json.loads(line)
        if "error" in answer:
            raise ClassifierUnavailable(f"分类失败：{answer['error']}")
        return int(answer["classified"])

    def _reap(self, kill: bool = False) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if kill and proc.poll() is None:
            proc.kill()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def abort(self) -> None:
        """Stop at once, for good (this process lost the scheduler lease): the child is killed mid-batch.

        What it had not stored stays pending for the scheduler that leads now; a request in flight ends
        with ClassifierUnavailable instead of starting another child."""
        self._aborted = True
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()

    def stop(self, timeout: float = 60.0) -> None:
        """Close the child's stdin (it ends a batch in progress and exits); killed after `timeout`."""
        proc = self._proc
        if proc is None:
            return
        try:
            proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        with self._lock:
            if self._proc is proc:
                self._proc = None
            try:
                proc.stdout.close()
            except OSError:
                pass


def _active_classifier(settings, db, cache: dict):
    """The active model version, loaded once and again when another version is promoted."""
    from trustwatch.model_registry import active_version, load_active_classifier

    active = active_version(db)
    key = active.version if active is not None else "default"
    if cache.get("key") != key:
        cache["classifier"] = load_active_classifier(settings, db)
        cache["key"] = key
        log.info("classifier loaded", extra={"model_version": key, "pid": os.getpid()})
    return cache["classifier"]


def serve_requests(settings, idle_seconds: float, stdin=None, stdout=None) -> int:
    """The child's loop: answer requests until stdin closes or `idle_seconds` pass without one."""
    from alerts.pipeline import classify_pending
    from store.db import Database
    from store.models import utcnow

    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    db = Database(settings.database_url)
    cache: dict = {}
    parent = os.getppid()
    last = time.monotonic()  # of the last answer (or the start)
    try:
        while True:
            ready, _, _ = select.select([stdin], [], [], min(idle_seconds, 5.0))
            if not ready:
                if os.getppid() != parent:
                    return 0  # the service is gone
                if time.monotonic() - last >= idle_seconds:
                    log.info("classifier process idle: exiting", extra={"idle_seconds": idle_seconds, "pid": os.getpid()})
                    return 0
                continue
            line = stdin.readline()
            if not line:
                return 0  # the service closed our stdin: stopping
            try:
                limit = int(json.loads(line).get("limit", 5000))
                classifier = _active_classifier(settings, db, cache)
                done = 0
                if limit > 0:  # 0: a warm-up, the model loaded and nothing else
                    with db.session() as s:
                        done = classify_pending(s, classifier, utcnow(), limit=limit)
                answer = {"classified": done}
            except Exception as exc:  # reported to the job, which fails and is retried
                log.exception("classification failed")
                answer = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
            last = time.monotonic()
            try:
                stdout.write((json.dumps(answer, ensure_ascii=False) + "\n").encode())
                stdout.flush()
            except BrokenPipeError:
                return 0
    finally:
        db.dispose()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    idle_seconds = float(argv[0]) if argv else DEFAULT_IDLE_SECONDS
    from trustwatch.service.jsonlog import configure_logging
    from trustwatch.settings import load_settings

    configure_logging(argv[1] if len(argv) > 1 else "json")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the service stops us by closing stdin
    return serve_requests(load_settings(), idle_seconds)


if __name__ == "__main__":
    sys.exit(main())
