"""Crawls of several sources start at once: they must share ONE classifier child, not start one each."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from trustwatch.service.jobs import JobContext
from trustwatch.service.tasks import classifier_process


def test_concurrent_lookups_share_one_classifier_process():
    ctx = JobContext(settings=SimpleNamespace(classifier_idle_seconds=1.0), db=None)
    start = threading.Barrier(16)
    seen: list[object] = []

    def look_up():
        start.wait()
        seen.append(classifier_process(ctx))

    threads = [threading.Thread(target=look_up) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 16
    assert len({id(p) for p in seen}) == 1
    assert seen[0].pid is None  # looking it up starts no child; the first request does
