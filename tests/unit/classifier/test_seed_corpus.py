"""The seed corpus is reproducible from its generator, and the shipped default model was trained on it."""

from __future__ import annotations

import json
from collections import Counter

from classifier import artifact as artifacts
from classifier.data.generate_seed import generate
from classifier.dataset import SEED_PATH, read_jsonl
from classifier.model import LABELS


def test_generator_reproduces_the_committed_seed_file():
    rows = generate()
    committed = [json.loads(line) for line in SEED_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows == committed


def test_seed_is_large_varied_and_has_every_label():
    examples = read_jsonl(SEED_PATH, source="seed")
    counts = Counter(e.label for e in examples)
    assert set(counts) == set(LABELS) and min(counts.values()) >= 1000
    assert sum(1 for e in examples if e.title and e.text == e.title) > 2000       # headlines
    assert sum(1 for e in examples if len(e.text) > 150) > 1000                   # full articles
    assert sum(1 for e in examples if not e.title) > 500                          # untitled sentences
    assert sum(1 for e in examples if "汕尾" in e.text or "陆丰" in e.text or "海丰" in e.text) > 500


def test_default_model_was_trained_on_this_seed_file():
    meta = artifacts.read_metadata(artifacts.DEFAULT_MODEL_DIR)
    assert meta["data"]["seed"]["sha256"] == artifacts.sha256_file(SEED_PATH)
    assert set(meta["data"]) >= {"seed", "examples", "label_counts", "fingerprint"}
    assert "extra" not in meta["data"] and "reviews" not in meta["data"]  # project-owned data only
    assert (artifacts.DEFAULT_MODEL_DIR / artifacts.MODEL_FILE).stat().st_size < 20 * 2**20
