"""Cross-validation over real sources: a fold is a set of sources no model of that fold has seen.

The protocol (fixed before the runs) is written in classifier/README.md: nine folds by
`source_repo`, every fold model trained on the seed corpus plus the other folds' real rows, recall-first
thresholds from the other folds' out-of-fold scores, raised together until the alert volume on a
general-news stream is under the limit.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from classifier.dataset import DataError, Example, jsonl_rows
from classifier.evaluation import score
from classifier.model import EVENT_LABELS, LABELS, decide

# source_repo -> fold name. Sources with fewer than ~30 rows share a fold, so every fold can be scored.
FOLD_OF_SOURCE = {
    "lxw15337674/weibo-trending-hot-history": "F1 weibo-hot-history",
    "hkarchivist/hkcnews-article-archive": "F2 hkcnews",
    "rundimeco/waddle": "F3 waddle",
    "justjavac/weibo-trending-hot-search": "F4 weibo-hot-search",
    "Terminus2049/Terminus2049.github.io": "F5 small sources",
    "Yuanduo/Opinion-Mining": "F5 small sources",
    "thunlp/Chinese_Rumor_Dataset": "F5 small sources",
    "RuoYe310/NLP_ML": "F5 small sources",
    "cash2one/myzd.com": "F5 small sources",
    "duty-machine/chinadigitaltimes": "F5 small sources",
    "shijiebei2009/CEC-Corpus": "F6 CEC",
    "649453932/Chinese-Text-Classification-Pytorch": "F7 THUCNews",
    "160610101/NLPCC2021EE": "F8 DuEE",
    "LeonWang91/Food-Safety-Incidents-Classification": "F9 FSI + web",
}
OTHER_FOLD = "F9 FSI + web"  # stored web pages and any source not listed above
TARGET_RECALL = 0.90
VOLUME_LIMIT = 0.03
MIN_FOLD_EVENTS = 10


def fold_of(source_repo: str) -> str:
    """The fold a real source belongs to."""
    return FOLD_OF_SOURCE.get(source_repo, OTHER_FOLD)


@dataclass(frozen=True)
class RealFile:
    """A hand-labelled real file as read for training: what the model metadata records about it."""

    path: str
    sha256: str
    rows: int
    source: str

    def to_dict(self) -> dict:
        return {"path": self.path, "sha256": self.sha256, "rows": self.rows, "source": self.source}


def read_real(path: Path | str, hand_only: bool = True, auto_only: bool = False) -> tuple[list[Example], RealFile]:
    """Rows of a labelled real file as Examples (source `real:<source_repo>`), with the file's record.

    `hand_only` keeps rows whose label_reason does not start with `[auto]`; `auto_only` the opposite.
    """
    path = Path(path)
    raw = path.read_bytes()
    out: list[Example] = []
    for lineno, row in jsonl_rows(raw.decode("utf-8"), path):
        if row.get("label") not in LABELS:
            raise DataError(f"{path}:{lineno}: label {row.get('label')!r} is not one of {LABELS}")
        auto = str(row.get("label_reason") or "").startswith("[auto]")
        if (hand_only and auto) or (auto_only and not auto):
            continue
        out.append(Example(str(row.get("id", f"{path.name}:{lineno}")), str(row.get("title") or ""),
                           str(row.get("text") or ""), row["label"], f"real:{row.get('source_repo') or ''}"))
    kind = "auto-labelled rows" if auto_only else ("hand-labelled rows" if hand_only else "all rows")
    record = RealFile(str(path), hashlib.sha256(raw).hexdigest(), len(out),
                      f"../shared/data/{path.name} ({kind}; see its README for origins and licences)")
    return out, record


def read_training_files(real_paths, stream_path, info: dict, stream_rows: int = 0) -> tuple[list[Example], list[Example]]:
    """Hand-labelled real rows and the general-news stream (auto-labelled none rows); records both in `info`.

    `stream_rows` > 0 keeps that many stream rows, the same sample bench/classifier_select.py scores
    (shuffled with seed 0), so the second stage's embeddings of them are reused between the two.
    """
    real: list[Example] = []
    for path in real_paths:
        part, record = read_real(path)
        real += part
        info.setdefault("real", []).append(record.to_dict())
    stream: list[Example] = []
    if stream_path:
        auto, record = read_real(stream_path, hand_only=False, auto_only=True)
        stream = [e for e in auto if e.label == "none"]
        if stream_rows:
            random.Random(0).shuffle(stream)
            stream = stream[:stream_rows]
        info["stream"] = dict(record.to_dict(), rows=len(stream), use="alert volume only, never trained on",
                              sample="all none rows" if not stream_rows else f"{len(stream)} none rows, shuffled with seed 0")
    return real, stream


def example_fold(example: Example) -> str:
    """The fold of a real example (seed and review examples have none)."""
    if not example.source.startswith("real:"):
        raise ValueError(f"{example.id} is not a real example")
    return fold_of(example.source[len("real:"):])


# A candidate: fit(train examples) -> scorer; scorer(examples) -> (n, len(LABELS)) probabilities in LABELS order.
Scorer = Callable[[Sequence[Example]], np.ndarray]
Fitter = Callable[[list[Example]], Scorer]


def recall_cuts(probs: np.ndarray, truth: Sequence[str], target: float = TARGET_RECALL,
                floor: float = 0.02, ceiling: float = 0.9) -> dict[str, float]:
    """Per event label, the highest cut whose recall on (probs, truth) is at least `target`."""
    truth = np.asarray(truth)
    cuts = {}
    for label in EVENT_LABELS:
        p = probs[:, LABELS.index(label)][truth == label]
        if len(p) == 0:
            cuts[label] = 0.5
            continue
        # The (1 - target) quantile of the label's own scores keeps `target` of them at or above it.
        k = int(np.floor((1 - target) * len(p) + 1e-9))
        cut = float(np.sort(p)[k]) if k < len(p) else float(p.min())
        cuts[label] = round(min(max(np.floor(cut * 100) / 100, floor), ceiling), 3)
    return cuts


def labels_at(probs: np.ndarray, cuts: dict[str, float]) -> list[str]:
    """Labels from probabilities at the given cuts."""
    return [decide(dict(zip(LABELS, row)), cuts) for row in probs]


def volume(probs: np.ndarray, cuts: dict[str, float]) -> float:
    """Share of a general-news stream flagged as an event at the given cuts."""
    if len(probs) == 0:
        return 0.0
    return sum(l != "none" for l in labels_at(probs, cuts)) / len(probs)


def within_volume(stream_probs: np.ndarray, cuts: dict[str, float], limit: float = VOLUME_LIMIT,
                  step: float = 0.01) -> dict[str, float]:
    """The cuts raised together, step by step, until the stream's alert volume is within the limit."""
    cuts = dict(cuts)
    while volume(stream_probs, cuts) > limit and min(cuts.values()) < 0.99:
        cuts = {l: round(min(c + step, 0.99), 3) for l, c in cuts.items()}
    return cuts


