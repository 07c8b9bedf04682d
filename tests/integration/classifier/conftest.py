"""Classifier test helpers: a small labelled file cut from the seed corpus, for fast training."""

from __future__ import annotations

import json
import random

import pytest

from classifier.dataset import SEED_PATH


@pytest.fixture(scope="session")
def small_labelled(tmp_path_factory):
    """A JSONL of 60 seed items per label: enough to train a tiny model in seconds."""
    rows = [json.loads(line) for line in SEED_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(7)
    rng.shuffle(rows)
    picked, per = [], {}
    for row in rows:
        if per.get(row["label"], 0) < 60:
            per[row["label"]] = per.get(row["label"], 0) + 1
            picked.append(row)
    path = tmp_path_factory.mktemp("labelled") / "small.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked), encoding="utf-8")
    return path
