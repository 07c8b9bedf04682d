"""Crawl throughput of the newer source kinds on the demo site, with politeness off.

gkmlpt (JSON lists + embedded records) and the complaint board are reported in articles per second;
the browser-rendered source (`render: browser`, Debian's Chromium) in rendered pages per second.
The demo site runs in this process, grown by `--notices` generated notices in both gkmlpt columns;
each crawl runs as `trustwatch crawl --json --impolite --source NAME` into a fresh SQLite store.

    .venv/bin/python bench/crawl_kinds.py [--notices 300] [--skip-browser] [--repeats 1]

bench/crawl_throughput.py prints these lines too (it imports `measure` and `print_rows`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
BEIJING = timezone(timedelta(hours=8))


def grow(site, notices: int) -> None:
    """Add `notices` generated notices, alternating the two gkmlpt columns."""
    start = datetime(2024, 6, 1, 9, 0, tzinfo=BEIJING)
    for i in range(notices):
        column = 2461 if i % 2 == 0 else 2462
        site.gkmlpt.add(
            column, f"汕尾市市场质量综合监管局行政处罚决定书（汕市质罚〔2024〕{1000 + i}号）",
            [f"当事人：汕尾市城区示例商行第{i}号", f"违法事实：经查，当事人存在未按规定明码标价的违法行为，涉及商品{i % 40 + 3}种。",
             "处罚决定：警告，并处罚款人民币1000元。当事人如不服本处罚决定，可依法申请行政复议或者提起行政诉讼。"],
            start + timedelta(hours=7 * i))


def crawl(source: str, base_url: str, folder: Path) -> tuple[dict, float]:
    """One impolite crawl of `source`: (its summary, wall seconds)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
    env.update(TRUSTWATCH_DB_URL=f"sqlite:///{folder / (source + '.db')}", TRUSTWATCH_HOME=str(folder / "home"),
               TRUSTWATCH_DEMO_BASE_URL=base_url, TRUSTWATCH_ENV="test", TRUSTWATCH_CRAWL_NOW="2025-04-20T18:00:00+08:00")
    began = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "trustwatch.cli", "crawl", "--json", "--quiet", "--impolite",
                          "--source", source], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - began
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"crawl of {source} printed no summary:\n{run.stderr[-2000:]}")
    return json.loads(lines[-1]), seconds


KINDS = [("demo-gkmlpt", "articles"), ("demo-board", "articles"), ("demo-gkmlpt-browser", "pages")]


def measure(notices: int, skip_browser: bool = False, repeats: int = 1) -> list[dict]:
    """Each kind's crawl, `repeats` times (interleaved), each into a fresh store: one row per source
    with its unit, counts, wall and crawl seconds, and the errors seen."""
    from demo.server import DemoSite

    kinds = [k for k in KINDS if not (skip_browser and k[0] == "demo-gkmlpt-browser")]
    rows = [{"source": source, "unit": unit, "counts": [], "walls": [], "crawl": [], "errors": {}} for source, unit in kinds]
    site = DemoSite(port=0).start()
    try:
        grow(site, notices)
        for _ in range(repeats):
            for row in rows:
                with tempfile.TemporaryDirectory() as tmp:
                    summary, seconds = crawl(row["source"], site.base_url, Path(tmp))
                row["counts"].append(summary["new_articles"] if row["unit"] == "articles" else summary["pages"])
                row["walls"].append(seconds)
                row["crawl"].append(summary["seconds"])
                for kind, n in (summary["errors"] or {}).items():
                    row["errors"][kind] = row["errors"].get(kind, 0) + n
    finally:
        site.stop()
    return rows


def print_rows(rows: list[dict]) -> None:
    """One line per kind: count, and per second over the crawl (spider open to close) and the wall
    time of the whole command, min / median / max."""
    def spread(values):
        return f"{min(values):6.1f} / {statistics.median(values):6.1f} / {max(values):6.1f}"

    print(f"  {'source':<22}{'unit':<10}{'count':>7}   {'per s, crawl (min / median / max)':<36}"
          f"{'per s, wall incl. start-up':<28}errors")
    for row in rows:
        inside = [c / s if s else 0.0 for c, s in zip(row["counts"], row["crawl"])]
        wall = [c / s for c, s in zip(row["counts"], row["walls"])]
        errors = ", ".join(f"{k}={v}" for k, v in row["errors"].items()) or "-"
        print(f"  {row['source']:<22}{row['unit']:<10}{statistics.median(row['counts']):>7.0f}   "
              f"{spread(inside):<36}{spread(wall):<28}{errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=300, help="generated notices added to the gkmlpt portal")
    parser.add_argument("--skip-browser", action="store_true", help="leave out the browser-rendered source")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    print_rows(measure(args.notices, args.skip_browser, args.repeats))


if __name__ == "__main__":
    main()
