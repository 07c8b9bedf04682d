"""Articles a running crawl has stored are processed at once, not when the crawl ends."""

from __future__ import annotations

import threading
import time

from store.models import Article, utcnow
from trustwatch.service import tasks
from trustwatch.service.jobs import JobContext


class RecordingContext(JobContext):
    """A job context whose scheduler is only a record of what was brought forward, and when."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.triggered: list[tuple[str, float]] = []
        # Not under test: the classifier process a crawl warms up (it would load the model).
        self.cache["classifier_process"] = type("Idle", (), {"warm_up": lambda self: None,
                                                              "stop": lambda self: None})()

    def trigger(self, job_id: str) -> bool:
        self.triggered.append((job_id, time.monotonic()))
        return True


class SlowCrawl:
    """Stores one article, then keeps crawling for two seconds (other pages, slow sites)."""

    def __init__(self, db):
        self.db, self.stored_at, self.ended_at = db, None, None

    def run(self, source):
        time.sleep(0.6)
        with self.db.session() as s:
            s.add(Article(url="https://news.example.cn/a/1.html", title="城区一超市出售过期食品", body="市场监管局查处。",
                          content_hash="0" * 64, fetched_at=utcnow()))
        self.stored_at = time.monotonic()
        time.sleep(2.0)
        self.ended_at = time.monotonic()
        return type("Outcome", (), {"duration": 2.6})()


def test_process_is_brought_forward_while_the_crawl_is_still_running(db, settings):
    crawls = SlowCrawl(db)
    ctx = RecordingContext(settings, db, crawls=crawls)
    assert tasks.crawl(ctx, "alpha")["source"] == "alpha"
    during = [at for job, at in ctx.triggered if job == "process" and at < crawls.ended_at]
    assert during and during[0] - crawls.stored_at <= 2 * tasks.NEW_ARTICLES_POLL + 0.5
    assert ctx.triggered[-1][0] == "process"  # and once more when it ends
    assert not [t for t in threading.enumerate() if t.name.startswith("new-articles-")]  # the watcher stopped


def test_a_crawl_storing_nothing_does_not_bring_process_forward_before_it_ends(db, settings):
    class QuietCrawl:
        def run(self, source):
            time.sleep(1.0)
            return type("Outcome", (), {"duration": 1.0})()

    ctx = RecordingContext(settings, db, crawls=QuietCrawl())
    tasks.crawl(ctx, "alpha")
    assert [job for job, _ in ctx.triggered] == ["process"]  # only at the end, as before
