"""Cross-validation over real sources: folds, recall-first cuts, the volume limit, reading labelled files."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from classifier import sourcecv
from classifier.dataset import DataError, Example
from classifier.features import normalise
from classifier.model import LABELS


def _probs(rows):
    """Rows of {label: p} as an (n, 4) array in LABELS order."""
    return np.array([[r.get(l, 0.0) for l in LABELS] for r in rows])


def test_sources_map_to_folds_and_unknown_sources_share_the_last_fold():
    assert sourcecv.fold_of("rundimeco/waddle") == "F3 waddle"
    assert sourcecv.fold_of("Yuanduo/Opinion-Mining") == sourcecv.fold_of("cash2one/myzd.com")
    assert sourcecv.fold_of("someone/new-source") == sourcecv.OTHER_FOLD
    with pytest.raises(ValueError):
        sourcecv.example_fold(Example("s-1", "", "文本", "none", "seed"))


def test_recall_cut_keeps_the_target_share_of_each_label():
    # Ten food texts scored 0.1 ... 1.0: a 0.9 recall target keeps nine, so the cut is 0.2.
    rows = [{"food": (i + 1) / 10} for i in range(10)] + [{"none": 1.0, "food": 0.05}] * 5
    truth = ["food"] * 10 + ["none"] * 5
    cuts = sourcecv.recall_cuts(_probs(rows), truth, target=0.9)
    assert cuts["food"] == pytest.approx(0.2)
    pred = sourcecv.labels_at(_probs(rows), cuts)
    assert sum(p == "food" for p, t in zip(pred, truth) if t == "food") == 9
    # A label with no texts keeps a neutral cut instead of failing.
    assert cuts["medical"] == 0.5


def test_cuts_rise_together_until_the_stream_volume_is_within_the_limit():
    # General news: 20 of 100 texts score 0.3 for safety; with a cut of 0.2 the volume is 20 %.
    stream = _probs([{"safety": 0.3, "none": 0.7}] * 20 + [{"none": 1.0}] * 80)
    cuts = {"food": 0.1, "medical": 0.1, "safety": 0.2}
    assert sourcecv.volume(stream, cuts) == pytest.approx(0.20)
    raised = sourcecv.within_volume(stream, cuts, limit=0.03)
    assert sourcecv.volume(stream, raised) <= 0.03
    assert raised["safety"] == pytest.approx(0.31) and raised["food"] == pytest.approx(0.21)
    assert sourcecv.within_volume(stream, cuts, limit=0.25) == cuts


def test_read_real_keeps_hand_labelled_rows_and_records_the_file(tmp_path):
    path = tmp_path / "real.jsonl"
    rows = [
        {"id": "a", "source_repo": "rundimeco/waddle", "title": "某餐馆使用过期原料被罚", "text": "", "label": "food",
         "label_reason": "incident"},
        {"id": "b", "source_repo": "rundimeco/waddle", "title": "天气转凉", "text": "", "label": "none",
         "label_reason": "[auto] category"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    hand, record = sourcecv.read_real(path)
    assert [e.id for e in hand] == ["a"] and hand[0].source == "real:rundimeco/waddle"
    assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() and record.rows == 1
    auto, _ = sourcecv.read_real(path, hand_only=False, auto_only=True)
    assert [e.id for e in auto] == ["b"]
    path.write_text('{"id": "c", "label": "fire"}\n', encoding="utf-8")
    with pytest.raises(DataError, match="real.jsonl:1"):
        sourcecv.read_real(path)


def test_traditional_text_is_normalised_to_simplified_before_tokenizing():
    assert normalise("藥房違規售賣過期藥物", "t2s") == "药房违规售卖过期药物"
    assert normalise("汕尾市场监管局", "t2s") == "汕尾市场监管局"
    assert normalise("藥房", "none") == "藥房"
    with pytest.raises(ValueError):
        normalise("文本", "latin")
