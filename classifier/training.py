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
from classifier.tokenizer import DEFAULT_USERDICT, get_tokenizer

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


def userdict_info(path: Path | str) -> dict:
    """Which user dictionary the model was segmented with: a model is served with the same one."""
    path = Path(path)
    return {"name": path.name, "sha256": artifacts.sha256_file(path)}


def _library_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("scikit-learn", "skops", "numpy", "scipy", "jieba", "rjieba"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def _label_counts(examples) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.label] = counts.get(e.label, 0) + 1
    return counts


def train(examples: list[Example], data_info: dict, out_dir: Path, version: str | None = None,
          backend: str = "rjieba", seed: int = 0, use_rules: bool = True, rule_weight: float = 1.0,
          progress=print, userdict: Path | str = DEFAULT_USERDICT) -> tuple[Path, dict]:
    """Fit on all examples; thresholds and reported scores come from cross-validation by template group first."""
    if len({e.label for e in examples}) < 2:
        raise ValueError("training needs examples of at least two labels")
    tokenizer = get_tokenizer(backend, userdict)
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
    counts = _label_counts(examples)
    metadata = {
        "version": version,
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "labels": classes,
        "thresholds": thresholds,
        "rules": use_rules,
        "rule_weight": rule_weight,
        "tokenizer": backend,
        "userdict": userdict_info(userdict),
        "data": dict(data_info, examples=len(examples), label_counts=counts, fingerprint=fingerprint(examples)),
        "libraries": _library_versions(),
        "scores": metrics,
    }
    directory = artifacts.save(final, metadata, Path(out_dir) / version)
    return directory, artifacts.read_metadata(directory)


class FeatureRows:
    """The model's (words, chars) input rows and rule evidence per example, computed once and reused by every fold."""

    def __init__(self, tokenizer, normaliser: str = "none"):
        self.tokenizer = tokenizer
        self.normaliser = normaliser
        self._rows: dict[tuple[str, str], tuple[str, str]] = {}
        self._docs: dict[tuple[str, str], str] = {}
        self._evidence: dict[tuple, lexicon.Evidence] = {}

    def matrix(self, examples) -> np.ndarray:
        """An (n, 2) object array for classifier.model's pipeline."""
        missing = [e for e in examples if (e.source, e.id) not in self._rows]
        if missing:
            docs = [features.normalise(features.document(e.title, e.text), self.normaliser) for e in missing]
            M = features.to_matrix(docs, self.tokenizer)
            for e, doc, row in zip(missing, docs, M):
                self._rows[(e.source, e.id)] = (row[0], row[1])
                self._docs[(e.source, e.id)] = doc
        out = np.empty((len(examples), 2), dtype=object)
        for i, e in enumerate(examples):
            out[i, 0], out[i, 1] = self._rows[(e.source, e.id)]
        return out

    def docs(self, examples) -> list[str]:
        """The normalised documents of examples (title and text as the model reads them)."""
        self.matrix(examples)
        return [self._docs[(e.source, e.id)] for e in examples]

    def evidence(self, example, off: frozenset = frozenset()) -> lexicon.Evidence:
        """Rule evidence of an example already in the cache."""
        key = (example.source, example.id, off)
        if key not in self._evidence:
            self._evidence[key] = lexicon.evidence(self._docs[(example.source, example.id)], off=off)
        return self._evidence[key]


class PipelineFitter:
    """A sourcecv fitter: the hashed word/char pipeline, real rows weighted, rules applied to its scores."""

    def __init__(self, rows: FeatureRows, real_weight: float = 1.0, use_rules: bool = True,
                 rules_off: frozenset = frozenset(), seed: int = 0, c: float = 0.5):
        self.rows, self.real_weight, self.use_rules, self.rules_off, self.seed = rows, real_weight, use_rules, rules_off, seed
        self.c = c

    def fit_pipeline(self, train):
        """The fitted pipeline on `train` (real rows weighted by real_weight)."""
        pipe = build_pipeline(self.seed, c=self.c)
        # Real and reviewed text weighs more than the generated seed corpus.
        weights = np.array([self.real_weight if e.source.startswith("real:") or e.source == "review" else 1.0
                            for e in train])
        pipe.fit(self.rows.matrix(train), [e.label for e in train], clf__sample_weight=weights)
        return pipe

    def scorer(self, pipe):
        """exs -> probabilities in LABELS order, rules applied."""
        from classifier.model import LABELS

        order = [list(pipe.classes_).index(label) for label in LABELS]

        def score_examples(exs):
            P = pipe.predict_proba(self.rows.matrix(exs))[:, order]
            if self.use_rules:
                for i, e in enumerate(exs):
                    s = lexicon.combine(dict(zip(LABELS, P[i])), self.rows.evidence(e, self.rules_off))
                    P[i] = [s[label] for label in LABELS]
            return P
        return score_examples

    def __call__(self, train):
        return self.scorer(self.fit_pipeline(train))


def is_real(example) -> bool:
    """Real or reviewed text, weighted above the generated seed corpus."""
    return example.source.startswith("real:") or example.source == "review"


