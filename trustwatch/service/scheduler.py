"""The APScheduler set-up: job store in the SQL database, stable job ids, and syncing jobs to the config."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
import threading
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import BasePoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from trustwatch.service.jobs import JOB_FUNC
from trustwatch.service.schedules import CrawlSchedule

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
PERSISTENT = "default"  # jobs that survive a restart (in the SQL database)
INTERNAL = "internal"  # this process's housekeeping (heartbeat, file watch): in memory
# Job kinds the config owns: a persisted job of one of these kinds that the config no longer wants is removed.
MANAGED_KINDS = ("crawl", "process", "outbox-drain", "dispatch", "escalations", "digest", "retrain")


@dataclass(frozen=True)
class JobSpec:
    """A job the configuration wants: stable id, trigger, executor, and whether it runs at once when new."""

    id: str
    trigger: BaseTrigger
    executor: str = "default"
    run_at_start: bool = False

    def signature(self) -> str:
        """What identifies the schedule (a change means reschedule)."""
        return trigger_signature(self.trigger) + f"|{self.executor}"


@dataclass(frozen=True)
class Intervals:
    """How often the housekeeping jobs run (seconds); crawls follow their sources."""

    process: float = 5.0  # also releases alerts whose group_wait just ended; idle runs take ~50 ms
    outbox_drain: float = 10.0
    dispatch: float = 5.0
    escalations: float = 60.0


def trigger_signature(trigger: BaseTrigger) -> str:
    """A stable description of a trigger: its fields and timezone, not its start date."""
    return f"{trigger}@{getattr(trigger, 'timezone', '')}"


def daily_at(hhmm: str, timezone: str) -> CronTrigger:
    """A trigger firing every day at HH:MM in `timezone`."""
    hour, _, minute = hhmm.partition(":")
    return CronTrigger(hour=int(hour), minute=int(minute or 0), timezone=ZoneInfo(timezone))


def desired_jobs(schedules: dict[str, CrawlSchedule], departments: list[str], settings,
                 intervals: Intervals = Intervals()) -> list[JobSpec]:
    """Every persistent job the current configuration wants, with its stable id."""
    tz = settings.timezone
    zone = ZoneInfo(tz)
    specs = [JobSpec(f"crawl:{name}", schedule.trigger(tz), executor="crawl", run_at_start=True)
             for name, schedule in sorted(schedules.items())]
    specs += [
        JobSpec("process", IntervalTrigger(seconds=intervals.process, timezone=zone), run_at_start=True),
        JobSpec("outbox-drain", IntervalTrigger(seconds=intervals.outbox_drain, timezone=zone), run_at_start=True),
        JobSpec("dispatch", IntervalTrigger(seconds=intervals.dispatch, timezone=zone), run_at_start=True),
        JobSpec("escalations", IntervalTrigger(seconds=intervals.escalations, timezone=zone)),
        JobSpec("retrain", daily_at(getattr(settings, "retrain_time", "02:30"), tz)),
    ]
    digest_time = getattr(settings, "digest_time", "08:00")
    specs += [JobSpec(f"digest:{code}", daily_at(digest_time, tz)) for code in sorted(departments)]
    return specs


class JobPool(BasePoolExecutor):
    """APScheduler's thread-pool executor, with its pool in reach so that a stop can wait for the running
    jobs outside APScheduler's locks (see wait_for_jobs)."""

    def __init__(self, max_workers: int):
        self.pool = concurrent.futures.ThreadPoolExecutor(int(max_workers))
        super().__init__(self.pool)


def wait_for_jobs(scheduler: BackgroundScheduler, timeout: float | None = None) -> bool:
    """Wait until the jobs still running after `scheduler.shutdown(wait=False)` end; False if some still
    run after `timeout` seconds (None: no limit).

    Not `shutdown(wait=True)`: APScheduler holds its job-store lock while it waits there, and a running
    job that brings another job forward (JobContext.trigger: get_job, then modify) or reloads the
    schedule needs that lock: the stop and the job then wait for each other for ever."""
    pools = [executor.pool for executor in getattr(scheduler, "job_pools", ())]
    waiter = threading.Thread(target=lambda: [pool.shutdown(wait=True) for pool in pools],
                              name="scheduler-stop-wait", daemon=True)
    waiter.start()
    waiter.join(timeout)
    return not waiter.is_alive()


def build_scheduler(db, settings, crawl_workers: int = 3, workers: int = 6) -> BackgroundScheduler:
    """A BackgroundScheduler with its job store in the SQL database; coalesce, one instance per job."""
    executors = {"default": JobPool(workers), "crawl": JobPool(crawl_workers)}
    scheduler = BackgroundScheduler(
        jobstores={PERSISTENT: SQLAlchemyJobStore(engine=db.engine, tablename=JOBS_TABLE), INTERNAL: MemoryJobStore()},
        executors=executors,
        job_defaults={
            "coalesce": True,  # a job that missed several runs (service down) runs once, not N times
            "max_instances": 1,
            "misfire_grace_time": None,  # a late job still runs after a restart: nothing is skipped
        },
        timezone=ZoneInfo(settings.timezone),
    )
    scheduler.job_pools = tuple(executors.values())  # what wait_for_jobs waits on
    return scheduler


def sync_jobs(scheduler: BackgroundScheduler, specs: list[JobSpec]) -> dict[str, list[str]]:
    """Add, reschedule and remove persisted jobs so they match `specs`; returns what changed."""
    changes: dict[str, list[str]] = {"added": [], "rescheduled": [], "removed": []}
    existing = {job.id: job for job in scheduler.get_jobs(jobstore=PERSISTENT)}
    now = dt.datetime.now(dt.timezone.utc)
    for spec in specs:
        job = existing.pop(spec.id, None)
        if job is None:
            kwargs = {"next_run_time": now} if spec.run_at_start else {}
            scheduler.add_job(JOB_FUNC, trigger=spec.trigger, args=[spec.id], id=spec.id, name=spec.id,
                              executor=spec.executor, jobstore=PERSISTENT, replace_existing=True, **kwargs)
            changes["added"].append(spec.id)
        elif trigger_signature(job.trigger) + f"|{job.executor}" != spec.signature() or job.func_ref != JOB_FUNC:
            scheduler.add_job(JOB_FUNC, trigger=spec.trigger, args=[spec.id], id=spec.id, name=spec.id,
                              executor=spec.executor, jobstore=PERSISTENT, replace_existing=True)
            changes["rescheduled"].append(spec.id)
    for job_id in existing:
        if job_id.partition(":")[0] in MANAGED_KINDS:
            scheduler.remove_job(job_id, jobstore=PERSISTENT)
            changes["removed"].append(job_id)
    if any(changes.values()):
        log.info("jobs synced with the configuration", extra={k: ",".join(v) for k, v in changes.items()})
    return changes
