"""Crawl CPU per article: the project's crawl beside bare Scrapy on the same generated local site.

The site (its own tiny asyncio HTTP server, in another process) has list pages of 100 links with a
next-page link and ~1 KB Chinese articles. Each repeat runs, one after the other, in fresh processes:

- project: `trustwatch crawl --json --impolite` into a fresh SQLite store (extraction, dates, district,
  hashes, the store's batched writes, run records, the middlewares);
- anchor: bare Scrapy, a plain `scrapy.Spider` with the project's Scrapy settings but none of its
  components (politeness off, same reactor, concurrency and bounds) that follows the same list selectors, reads title / body / date with the
  same CSS selectors and writes every item to SQLite with `executemany` (100 rows per transaction),
  or nothing at all with `--anchor-writes none`.

CPU is the crawl process's own: during the crawl (spider opened -> closed, the figure the ratio is
taken on) and for the whole process (start-up included). 3 repeats by default, min / median / max.

After the anchor lines, the newer source kinds on the demo site (bench/crawl_kinds.py): gkmlpt and
complaint-board articles/s, browser-rendered pages/s (`--no-kinds` leaves them out).

`--workers 1,2,4`: instead, the same site crawled by one `trustwatch crawl` process alone (no Redis)
and then by N `trustwatch crawler-worker` processes on the shared frontier (a fresh Redis database,
a fresh PostgreSQL store each run), interleaved, 3 repeats: articles/s and the ratio to the single
process. The workers keep the per-site token bucket on, at `--rate` requests/s (printed): the demo
site is local, so the bench's rate is set high enough that it measures the crawler, not the limit.

    .venv/bin/python bench/crawl_throughput.py [--articles 3000] [--repeats 3] [--extract selectors|generic]
    .venv/bin/python bench/crawl_throughput.py --workers 1,2,4 [--rate 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import statistics
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
    extra = (f"    selectors:\n      title: {TITLE}\n      body: {BODY}\n      date: {DATE}\n"
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
      article_links: "{LINKS}"
      next_page: "{NEXT}"
      max_pages: 10000
{extra}""", encoding="utf-8")


# The selectors both crawlers use.
LINKS, NEXT, TITLE, BODY, DATE = "ul.list a.t", "a.next", "h1.title", "div.content p", "div.info"


def anchor_settings() -> dict:
    """The project's Scrapy settings (reactor, concurrency, bounds, politeness off) without its own
    components: the anchor differs from the project only by what the project adds to Scrapy."""
    from crawler import scrapy_settings

    own = {"SPIDER_MODULES", "SPIDER_LOADER_CLASS", "DOWNLOADER_MIDDLEWARES", "ITEM_PIPELINES", "EXTENSIONS",
           "IMPOLITE"}
    values = {k: v for k, v in vars(scrapy_settings).items() if k.isupper() and k not in own and not k.startswith("TW_")}
    values.update(scrapy_settings.IMPOLITE)
    values["DEPTH_LIMIT"] = 10000  # as the project's source file sets it
    return values


def bare_worker(base: str, db_path: str | None, concurrency: int) -> None:
    """The anchor, in this process: a plain Scrapy spider; prints one JSON line with its CPU figures."""
    import sqlite3

    import scrapy
    from scrapy.crawler import CrawlerProcess

    class SQLiteBatches:
        """Rows go to SQLite with executemany, 100 per transaction, the rest on close."""

        def open_spider(self, spider=None):
            self.conn = sqlite3.connect(db_path)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("CREATE TABLE articles (url TEXT UNIQUE, title TEXT, body TEXT, published TEXT)")
            self.rows = []

        def process_item(self, item, spider=None):
            self.rows.append((item["url"], item["title"], item["body"], item["published"]))
            if len(self.rows) >= 100:
                self.flush()
            return item

        def flush(self):
            with self.conn:
                self.conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)", self.rows)
            self.rows = []

        def close_spider(self, spider=None):
            self.flush()
            self.conn.close()

    figures = {}

    class BareSpider(scrapy.Spider):
        name = "bare"

        async def start(self):
            yield scrapy.Request(f"{base}/list/1.html")

        def parse(self, response):
            for href in response.css(f"{LINKS}::attr(href)").getall():
                yield response.follow(href, self.parse_article)
            if (following := response.css(f"{NEXT}::attr(href)").get()) is not None:
                yield response.follow(following, self.parse)

        def parse_article(self, response):
            yield {"url": response.url, "title": response.css(f"{TITLE}::text").get(),
                   "body": "\n".join(response.css(f"{BODY}::text").getall()),
                   "published": response.css(f"{DATE}::text").get()}

    def opened(spider):
        figures["cpu_start"] = time.process_time()

    def closed(spider, reason):
        figures["crawl_cpu"] = time.process_time() - figures["cpu_start"]
        figures["items"] = spider.crawler.stats.get_value("item_scraped_count", 0)

    process = CrawlerProcess({
        **anchor_settings(), "LOG_LEVEL": "WARNING",
        "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "ITEM_PIPELINES": {SQLiteBatches: 500} if db_path else {},
    })
    crawler = process.create_crawler(BareSpider)
    crawler.signals.connect(opened, signal=scrapy.signals.spider_opened)
    crawler.signals.connect(closed, signal=scrapy.signals.spider_closed)
    process.crawl(crawler)
    process.start()
    print(json.dumps(figures), flush=True)


