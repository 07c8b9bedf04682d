"""One token bucket per site in the real Redis: three workers together stay within the site's rate."""

from __future__ import annotations

import threading
import time

import pytest

from crawler.frontier import connect
from crawler.politeness import SiteTokenBucket

pytestmark = [pytest.mark.timeout(60)]

RATE, BURST, PER_WORKER, WORKERS = 10.0, 3, 15, 3


def _sends(redis_url: str, host: str, workers: int, batch: int = 1) -> list[float]:
    """When each request of `workers` threads (each its own client, as separate processes have)
    would have left, waiting for its slot as the middleware does: `batch` requests of one reactor
    turn reserve their slots in one call and each waits for its own."""
    sent: list[float] = []
    lock = threading.Lock()

    def worker():
        bucket = SiteTokenBucket(None, connect(redis_url), RATE, BURST)
        for _ in range(PER_WORKER // batch):
            asked = time.monotonic()
            for wait in bucket.reserve_many({host: batch})[host]:
                time.sleep(max(0.0, asked + wait - time.monotonic()))
                with lock:
                    sent.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(sent)


def _busiest_second(sent: list[float]) -> int:
    return max(sum(1 for t in sent if start <= t < start + 1.0) for start in sent)


def test_three_workers_together_get_the_rate_of_one_site(redis_url):
    sent = _sends(redis_url, "news.example.org", WORKERS)
    total = PER_WORKER * WORKERS
    # At most the burst plus one second's worth in any second (one extra for timer granularity)...
    assert _busiest_second(sent) <= BURST + RATE + 1
    # ...and the site's rate is used, not divided: 45 requests take about (45 - burst) / rate seconds.
    elapsed = sent[-1] - sent[0]
    assert (total - BURST) / RATE - 0.3 <= elapsed <= (total - BURST) / RATE + 1.5


def test_batched_reservations_keep_the_rate(redis_url):
    """The middleware reserves the slots of one reactor turn together: still the site's rate, not more."""
    sent = _sends(redis_url, "batched.example.org", WORKERS, batch=5)
    total = PER_WORKER * WORKERS
    assert len(sent) == total
    assert _busiest_second(sent) <= BURST + RATE + 1
    elapsed = sent[-1] - sent[0]
    assert (total - BURST) / RATE - 0.3 <= elapsed <= (total - BURST) / RATE + 1.5


def test_sites_have_their_own_buckets(redis_url):
    bucket = SiteTokenBucket(None, connect(redis_url), RATE, BURST)
    waits_a = [bucket.reserve("a.example.org") for _ in range(BURST + 2)]
    waits_b = [bucket.reserve("b.example.org") for _ in range(BURST)]
    assert waits_a[:BURST] == [0.0] * BURST and waits_a[BURST] > 0  # a's burst is spent
    assert waits_b == [0.0] * BURST  # b is untouched by a


def test_the_bucket_refuses_a_meaningless_rate(redis_url):
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        SiteTokenBucket(None, connect(redis_url), 0, BURST)
