"""Crawler workers on the shared frontier (real Redis, PostgreSQL, the demo site over HTTP): two crawls
of the same sources started together fetch each page once, and the workers share the work."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from scale_harness import (DEMO_SOURCES, attach_request_log, crawl_env, refetched_on_purpose, responses_per_crawler,
                           start, stop, trustwatch, wait_for)
from sqlalchemy import func, select

from crawler.frontier import Frontier
from store.models import Article, CrawlRun, DuplicateSighting
from trustwatch.crawl_config import crawler_config
from trustwatch.settings import load_settings

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(300)]
WORKERS = 2
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=false", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "LOG_LEVEL=INFO"]


@pytest.fixture
def site():
    from demo.server import DemoSite

    log, detach = attach_request_log()
    demo = DemoSite(host="127.0.0.1", port=0, slow_seconds=6.0).start()
    demo.requests = log
    yield demo
    detach()
    demo.stop()


@pytest.fixture
def workers(pg_db, site, redis_url, tmp_path):
    env = crawl_env(pg_db.url, site.base_url)
    env.update({"TRUSTWATCH_REDIS_URL": redis_url, "TRUSTWATCH_HOME": str(tmp_path / "home"),
                "TRUSTWATCH_CRAWL_DOMAIN_RATE": "40", "TRUSTWATCH_CRAWL_DOMAIN_BURST": "8"})
    args = ["crawler-worker"] + [a for n in DEMO_SOURCES for a in ("--source", n)] + [a for s in FAST for a in ("--set", s)]
    logs = [tmp_path / f"worker{i}.log" for i in range(WORKERS)]
    procs = [start(trustwatch(*args), env, log) for log in logs]
    frontier = Frontier.from_url(redis_url)
    try:
        wait_for(lambda: len(frontier.live_workers()) >= WORKERS, 60, "the crawler workers to register")
        yield procs, logs
    finally:
        for proc in procs:
            stop(proc)


def _config(pg_db, site, redis_url, tmp_path):
    settings = load_settings(home=tmp_path / "seeder", db_url=pg_db.url, demo_base_url=site.base_url,
                             redis_url=redis_url, crawl_now="2025-04-20T18:00:00+08:00", env="test")
    return crawler_config(settings)


def _two_crawls_at_once(config):
    from crawler.worker import crawl_on_frontier

    results: list = [None, None]

    def crawl(i):
        results[i] = {s.source: s for s in crawl_on_frontier(config, list(DEMO_SOURCES), timeout=180)}

    threads = [threading.Thread(target=crawl, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_crawls_at_once_fetch_each_page_once_and_share_one_run(pg_db, site, redis_url, workers, tmp_path):
    procs, logs = workers
    config = _config(pg_db, site, redis_url, tmp_path)
    first, second = _two_crawls_at_once(config)
    for name in DEMO_SOURCES:
        assert first[name].status == "finished", first[name]
        # The second crawl joined the first one's cycle: one run, not two.
        assert first[name].stats["tw/run_id"] == second[name].stats["tw/run_id"]
    fetched = Counter(site.requests.paths())
    twice = {p: n for p, n in fetched.items() if n > 1 and p not in refetched_on_purpose()}
    assert twice == {}
    assert fetched["/robots.txt"] <= WORKERS * len(DEMO_SOURCES)  # each crawler of each worker reads it once
    truth = {t["path"] for t in site.truth() if t["reachable"]}
    with pg_db.session() as s:
        urls = [u.removeprefix(site.base_url) for u in s.scalars(select(Article.url))]
        sightings = {u.removeprefix(site.base_url) for u in s.scalars(select(DuplicateSighting.url))}
        runs = s.scalar(select(func.count()).select_from(CrawlRun))
    assert len(urls) == len(set(urls))  # every article stored once
    assert truth - set(urls) - sightings == set()  # and none missed
    assert runs == len(DEMO_SOURCES)
    assert sum(first[n].new_articles for n in DEMO_SOURCES) == len(urls)

    # The next cycle reads the list pages again, once, and fetches no stored article again.
    before = len(site.requests.snapshot())
    (again, _) = _two_crawls_at_once(config)
    refetched = Counter(p for _, p, _ in site.requests.snapshot()[before:])
    assert all(again[n].status == "finished" and again[n].new_articles == 0 for n in DEMO_SOURCES)
    assert not set(refetched) & (set(urls) - refetched_on_purpose())
    assert {p: n for p, n in refetched.items() if n > 1 and p not in refetched_on_purpose()} == {}
    assert "/daily/" in refetched and "/news/rss.xml" in refetched  # the list pages were read again

    for proc in procs:
        stop(proc)
    # Every response was handled by one of the workers. Whether both got a share depends on which starts
    # first (a worker pops 8 requests at a time; on a loaded 2-core machine one may drain a small site
    # alone), so the split is not asserted: seen 0/368 in a clean-clone CI run, 2026-12-02.
    per_worker = [sum(responses_per_crawler(log)) for log in logs]
    assert sum(per_worker) > 0, per_worker
