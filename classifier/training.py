"""Training a model version from the project's own data and writing it as an artifact."""

from __future__ import annotations

import datetime as dt
import platform
import random
from pathlib import Path

import numpy as np

from classifier import artifact as artifacts
from classifier import features, lexicon
from classifier.dataset import Example, fingerprint
from classifier.evaluation import score
from classifier.model import build_pipeline, choose_thresholds, decide
from classifier.tokenizer import get_tokenizer

FOLDS = 5
REPEATS = 4


def group_of(example: Example) -> str:
    """Examples generated from one template share a group, so a held-out split holds whole templates."""
    if example.source == "seed" and "-" in example.id:
        return example.id.rsplit("-", 1)[0]
    return example.id


def folds(examples: list[Example], k: int = FOLDS, seed: int = 0) -> list[int]:
    """A fold number per example; whole template groups go to one fold, so each fold is unseen story types."""
    groups = sorted({group_of(e) for e in examples})
    rng = random.Random(seed)
    rng.shuffle(groups)
    fold_of = {g: i % k for i, g in enumerate(groups)}
    return [fold_of[group_of(e)] for e in examples]


def _library_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("scikit-learn", "skops", "numpy", "scipy", "jieba", "rjieba"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def train(examples: list[Example], data_info: dict, out_dir: Path, version: str | None = None,
          backend: str = "rjieba", seed: int = 0, use_rules: bool = True, rule_weight: float = 1.0,
          progress=print) -> tuple[Path, dict]:
    """Fit on all examples; thresholds and reported scores come from cross-validation by template group first."""
    if len({e.label for e in examples}) < 2:
        raise ValueError("training needs examples of at least two labels")
    tokenizer = get_tokenizer(backend)
    version = version or dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    docs = [features.document(e.title, e.text) for e in examples]
    M = features.to_matrix(docs, tokenizer)
    y = [e.label for e in examples]
    classes = sorted(set(y))
    # Out-of-fold probabilities from REPEATS different group shufflings, pooled: thresholds chosen
    # on one shuffle swing with which story types happened to be held out together.
    pooled_p, pooled_y = [], []
    for r in range(REPEATS):
        fold = folds(examples, seed=seed + r)
        k = max(fold) + 1
        progress(f"cross-validation {r + 1}/{REPEATS}: {len(examples)} examples, {k} folds of unseen template groups")
        probs = np.zeros((len(examples), len(classes)))
        for f in range(k):
            train_idx = [i for i, x in enumerate(fold) if x != f]
            test_idx = [i for i, x in enumerate(fold) if x == f]
            if not test_idx or len({y[i] for i in train_idx}) < len(classes):
                continue
            pipe = build_pipeline(seed)
            pipe.fit(M[train_idx], [y[i] for i in train_idx])
            probs[test_idx] = pipe.predict_proba(M[test_idx])
        if use_rules:
            for i, doc in enumerate(docs):
                s = lexicon.combine(dict(zip(classes, probs[i])), lexicon.evidence(doc), rule_weight)
                probs[i] = [s[c] for c in classes]
        pooled_p.append(probs)
        pooled_y.extend(y)
    probs = np.vstack(pooled_p)
    thresholds = choose_thresholds(probs, pooled_y, classes)
    pred = [decide(dict(zip(classes, p)), thresholds) for p in pooled_p[0]]
    report = score(y, pred, [e.id for e in examples])
    metrics = {"heldout": {k2: report[k2] for k2 in ("n", "per_label", "macro_f1", "accuracy")},
               "heldout_method": f"{k}-fold cross-validation by template group (each fold: story types unseen in training)"}
    progress(f"cross-validated macro-F1 {report['macro_f1']:.3f}; thresholds {thresholds}; fitting on all data")
    final = build_pipeline(seed)
    final.fit(M, y)
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.label] = counts.get(e.label, 0) + 1
    metadata = {
        "version": version,
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "labels": classes,
        "thresholds": thresholds,
        "rules": use_rules,
        "rule_weight": rule_weight,
        "tokenizer": backend,
        "data": dict(data_info, examples=len(examples), label_counts=counts, fingerprint=fingerprint(examples)),
        "libraries": _library_versions(),
        "scores": metrics,
    }
    directory = artifacts.save(final, metadata, Path(out_dir) / version)
    return directory, artifacts.read_metadata(directory)
