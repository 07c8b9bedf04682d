"""Helpers for crawler integration tests: crawls in this process (a reactor thread shared by the
session) or in a subprocess where the process itself is what a test is about, and the demo server's
request log."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

from crawler.config import CrawlerConfig

PROJECT = Path(__file__).resolve().parents[3]
DEMO_SOURCES = ["demo-daily", "demo-gov", "demo-news"]
# Fast but still polite where it matters for the assertions (robots.txt stays obeyed).
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=false", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "LOG_LEVEL=WARNING"]
CRAWL_NOW = "2025-04-20T18:00:00+08:00"  # demo.corpus.REFERENCE_NOW
PAGE_TIMEOUT = 3  # the slow page waits 6 s
REQUEST_LINE = re.compile(r'"(?:GET|HEAD) (\S+) HTTP/1\.[01]" (\d{3})')


class RequestLog(logging.Handler):
    """Collects (path, status) of every request the demo server answered."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.entries: list[tuple[str, int]] = []
        self._entries_lock = threading.Lock()

    def emit(self, record):
        m = REQUEST_LINE.search(record.getMessage())
        if m:
            with self._entries_lock:
                self.entries.append((m.group(1), int(m.group(2))))

    def take(self) -> list[tuple[str, int]]:
        """The entries so far, clearing the log."""
        with self._entries_lock:
            out, self.entries = self.entries, []
        return out


def crawl_env(db_url: str, base_url: str, config_dir: Path | None = None) -> dict:
    """Environment of a crawl subprocess: its database, the demo's address, a fixed 'now'; none of
    the user's own TRUSTWATCH_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
    env.update({
        "TRUSTWATCH_DB_URL": db_url,
        "TRUSTWATCH_DEMO_BASE_URL": base_url,
        "TRUSTWATCH_CRAWL_NOW": CRAWL_NOW,
        "TRUSTWATCH_CRAWL_PAGE_TIMEOUT": str(PAGE_TIMEOUT),
        "TRUSTWATCH_ENV": "test",
    })
    if config_dir is not None:
        env["TRUSTWATCH_CONFIG_DIR"] = str(config_dir)
    return env


def crawl_command(sources: list[str], extra: list[str] = ()) -> list[str]:
    """`trustwatch crawl --json` for the sources, with fast test settings."""
    cmd = [sys.executable, "-m", "trustwatch.cli", "crawl", "--json"]
    for name in sources:
        cmd += ["--source", name]
    for item in [*FAST, *extra]:
        cmd += ["--set", item]
    return cmd


def run_crawl_in_subprocess(db_url: str, base_url: str, sources=DEMO_SOURCES, extra=(), config_dir=None) -> dict:
    """Crawl in a fresh subprocess (a fresh Twisted reactor of its own kind); returns {source: summary}."""
    proc = subprocess.run(crawl_command(list(sources), extra), cwd=PROJECT, env=crawl_env(db_url, base_url, config_dir),
                          capture_output=True, text=True, timeout=240)
    summaries = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            summaries[record["source"]] = record
    assert summaries, f"crawl printed no summary (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    return summaries


def crawler_config(db_url: str, base_url: str, config_dir: Path | None = None) -> CrawlerConfig:
    """The CrawlerConfig of a test crawl: the shipped sources (or `config_dir`'s), the demo's address."""
    return CrawlerConfig(
        db_url=db_url, sources_dir=(config_dir or PROJECT / "config") / "sources",
        variables={"demo_base_url": base_url.rstrip("/"), "demo_host": "127.0.0.1"},
        page_timeout=PAGE_TIMEOUT, now=dt.datetime.fromisoformat(CRAWL_NOW))


class ReactorThread:
    """One Twisted reactor for the whole test session, running in a daemon thread (it cannot restart)."""

    _started = None

    @classmethod
    def reactor(cls):
        if cls._started is None:
            from scrapy.utils.reactor import install_reactor, is_reactor_installed

            if not is_reactor_installed():
                from crawler.scrapy_settings import TWISTED_REACTOR

                install_reactor(TWISTED_REACTOR)
            from twisted.internet import reactor

            threading.Thread(target=reactor.run, kwargs={"installSignalHandlers": False}, daemon=True,
                             name="twisted-reactor").start()
            cls._started = reactor
        return cls._started

    @classmethod
    def call(cls, fn, *args):
        """Run `fn(*args)` on the reactor thread and wait for it (and for the Deferred it returns)."""
        from twisted.internet.threads import blockingCallFromThread

        return blockingCallFromThread(cls.reactor(), fn, *args)


def run_crawl(db_url: str, base_url: str, sources=DEMO_SOURCES, extra=(), config_dir=None) -> dict:
    """Crawl in this process, as `trustwatch crawl` does (store migrated once first, then every source
    at once); returns {source: summary} with the fields `trustwatch crawl --json` prints. A source
    rendered in the browser needs asyncio's reactor, which this process does not run: that crawl
    runs in a subprocess."""
    from scrapy.crawler import CrawlerRunner
    from twisted.internet.defer import DeferredList

    from crawler.process import prepare_crawl, summarize
    from crawler.spiders.browser import ASYNCIO_REACTOR
    from store.db import Database

    settings, spiders = prepare_crawl(crawler_config(db_url, base_url, config_dir), list(sources),
                                      extra=dict(item.split("=", 1) for item in [*FAST, *extra]))
    if settings.get("TWISTED_REACTOR") == ASYNCIO_REACTOR:
        return run_crawl_in_subprocess(db_url, base_url, sources, extra, config_dir)
    reactor = ReactorThread.reactor()
    settings.set("TWISTED_REACTOR", f"{type(reactor).__module__}.{type(reactor).__name__}", priority="cmdline")
    db = Database(db_url)
    db.migrate()

    def crawl():
        runner = CrawlerRunner(settings)
        crawlers = [runner.create_crawler(spider) for spider in spiders]
        done = DeferredList([runner.crawl(crawler) for crawler in crawlers], consumeErrors=True)
        return done.addCallback(lambda results: ([r for ok, r in results if not ok],
                                                 {s.name: c.stats.get_stats() for c, s in zip(crawlers, spiders)}))

    failures, stats = ReactorThread.call(crawl)
    assert not failures, f"crawl failed: {[f.getTraceback() for f in failures]}"
    summaries = {name: {k: v for k, v in summarize(db, name, value).__dict__.items() if k != "stats"}
                 for name, value in stats.items()}
    db.dispose()
    return summaries
