"""Retry delays of the lease queues (store.queue): exponential, capped, jittered, never zero after a failure."""

from __future__ import annotations

import random

import pytest

from store.queue import BACKOFF_BASE, BACKOFF_CAP, backoff_delay


def test_no_delay_before_any_failure():
    assert backoff_delay(0) == 0.0


@pytest.mark.parametrize("attempts", range(1, 12))
def test_delay_lies_between_half_and_full_step(attempts):
    step = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempts - 1))
    for seed in range(50):
        delay = backoff_delay(attempts, rng=random.Random(seed))
        assert step / 2 <= delay <= step


def test_steps_double_until_the_cap():
    lowest = [backoff_delay(n, rng=_Fixed(0.0)) for n in range(1, 8)]
    assert lowest == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]
    assert backoff_delay(40, rng=_Fixed(1.0)) == BACKOFF_CAP
    assert backoff_delay(10_000, rng=_Fixed(1.0)) == BACKOFF_CAP  # no overflow


def test_jitter_spreads_retries():
    delays = {round(backoff_delay(5, rng=random.Random(seed)), 3) for seed in range(20)}
    assert len(delays) > 10


def test_custom_base_and_cap():
    assert backoff_delay(3, base=0.5, cap=100, rng=_Fixed(1.0)) == 2.0
    assert backoff_delay(30, base=0.5, cap=100, rng=_Fixed(1.0)) == 100


class _Fixed:
    def __init__(self, value):
        self.value = value

    def random(self):
        return self.value
