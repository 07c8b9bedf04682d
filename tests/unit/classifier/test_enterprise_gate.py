"""Quality gate for enterprise names: the issue's floors (precision 0.95, recall 0.90) on every labelled set.

The sets are pinned by hash in bench/data/enterprise_sentence_sets.yaml, so a sentence changed to make the gate
pass shows up as a changed hash
in review, not as a quietly easier test (bench/enterprise_extraction.py prints the same figures)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from classifier.entities import extract_enterprises

DATA = Path(__file__).resolve().parents[3] / "bench" / "data"
# file -> first 16 hex digits of its sha256, with each set's scoring history, in bench/data's one list
SETS = {entry["file"]: entry["sha256"] for entry in
        yaml.safe_load((DATA / "enterprise_sentence_sets.yaml").read_text(encoding="utf-8"))["sets"]}
PRECISION, RECALL = 0.95, 0.90


@pytest.mark.parametrize("name", sorted(SETS))
def test_enterprise_names_meet_the_floors(name):
    raw = (DATA / name).read_bytes()
    assert hashlib.sha256(raw).hexdigest()[:16] == SETS[name], f"{name} changed: re-pin its hash on purpose"
    tp = fp = fn = 0
    for case in yaml.safe_load(raw.decode("utf-8"))["cases"]:
        found, truth = set(extract_enterprises(case["text"])), set(case["enterprises"])
        tp, fp, fn = tp + len(found & truth), fp + len(found - truth), fn + len(truth - found)
    assert tp / max(1, tp + fp) >= PRECISION and tp / max(1, tp + fn) >= RECALL, (name, tp, fp, fn)


def test_every_sentence_set_in_bench_data_is_gated():
    on_disk = {path.name for path in DATA.glob("enterprise_sentences*.yaml")}
    assert on_disk == set(SETS), f"listed but missing: {set(SETS) - on_disk}; not listed: {on_disk - set(SETS)}"
