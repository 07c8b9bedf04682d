"""CI gate: the active (or shipped default) model on the real evaluation set must stay above pinned floors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from trustwatch.model_registry import load_active_classifier
from classifier.dataset import read_jsonl
from classifier.evaluation import format_report, score

REPO = Path(__file__).resolve().parents[3]
EVAL = REPO.parent / "shared" / "data" / "eval.jsonl"
FLOORS = REPO / "config" / "classifier_floors.json"


def test_real_news_scores_stay_above_pinned_floors(settings):
    if not EVAL.is_file():
        pytest.skip(f"{EVAL} is absent (CI provides it); the gate cannot run here")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    digest = hashlib.sha256(EVAL.read_bytes()).hexdigest()
    assert digest == floors["eval_sha256"], (
        f"{EVAL} has sha256 {digest}, but {FLOORS} pins {floors['eval_sha256']}: the evaluation data changed; "
        "re-measure and pin the floors for the new data deliberately"
    )
    data = read_jsonl(EVAL)
    clf = load_active_classifier(settings)
    report = score([e.label for e in data], clf.label_many([(e.title, e.text) for e in data]), [e.id for e in data])
    shown = format_report(report)
    assert report["macro_f1"] >= floors["macro_f1"], f"macro-F1 {report['macro_f1']} < floor {floors['macro_f1']}\n{shown}"
    for label, floor in floors["recall"].items():
        recall = report["per_label"][label]["recall"]
        assert recall >= floor, f"{label} recall {recall} < floor {floor}\n{shown}"
