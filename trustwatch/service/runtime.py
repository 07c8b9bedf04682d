"""The service process: start the scheduler and its jobs, watch the source files, stop cleanly on a signal."""

from __future__ import annotations

import logging
import signal
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from store.db import Database
from store.models import Department
from trustwatch.service import lease
from trustwatch.service.crawl_process import CrawlProcesses
from trustwatch.service.jobs import JobContext, current_context, install_context
from trustwatch.service.scheduler import INTERNAL, Intervals, build_scheduler, desired_jobs, sync_jobs, wait_for_jobs
from trustwatch.service.schedules import (
    CrawlSchedule,
    ServiceConfigError,
    load_crawl_schedules,
    sources_fingerprint,
)

log = logging.getLogger("trustwatch.service")


@dataclass
class ServiceOptions:
    """How this process runs the scheduler: which sources, how often, which tasks."""

    sources: list[str] | None = None  # only these sources (unknown names fail at start)
    crawl_interval: float | None = None  # replaces every source's schedule (demo, benchmarks)
    intervals: Intervals = field(default_factory=Intervals)
    watch_seconds: float = 5.0
    tasks: dict | None = None  # job kind -> callable(ctx, argument); the real pipeline by default
    lease_ttl: float = lease.LEASE_TTL_SECONDS  # a leader silent this long is replaced
    standby: bool = False  # wait for the lease instead of refusing to start while another scheduler leads
    # PostgreSQL ends a session of this process left idle inside a transaction this long: a leader
    # frozen mid-transaction (SIGSTOP, a VM pause) then releases its row locks for the standby.
    idle_transaction_timeout: float = 120.0
    heartbeat_seconds: float = lease.HEARTBEAT_SECONDS
    purge_seconds: float = 3600.0  # how often done rows of the queues are purged (housekeeping)
    # A scheduler that lost its lease waits this long for its running jobs, then leaves them: their work
    # belongs to the scheduler that leads now (open transactions roll back when the process exits, and
    # claimed rows return to their queue when their claim runs out).
    former_leader_grace: float = 15.0


