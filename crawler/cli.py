"""`trustwatch crawl` and `trustwatch sources check|list|status|probe`.

The handlers take the crawler's own configuration: `register` is given the function that builds a
CrawlerConfig from the application's settings (trustwatch.crawl_cli), and wraps every handler with it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from crawler.config import CrawlerConfig
from crawler.sources import SourceError, load_sources
from vocabulary import CrawlErrorKind, CrawlFlag, CrawlRunState


def register(subparsers, config_of: Callable[[object], CrawlerConfig]) -> None:
    """Add the crawler's sub-commands; `config_of(settings)` gives the CrawlerConfig their handlers take."""

    def configured(handler):
        return lambda args, settings: handler(args, config_of(settings))

    crawl = subparsers.add_parser("crawl", help="抓取来源（默认全部启用的来源）",
                                  description="抓取一个或全部来源，运行中显示进度，结束时按来源汇总。")
    crawl.add_argument("--source", action="append", default=[], metavar="NAME", help="来源名称（可重复）")
    crawl.add_argument("--quiet", action="store_true", help="不显示进度")
    crawl.add_argument("--impolite", action="store_true", help="关闭礼貌限制（仅用于本地压测）")
    crawl.add_argument("--json", action="store_true", help="每个来源输出一行 JSON 汇总（供脚本读取）")
    crawl.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="覆盖 Scrapy 设置（可重复）")
    crawl.set_defaults(handler=configured(cmd_crawl))

    worker = subparsers.add_parser(
        "crawler-worker", help="抓取工作进程：在共享队列（TRUSTWATCH_REDIS_URL）上持续抓取",
        description="运行一个抓取工作进程：与其他机器上的工作进程共用 Redis 中的抓取队列、去重集合和每个站点的"
                    "访问速率；每轮抓取由 trustwatch crawl 或调度器发起。收到 SIGTERM 后停止。")
    worker.add_argument("--source", action="append", default=[], metavar="NAME", help="只抓取这些来源（可重复）")
    worker.add_argument("--impolite", action="store_true", help="关闭礼貌限制（仅用于本地压测）")
    worker.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="覆盖 Scrapy 设置（可重复）")
    worker.set_defaults(handler=configured(cmd_crawler_worker))

    sources = subparsers.add_parser("sources", help="来源配置：检查、列表、健康状态")
    sub = sources.add_subparsers(dest="sources_command", metavar="ACTION")
    check = sub.add_parser("check", help="按模式校验 config/sources/*.yaml")
    check.add_argument("--dir", type=Path, help="来源配置目录（默认 config/sources）")
    check.set_defaults(handler=configured(cmd_check))
    listing = sub.add_parser("list", help="列出已配置的来源")
    listing.add_argument("--dir", type=Path, help="来源配置目录（默认 config/sources）")
    listing.set_defaults(handler=configured(cmd_list))
    status = sub.add_parser("status", help="每个来源的最近一次抓取与健康状态")
    status.set_defaults(handler=configured(cmd_status))
    probe = sub.add_parser("probe", help="识别一个网址并给出可粘贴的来源配置")
    probe.add_argument("url", help="列表页、订阅源、站点地图、接口或留言板的网址")
    probe.add_argument("--name", help="建议配置中的来源名称（默认由网址生成）")
    probe.add_argument("--allow-private", action="store_true", help="允许内网或本机地址（演示站点、测试）")
    probe.set_defaults(handler=configured(_cmd_probe))
    sources.set_defaults(handler=lambda args, settings: (sources.print_help(), 2)[1])


def _cmd_probe(args, config) -> int:
    from crawler.sources.probe_report import cmd_probe

    return cmd_probe(args, config)


def _sources(args, config):
    directory = getattr(args, "dir", None) or config.sources_dir
    return directory, load_sources(directory, dict(config.variables))


def cmd_check(args, config) -> int:
    """Validate every source file; print each problem as file:line: field: expectation."""
    try:
        directory, sources = _sources(args, config)
    except SourceError as exc:
        print(f"来源配置有 {len(exc.problems)} 处错误：", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"来源配置有效：{directory} 中共 {len(sources)} 个来源")
    return 0


def cmd_list(args, config) -> int:
    """Print one line per source."""
    try:
        _, sources = _sources(args, config)
    except SourceError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"{'名称':<28}{'类型':<9}{'区域':<10}{'计划':<16}{'离线可验证':<8} 标题")
    for s in sources:
        offline = "是" if s.verifiable_offline else "否"
        state = "" if s.enabled else "（已停用）"
        print(f"{s.name:<28}{s.kind:<9}{(s.district or '-'):<10}{s.schedule:<16}{offline:<8} {s.title}{state}")
    return 0


def cmd_status(args, config) -> int:
    """Per-source health: last run, counts, errors by kind, flags and last success."""
    from crawler.health import source_health
    from store.db import Database

    _quiet_libraries()
    db = Database(config.db_url)
    db.migrate()
    rows = source_health(db)
    if not rows:
        print("尚无抓取记录；先运行 trustwatch crawl")
        return 0
    for row in rows:
        print(format_health(row, config.timezone))
    return 1 if any(row["flags"] for row in rows) else 0


