"""Running scheduled jobs: one entry point per job id, structured logs, run statistics and retries."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from store.models import SchedulerState, utcnow
from store.queue import RetryPolicy
from trustwatch.service.crawl_process import ShuttingDown

log = logging.getLogger("trustwatch.jobs")

# APScheduler stores jobs in the database as a text reference to this function plus the job id.
JOB_FUNC = "trustwatch.service.jobs:run_job"
STATE_PREFIX = "job:"
# A failing job is brought forward on the queues' backoff: 15 s, 30 s, 60 s ... at most 15 minutes;
# exact steps (one scheduler runs it, so there is no crowd to spread out).
RETRY = RetryPolicy(base_seconds=15.0, cap_seconds=900.0, jitter=False)
MAX_ERROR = 1000

Task = Callable[["JobContext", str], object]


@dataclass
class JobContext:
    """What jobs of this process share: settings, database, scheduler, crawl processes, lazy clients."""

    settings: object
    db: object
    scheduler: object = None
    crawls: object = None
    tasks: dict[str, Task] = field(default_factory=dict)
    cache: dict[str, object] = field(default_factory=dict)
    # The scheduler lease this process runs under: every job first renews it, and does not run when
    # another scheduler holds it (a paused leader that lost it). None: no fencing (tests, tools).
    owner: str | None = None
    lease_ttl: float = 45.0
    on_lease_lost: Callable[[str], None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _running: set[str] = field(default_factory=set)
    _rerun: set[str] = field(default_factory=set)

    def trigger(self, job_id: str) -> bool:
        """Run a job as soon as possible (after the current run if it is running); False if unknown."""
        with self._lock:
            if job_id in self._running:
                self._rerun.add(job_id)
                return True
        return self._bring_forward(job_id, 0.0)

    def _bring_forward(self, job_id: str, delay: float) -> bool:
        scheduler = self.scheduler
        if scheduler is None or not scheduler.running:
            return False
        job = scheduler.get_job(job_id)
        if job is None:
            return False
        when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=delay)
        if job.next_run_time is None or job.next_run_time > when:
            try:
                job.modify(next_run_time=when)
            except LookupError:  # removed meanwhile (source deleted)
                return False
        return True

    def begin(self, job_id: str) -> None:
        """Mark the job running (a trigger meanwhile is remembered)."""
        with self._lock:
            self._running.add(job_id)
            self._rerun.discard(job_id)

    def running_jobs(self) -> list[str]:
        """Ids of the jobs running now."""
        with self._lock:
            return sorted(self._running)

    def end(self, job_id: str) -> bool:
        """Mark the job finished; True if a trigger arrived while it ran."""
        with self._lock:
            self._running.discard(job_id)
            if job_id in self._rerun:
                self._rerun.discard(job_id)
                return True
        return False


# The context of this process. APScheduler calls jobs by text reference with only their id, so the
# reference needs one place to find the running service; it is set by Service.start and cleared on stop.
_context: JobContext | None = None


def install_context(context: JobContext | None) -> None:
    """Make `context` the one jobs of this process run with (None clears it).

    The context replaced stops the classifier process its jobs started (see tasks.classifier_process)."""
    global _context
    previous, _context = _context, context
    helper = previous.cache.get("classifier_process") if previous is not None and previous is not context else None
    if helper is not None:
        helper.stop()


def current_context() -> JobContext | None:
    """The context installed by the running service, if any."""
    return _context


def record_run(db, job_id: str, ok: bool, duration: float, error: str | None = None) -> int:
    """Add one run to the job's statistics in the database; returns its consecutive failures."""
    now = utcnow()
    with db.session() as s:
        row = s.get(SchedulerState, STATE_PREFIX + job_id)
        if row is None:
            row = SchedulerState(key=STATE_PREFIX + job_id, value={})
            s.add(row)
        value = dict(row.value or {})
        outcome = "ok" if ok else "error"
        value[f"runs_{outcome}"] = int(value.get(f"runs_{outcome}", 0)) + 1
        value["duration_sum"] = float(value.get("duration_sum", 0.0)) + duration
        value["last_duration"] = duration
        value["last_status"] = outcome
        value["last_run_at"] = now.isoformat()
        if ok:
            value["consecutive_failures"] = 0
            value["last_success_at"] = now.isoformat()
        else:
            value["consecutive_failures"] = int(value.get("consecutive_failures", 0)) + 1
            value["last_error"] = (error or "")[:MAX_ERROR]
        row.value = value  # a new dict, so the JSON column is written
        row.updated_at = now
        return value["consecutive_failures"]


