"""The scikit-learn pipeline: word and character TF-IDF, calibrated linear SVM, per-label thresholds."""

from __future__ import annotations

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC
from sklearn.utils import murmurhash3_32

from vocabulary import EVENT_LABELS as _EVENT_LABELS
from vocabulary import Label

# Plain strings from the vocabulary: they end up in model artifacts, which must not need the enum to load.
LABELS = tuple(str(label) for label in Label)
EVENT_LABELS = tuple(str(label) for label in _EVENT_LABELS)


WORD_FEATURES = 2**17
CHAR_FEATURES = 2**17


def _hashed(**kwargs) -> Pipeline:
    # Hashing keeps no vocabulary: the artifact stays small and loads in a fraction of a second.
    return Pipeline([
        ("hash", HashingVectorizer(lowercase=False, alternate_sign=False, norm=None, dtype=np.float32, **kwargs)),
        ("tfidf", TfidfTransformer(sublinear_tf=True)),
    ])


def build_pipeline(seed: int = 0, c: float = 0.5) -> Pipeline:
    """An unfitted pipeline over the (words, chars) matrix from classifier.features.to_matrix."""
    features = ColumnTransformer(
        [
            ("word", _hashed(token_pattern=r"\S+", ngram_range=(1, 2), n_features=WORD_FEATURES), 0),
            ("char", _hashed(analyzer="char", ngram_range=(2, 3), n_features=CHAR_FEATURES), 1),
        ]
    )
    svm = LinearSVC(C=c, class_weight="balanced", random_state=seed)
    # ensemble=False: one SVM on all data (one weight matrix to store), sigmoid calibrated on 3-fold predictions.
    clf = CalibratedClassifierCV(svm, method="sigmoid", cv=3, ensemble=False)
    return Pipeline([("features", features), ("clf", clf)])


def feature_names(features: ColumnTransformer, words: str, wanted: set[int]) -> dict[int, str]:
    """Column index -> term for the wanted word-column indices of one document (hashing keeps no vocabulary)."""
    n = features.transformers_[0][1].named_steps["hash"].n_features
    out: dict[int, str] = {}
    tokens = words.split()
    # Unigrams first (most terms are single words), bigrams only for what is still unnamed; the
    # same strings the word column's HashingVectorizer hashed (token_pattern \S+, ngram_range (1, 2)).
    for terms in (tokens, (f"{a} {b}" for a, b in zip(tokens, tokens[1:]))):
        for term in terms:
            i = abs(murmurhash3_32(term, seed=0, positive=False)) % n
            if i in wanted and i not in out:
                out[i] = term
                if len(out) == len(wanted):
                    return out
    return out


def mean_coef(pipeline: Pipeline) -> np.ndarray:
    """The linear weights averaged over the calibration folds: (n_classes, n_features)."""
    clf = pipeline.named_steps["clf"]
    return np.mean([c.estimator.coef_ for c in clf.calibrated_classifiers_], axis=0).astype(np.float32)


def choose_thresholds(probs: np.ndarray, y: list[str], classes: list[str], beta: float = 2.0,
                      floor: float = 0.05, ceiling: float = 0.5) -> dict[str, float]:
    """Per event label, the probability cut that maximises F-beta (recall weighted) on held-out data."""
    y = np.asarray(y)
    out = {}
    for label in EVENT_LABELS:
        if label not in classes:
            continue
        p = probs[:, classes.index(label)]
        truth = y == label
        best, best_t = -1.0, ceiling
        for t in np.arange(floor, ceiling + 1e-9, 0.01):
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
