"""The shared frontier's queue on the real Redis, on the reactor thread as a worker runs it: buffered
pushes reach Redis in one flush (or with the next pop), duplicates are reported, and a worker takes
no more than its prefetch allowance, leaving the rest for the others."""

from __future__ import annotations

import pytest
import scrapy
from crawl_helpers import ReactorThread
from scrapy.utils.test import get_crawler

from crawler.frontier import CYCLE_META, CycleDupeFilter, FrontierQueue, SourceKeys, connect

pytestmark = [pytest.mark.timeout(60)]


class QueueSpider(scrapy.Spider):
    name = "queue-test"


def _queue(redis_url: str, prefetch: int, worker: str) -> tuple[FrontierQueue, CycleDupeFilter]:
    crawler = get_crawler(QueueSpider, {"TW_REDIS_URL": redis_url, "TW_FRONTIER_PREFETCH": prefetch,
                                        "TW_WORKER_ID": worker})
    spider = QueueSpider.from_crawler(crawler)
    queue = FrontierQueue(connect(redis_url), spider, SourceKeys(spider.name).queue)
    return queue, CycleDupeFilter.from_spider(spider)


def _push(queue, df, url: str, priority: int = 0):
    request = scrapy.Request(url, priority=priority, meta={CYCLE_META: 1})
    queue.push_unseen(request, df.request_fingerprint(request), df.key_of(request))
    return request


def test_pushes_are_sent_together_and_duplicates_reported(redis_url):
    def scenario():
        queue, df = _queue(redis_url, 32, "w1")
        refused = []
        queue.on_duplicate = refused.append
        for i in range(5):
            _push(queue, df, f"http://site.test/a/{i}.html")
        _push(queue, df, "http://site.test/a/0.html")  # seen in this cycle
        waiting = queue.server.zcard(queue.key)  # nothing sent yet: the pushes wait for the end of the turn
        queue.flush()
        return waiting, queue.server.zcard(queue.key), [r.url for r in refused]

    waiting, queued, refused = ReactorThread.call(scenario)
    assert waiting == 0
    assert queued == 5
    assert refused == ["http://site.test/a/0.html"]


def test_a_worker_takes_only_its_prefetch_and_the_rest_stays_for_others(redis_url):
    def scenario():
        first, df = _queue(redis_url, 4, "w1")
        second, _ = _queue(redis_url, 4, "w2")
        _push(first, df, "http://site.test/list/2.html", priority=10)
        for i in range(10):
            _push(first, df, f"http://site.test/a/{i}.html")
        taken = [first.pop() for _ in range(6)]  # pushes go with the pop, in the same round trip
        others = [second.pop() for _ in range(6)]
        left = first.server.zcard(first.key)
        busy = {k.decode() for k in first.server.hkeys(first.busy_key)}
        for request in taken[:4]:  # this worker parsed what it took: it may take again
            first.outstanding.done(request)
        again = [first.pop() for _ in range(4)]
        return taken, others, left, busy, again

    taken, others, left, busy, again = ReactorThread.call(scenario)
    assert [r is not None for r in taken] == [True] * 4 + [False] * 2
    assert taken[0].url == "http://site.test/list/2.html"  # the list page first
    assert [r is not None for r in others] == [True] * 4 + [False] * 2
    assert left == 3
    assert busy == {"w1", "w2"}
    assert sum(r is not None for r in again) == 3  # what was left
    urls = [r.url for r in taken[:4] + others[:4] + [r for r in again if r is not None]]
    assert len(set(urls)) == 11


def test_requests_taken_but_not_started_go_back(redis_url):
    def scenario():
        queue, df = _queue(redis_url, 32, "w1")
        for i in range(5):
            _push(queue, df, f"http://site.test/a/{i}.html")
        started = queue.pop()  # takes a batch of 5 from Redis, hands out one
        in_redis = queue.server.zcard(queue.key)
        queue.requeue_taken()
        return started, in_redis, queue.server.zcard(queue.key)

    started, in_redis, after = ReactorThread.call(scenario)
    assert started is not None
    assert in_redis == 0
    assert after == 4
