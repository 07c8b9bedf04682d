"""How sure the classifier is of a verdict: the distance from its scores to the nearest decision boundary.

`classifier.model.decide` picks the event label whose score clears its threshold by the widest ratio, else
none. In log-ratio space (r = score / threshold) the verdict flips when the best ratio crosses 1 or when
the runner-up overtakes the best, so the distance is |log r1| below the thresholds and
log(r1 / max(r2, 1)) above them. Lower means less sure; 0 is on the boundary.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

EVENT_LABELS = ("food", "medical", "safety")  # as classifier.model; kept here so this module stays pure
DEFAULT_THRESHOLD = 0.5  # what decide() assumes for a label the model has no threshold for
FLOOR = 1e-6  # a zero score or threshold would put the verdict infinitely far from the boundary


def ratios(scores: Mapping[str, float], thresholds: Mapping[str, float],
           labels: tuple[str, ...] = EVENT_LABELS) -> dict[str, float]:
    """Each event label's score over its threshold, both floored above zero."""
    return {label: max(float(scores.get(label) or 0.0), FLOOR)
            / max(float(thresholds.get(label, DEFAULT_THRESHOLD) or 0.0), FLOOR) for label in labels}


def certainty(scores: Mapping[str, float], thresholds: Mapping[str, float],
              labels: tuple[str, ...] = EVENT_LABELS) -> float:
    """The log-ratio distance from `scores` to the nearest decision boundary (lower = less sure)."""
    ranked = sorted(ratios(scores, thresholds, labels).values(), reverse=True)
    if not ranked:
        return math.inf
    best = ranked[0]
    if best < 1.0:
        return -math.log(best)
    runner_up = ranked[1] if len(ranked) > 1 else 0.0
    return math.log(best / max(runner_up, 1.0))


def verdict_certainty(verdict, classifier) -> float | None:
    """The certainty of a verdict under the classifier's thresholds; None when it has no scores."""
    scores = getattr(verdict, "scores", None)
    if not scores:
        return None
    return round(certainty(scores, getattr(classifier, "thresholds", None) or {}), 4)