def _quiet_libraries() -> None:
    import logging

    for name in ("scrapy", "alembic", "twisted", "py.warnings", "filelock"):
        logging.getLogger(name).setLevel(logging.WARNING)


# Scrapy logs each failed download (a refused connection with its whole traceback); the crawl counts
# these per source and the command reports them, one line each, so the interactive command mutes them.
# A filter, not a level: Scrapy's logging setup resets the levels of its loggers when the crawl starts.
NETWORK_FAILURE_LOGGERS = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")


def _drop_record(record) -> bool:
    return False


def _mute_network_failures() -> None:
    import logging

    for name in NETWORK_FAILURE_LOGGERS:
        logger = logging.getLogger(name)
        if _drop_record not in logger.filters:
            logger.addFilter(_drop_record)


def problem_lines(summaries) -> list[str]:
    """One Chinese line per source that failed or could not be reached, and a last line when none was."""
    from crawler.monitor import UNREACHABLE

    lines = []
    for s in summaries:
        if s.status == CrawlRunState.FINISHED and UNREACHABLE not in s.flags:
            continue
        what = CrawlFlag.UNREACHABLE.display if UNREACHABLE in s.flags else f"抓取{CrawlRunState.display_of(s.status)}"
        errors = "，".join(f"{CrawlErrorKind.display_of(k)} {v} 次" for k, v in s.errors.items())
        lines.append(f"来源 {s.source}：{what}" + (f"（{errors}）" if errors else ""))
    if summaries and len(lines) == len(summaries):
        lines.append(f"全部 {len(summaries)} 个来源均未能抓取，请检查网络或来源地址")
    return lines


def format_health(row: dict, timezone: str = "Asia/Shanghai") -> str:
    """One source's health as a line of text (times in the local zone)."""
    from zoneinfo import ZoneInfo

    errors = "，".join(f"{k} {v}" for k, v in row["errors"].items()) or "无"
    flags = " ".join(f"⚠{f}" for f in row["flags"]) or "正常"
    last_ok = (row["last_success_at"].astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
               if row["last_success_at"] else "从未成功")
    return (f"{row['name']:<24} {flags:<18} 最近运行 {row['status']:<11} 页面 {row['pages']:>5} "
            f"文章 {row['articles']:>5} 新增 {row['new_articles']:>5} 重复 {row['duplicates']:>3} "
            f"错误：{errors}；最近成功：{last_ok}")


def _overrides(items: list[str]) -> dict[str, str]:
    """--set KEY=VALUE items as a dict; a malformed one is a usage error."""
    pairs = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--set 需要 KEY=VALUE 形式：{item!r}")
        pairs[key.strip()] = value
    return pairs


def cmd_crawl(args, config) -> int:
    """Crawl, show progress, print a per-source summary (or one JSON line per source with --json)."""
    from crawler.process import run_crawl

    _quiet_libraries()
    _mute_network_failures()
    extra = {"TW_PROGRESS": not (args.quiet or args.json), "LOG_LEVEL": "WARNING", "TW_LOG": False}
    from crawler.worker import FrontierUnavailable

    try:
        extra.update(_overrides(args.set))
        if config.redis_url:  # the shared frontier: crawler workers crawl, this seeds a cycle and waits
            from crawler.worker import crawl_on_frontier

            summaries = crawl_on_frontier(config, args.source or None)
        else:
            summaries = run_crawl(config, args.source or None, polite=not args.impolite, extra=extra)
    except (SourceError, KeyError, ValueError, FrontierUnavailable) as exc:
        print(f"trustwatch crawl: {exc}", file=sys.stderr)
        return 2
    if args.json:
        for s in summaries:
            record = {k: v for k, v in s.__dict__.items() if k != "stats"}
            print(json.dumps(record, ensure_ascii=False), flush=True)
    else:
        print_summary_table(summaries)
    problems = problem_lines(summaries)
    for line in problems:
        print(line, file=sys.stderr)
    # 0 only when every source was crawled: a failed or unreachable source is worth a non-zero exit.
    return 1 if problems else 0


def cmd_crawler_worker(args, config) -> int:
    """Run one crawler worker on the shared frontier until SIGTERM."""
    from crawler.worker import FrontierUnavailable, run_worker

    try:
        return run_worker(config, args.source or None, polite=not args.impolite, extra=_overrides(args.set))
    except (SourceError, KeyError, ValueError, FrontierUnavailable) as exc:
        print(f"trustwatch crawler-worker: {exc}", file=sys.stderr)
        return 2


def print_summary_table(summaries) -> None:
    """The per-source summary as a table."""
    print(f"\n{'来源':<24}{'状态':<11}{'页面':>6}{'文章':>6}{'新增':>6}{'重复':>6}{'耗时(秒)':>10}  错误 / 标记")
    for s in summaries:
        errors = ", ".join(f"{k}={v}" for k, v in s.errors.items()) or "-"
        flags = " ".join(s.flags)
        print(f"{s.source:<24}{s.status:<11}{s.pages:>6}{s.articles:>6}{s.new_articles:>6}{s.duplicates:>6}"
              f"{s.seconds:>10.1f}  {errors} {flags}")
