"""A `trustwatch worker` with recording tasks and a short lease, for the leader-fencing tests.

Usage: python leader_harness.py DB_URL HOME CONFIG_DIR RECORD_FILE [--standby]
Every job run appends {"pid", "job", "start", "end"} as one JSON line to RECORD_FILE.
"""

from __future__ import annotations

import json
import os
import sys
import time

from trustwatch.service.commands import run_worker
from trustwatch.service.runtime import ServiceOptions
from trustwatch.service.scheduler import Intervals
from trustwatch.settings import load_settings

LEASE_TTL = 3.0
HEARTBEAT = 1.0


def recorder(path: str, kind: str):
    def run(ctx, argument):
        start = time.time()
        time.sleep(0.2)
        line = json.dumps({"pid": os.getpid(), "job": f"{kind}:{argument}" if argument else kind,
                           "start": start, "end": time.time()})
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)
        return 1
    return run


def main() -> int:
    url, home, config_dir, record = sys.argv[1:5]
    settings = load_settings(home=home, db_url=url, env="test", config_dir=config_dir,
                             demo_base_url="http://127.0.0.1:9", es_url="http://127.0.0.1:9")
    kinds = ("crawl", "process", "outbox-drain", "dispatch", "escalations", "digest", "retrain")
    options = ServiceOptions(tasks={k: recorder(record, k) for k in kinds}, crawl_interval=1.0,
                             intervals=Intervals(process=0.5, outbox_drain=0.5, dispatch=0.5, escalations=60),
                             lease_ttl=LEASE_TTL, heartbeat_seconds=HEARTBEAT, watch_seconds=60,
                             standby="--standby" in sys.argv[5:], idle_transaction_timeout=5.0)
    return run_worker(settings, options)


if __name__ == "__main__":
    sys.exit(main())
