"""A scheduler that lost its lease stops at once, even while its classifier child is in a long batch."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import pytest

from trustwatch.service.classify_process import ClassifierProcess, ClassifierUnavailable

# A real child that takes the request and never answers: a batch far longer than any stop may wait.
BUSY_CHILD = [sys.executable, "-c", "import sys, time; sys.stdin.readline(); time.sleep(600)"]


def test_abort_ends_the_request_in_flight_and_starts_no_other_child():
    helper = ClassifierProcess(SimpleNamespace(), idle_seconds=300, command=BUSY_CHILD)
    # Started as ClassifierProcess starts it, without the service's settings environment.
    helper._start = lambda: subprocess.Popen(BUSY_CHILD, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    outcome: list[object] = []

    def ask():
        try:
            outcome.append(helper.classify_pending(100))
        except ClassifierUnavailable as exc:
            outcome.append(exc)

    asker = threading.Thread(target=ask)
    asker.start()
    deadline = time.monotonic() + 30
    while helper.pid is None and time.monotonic() < deadline:
        time.sleep(0.05)
    child = helper._proc
    assert child is not None and child.poll() is None
    started = time.monotonic()
    helper.abort()
    asker.join(20)
    assert not asker.is_alive(), "the request in flight still waits for the killed child"
    assert time.monotonic() - started < 10
    assert len(outcome) == 1 and isinstance(outcome[0], ClassifierUnavailable)
    assert "停止调度" in str(outcome[0])
    assert child.poll() is not None
    assert helper.pid is None  # no second child was started for the retry
    with pytest.raises(ClassifierUnavailable):
        helper.classify_pending(1)
    assert helper.pid is None
