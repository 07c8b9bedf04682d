"""`trustwatch demo-site`: serve the offline demo news site on 127.0.0.1."""

from __future__ import annotations

import argparse
import signal
import threading

from demo.corpus import portals, truth


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the demo-site sub-command."""
    parser = subparsers.add_parser(
        "demo-site", help="运行离线演示新闻站点（三个虚构门户）",
        description="Serve the offline demo news site (daily, government portal, RSS portal) until interrupted.",
    )
    parser.add_argument("--port", type=int, required=True, help="TCP port (0 lets the OS pick one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--publish-every", type=float, default=0.0, metavar="SECONDS",
                        help="publish a new incident article from the pool every SECONDS (0 = never)")
    parser.add_argument("--slow-seconds", type=float, default=5.0, help="delay of the slow trap page (default 5)")
    parser.set_defaults(handler=run_demo_site)


def run_demo_site(args: argparse.Namespace, settings: object) -> int:
    """Serve until SIGINT/SIGTERM; print the portals' addresses first."""
    from demo.server import DemoSite

    if args.publish_every < 0 or args.slow_seconds < 0:
        print("demo-site: --publish-every and --slow-seconds must not be negative")
        return 2
    site = DemoSite(host=args.host, port=args.port, slow_seconds=args.slow_seconds)
    try:
        site.start()
    except OSError as exc:
        print(f"demo-site: cannot listen on {args.host}:{args.port}: {exc}")
        return 1
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    print(f"演示新闻站点已启动：{site.base_url}/ （共 {len(truth())} 篇文章）", flush=True)
    for portal in portals(site.base_url):
        extra = portal["feed_url"] or portal["sitemap_url"] or ""
        print(f"  {portal['name']}：{portal['list_url']} {extra}".rstrip(), flush=True)
    if args.publish_every > 0:
        site.publish_every(args.publish_every)
        print(f"每 {args.publish_every:g} 秒发布一篇新文章", flush=True)
    done.wait()
    site.stop()
    return 0
