"""The scikit-learn pipeline: word and character TF-IDF, calibrated linear SVM, per-label thresholds."""

from __future__ import annotations

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

LABELS = ("food", "medical", "safety", "none")
EVENT_LABELS = ("food", "medical", "safety")


def build_pipeline(seed: int = 0, c: float = 0.5) -> Pipeline:
    """An unfitted pipeline over the (words, chars) matrix from classifier.features.to_matrix."""
    features = ColumnTransformer(
        [
            ("word", TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2), min_df=2,
                                     sublinear_tf=True, max_features=150_000, dtype=np.float32), 0),
            ("char", TfidfVectorizer(analyzer="char", ngram_range=(2, 3), min_df=2, lowercase=False,
                                     sublinear_tf=True, max_features=150_000, dtype=np.float32), 1),
        ]
    )
    svm = LinearSVC(C=c, class_weight="balanced", random_state=seed)
    return Pipeline([("features", features), ("clf", CalibratedClassifierCV(svm, method="sigmoid", cv=3))])


def mean_coef(pipeline: Pipeline) -> np.ndarray:
    """The linear weights averaged over the calibration folds: (n_classes, n_features)."""
    clf = pipeline.named_steps["clf"]
    return np.mean([c.estimator.coef_ for c in clf.calibrated_classifiers_], axis=0).astype(np.float32)


def choose_thresholds(probs: np.ndarray, y: list[str], classes: list[str], beta: float = 2.0,
                      floor: float = 0.2, ceiling: float = 0.5) -> dict[str, float]:
    """Per event label, the probability cut that maximises F-beta (recall weighted) on held-out data."""
    y = np.asarray(y)
    out = {}
    for label in EVENT_LABELS:
        if label not in classes:
            continue
        p = probs[:, classes.index(label)]
        truth = y == label
        best, best_t = -1.0, ceiling
        for t in np.arange(floor, ceiling + 1e-9, 0.025):
            pred = p >= t
            tp = float(np.sum(pred & truth))
            prec = tp / max(np.sum(pred), 1)
            rec = tp / max(np.sum(truth), 1)
            f = (1 + beta**2) * prec * rec / max(beta**2 * prec + rec, 1e-9)
            if f > best + 1e-9:
                best, best_t = f, float(t)
        out[label] = round(best_t, 3)
    return out


def decide(probs: dict[str, float], thresholds: dict[str, float]) -> str:
    """The event label whose probability clears its threshold by the widest margin, else none."""
    best, best_ratio = "none", 1.0
    for label in EVENT_LABELS:
        t = thresholds.get(label, 0.5)
        ratio = probs.get(label, 0.0) / t if t > 0 else 0.0
        if ratio >= best_ratio:
            best, best_ratio = label, ratio
    return best
