"""One `process_pending` pass in its own process, started at an agreed instant (for the race tests).

Usage: python pass_racer.py DB_URL CONFIG_DIR HOME START_EPOCH [HOURS_AFTER_NOW]
Prints the pass's counts as one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from alertkit import TruthClassifier  # noqa: E402

from alerts.pipeline import process_pending  # noqa: E402
from store.db import Database  # noqa: E402
from trustwatch.settings import load_settings  # noqa: E402
from trustwatch.configs import alerting_config

NOW = dt.datetime(2025, 4, 21, tzinfo=dt.timezone.utc)


def main() -> None:
    from demo.corpus import truth

    url, config_dir, home, start = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    settings = load_settings(home=home, db_url=url, env="test", config_dir=config_dir, secret_key="race-secret",
                             alert_channels=["email"], alert_event_window_days=21)
    classifier = TruthClassifier([a for a in truth() if a["reachable"]])
    db = Database(url)
    time.sleep(max(0.0, start - time.time()))
    later = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    counts = process_pending(db, classifier, alerting_config(settings), now=NOW + dt.timedelta(hours=later))
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