@dataclass
class CVResult:
    """Out-of-fold probabilities and per-fold figures of one candidate."""

    name: str
    truth: list[str]
    folds: list[str]
    probs: np.ndarray
    stream_probs: dict[str, np.ndarray]
    fold_cuts: dict[str, dict[str, float]] = field(default_factory=dict)
    fold_reports: dict[str, dict] = field(default_factory=dict)
    fold_volume: dict[str, float] = field(default_factory=dict)
    pooled: dict = field(default_factory=dict)

    def mean_worst(self) -> tuple[float, float, str]:
        """Mean and worst macro-F1 over folds with at least MIN_FOLD_EVENTS event texts."""
        scored = {f: r["macro_f1"] for f, r in self.fold_reports.items()
                  if sum(r["per_label"][l]["support"] for l in EVENT_LABELS) >= MIN_FOLD_EVENTS}
        if not scored:
            return 0.0, 0.0, "-"
        worst = min(scored, key=scored.get)
        return float(np.mean(list(scored.values()))), scored[worst], worst


def cross_validate(name: str, seed: list[Example], real: list[Example], fit: Fitter, stream: Sequence[Example],
                   target: float = TARGET_RECALL, limit: float = VOLUME_LIMIT, progress=print) -> CVResult:
    """Leave-one-fold-out over the real rows; see the module docstring for the threshold rule."""
    fold_names = [example_fold(e) for e in real]
    names = sorted(set(fold_names))
    probs = np.zeros((len(real), len(LABELS)))
    stream_probs: dict[str, np.ndarray] = {}
    for f in names:
        test = [i for i, g in enumerate(fold_names) if g == f]
        train = seed + [e for e, g in zip(real, fold_names) if g != f]
        progress(f"  {name}: fold {f} ({len(test)} held out, {len(train)} training rows)")
        scorer = fit(train)
        probs[test] = scorer([real[i] for i in test])
        stream_probs[f] = scorer(stream) if stream else np.zeros((0, len(LABELS)))
    result = CVResult(name, [e.label for e in real], fold_names, probs, stream_probs)
    pooled_pred = [""] * len(real)
    for f in names:
        inside = np.array([g == f for g in fold_names])
        cuts = recall_cuts(probs[~inside], [t for t, g in zip(result.truth, fold_names) if g != f], target)
        cuts = within_volume(stream_probs[f], cuts, limit)
        pred = labels_at(probs[inside], cuts)
        result.fold_cuts[f] = cuts
        result.fold_volume[f] = volume(stream_probs[f], cuts)
        result.fold_reports[f] = score([t for t, g in zip(result.truth, fold_names) if g == f], pred)
        for i, p in zip(np.flatnonzero(inside), pred):
            pooled_pred[i] = p
    result.pooled = score(result.truth, pooled_pred, [e.id for e in real])
    return result


def final_cuts(result: CVResult, final_stream_probs: np.ndarray, target: float = TARGET_RECALL,
               limit: float = VOLUME_LIMIT) -> dict[str, float]:
    """The shipped model's cuts: the same rule on all folds' out-of-fold scores and its own stream scores."""
    return within_volume(final_stream_probs, recall_cuts(result.probs, result.truth, target), limit)


def summary_line(result: CVResult) -> str:
    """One line: pooled per-label P/R, macro-F1, mean and worst fold, alert volume."""
    r = result.pooled
    mean, worst, wname = result.mean_worst()
    per = "  ".join(f"{l} {r['per_label'][l]['precision']:.2f}/{r['per_label'][l]['recall']:.2f}"
                    for l in LABELS)
    vol = float(np.mean(list(result.fold_volume.values()))) if result.fold_volume else 0.0
    return (f"{result.name:<34} macro-F1 {r['macro_f1']:.3f}  mean fold {mean:.3f}  worst {worst:.3f} ({wname})  "
            f"{per}  volume {vol:.3%}")
