"""Two crawls of one source at once keep their own run records, source row and log file."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from crawler.process import summarize
from crawler.storage import CrawlStore
from store.models import CrawlRun, Source
from trustwatch.service.crawl_process import CrawlProcesses


def source_cfg(name: str = "alpha"):
    return SimpleNamespace(name=name, kind="rss", config_hash="h1", enabled=True)


@pytest.mark.parametrize("which", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_crawls_starting_together_share_one_source_row(which, request):
    database = request.getfixturevalue("db" if which == "sqlite" else "pg_db")
    n = 6
    barrier, ids, errors = threading.Barrier(n), [], []

    def crawl_start():
        store = CrawlStore(type(database)(database.url))  # its own connections, as its own process
        try:
            barrier.wait()
            ids.append(store.upsert_source(source_cfg()))
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            store.db.dispose()

    threads = [threading.Thread(target=crawl_start) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(ids) == n and len(set(ids)) == 1
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Source)) == 1


@pytest.mark.parametrize("which", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_second_crawl_leaves_the_first_ones_run_alone_and_each_reports_its_own(which, request):
    database = request.getfixturevalue("db" if which == "sqlite" else "pg_db")
    first, second = CrawlStore(database), CrawlStore(database)
    sid = first.upsert_source(source_cfg())
    run_a = first.start_run(sid)
    run_b = second.start_run(sid)  # a second worker, or a manual crawl beside the service
    second.update_run(run_b, status="finished", pages=3)
    with database.session() as s:
        assert s.get(CrawlRun, run_a).status == "running"  # still being written by the first crawl
    first.update_run(run_a, status="finished", pages=7)
    a = summarize(database, "alpha", {"tw/run_id": run_a})
    b = summarize(database, "alpha", {"tw/run_id": run_b})
    assert (a.status, a.pages, b.status, b.pages) == ("finished", 7, "finished", 3)


def test_a_run_of_a_killed_crawl_is_still_marked_interrupted(db):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    store = CrawlStore(db)
    sid = store.upsert_source(source_cfg())
    run = store.start_run(sid)
    with db.session() as s:
        s.get(CrawlRun, run).owner = f"{s.get(CrawlRun, run).owner.rpartition(':')[0]}:{dead.pid}"
    store.start_run(sid)
    with db.session() as s:
        assert s.get(CrawlRun, run).status == "interrupted"


def test_two_crawls_of_one_source_write_separate_logs(settings, tmp_path):
    script = tmp_path / "fake_crawl.py"
    script.write_text("import sys, time\nprint('crawling', sys.argv[-1], flush=True)\ntime.sleep(0.5)\n",
                      encoding="utf-8")
    procs = [CrawlProcesses(settings, command=[sys.executable, str(script)]) for _ in range(2)]
    outcomes = []
    threads = [threading.Thread(target=lambda p=p: outcomes.append(p.run("alpha"))) for p in procs]
    for t in threads:
        t.start()
        time.sleep(0.1)
    for t in threads:
        t.join(30)
    paths = {o.log_path for o in outcomes}
    assert len(paths) == 2 and all("crawling" in p.read_text() for p in paths)


def test_a_scheduled_crawl_waits_while_another_crawl_of_the_source_is_live(db, settings):
    from trustwatch.service.jobs import JobContext
    from trustwatch.service.tasks import crawl

    class NoCrawls:
        started: list[str] = []

        def run(self, source):
            self.started.append(source)
            raise AssertionError("must not start a second crawl of a source being crawled")

    store = CrawlStore(db)
    run = store.start_run(store.upsert_source(source_cfg()))  # a manual crawl, writing progress
    ctx = JobContext(settings, db, crawls=NoCrawls())
    assert crawl(ctx, "alpha") == {"source": "alpha", "skipped_for_run": run}
    store.update_run(run, status="finished")
    assert store.live_run("alpha") is None
