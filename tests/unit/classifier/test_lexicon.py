"""Rule evidence: strong signals count unless negated; hard negatives push away from a label."""

from __future__ import annotations

from classifier.lexicon import combine, evidence


def test_strong_signal_counts():
    ev = evidence("某小学发生集体食物中毒，20名学生送医")
    assert ev.score["food"] > 0 and "食物中毒" in ev.hits["food"]


def test_negated_signal_does_not_count():
    ev = evidence("经调查，排除食物中毒可能。")
    assert "食物中毒" not in ev.hits["food"]


def test_fire_counts_for_safety_only_at_a_workplace():
    assert evidence("一家鞋厂车间发生火灾").score["safety"] > 0
    assert evidence("一居民楼住户家中发生火灾").score["safety"] < 0


def test_hard_negatives():
    assert evidence("男子在邻居水缸中投毒").score["food"] < 0
    assert evidence("患者家属殴打医生，伤医者被拘").score["medical"] < 0
    assert evidence("国道上两车相撞发生交通事故").score["safety"] < 0


def test_combine_keeps_a_distribution():
    scores = combine({"food": 0.3, "medical": 0.1, "safety": 0.1, "none": 0.5}, evidence("食物中毒"))
    assert abs(sum(scores.values()) - 1) < 1e-9 and scores["food"] > 0.3


def _texts():
    """The seed corpus and, when present, the real hand-labelled news, as the classifier reads them."""
    from pathlib import Path

    from classifier import features
    from classifier.dataset import SEED_PATH, read_jsonl

    labelled = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "labelled.jsonl"
    rows = read_jsonl(SEED_PATH, source="seed") + (read_jsonl(labelled, source="real") if labelled.is_file() else [])
    edges = ["", "住宅", "误食野生蘑菇", "误食毒蘑菇召回辟谣", "车险骗赔，寿险", "当事人：违法事实:案由：", "：当事人", "当事人 ："]
    return edges + [features.document(e.title, e.text) for e in rows]


def test_hard_negatives_found_in_one_scan_are_each_labels_own_findall():
    from classifier import lexicon

    for doc in _texts():
        head = doc[:600]
        starts = lexicon._starts(lexicon._ANY_HARD_RE, head)
        for label, pattern in lexicon._HARD_RE.items():
            assert lexicon._found(pattern, head, starts) == sorted(set(pattern.findall(head))), (label, head[:80])


def test_penalty_fields_found_at_the_colons_are_the_regexs():
    from classifier import notices

    for doc in _texts():
        text = doc[:4000]
        assert notices.penalty_fields(text) == {m.group(1) for m in notices._PENALTY_FIELDS.finditer(text)}, text[:80]
