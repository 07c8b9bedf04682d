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
