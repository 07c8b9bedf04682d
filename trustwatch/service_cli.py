"""`trustwatch serve`, `trustwatch worker` and `trustwatch run-demo`."""

from __future__ import annotations

from urllib.parse import urlsplit


def _scheduler_options(parser) -> None:
    parser.add_argument("--source", action="append", metavar="NAME",
                        help="只调度这些数据源（可重复；未知名称会在启动时报错）")
    parser.add_argument("--crawl-interval", type=float, metavar="SECONDS",
                        help="所有数据源统一按此间隔抓取（覆盖 YAML 中的 schedule；演示与基准测试用）")
    parser.add_argument("--log-format", choices=("json", "text"), default="json", help="日志格式（默认 JSON 行）")


def _options(args):
    from trustwatch.service.runtime import ServiceOptions

    if args.crawl_interval is not None and args.crawl_interval < 1:
        raise SystemExit("trustwatch: --crawl-interval 至少为 1 秒")
    return ServiceOptions(sources=args.source, crawl_interval=args.crawl_interval,
                          standby=getattr(args, "standby", False))


def _default_port(settings) -> int:
    return urlsplit(settings.base_url).port or 8000


def cmd_serve(args, settings) -> int:
    """Web app and scheduler in one process."""
    from trustwatch.service.commands import run_serve
    from trustwatch.service.jsonlog import configure_logging

    configure_logging(args.log_format, getattr(args, "verbose", False))
    port = args.port if args.port is not None else _default_port(settings)
    return run_serve(settings, _options(args), args.host, port, with_scheduler=not args.no_scheduler)


def cmd_worker(args, settings) -> int:
    """The scheduler alone (with `serve --no-scheduler` serving the web elsewhere)."""
    from trustwatch.service.commands import run_worker
    from trustwatch.service.jsonlog import configure_logging

    configure_logging(args.log_format, getattr(args, "verbose", False))
    return run_worker(settings, _options(args))


def cmd_run_demo(args, settings) -> int:
    """The full demo: demo news site, demo accounts, scheduler and web app."""
    from trustwatch.service.demo import run_demo

    return run_demo(settings, args)


def cmd_jobs(args, settings) -> int:
    """Print the scheduled jobs and their last runs."""
    from store.db import Database
    from trustwatch.service.status import render_status

    db = Database(settings.database_url)
    try:
        print(render_status(db, settings))
    finally:
        db.dispose()
    return 0


def register(subparsers) -> None:
    """Add serve, worker and run-demo to the `trustwatch` parser."""
    p = subparsers.add_parser("serve", help="运行网页与调度器（定时抓取、处理、派发、升级、日报、重训）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--port", type=int, help="监听端口（默认取 TRUSTWATCH_BASE_URL 的端口，8000）")
    p.add_argument("--no-scheduler", action="store_true", help="只运行网页（调度器由 `trustwatch worker` 运行）")
    _scheduler_options(p)
    p.set_defaults(handler=cmd_serve)

    w = subparsers.add_parser("worker", help="只运行调度器（不提供网页）")
    _scheduler_options(w)
    w.add_argument("--standby", action="store_true",
                   help="备用调度器：另一个调度器在运行时等待，其租约过期后接管（而不是拒绝启动）")
    w.set_defaults(handler=cmd_worker)

    subparsers.add_parser("jobs", help="查看定时任务：下次运行、上次结果、成功与失败次数").set_defaults(handler=cmd_jobs)

    d = subparsers.add_parser("run-demo", help="完整演示：演示新闻站、演示账号、调度器与网页")
    d.add_argument("--host", default="127.0.0.1", help="网页监听地址")
    d.add_argument("--port", type=int, help="网页端口（默认取 TRUSTWATCH_BASE_URL 的端口，8000）")
    d.add_argument("--demo-port", type=int, default=0, help="演示新闻站端口（默认由系统分配）")
    d.add_argument("--publish-every", type=float, default=45.0, metavar="SECONDS", help="演示站发布新文章的间隔")
    d.add_argument("--crawl-interval", type=float, default=20.0, metavar="SECONDS", help="抓取间隔（秒）")
    d.add_argument("--log-format", choices=("json", "text"), default="text", help="日志格式")
    d.set_defaults(handler=cmd_run_demo)