def _child_cpu(cmd: list[str], env: dict) -> tuple[subprocess.CompletedProcess, float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=3600)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def _last_json(result: subprocess.CompletedProcess) -> dict:
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"crawl failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    return json.loads(lines[-1])


def run_project(base: str, tmp: Path, selectors: bool, concurrency: int, settings: list[str]) -> dict:
    """One project crawl of the site into a fresh store: its figures."""
    folder = tmp / "config"
    if not folder.exists():
        write_source(folder, base, selectors)
    db = tmp / "project.db"
    db.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
    env.update(TRUSTWATCH_CONFIG_DIR=str(folder), TRUSTWATCH_DB_URL=f"sqlite:///{db}", TRUSTWATCH_ENV="test",
               TRUSTWATCH_HOME=str(tmp / "home"))
    cmd = [sys.executable, "-m", "trustwatch.cli", "crawl", "--json", "--quiet", "--impolite", "--source", "bench-site",
           "--set", f"CONCURRENT_REQUESTS={concurrency}", "--set", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"]
    for item in settings:
        cmd += ["--set", item]
    result, cpu, wall = _child_cpu(cmd, env)
    summary = _last_json(result)
    return {"items": summary["new_articles"], "crawl_cpu": summary["cpu_seconds"], "process_cpu": cpu, "wall": wall,
            "errors": summary["errors"]}


def run_bare(base: str, tmp: Path, writes: str, concurrency: int) -> dict:
    """One bare Scrapy crawl of the same site: its figures."""
    db = tmp / "bare.db"
    db.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--bare-worker", base, "--concurrency", str(concurrency)]
    if writes == "sqlite":
        cmd += ["--bare-db", str(db)]
    result, cpu, wall = _child_cpu(cmd, dict(os.environ))
    figures = _last_json(result)
    return {"items": figures["items"], "crawl_cpu": figures["crawl_cpu"], "process_cpu": cpu, "wall": wall,
            "errors": {}}


# -- the shared frontier (--workers): N crawler workers beside one crawl process ----------------------


def _fresh_pg_database(admin_url: str, name: str) -> str:
    """A new, empty PostgreSQL database on the local server; its URL."""
    from sqlalchemy import create_engine, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def _drop_pg_database(admin_url: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _rate_from_store(db_url: str) -> tuple[int, float]:
    """(articles stored, articles per second from the run's start to the last article fetched)."""
    from sqlalchemy import func, select

    from store.db import Database
    from store.models import Article, CrawlRun

    db = Database(db_url)
    with db.session() as s:
        count = s.scalar(select(func.count()).select_from(Article))
        started = s.scalar(select(func.min(CrawlRun.started_at)))
        last = s.scalar(select(func.max(Article.fetched_at)))
    db.dispose()
    seconds = (last - started).total_seconds() if count and started and last else float("nan")
    return count, count / seconds if seconds > 0 else float("nan")


# A worker's politeness, all off but the shared per-site token bucket (what --impolite also turns off).
WORKER_POLITENESS_OFF = ["ROBOTSTXT_OBEY=false", "AUTOTHROTTLE_ENABLED=false", "DOWNLOAD_DELAY=0"]


def run_frontier(base: str, tmp: Path, workers: int, concurrency: int, admin_url: str, redis_url: str,
                 rate: float = 5000.0, burst: int = 128) -> dict:
    """One crawl of the site into a fresh PostgreSQL store: by `workers` crawler workers on the shared
    frontier (0: one `trustwatch crawl` process alone, no Redis). Workers are started and registered
    before the clock starts; the rate runs from the crawl run's start to the last article fetched.
    The workers' site token bucket is on at `rate` requests/s after `burst`."""
    import redis

    folder = tmp / "config"
    if not folder.exists():
        write_source(folder, base, True)
    db_url = _fresh_pg_database(admin_url, f"tw_bench_frontier_{os.getpid()}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
    env.update(TRUSTWATCH_CONFIG_DIR=str(folder), TRUSTWATCH_DB_URL=db_url, TRUSTWATCH_ENV="test",
               TRUSTWATCH_HOME=str(tmp / "home"))
    tw = str(Path(sys.executable).parent / "trustwatch")
    subprocess.run([tw, "db", "upgrade"], cwd=PROJECT, env=env, check=True, capture_output=True)
    per_process = ["--set", f"CONCURRENT_REQUESTS={concurrency}", "--set", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"]
    procs = []
    bucket = {}
    if workers:
        client = redis.Redis.from_url(redis_url)
        owner = client.get(OWNER_KEY)
        client.flushdb()  # a fresh frontier, still claimed by this bench
        if owner is not None:
            client.set(OWNER_KEY, owner, ex=3600)
        env.update(TRUSTWATCH_REDIS_URL=redis_url, TRUSTWATCH_CRAWL_DOMAIN_RATE=str(rate),
                   TRUSTWATCH_CRAWL_DOMAIN_BURST=str(burst))
        from crawler.frontier import Frontier

        frontier = Frontier.from_url(redis_url)
        time.sleep(1.5)  # a stray worker left on this database would heartbeat again within a tick
        if frontier.live_workers():
            raise SystemExit(f"crawler workers not started by this bench use {redis_url}: {frontier.live_workers()}")
        off = [a for item in WORKER_POLITENESS_OFF for a in ("--set", item)]
        for i in range(workers):
            with open(tmp / f"worker{i}.log", "wb") as out:
                procs.append(subprocess.Popen([tw, "crawler-worker", "--source", "bench-site", *off,
                                               *per_process, "--set", "LOG_LEVEL=WARNING"],
                                              cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 120
        while len(frontier.live_workers()) < workers:
            if time.monotonic() > deadline:
                raise SystemExit(f"{workers} crawler workers did not register; see {tmp}/worker0.log")
            time.sleep(0.2)
    try:
        cpu_before = sum(_process_cpu(proc.pid) for proc in procs)  # start-up and waiting: not the crawl's
        started = time.perf_counter()
        result = subprocess.run([tw, "crawl", "--json", "--quiet", "--impolite", "--source", "bench-site", *per_process],
                                cwd=PROJECT, env=env, capture_output=True, text=True, timeout=3600)
        wall = time.perf_counter() - started
        summary = _last_json(result)
        cpu = (sum(_process_cpu(proc.pid) for proc in procs) - cpu_before if workers
               else summary.get("cpu_seconds", float("nan")))
        if workers:  # the cycle's counters, summed over the workers: did the token bucket see every request?
            stats = frontier.cycle_stats("bench-site", int(frontier.cycle("bench-site")["id"]))
            bucket = {"requests": stats.get("tw/politeness/requests", 0), "waited": stats.get("tw/politeness/waited", 0),
                      "fetched": stats.get("downloader/request_count", 0)}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(60)
    items, per_second = _rate_from_store(db_url)
    _drop_pg_database(admin_url, db_url.rsplit("/", 1)[1])
    return {"items": items, "rate": per_second, "wall": wall, "bucket": bucket, "cpu": cpu}


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


OWNER_KEY = "tw-test-owner"  # how tests/conftest.py's redis_url claims a database of the local Redis


def _claim_redis_db(root: str) -> tuple[str, str]:
    """A database of the local Redis that no test run or other bench uses, claimed as the tests
    claim theirs (from the last one down); its URL and this bench's owner token."""
    import uuid

    import redis

    token = f"bench-{uuid.uuid4().hex}"
    for number in range(15, 0, -1):
        client = redis.Redis.from_url(f"{root}/{number}")
        if client.set(OWNER_KEY, token, nx=True, ex=3600):
            client.close()
            return f"{root}/{number}", token
        client.close()
    raise SystemExit("every Redis database 1-15 is in use (tests or another bench)")


def _release_redis_db(url: str, token: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    if client.get(OWNER_KEY) == token.encode():
        client.flushdb()
    client.close()


def frontier_main(args) -> int:
    """--workers: articles/s of N crawler workers on the shared frontier beside one crawl process."""
    admin_url = subprocess.run(["bash", "scripts/postgres.sh", "url"], cwd=PROJECT, capture_output=True,
                               text=True, check=True).stdout.strip()
    subprocess.run(["bash", "scripts/redis.sh", "up"], cwd=PROJECT, check=True, capture_output=True)
    redis_root = subprocess.run(["bash", "scripts/redis.sh", "url"], cwd=PROJECT, capture_output=True,
                                text=True, check=True).stdout.strip().rsplit("/", 1)[0]
    redis_url, owner = _claim_redis_db(redis_root)
    queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(args.articles, queue), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{queue.get(timeout=60)}"
    kinds = [0, *args.workers]
    runs: dict[int, list[dict]] = {k: [] for k in kinds}
    load_before = os.getloadavg()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(args.repeats):  # interleaved, so every configuration sees the same machine
                for kind in kinds:
                    runs[kind].append(run_frontier(base, Path(tmp), kind, args.concurrency, admin_url, redis_url,
                                                   args.rate, args.burst))
    finally:
        server.kill()
        _release_redis_db(redis_url, owner)
    load_after = os.getloadavg()
    print(f"site: {args.articles} articles on 127.0.0.1, concurrency {args.concurrency} per process; "
          f"store: PostgreSQL (scripts/postgres.sh); frontier: Redis (scripts/redis.sh)")
    print(f"politeness: robots.txt, AutoThrottle and download delay off; the workers' shared per-site token bucket "
          f"on at {args.rate:g} requests/s, burst {args.burst} (TRUSTWATCH_CRAWL_DOMAIN_RATE / _BURST)")
    print(f"load average (1/5/15 min): before {' '.join(f'{x:.2f}' for x in load_before)}, "
          f"after {' '.join(f'{x:.2f}' for x in load_after)}; {os.cpu_count()} CPUs")
    print("articles/s from the run's start to the last article fetched (min / median / max); "
          "wall s of `trustwatch crawl` (a frontier cycle ends 3 s after the last page)")
    single = statistics.median(r["rate"] for r in runs[0])
    ok = True
    for kind in kinds:
        rows = runs[kind]
        label = "single process (no Redis)" if kind == 0 else f"{kind} crawler worker{'s' if kind > 1 else ''} (frontier)"
        rates = [r["rate"] for r in rows]
        ratio = statistics.median(rates) / single
        cpu = [r["cpu"] / max(r["items"], 1) * 1000 for r in rows]
        print(f"  {label:<32}{_spread(rates)} art/s   ratio to single {ratio:5.2f}   wall {_spread([r['wall'] for r in rows])}")
        print(f"    CPU ms per article ({'spider open to close' if kind == 0 else 'all workers, seeding to cycle end'}): {_spread(cpu)}")
        if any(r["items"] != args.articles for r in rows):
            ok = False
            print(f"    stored {[r['items'] for r in rows]} articles, expected {args.articles}")
        if kind:
            waited = sum(r["bucket"].get("waited", 0) for r in rows)
            reserved = sum(r["bucket"].get("requests", 0) for r in rows)
            fetched = sum(r["bucket"].get("fetched", 0) for r in rows)
            print(f"    token bucket: {reserved} of {fetched} requests reserved a slot, {waited} waited for one")
            if reserved < fetched:
                ok = False
    return 0 if ok else 1


def _spread(values: list[float]) -> str:
    return f"{min(values):7.2f} / {statistics.median(values):7.2f} / {max(values):7.2f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--extract", choices=["selectors", "generic"], default="selectors",
                        help="the project reads the configured selectors (as the anchor does) or its generic extractor")
    parser.add_argument("--anchor-writes", choices=["sqlite", "none"], default="sqlite",
                        help="the anchor writes its items to SQLite with executemany, or nothing")
    parser.add_argument("--concurrency", type=int, default=128)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="extra Scrapy setting (project)")
    parser.add_argument("--workers", nargs="+", metavar="N[,N...]",
                        help="instead: N crawler workers on the shared frontier (e.g. 1,2,4) beside one crawl process")
    parser.add_argument("--rate", type=float, default=5000.0,
                        help="--workers: the site token bucket's requests/s (high: the local site must not be the limit)")
    parser.add_argument("--burst", type=int, default=128, help="--workers: the token bucket's burst")
    parser.add_argument("--no-kinds", action="store_true",
                        help="leave out the newer source kinds (gkmlpt, board, browser-rendered: bench/crawl_kinds.py)")
    parser.add_argument("--notices", type=int, default=300, help="generated gkmlpt notices for the per-kind lines")
    parser.add_argument("--skip-browser", action="store_true", help="per-kind lines without the browser-rendered source")
    parser.add_argument("--bare-worker", metavar="BASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--bare-db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare_worker:
        sys.path.insert(0, str(PROJECT))
        bare_worker(args.bare_worker, args.bare_db, args.concurrency)
        return 0
    if args.workers:
        try:
            args.workers = [int(n) for item in args.workers for n in item.split(",") if n.strip()]
        except ValueError:
            parser.error("--workers 需要正整数，例如 --workers 1,2,4")
        if not args.workers or min(args.workers) < 1:
            parser.error("--workers 需要正整数，例如 --workers 1,2,4")
        sys.path.insert(0, str(PROJECT))
        code = frontier_main(args)
        return kinds_lines(args) or code
    queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(args.articles, queue), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{queue.get(timeout=60)}"
    runs: dict[str, list[dict]] = {"project": [], "anchor": []}
    load_before = os.getloadavg()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(args.repeats):  # interleaved, so both see the same machine
                runs["project"].append(run_project(base, Path(tmp), args.extract == "selectors", args.concurrency,
                                                   args.set))
                runs["anchor"].append(run_bare(base, Path(tmp), args.anchor_writes, args.concurrency))
    finally:
        server.kill()
    load_after = os.getloadavg()
    anchor = f"bare Scrapy ({'writes to SQLite with executemany' if args.anchor_writes == 'sqlite' else 'writes nothing'})"
    print(f"site: {args.articles} articles on 127.0.0.1, politeness off, concurrency {args.concurrency}; "
          f"project extraction: {args.extract}; anchor: {anchor}")
    print(f"load average (1/5/15 min): before {' '.join(f'{x:.2f}' for x in load_before)}, "
          f"after {' '.join(f'{x:.2f}' for x in load_after)}; {os.cpu_count()} CPUs")
    ok = True
    for name, rows in runs.items():
        short = [r for r in rows if r["items"] != args.articles]
        if short:
            ok = False
            print(f"{name}: {len(short)} run(s) stored fewer than {args.articles} articles: "
                  f"{[(r['items'], r['errors']) for r in short]}")
    per = {name: {"crawl": [r["crawl_cpu"] / max(r["items"], 1) * 1000 for r in rows],
                  "process": [r["process_cpu"] / max(r["items"], 1) * 1000 for r in rows],
                  "rate": [r["items"] / r["wall"] for r in rows]} for name, rows in runs.items()}
    print(f"{'CPU ms per article':<36}{'min / median / max':>27}")
    for kind, label in (("crawl", "during the crawl"), ("process", "whole process (start-up included)")):
        print(f"  project, {label:<33}{_spread(per['project'][kind])}")
        print(f"  anchor,  {label:<33}{_spread(per['anchor'][kind])}")
        ratios = [p / a for p, a in zip(per["project"][kind], per["anchor"][kind])]
        print(f"  ratio project / anchor ({kind}){'':<{10 - len(kind)}}{_spread(ratios)}")
    print(f"articles per wall second: project {_spread(per['project']['rate'])}, anchor {_spread(per['anchor']['rate'])}")
    return kinds_lines(args) or (0 if ok else 1)


def kinds_lines(args) -> int:
    """The newer source kinds on the demo site (bench/crawl_kinds.py), `args.repeats` runs each:
    gkmlpt and board articles/s, browser-rendered pages/s; 1 when a crawl stored nothing."""
    if args.no_kinds:
        return 0
    sys.path.insert(0, str(PROJECT))
    from crawl_kinds import measure, print_rows

    print(f"newer source kinds (bench/crawl_kinds.py), demo site with {args.notices} generated gkmlpt notices, "
          f"politeness off, {args.repeats} run(s) each; load before {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows = measure(args.notices, args.skip_browser, args.repeats)
    print_rows(rows)
    print(f"load after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if all(min(row["counts"]) > 0 for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
