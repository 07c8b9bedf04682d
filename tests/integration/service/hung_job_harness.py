"""A `trustwatch worker` (run_worker) whose dispatch job waits on a server that never answers.

Usage: python hung_job_harness.py DB_URL HOME CONFIG_DIR PORT
The other jobs do nothing; a former leader waits 2 s for its running jobs before it leaves them.
"""

from __future__ import annotations

import socket
import sys

from trustwatch.service.commands import run_worker
from trustwatch.service.runtime import ServiceOptions
from trustwatch.service.scheduler import Intervals
from trustwatch.settings import load_settings

KINDS = ("crawl", "process", "outbox-drain", "dispatch", "escalations", "digest", "retrain")


def main() -> int:
    url, home, config_dir, port = sys.argv[1:5]
    settings = load_settings(home=home, db_url=url, env="test", config_dir=config_dir,
                             demo_base_url="http://127.0.0.1:9", es_url="http://127.0.0.1:9")

    def hung(ctx, argument):
        with socket.create_connection(("127.0.0.1", int(port))) as conn:
            return len(conn.recv(1))  # no answer, ever

    tasks = {kind: (lambda ctx, argument: 0) for kind in KINDS} | {"dispatch": hung}
    options = ServiceOptions(tasks=tasks, intervals=Intervals(process=60, outbox_drain=60, dispatch=0.5, escalations=60),
                             lease_ttl=10, heartbeat_seconds=0.5, watch_seconds=60, former_leader_grace=2.0)
    return run_worker(settings, options)


if __name__ == "__main__":
    sys.exit(main())