def retry_delay(failures: int) -> float:
    """Exponential backoff for a failing job: 15 s, 30 s, 60 s ... at most 15 minutes."""
    return RETRY.delay(max(1, failures))


def run_job(job_id: str) -> None:
    """Run the job `job_id` (kind[:argument]); log it as one JSON line; never let an error escape."""
    ctx = _context
    if ctx is None:
        log.error("job ran without a service context", extra={"job": job_id})
        return
    kind, _, argument = job_id.partition(":")
    task = ctx.tasks.get(kind)
    if task is None:
        log.error("no task for this job id", extra={"job": job_id})
        return
    if not _still_leader(ctx, job_id):
        return
    ctx.begin(job_id)
    started = time.monotonic()
    rerun = False
    try:
        result = task(ctx, argument)
    except ShuttingDown as exc:
        log.info("job interrupted by shutdown", extra={"job": job_id, "detail": str(exc)})
        ctx.end(job_id)
        return
    except Exception as exc:  # a failing job is logged and retried; it never stops the service
        duration = time.monotonic() - started
        error = f"{type(exc).__name__}: {exc}"
        rerun = ctx.end(job_id)
        failures = _safe_record(ctx, job_id, False, duration, error)
        delay = retry_delay(failures or 1)
        log.error("job failed", exc_info=True,
                  extra={"job": job_id, "duration_s": round(duration, 3), "error": error[:MAX_ERROR],
                         "failures": failures, "retry_in_s": delay})
        ctx._bring_forward(job_id, 0.0 if rerun else delay)
        return
    duration = time.monotonic() - started
    rerun = ctx.end(job_id)
    _safe_record(ctx, job_id, True, duration)
    extra = {"job": job_id, "duration_s": round(duration, 3)}
    if result is not None:
        extra["result"] = result if isinstance(result, str | int | float) else str(result)
    # Idle runs of the frequent jobs (nothing to process, send or index) are not worth a line each.
    log.log(logging.DEBUG if _idle(result) else logging.INFO, "job finished", extra=extra)
    if rerun:
        ctx._bring_forward(job_id, 0.0)


def _still_leader(ctx: JobContext, job_id: str) -> bool:
    """Renew the lease before a job; False (and the scheduler told to stop) when it is someone else's."""
    if ctx.owner is None:
        return True
    from trustwatch.service import lease

    try:
        lease.heartbeat(ctx.db, ctx.owner, ttl=ctx.lease_ttl)
    except lease.LeaseLost as exc:
        log.error("scheduler lease lost; job not run", extra={"job": job_id, "error": str(exc)})
        if ctx.on_lease_lost is not None:
            ctx.on_lease_lost(str(exc))
        return False
    except Exception as exc:  # cannot tell whether we still lead: better skip a run than run it twice
        log.warning("could not confirm the scheduler lease; job skipped",
                    extra={"job": job_id, "error": str(exc)[:MAX_ERROR]})
        return False
    return True


def _idle(result) -> bool:
    """True when a job's result says it found nothing to do (every count zero)."""
    if isinstance(result, dict):
        counts = [v for v in result.values() if isinstance(v, int | float) and not isinstance(v, bool)]
        return bool(counts) and not any(counts) and len(counts) == len(result)
    return result == 0


def _safe_record(ctx: JobContext, job_id: str, ok: bool, duration: float, error: str | None = None) -> int | None:
    try:
        return record_run(ctx.db, job_id, ok, duration, error)
    except Exception as exc:  # the database may be the thing that failed; the log line still tells
        log.warning("could not record the job run", extra={"job": job_id, "error": str(exc)[:MAX_ERROR]})
        return None
