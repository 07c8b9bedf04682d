"""The nightly retrain: a candidate trained with the reviewers' decisions replaces the active model only if it
scores no worse on the evaluation data."""

from __future__ import annotations

import logging
from pathlib import Path

from store.models import SchedulerState

log = logging.getLogger(__name__)
STATE_KEY = "retrain:last"
TOLERANCE = 1e-9  # "no worse": equal scores promote (the candidate knows the newer decisions)


def evaluation_path(settings) -> Path | None:
    """The labelled JSONL both models are scored on: TRUSTWATCH_RETRAIN_EVAL_PATH, else the classifier's own."""
    configured = getattr(settings, "retrain_eval_path", None)
    if configured:
        return Path(configured)
    import classifier.dataset as dataset

    shipped = getattr(dataset, "EVAL_PATH", None)
    return Path(shipped) if shipped and Path(shipped).is_file() else None


def _macro_f1(model, examples) -> float:
    from classifier.evaluation import score

    pred = model.label_many([(e.title, e.text) for e in examples])
    return float(score([e.label for e in examples], pred, [e.id for e in examples])["macro_f1"])


def _heldout_f1(metadata: dict | None) -> float | None:
    value = ((metadata or {}).get("scores") or (metadata or {})).get("heldout", {}).get("macro_f1")
    return float(value) if value is not None else None


def _remember(db, fingerprint: str, outcome: dict) -> None:
    with db.session() as s:
        row = s.get(SchedulerState, STATE_KEY)
        value = {"reviews_fingerprint": fingerprint, **outcome}
        if row is None:
            s.add(SchedulerState(key=STATE_KEY, value=value))
        else:
            row.value = value


def retrain_and_maybe_promote(db, settings, base_path: Path | None = None) -> dict:
    """Train on the seed corpus (or `base_path`) plus review decisions; register it; promote it if no worse."""
    from classifier import artifact as artifacts
    from classifier import load_classifier, registry
    from classifier.dataset import SEED_PATH, fingerprint, read_jsonl, review_examples
    from classifier.engine import Classifier
    from classifier.training import train

    reviews = review_examples(db)
    if not reviews:
        return {"outcome": "skipped", "reason": "no review decisions yet"}
    reviews_fp = fingerprint(reviews)
    with db.session() as s:
        last = s.get(SchedulerState, STATE_KEY)
        if last is not None and last.value.get("reviews_fingerprint") == reviews_fp:
            return {"outcome": "skipped", "reason": "no new review decisions since the last retrain"}
    backend = getattr(settings, "classifier_tokenizer", "rjieba")
    base_path = Path(base_path or SEED_PATH)
    seed = read_jsonl(base_path, source="seed")
    info = {"seed": {"path": str(base_path), "sha256": artifacts.sha256_file(base_path)},
            "reviews": {"examples": len(reviews), "fingerprint": reviews_fp}}
    directory, meta = train(seed + reviews, info, settings.models_dir, backend=backend,
                            progress=lambda text: log.info("retrain: %s", text))
    current = load_classifier(settings, db)
    candidate = Classifier(artifacts.load(directory), backend)
    eval_path = evaluation_path(settings)
    if eval_path is not None:
        data = read_jsonl(eval_path)
        current_f1, candidate_f1, basis = _macro_f1(current, data), _macro_f1(candidate, data), str(eval_path)
    else:
        # No separate evaluation file: compare the held-out scores each model recorded when trained.
        current_f1, candidate_f1, basis = _heldout_f1(current.metadata), _heldout_f1(meta), "held-out split"
        if current_f1 is None:
            current_f1 = 0.0
    promote = candidate_f1 is not None and candidate_f1 + TOLERANCE >= current_f1
    metrics = dict(meta.get("scores") or {}, retrain={"basis": basis, "candidate_macro_f1": candidate_f1,
                                                       "active_macro_f1": current_f1, "active": current.version})
    registry.register(db, meta["version"], str(directory), meta["sha256"], metrics, meta, activate=False)
    if promote:
        registry.promote(db, meta["version"])
    outcome = {"outcome": "promoted" if promote else "kept", "candidate": meta["version"], "active_before": current.version,
               "candidate_macro_f1": round(candidate_f1 or 0.0, 4), "active_macro_f1": round(current_f1, 4),
               "basis": basis, "reviews": len(reviews)}
    _remember(db, reviews_fp, outcome)
    log.info("retrain finished", extra=outcome)
    return outcome
