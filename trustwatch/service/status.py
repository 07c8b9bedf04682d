"""`trustwatch jobs`: the scheduled jobs as stored in the database, with their last runs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, select

from store.models import SchedulerState
from trustwatch.service import lease
from trustwatch.service.jobs import STATE_PREFIX
from trustwatch.service.scheduler import JOBS_TABLE


def _local(value: str | dt.datetime | None, tz: str) -> str:
    if not value:
        return "-"
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.astimezone(ZoneInfo(tz)).strftime("%m-%d %H:%M:%S")


def job_rows(db, settings) -> list[dict]:
    """Each stored job: id, trigger, next run, and the statistics of its runs."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    jobs = []
    if inspect(db.engine).has_table(JOBS_TABLE):
        store = SQLAlchemyJobStore(engine=db.engine, tablename=JOBS_TABLE)
        store.start(None, "default")  # read-only use: no scheduler attached
        jobs = store.get_all_jobs()
    with db.session() as s:
        stats = {row.key[len(STATE_PREFIX):]: row.value or {}
                 for row in s.scalars(select(SchedulerState).where(SchedulerState.key.startswith(STATE_PREFIX)))}
    rows = []
    for job in jobs:
        st = stats.get(job.id, {})
        rows.append({"id": job.id, "trigger": str(job.trigger), "next_run": _local(job.next_run_time, settings.timezone),
                     "last_run": _local(st.get("last_run_at"), settings.timezone), "last_status": st.get("last_status", "-"),
                     "runs_ok": st.get("runs_ok", 0), "runs_error": st.get("runs_error", 0),
                     "last_error": st.get("last_error", "") if st.get("last_status") == "error" else ""})
    return rows


def render_status(db, settings) -> str:
    """The scheduler's owner and heartbeat, then one line per job."""
    held = lease.read(db)
    head = (f"调度器：运行中（{held.get('owner')}，心跳 {_local(held.get('heartbeat_at'), settings.timezone)}）" if held
            else "调度器：未运行（`trustwatch serve` 或 `trustwatch worker` 启动后调度）")
    lines = [head, f"{'任务':<28}{'下次运行':<16}{'上次运行':<16}{'结果':<7}{'成功':>6}{'失败':>6}  触发器"]
    for r in job_rows(db, settings):
        lines.append(f"{r['id']:<30}{r['next_run']:<20}{r['last_run']:<20}{r['last_status']:<9}"
                     f"{r['runs_ok']:>6}{r['runs_error']:>6}  {r['trigger']}")
        if r["last_error"]:
            lines.append(f"    最近错误：{r['last_error'][:200]}")
    return "\n".join(lines)