def check_database(db: Database) -> None:
    """Refuse to start on a database that is not migrated to the current schema."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from store.db import alembic_config

    heads = set(ScriptDirectory.from_config(alembic_config(db.url)).get_heads())
    try:
        with db.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except Exception as exc:
        raise ServiceConfigError(f"无法连接数据库 {db.engine.url.render_as_string(hide_password=True)}：{exc}") from None
    if current != heads:
        raise ServiceConfigError(
            f"数据库结构不是最新版本（当前 {sorted(current) or '空'}，应为 {sorted(heads)}）：请先运行 `trustwatch db upgrade`")


class Service:
    """The scheduler of one process and the crawl subprocesses it runs."""

    def __init__(self, settings, options: ServiceOptions | None = None, db: Database | None = None):
        self.settings = settings
        self.options = options or ServiceOptions()
        self.db = db or Database(settings.database_url)
        self._bound_idle_transactions()
        self.scheduler = None
        self.crawls: CrawlProcesses | None = None
        self.owner = lease.owner_id()
        self._fingerprint: tuple = ()
        self._departments: list[str] = []
        self._stopped = threading.Event()
        self._stopping = threading.Event()  # stop() began: the lease thread ends, nothing is renewed
        self._stop_lock = threading.Lock()
        self.lease_lost = threading.Event()  # set when another scheduler took over: this one has stopped
        self.scheduler_died = threading.Event()  # set when APScheduler's own thread ended unasked
        self.on_lease_lost: list = []  # callbacks (the command's stop event); also called when it died
        self.abandoned: list[str] = []  # jobs still running when a former leader stopped waiting for them
        self._beat: threading.Thread | None = None

    def _bound_idle_transactions(self) -> None:
        if self.db.engine.dialect.name != "postgresql" or not self.options.idle_transaction_timeout:
            return
        millis = int(self.options.idle_transaction_timeout * 1000)

        @sa_event.listens_for(self.db.engine, "connect")
        def _set_timeout(dbapi_conn, _record):
            with dbapi_conn.cursor() as cur:
                cur.execute(f"SET idle_in_transaction_session_timeout = {millis}")
            dbapi_conn.commit()

        self.db.engine.dispose()  # connections opened before this listener get it too, when reopened

    def load_schedules(self) -> dict[str, CrawlSchedule]:
        """The crawl schedules the configuration asks for (raises ServiceConfigError)."""
        return load_crawl_schedules(self.settings, self.options.sources, self.options.crawl_interval)

    def department_codes(self) -> list[str]:
        """Departments in the store, each with a daily digest."""
        with self.db.session() as s:
            return sorted(s.scalars(select(Department.code)))

    def start(self, stop: threading.Event | None = None) -> bool:
        """Validate the configuration, take the scheduler lease, start the scheduler and its jobs.

        A standby waits for the lease (until `stop` is set: then False, nothing started)."""
        fingerprint = sources_fingerprint(self.settings)
        schedules = self.load_schedules()
        check_database(self.db)
        if not self._take_lease(stop):
            return False
        from trustwatch.service.tasks import TASKS

        self.crawls = CrawlProcesses(self.settings, grace_seconds=self.settings.crawl_stop_grace_seconds,
                                     timeout_seconds=self.settings.crawl_timeout_seconds)
        self.scheduler = build_scheduler(self.db, self.settings)
        install_context(JobContext(self.settings, self.db, self.scheduler, self.crawls,
                                   tasks=self.options.tasks or TASKS, owner=self.owner,
                                   lease_ttl=self.options.lease_ttl, on_lease_lost=self._lost_lease))
        self.scheduler.start(paused=True)
        self._departments = self.department_codes()
        self._apply(schedules)
        self._fingerprint = fingerprint
        self.scheduler.add_job(self._watch, "interval", seconds=self.options.watch_seconds, id="sources-watch",
                               jobstore=INTERNAL, replace_existing=True)
        self.scheduler.add_job(self._purge_queues, "interval", seconds=self.options.purge_seconds, id="queue-purge",
                               jobstore=INTERNAL, replace_existing=True)
        self._heartbeat()
        self.scheduler.resume()
        # The lease is renewed by a thread of its own, not by an APScheduler job: APScheduler's thread
        # dies when a job-store write fails (a leader frozen inside one, its session ended by the server
        # meanwhile), and a heartbeat run by it would go silent with it, leaving an idle process.
        self._beat = threading.Thread(target=self._beat_loop, name="scheduler-lease", daemon=True)
        self._beat.start()
        log.info("scheduler started", extra={"sources": ",".join(sorted(schedules)), "owner": self.owner,
                                             "jobs": len(self.scheduler.get_jobs())})
        return True

    def _take_lease(self, stop: threading.Event | None) -> bool:
        """Acquire the lease; a standby retries every heartbeat period while another scheduler leads."""
        waiting = False
        while True:
            try:
                lease.acquire(self.db, self.owner, ttl=self.options.lease_ttl)
                if waiting:
                    log.info("standby took over the scheduler lease", extra={"owner": self.owner})
                return True
            except ServiceConfigError as exc:
                if not self.options.standby:
                    raise
                if not waiting:
                    log.info("standby: another scheduler leads; waiting for its lease", extra={"detail": str(exc)})
                    waiting = True
            except OperationalError as exc:
                # SQLite: a leader frozen inside a write holds the one write lock; PostgreSQL restarting.
                if not self.options.standby:
                    raise
                log.warning("standby: cannot read the lease; retrying", extra={"error": str(exc)[:500]})
            if stop is not None and stop.wait(self.options.heartbeat_seconds):
                return False
            if stop is None:
                time.sleep(self.options.heartbeat_seconds)

    def _apply(self, schedules: dict[str, CrawlSchedule]) -> dict:
        specs = desired_jobs(schedules, self._departments, self.settings, self.options.intervals)
        return sync_jobs(self.scheduler, specs)

    def _heartbeat(self) -> bool:
        """Renew the lease; False when it could not be confirmed (lost: the scheduler is stopped)."""
        try:
            lease.heartbeat(self.db, self.owner, ttl=self.options.lease_ttl)
            return True
        except lease.LeaseLost as exc:
            self._lost_lease(str(exc))
        except Exception as exc:  # the database may be down for a moment; health will show it
            log.warning("heartbeat failed", extra={"error": str(exc)[:500]})
        return False

    def _beat_loop(self) -> None:
        """Every heartbeat period: renew the lease, and check that APScheduler's thread still runs."""
        while not self._stopping.wait(self.options.heartbeat_seconds):
            self._heartbeat()
            if self.lease_lost.is_set() or self._stopping.is_set():
                return
            if not self._scheduler_alive():
                # Most often it died on a job-store write after a freeze: if the lease is gone too,
                # that is the stop to report (the heartbeat above may have failed on the same ended session).
                self._heartbeat()
                if not self.lease_lost.is_set() and not self._stopping.is_set():
                    self._scheduler_thread_died()
                return

    def _scheduler_alive(self) -> bool:
        thread = getattr(self.scheduler, "_thread", None)
        return thread is None or thread.is_alive()

    def _scheduler_thread_died(self) -> None:
        """APScheduler's thread ended while this process still runs: stop, and exit non-zero so the
        process manager restarts it (it would otherwise look alive and schedule nothing)."""
        if self.scheduler_died.is_set():
            return
        self.scheduler_died.set()
        log.error("调度线程意外退出（常见原因：进程暂停期间数据库会话被服务器结束）：本进程停止调度",
                  extra={"owner": self.owner})
        for callback in self.on_lease_lost:
            callback()

    def _purge_queues(self) -> None:
        """Housekeeping: delete index-outbox rows done longer ago than its purge age.

        Sent deliveries are kept: they are the record of who was told what."""
        from store import outbox

        try:
            deleted = outbox.purge_done(self.db)
        except Exception as exc:  # the database may be down for a moment; the next run purges
            log.warning("queue purge failed", extra={"error": str(exc)[:500]})
            return
        if deleted:
            log.info("queue purged", extra={"queue": "index", "deleted": deleted})

    def _lost_lease(self, reason: str) -> None:
        """Another scheduler leads now (this process was paused past its lease): stop every job at once."""
        if self.lease_lost.is_set():
            return
        self.lease_lost.set()
        log.error("调度器租约已被另一个进程接管（本进程曾暂停超过租约时长）：本进程停止调度",
                  extra={"error": reason, "owner": self.owner})
        try:
            self.scheduler.pause()  # no job starts from here on; running ones end, fenced at their next start
        except Exception:
            pass
        # Crawls started by this process belong to the old leader: stop them (not from a job thread's stack).
        threading.Thread(target=self.crawls.stop_all, name="lease-lost-crawls", daemon=True).start()
        for callback in self.on_lease_lost:
            callback()

    def _watch(self) -> None:
        """Pick up edited, added and removed source files, and new departments, without a restart."""
        fingerprint = sources_fingerprint(self.settings)
        try:
            departments = self.department_codes()
        except Exception as exc:
            log.warning("could not read departments", extra={"error": str(exc)[:500]})
            departments = self._departments
        if fingerprint == self._fingerprint and departments == self._departments:
            return
        try:
            schedules = self.load_schedules()
        except ServiceConfigError as exc:
            # Keep running the last good schedule; the operator sees the problem in the log.
            log.error("source files changed but are invalid; keeping the previous schedule",
                      extra={"error": str(exc)})
            self._fingerprint = fingerprint
            return
        self._departments = departments
        self._fingerprint = fingerprint
        changes = self._apply(schedules)
        log.info("configuration reloaded", extra={k: ",".join(v) for k, v in changes.items()})

    def stop(self) -> None:
        """Stop taking work, let crawls finish their in-flight requests (SIGTERM), wait for running jobs."""
        self._stopping.set()
        if self._beat is not None and self._beat is not threading.current_thread():
            self._beat.join(30)  # a renewal in flight ends before the lease is released
        with self._stop_lock:
            if self._stopped.is_set() or self.scheduler is None:
                self._stopped.set()
                return
            log.info("stopping the scheduler", extra={"crawls": ",".join(self.crawls.running())})
            try:
                self.scheduler.pause()
                if self.lease_lost.is_set() or self.scheduler_died.is_set():
                    # A process job may be waiting for a batch of the classifier child: that work belongs
                    # to the scheduler that leads now, and the stop must not wait for it.
                    helper = (current_context() or JobContext(None, None)).cache.get("classifier_process")
                    if helper is not None:
                        helper.abort()
                self.crawls.stop_all()
                # Not shutdown(wait=True), which deadlocks with a job that brings another forward (wait_for_jobs)
                self.scheduler.shutdown(wait=False)
                former = self.lease_lost.is_set() or self.scheduler_died.is_set()
                if not wait_for_jobs(self.scheduler, self.options.former_leader_grace if former else None):
                    context = current_context()
                    self.abandoned = (context.running_jobs() if context is not None else []) or ["housekeeping"]
                    log.error("jobs still running after the scheduler stopped; left to the scheduler that leads now",
                              extra={"jobs": ",".join(self.abandoned), "grace_s": self.options.former_leader_grace})
            finally:
                install_context(None)
                try:
                    lease.release(self.db, self.owner)
                except Exception as exc:
                    log.warning("could not release the scheduler lease", extra={"error": str(exc)[:500]})
                self._stopped.set()
            log.info("scheduler stopped")


class StopSignals:
    """SIGTERM/SIGINT set an event (the first one); installed in the main thread before the service starts."""

    def __init__(self):
        self.event = threading.Event()
        self.callbacks: list = []
        self._previous: dict = {}

    def install(self) -> "StopSignals":
        """Handle SIGTERM and SIGINT from now on."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum, _frame) -> None:
        if not self.event.is_set():
            log.info("stop requested", extra={"signal": signal.Signals(signum).name})
        self.event.set()
        for callback in self.callbacks:
            callback()

    def restore(self) -> None:
        """Put the previous handlers back."""
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
