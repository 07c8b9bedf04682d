"""Training a model version from the project's own data and writing it as an artifact."""

from __future__ import annotations

import datetime as dt
import platform
import random
from pathlib import Path

from classifier import artifact as artifacts
from classifier import features, lexicon
from classifier.dataset import Example, fingerprint
from classifier.evaluation import score
from classifier.model import build_pipeline, choose_thresholds, decide
from classifier.tokenizer import get_tokenizer

HOLDOUT = 0.2


def group_of(example: Example) -> str:
    """Examples generated from one template share a group, so a held-out split holds whole templates."""
    if example.source == "seed" and "-" in example.id:
        return example.id.rsplit("-", 1)[0]
    return example.id


def split(examples: list[Example], seed: int = 0) -> tuple[list[Example], list[Example]]:
    """Train/held-out split by group: the held-out part never shares a template with training."""
    groups = sorted({group_of(e) for e in examples})
    rng = random.Random(seed)
    rng.shuffle(groups)
    held = set(groups[: max(1, int(len(groups) * HOLDOUT))])
    return [e for e in examples if group_of(e) not in held], [e for e in examples if group_of(e) in held]


def _matrix(examples: list[Example], tokenizer):
    return features.to_matrix([features.document(e.title, e.text) for e in examples], tokenizer)


def _predict(pipeline, M, docs: list[str], thresholds: dict, use_rules: bool, weight: float) -> list[str]:
    probs = pipeline.predict_proba(M)
    classes = list(pipeline.classes_)
    out = []
    for i, doc in enumerate(docs):
        s = {c: float(p) for c, p in zip(classes, probs[i])}
        if use_rules:
            s = lexicon.combine(s, lexicon.evidence(doc), weight)
        out.append(decide(s, thresholds))
    return out


def train(examples: list[Example], data_info: dict, out_dir: Path, version: str | None = None,
          backend: str = "rjieba", seed: int = 0, use_rules: bool = True, rule_weight: float = 1.0,
          progress=print) -> tuple[Path, dict]:
    """Fit on all examples; thresholds and reported scores come from a group held-out split first."""
    import sklearn
    import skops

    if len({e.label for e in examples}) < 2:
        raise ValueError("training needs examples of at least two labels")
    tokenizer = get_tokenizer(backend)
    version = version or dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    fit_part, held = split(examples, seed)
    progress(f"training on {len(fit_part)} examples, {len(held)} held out by template group")
    pipe = build_pipeline(seed)
    pipe.fit(_matrix(fit_part, tokenizer), [e.label for e in fit_part])
    held_docs = [features.document(e.title, e.text) for e in held]
    M_held = _matrix(held, tokenizer)
    classes = list(pipe.classes_)
    probs = pipe.predict_proba(M_held)
    if use_rules:
        adjusted = []
        for i, doc in enumerate(held_docs):
            s = lexicon.combine({c: float(p) for c, p in zip(classes, probs[i])}, lexicon.evidence(doc), rule_weight)
            adjusted.append([s[c] for c in classes])
        import numpy as np

        probs = np.asarray(adjusted)
    thresholds = choose_thresholds(probs, [e.label for e in held], classes)
    pred = _predict(pipe, M_held, held_docs, thresholds, use_rules, rule_weight)
    report = score([e.label for e in held], pred, [e.id for e in held])
    metrics = {"heldout": {k: report[k] for k in ("n", "per_label", "macro_f1", "accuracy")}}
    progress(f"held-out macro-F1 {report['macro_f1']:.3f}; thresholds {thresholds}; refitting on all data")
    final = build_pipeline(seed)
    final.fit(_matrix(examples, tokenizer), [e.label for e in examples])
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
        "libraries": {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
                      "skops": skops.__version__},
        "scores": metrics,
    }
    directory = artifacts.save(final, metadata, Path(out_dir) / version)
    return directory, metadata
