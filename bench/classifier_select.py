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

from classifier import features, lexicon  # noqa: E402
from classifier.dataset import read_jsonl, SEED_PATH  # noqa: E402
from classifier.model import LABELS, build_pipeline  # noqa: E402
from classifier import sourcecv  # noqa: E402
from classifier.tokenizer import get_tokenizer  # noqa: E402


class FeatureCache:
    """(words, chars) rows and rule evidence per document, computed once per normalisation."""

    def __init__(self, t2s: bool):
        self.tok = get_tokenizer("rjieba")
        self.t2s = None
        if t2s:
            import opencc

            self.t2s = opencc.OpenCC("t2s")
        self.rows: dict[tuple, tuple[str, str]] = {}
        self.ev: dict[tuple, object] = {}

    def doc(self, e) -> str:
        d = features.document(e.title, e.text)
        return self.t2s.convert(d) if self.t2s else d

    def matrix(self, exs) -> np.ndarray:
        missing = [e for e in exs if (e.source, e.id) not in self.rows]
        if missing:
            docs = [self.doc(e) for e in missing]
            M = features.to_matrix(docs, self.tok)
            for e, d, r in zip(missing, docs, M):
                self.rows[(e.source, e.id)] = (r[0], r[1])
                self.ev[(e.source, e.id)] = d
        out = np.empty((len(exs), 2), dtype=object)
        for i, e in enumerate(exs):
            out[i, 0], out[i, 1] = self.rows[(e.source, e.id)]
        return out

    def evidence(self, e, off: frozenset):
        key = (e.source, e.id, off)
        if key not in self.ev:
            self.ev[key] = lexicon.evidence(self.ev[(e.source, e.id)], off=off) if off else \
                lexicon.evidence(self.ev[(e.source, e.id)])
        return self.ev[key]


def pipeline_fitter(cache: FeatureCache, rules: bool = True, real_weight: float = 1.0,
                    off: frozenset = frozenset()):
    def fit(train):
        X = cache.matrix(train)
        y = [e.label for e in train]
        w = np.array([real_weight if e.source.startswith("real:") else 1.0 for e in train])
        pipe = build_pipeline(0)
        pipe.fit(X, y, clf__sample_weight=w)
        order = [list(pipe.classes_).index(l) for l in LABELS]

        def scorer(exs):
            P = pipe.predict_proba(cache.matrix(exs))[:, order]
            if rules:
                for i, e in enumerate(exs):
                    s = lexicon.combine(dict(zip(LABELS, P[i])), cache.evidence(e, off))
                    P[i] = [s[l] for l in LABELS]
            return P
        return scorer
    return fit


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
    plain, t2s = FeatureCache(False), FeatureCache(True)
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
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    results = {}
    for name, fit in candidates.items():
        if only and not any(name.startswith(o) for o in only):
            continue
        t0 = time.perf_counter()
        r = sourcecv.cross_validate(name, seed, real, fit, stream, progress=lambda m: None)
        print(sourcecv.summary_line(r), f" [{time.perf_counter() - t0:.0f} s]", flush=True)
        results[name] = {"pooled": {k: r.pooled[k] for k in ("macro_f1", "per_label")},
                         "folds": {f: rep["macro_f1"] for f, rep in r.fold_reports.items()},
                         "cuts": r.fold_cuts, "volume": r.fold_volume}
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
