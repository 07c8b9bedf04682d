"""Crawl throughput: a generated local news site of N articles, crawled with politeness off.

The site (its own tiny asyncio HTTP server, in another process) has list pages of 100 links with a
next-page link and ~1 KB Chinese articles. The crawl runs as `python -m crawler.run --impolite` into
a fresh SQLite store. Prints articles per second (wall), CPU seconds per article of the crawl process,
and its peak memory.

    .venv/bin/python bench/crawl_throughput.py [--articles 5000] [--extract generic|selectors]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PER_PAGE = 100
DISTRICTS = ["城区", "海丰县", "陆丰市", "陆河县", "红海湾开发区", "华侨管理区"]
SENTENCES = [
    "{d}市场监管部门近日对辖区内的农贸市场、超市和餐饮单位开展食品安全专项检查。",
    "检查人员重点查看了经营者的进货查验记录、索证索票和冷链食品储存情况。",
    "对检查中发现的问题，执法人员当场下达整改通知书，要求限期整改到位。",
    "据介绍，本次行动共出动执法人员六十余人次，检查经营主体两百余家。",
    "下一步，{d}将持续加大监管力度，切实保障群众“舌尖上的安全”。",
    "市民如发现食品安全问题，可拨打12315热线进行投诉举报。",
]


def article_html(i: int) -> bytes:
    d = DISTRICTS[i % len(DISTRICTS)]
    title = f"{d}开展食品安全专项检查行动（第{i}期）"
    paragraphs = "".join(f"<p>{s.format(d=d)}</p>" for s in SENTENCES)
    day = 1 + i % 28
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_汕尾测试新闻网</title></head><body>'
            f'<div class="nav"><a href="/">首页</a><a href="/list/1.html">本地</a><a href="/s/">社会</a></div>'
            f'<div class="main"><h1 class="title">{title}</h1><div class="info">发布时间：2025-03-{day:02d} 10:{i % 60:02d}'
            f' 来源：汕尾测试新闻网 记者 林小{i % 10}</div><div class="content">{paragraphs}</div></div>'
            f'<div class="footer">版权所有 汕尾测试新闻网 粤ICP备00000000号</div></body></html>').encode("utf-8")


def build_site(n: int) -> dict[str, bytes]:
    """Every page of the generated site, by path."""
    pages = {f"/a/{i}.html": article_html(i) for i in range(n)}
    lists = (n + PER_PAGE - 1) // PER_PAGE
    for page in range(1, lists + 1):
        items = "".join(f'<li><a class="t" href="/a/{i}.html">第{i}期</a></li>'
                        for i in range((page - 1) * PER_PAGE, min(page * PER_PAGE, n)))
        nxt = f'<a class="next" href="/list/{page + 1}.html">下一页</a>' if page < lists else ""
        pages[f"/list/{page}.html"] = f"<html><body><ul class='list'>{items}</ul>{nxt}</body></html>".encode()
    pages["/robots.txt"] = b"User-agent: *\nAllow: /\n"
    return pages


def serve(n: int, port_queue) -> None:
    """Serve the site on 127.0.0.1 (OS-picked port) until killed."""
    pages = build_site(n)

    async def handle(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode().split("?")[0]
                body = pages.get(path)
                status = b"200 OK" if body is not None else b"404 Not Found"
                body = body if body is not None else b"not found"
                ctype = b"text/plain" if path.endswith(".txt") else b"text/html; charset=utf-8"
                writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype +
                             b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port_queue.put(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def write_source(folder: Path, base: str, selectors: bool) -> None:
    (folder / "sources").mkdir(parents=True)
    extra = ("    selectors:\n      title: h1.title\n      body: div.content p\n      date: div.info\n"
             if selectors else "")
    (folder / "sources" / "bench.yaml").write_text(f"""sources:
  - name: bench-site
    title: 压测站点
    kind: list
    start_urls: ["{base}/list/1.html"]
    district: 城区
    allow_private: true
    depth_limit: 10000
    listing:
      article_links: "ul.list a.t"
      next_page: "a.next"
      max_pages: 10000
{extra}""", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--extract", choices=["generic", "selectors"], default="generic")
    parser.add_argument("--concurrency", type=int, default=128)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="extra Scrapy setting")
    args = parser.parse_args(argv)
    queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(args.articles, queue), daemon=True)
    server.start()
    port = queue.get(timeout=60)
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "config"
        write_source(folder, base, args.extract == "selectors")
        env = dict(os.environ, TRUSTWATCH_CONFIG_DIR=str(folder), TRUSTWATCH_DB_URL=f"sqlite:///{tmp}/bench.db",
                   TRUSTWATCH_ENV="test")
        cmd = [sys.executable, "-m", "crawler.run", "--source", "bench-site", "--impolite",
               "--set", "LOG_LEVEL=WARNING", "--set", f"CONCURRENT_REQUESTS={args.concurrency}",
               "--set", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}"]
        for item in args.set:
            cmd += ["--set", item]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(cmd, cwd=PROJECT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server.kill()
    summary = next((json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")), None)
    if result.returncode != 0 or summary is None:
        print(result.stderr[-3000:])
        return 1
    stored = summary["new_articles"]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"site: {args.articles} articles, {summary['pages']} pages fetched; extraction: {args.extract}")
    print(f"stored articles:       {stored} (errors: {summary['errors'] or 'none'})")
    print(f"wall time:             {wall:.1f} s (crawl {summary['seconds']:.1f} s, rest is start-up)")
    print(f"articles per second:   {stored / wall:.0f} (end to end), {stored / summary['seconds']:.0f} (crawl only)")
    print(f"CPU seconds / article: {cpu / max(stored, 1) * 1000:.2f} ms")
    print(f"peak memory (RSS):     {after.ru_maxrss / 1024:.0f} MiB")
    return 0 if stored == args.articles else 1


if __name__ == "__main__":
    sys.exit(main())
