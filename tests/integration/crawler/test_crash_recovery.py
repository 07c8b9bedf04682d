"""A crawl killed midway (SIGKILL) and re-run ends with the same store as an uninterrupted crawl."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest
from crawl_helpers import DEMO_SOURCES, PROJECT, crawl_command, crawl_env, run_crawl
from sqlalchemy import func, select

from store.db import Database
from store.models import Article, CrawlRun, DuplicateSighting, IndexOutbox

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def snapshot(url: str) -> dict:
    """What a user would compare: every URL the store knows, and each distinct text with its fields."""
    db = Database(url)
    with db.session() as s:
        articles = list(s.scalars(select(Article)))
        sightings = list(s.scalars(select(DuplicateSighting.url)))
        outbox = s.scalar(select(func.count()).select_from(IndexOutbox))
    db.dispose()
    texts = {a.content_hash: (a.title, a.body) for a in articles}
    singles = {a.url: (a.title, a.body, a.published_at, a.district, a.author) for a in articles}
    return {"urls": {a.url for a in articles} | set(sightings), "texts": texts, "outbox": outbox,
            "articles": len(articles), "singles": singles}


def test_killed_crawl_rerun_matches_uninterrupted(demo_site, tmp_path):
    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    run_crawl(reference_url, demo_site.base_url)
    reference = snapshot(reference_url)

    url = f"sqlite:///{tmp_path / 'killed.db'}"
    slow = ["CONCURRENT_REQUESTS_PER_DOMAIN=1", "DOWNLOAD_DELAY=0.03"]  # later --set wins
    proc = subprocess.Popen(crawl_command(DEMO_SOURCES, slow), cwd=PROJECT, env=crawl_env(url, demo_site.base_url),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = Database(url)
    stored = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with db.session() as s:
                    stored = s.scalar(select(func.count()).select_from(Article))
            except Exception:  # the schema may not exist yet
                stored = 0
            if stored >= 40:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    with db.session() as s:
        killed_count = s.scalar(select(func.count()).select_from(Article))
        assert 40 <= killed_count < reference["articles"]
        # What was stored before the kill is complete: every article has its outbox row.
        assert s.scalar(select(func.count()).select_from(IndexOutbox)) == killed_count
    db.dispose()

    run_crawl(url, demo_site.base_url)
    after = snapshot(url)
    assert after["urls"] == reference["urls"]
    assert after["texts"] == reference["texts"]
    assert after["articles"] == reference["articles"] and after["outbox"] == reference["outbox"]
    same_url = set(after["singles"]) & set(reference["singles"])
    assert len(same_url) >= reference["articles"] - 1  # only the duplicate pair may swap which URL is kept
    assert all(after["singles"][u] == reference["singles"][u] for u in same_url)
    db = Database(url)
    with db.session() as s:
        statuses = [r.status for r in s.scalars(select(CrawlRun).order_by(CrawlRun.id))]
    db.dispose()
    assert statuses.count("interrupted") >= 1 and statuses[-3:] == ["finished"] * 3
