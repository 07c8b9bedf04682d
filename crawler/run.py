"""`python -m crawler.run --source NAME`: one crawl per process, as the service's subprocesses run it."""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    """Crawl the given sources (default: all) and print one JSON summary line per source."""
    parser = argparse.ArgumentParser(prog="python -m crawler.run", description="抓取一个或多个来源")
    parser.add_argument("--source", action="append", default=[], help="来源名称（可重复；默认全部）")
    parser.add_argument("--impolite", action="store_true", help="关闭礼貌限制（仅用于本地压测）")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="覆盖 Scrapy 设置")
    args = parser.parse_args(argv)
    from trustwatch.settings import load_settings  # this module is a process entry point
    from crawler.process import run_crawl

    extra = dict(item.split("=", 1) for item in args.set)
    summaries = run_crawl(load_settings(), args.source or None, polite=not args.impolite, extra=extra)
    for summary in summaries:
        record = {k: v for k, v in summary.__dict__.items() if k != "stats"}
        print(json.dumps(record, ensure_ascii=False), flush=True)
    return 0 if all(s.status == "finished" for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
