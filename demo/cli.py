"""`trustwatch demo-site`: serve the offline demo news site on 127.0.0.1."""

from __future__ import annotations

import argparse
import signal
import threading

from demo.corpus import portals, truth


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the demo-site sub-command."""
    parser = subparsers.add_parser(
        "demo-site", help="运行离线演示站点（五个虚构门户：日报、监管局网站、新闻网、政府信息公开 gkmlpt、民生诉求留言板）",
        description="运行离线演示站点，直到按 Ctrl+C：晨潮日报（分页列表，另有脚本生成列表的 app 页面）、"
                    "汕尾市民生质量监督局（GBK 编码，站点地图）、潮声网（RSS、JSON 列表接口、脚本生成列表的 app 页面）、"
                    "政府信息公开（gkmlpt：首页 SID、按栏目分页的 JSON 接口、详情页内嵌记录）、民生诉求留言板（留言与部门答复）。"
                    "内容均为虚构，默认只监听本机地址。",
    )
    parser.add_argument("--port", type=int, required=True, help="TCP port (0 lets the OS pick one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--publish-every", type=float, default=0.0, metavar="SECONDS",
                        help="publish a new incident article from the pool every SECONDS (0 = never)")
    parser.add_argument("--slow-seconds", type=float, default=5.0, help="delay of the slow trap page (default 5)")
    parser.add_argument("--now", metavar="live|ISO-TIME",
                        help="相对日期（3小时前）的参照时间：live 为当前时间，或一个固定时间（无时区时按北京时间）；"
                             "默认：语料自带的时间")
    parser.set_defaults(handler=run_demo_site)


def run_demo_site(args: argparse.Namespace, settings: object) -> int:
    """Serve until SIGINT/SIGTERM; print the portals' addresses first."""
    from demo.server import DemoSite

    if args.publish_every < 0 or args.slow_seconds < 0:
        print("demo-site: --publish-every and --slow-seconds must not be negative")
        return 2
    try:
        clock = _clock(args.now)
    except ValueError:
        print(f"demo-site：--now 须为 live 或 ISO 时间（如 2025-04-20T10:00），而不是 {args.now!r}")
        return 2
    site = DemoSite(host=args.host, port=args.port, slow_seconds=args.slow_seconds, clock=clock)
    try:
        site.start()
    except OSError as exc:
        print(f"demo-site: cannot listen on {args.host}:{args.port}: {exc}")
        return 1
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    print(f"演示站点已启动：{site.base_url}/ （新闻 {len(truth())} 篇，政府信息公开 {len(site.gkmlpt_truth())} 条，"
          f"留言 {len(site.board_truth())} 条）", flush=True)
    for line in portal_lines(site.base_url):
        print(f"  {line}", flush=True)
    if args.publish_every > 0:
        site.publish_every(args.publish_every)
        print(f"每 {args.publish_every:g} 秒发布一篇新文章", flush=True)
    done.wait()
    site.stop()
    return 0


def _clock(now: str | None):
    """The site's clock for --now (None: the corpus's instant)."""
    from datetime import datetime

    from demo.corpus import BEIJING

    if not now:
        return None
    if now == "live":
        return lambda: datetime.now(BEIJING)
    fixed = datetime.fromisoformat(now)
    fixed = fixed if fixed.tzinfo else fixed.replace(tzinfo=BEIJING)
    return lambda: fixed


def portal_lines(base_url: str) -> list[str]:
    """One line per portal the site serves: its name and where to start (list, feed, sitemap, API)."""
    from demo.board import PREFIX as BOARD_PREFIX
    from demo.content.board_messages import BOARD_NAME
    from demo.gkmlpt import NAME as GKMLPT_NAME, PREFIX as GKMLPT_PREFIX, SAMPLING_COLUMN

    lines = []
    for portal in portals(base_url):
        extra = [portal["feed_url"] or "", portal["sitemap_url"] or ""]
        if portal["key"] == "news":
            extra += [f"{base_url}/news/api/list.json（JSON 列表）", f"{base_url}/news/app.html（脚本生成的列表）"]
        if portal["key"] == "daily":
            extra.append(f"{base_url}/daily/app.html（脚本生成的列表）")
        lines.append(" ".join([f"{portal['name']}：{portal['list_url']}", *[e for e in extra if e]]))
    lines.append(f"{GKMLPT_NAME}（gkmlpt）：{base_url}{GKMLPT_PREFIX}index "
                 f"{base_url}{GKMLPT_PREFIX}index?column={SAMPLING_COLUMN}（脚本生成的列表）")
    lines.append(f"{BOARD_NAME}：{base_url}{BOARD_PREFIX}")
    return lines
