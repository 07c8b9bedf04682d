"""Certainty: the distance from a verdict's scores to the nearest decision boundary."""

from __future__ import annotations

import math

import pytest

from classifier.model import decide
from classifier.uncertainty import certainty, verdict_certainty
from classifier.verdict import Verdict

T = {"food": 0.4, "medical": 0.3, "safety": 0.5}


def test_a_none_verdict_is_as_sure_as_its_nearest_label_is_below_threshold():
    scores = {"food": 0.2, "medical": 0.03, "safety": 0.05, "none": 0.72}
    assert certainty(scores, T) == pytest.approx(math.log(2))  # food is half its threshold


def test_an_event_verdict_is_as_sure_as_its_margin_over_the_threshold():
    scores = {"food": 0.8, "medical": 0.1, "safety": 0.05, "none": 0.05}
    assert certainty(scores, T) == pytest.approx(math.log(2))


def test_two_labels_over_their_thresholds_are_as_sure_as_the_gap_between_them():
    scores = {"food": 0.44, "medical": 0.3, "safety": 0.1, "none": 0.16}
    # food 1.1x, medical 1.0x its threshold: food wins, but only just.
    assert certainty(scores, T) == pytest.approx(math.log(1.1))


def test_on_the_boundary_is_zero_and_nearer_is_less_sure():
    assert certainty({"food": 0.4}, T) == pytest.approx(0.0)
    near = certainty({"food": 0.35, "none": 0.65}, T)
    far = certainty({"food": 0.05, "none": 0.95}, T)
    assert 0 < near < far


def test_zero_scores_and_missing_thresholds_stay_finite():
    assert math.isfinite(certainty({"food": 0.0, "medical": 0.0, "safety": 0.0, "none": 1.0}, T))
    assert certainty({"food": 0.25}, {}) == pytest.approx(math.log(2))  # decide() assumes 0.5


@pytest.mark.parametrize("scores", [{"food": 0.39}, {"food": 0.41}, {"medical": 0.29, "food": 0.1},
                                    {"medical": 0.31, "safety": 0.52}])
def test_a_small_step_across_the_reported_distance_flips_decide(scores):
    c = certainty(scores, T)
    label = decide(scores, T)
    # Scaling every event score by exp(+-c*1.01) must be able to change the decision one way or the other.
    factor = math.exp(c * 1.01)
    flipped = {decide({k: v * factor if k == label or label == "none" else v for k, v in scores.items()}, T),
               decide({k: v / factor if k == label else v for k, v in scores.items()}, T)}
    assert flipped - {label}


def test_verdict_certainty_uses_the_classifier_thresholds():
    class Loaded:
        thresholds = T

    v = Verdict(label="none", scores={"food": 0.2, "medical": 0.0, "safety": 0.0, "none": 0.8})
    assert verdict_certainty(v, Loaded()) == round(math.log(2), 4)
    assert verdict_certainty(Verdict(label="none", scores={}), Loaded()) is None