class TwoStageFitter:
    """A sourcecv fitter: the first stage, with the second stage (classifier.second_stage) where it is unsure.

    The head is trained on the training rows' real text (weighted like the first stage) plus a fixed
    sample of the seed corpus: embedding all 17,000 seed rows would cost ~40 CPU-minutes per fit.
    """

    def __init__(self, first: PipelineFitter, cache, weight: float = 0.5, band: tuple[float, float] = (0.02, 0.6),
                 seed_sample: int = 600, seed: int = 0):
        self.first, self.cache, self.weight, self.band = first, cache, weight, band
        self.seed_sample, self.seed = seed_sample, seed
        self.embedded: list[int] = [0, 0]  # rows scored, rows embedded (the cost)

    def fit_head(self, train):
        from classifier import second_stage

        real = [e for e in train if is_real(e)]
        generated = sorted((e for e in train if not is_real(e)), key=lambda e: (e.source, e.id))
        random.Random(self.seed).shuffle(generated)
        rows = real + generated[: self.seed_sample]
        weights = np.array([self.first.real_weight if is_real(e) else 1.0 for e in rows])
        E = self.cache.of(self.first.rows.docs(rows))
        return second_stage.fit_head(E, [e.label for e in rows], weights, self.weight, self.band)

    def scorer(self, pipe, head):
        from classifier import second_stage

        first = self.first.scorer(pipe)

        def score_examples(exs):
            P, mask = second_stage.refine(first(exs), self.first.rows.docs(exs), head, self.cache.of)
            self.embedded[0] += len(exs)
            self.embedded[1] += int(mask.sum())
            return P
        return score_examples

    def __call__(self, train):
        return self.scorer(self.first.fit_pipeline(train), self.fit_head(train))


def train_by_sources(seed_examples: list[Example], real: list[Example], stream: list[Example], data_info: dict,
                     out_dir: Path, version: str | None = None, backend: str = "rjieba", real_weight: float = 3.0,
                     normaliser: str = "t2s", use_rules: bool = True, rules_off: frozenset = frozenset(),
                     target_recall: float = 0.90,
                     volume_limit: float = 0.03, second_stage: dict | None = None,
                     progress=print, userdict: Path | str = DEFAULT_USERDICT) -> tuple[Path, dict]:
    """Fit on seed + real rows; cuts and reported scores come from cross-validation over real sources first.

    The protocol is classifier/README.md's: each fold is sources the fold's model never saw; cuts are the
    highest that keep `target_recall` of each event label, raised together until the alert volume on
    `stream` (general news, never trained on) is within `volume_limit`. With `second_stage`
    ({"weight", "band", "cache"}), the second stage is trained and cross-validated with the first.
    """
    from classifier import sourcecv

    if not real:
        raise ValueError("training by sources needs hand-labelled real rows (--real)")
    version = version or dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    rows = FeatureRows(get_tokenizer(backend, userdict), normaliser)
    first = PipelineFitter(rows, real_weight=real_weight, use_rules=use_rules, rules_off=frozenset(rules_off))
    fitter = first
    if second_stage is not None:
        from classifier import second_stage as stage2

        cache = stage2.EmbeddingCache(stage2.Embedder(), second_stage.get("cache"), progress=progress)
        fitter = TwoStageFitter(first, cache, weight=second_stage.get("weight", 0.5),
                                band=tuple(second_stage.get("band", (0.02, 0.6))),
                                seed_sample=int(second_stage.get("seed_sample", 600)))
    result = sourcecv.cross_validate("shipped", seed_examples, real, fitter, stream,
                                     target=target_recall, limit=volume_limit, progress=progress)
    progress(sourcecv.summary_line(result))
    examples = seed_examples + real
    final = first.fit_pipeline(examples)
    head = fitter.fit_head(examples) if second_stage is not None else None
    score_final = fitter.scorer(final, head) if head is not None else first.scorer(final)
    stream_probs = score_final(stream) if stream else np.zeros((0, 4))
    cuts = sourcecv.final_cuts(result, stream_probs, target_recall, volume_limit)
    mean, worst, worst_name = result.mean_worst()
    progress(f"cuts {cuts}; alert volume {sourcecv.volume(stream_probs, cuts):.2%} of {len(stream)} general texts")
    counts = _label_counts(examples)
    metadata = {
        "version": version,
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "labels": sorted(counts),
        "thresholds": cuts,
        "rules": use_rules,
        "rule_weight": 1.0,
        "rules_off": sorted(rules_off),
        "tokenizer": backend,
        "userdict": userdict_info(userdict),
        "normaliser": normaliser,
        "real_weight": real_weight,
        "data": dict(data_info, examples=len(examples), label_counts=counts, fingerprint=fingerprint(examples)),
        "libraries": _library_versions(),
        "scores": {
            "heldout": {k: result.pooled[k] for k in ("n", "per_label", "macro_f1", "accuracy")},
            "heldout_method": ("leave-one-fold-out over real sources (classifier/README.md protocol); "
                               f"target recall {target_recall}, volume limit {volume_limit}"),
            "folds": {f: {"macro_f1": r["macro_f1"], "n": r["n"], "cuts": result.fold_cuts[f],
                          "volume": round(result.fold_volume[f], 4)} for f, r in result.fold_reports.items()},
            "mean_fold_macro_f1": round(mean, 4),
            "worst_fold": {"name": worst_name, "macro_f1": round(worst, 4)},
            "alert_volume": {"stream_rows": len(stream), "share": round(sourcecv.volume(stream_probs, cuts), 4)},
        },
    }
    directory = Path(out_dir) / version
    if head is not None:
        directory.mkdir(parents=True, exist_ok=True)
        metadata["second_stage"] = dict(stage2.save_head(head, directory),
                                        embedded_share=round(fitter.embedded[1] / max(fitter.embedded[0], 1), 4))
    directory = artifacts.save(final, metadata, directory)
    return directory, artifacts.read_metadata(directory)
