"""`trustwatch worker` for the scale-out test: the real tasks, a short lease, every job run recorded.

Usage: python scale_scheduler.py RECORD_FILE [--standby] [--source NAME ...]   (settings from TRUSTWATCH_*)
Each job run appends {"pid", "job", "start", "end", "ok"} as one JSON line to RECORD_FILE; the jobs
themselves are trustwatch.service.tasks.TASKS, unchanged. The lease is 4 s (the shipped 45 s would
make a pause "longer than the lease" cost the test a minute); a session idle inside a transaction
for 15 s is ended by PostgreSQL (the shipped 120 s, shortened likewise), so a frozen leader's row
locks are released while it is paused.
"""

from __future__ import annotations

import json
import os
import sys
import time

from trustwatch.service.commands import run_worker
from trustwatch.service.runtime import ServiceOptions
from trustwatch.service.scheduler import Intervals
from trustwatch.service.tasks import TASKS
from trustwatch.settings import load_settings

LEASE_TTL = 4.0
HEARTBEAT = 1.0
CRAWL_INTERVAL = 10.0


def recorded(path: str, kind: str, task):
    def run(ctx, argument):
        start = time.time()
        ok = False
        try:
            result = task(ctx, argument)
            ok = True
            return result
        finally:
            line = json.dumps({"pid": os.getpid(), "job": f"{kind}:{argument}" if argument else kind,
                               "start": start, "end": time.time(), "ok": ok})
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, (line + "\n").encode())
            finally:
                os.close(fd)
    return run


def main() -> int:
    record = sys.argv[1]
    args = sys.argv[2:]
    sources = [args[i + 1] for i, a in enumerate(args) if a == "--source"]
    options = ServiceOptions(
        sources=sources or None, crawl_interval=CRAWL_INTERVAL,
        tasks={kind: recorded(record, kind, task) for kind, task in TASKS.items()},
        intervals=Intervals(process=2.0, outbox_drain=2.0, dispatch=2.0, escalations=60),
        lease_ttl=LEASE_TTL, heartbeat_seconds=HEARTBEAT, watch_seconds=60,
        standby="--standby" in args, idle_transaction_timeout=15.0)
    return run_worker(load_settings(), options)


if __name__ == "__main__":
    sys.exit(main())
