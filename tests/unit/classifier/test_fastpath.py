"""The fast path (classifier.fastpath) gives the verdicts of scikit-learn's path, on the seed corpus and on real news."""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
import pytest

from classifier import artifact as artifacts
from classifier import fastpath, features
from classifier.dataset import SEED_PATH, read_jsonl
from classifier.engine import DETAIL_CERTAINTY, Classifier
from classifier.numerals import normalise_digits
from classifier.uncertainty import certainty

REPO = Path(__file__).resolve().parents[3]
LABELLED = REPO.parent / "shared" / "data" / "labelled.jsonl"

# Texts that test the tokenizer's edges: numbers (decimal points, full-width digits and points, Arabic-Indic
# digits), Latin next to Han, CJK extension A (not a Han run for the tokenizer), emoji, whitespace runs, nothing.
EDGES = [
    ("", ""), ("标题", ""), ("", "。。，，！"), ("3.5.6人", "价格3.元 .5 12.50%上涨"), ("abc123def", "B超检查CT室X光"),
    ("３．５吨", "٣٤ 名工人 ¹²³"), ("３．", "．５元 1２．3４ ３.５ 价格．涨 ٣．٤ ９．．９ ．"),
    ("㐀㐁食物中毒", "工人\t\t在  厂房\n\n发生爆炸🔥🔥事故"), ("A股", "5G基站 iPhone15 Pro"),
    ("海丰县一饭店发生食物中毒 12人送医", "12日晚，海丰县城东镇福源饭店多名食客在用餐后出现呕吐、腹泻症状。" * 30),
]


@pytest.fixture(scope="module")
def loaded():
    return artifacts.load(artifacts.DEFAULT_MODEL_DIR)


@pytest.fixture(scope="module")
def pair(loaded):
    """(fast, slow) classifiers of the shipped model: the first stage only (the second consumes its scores)."""
    fast = Classifier(loaded, second_stage=False)
    slow = Classifier(loaded, second_stage=False, fast=False)
    assert fast._fast is not None and slow._fast is None
    return fast, slow


def seed_items() -> list[tuple[str, str]]:
    """The seed corpus as training reads it."""
    return [(e.title, e.text) for e in read_jsonl(SEED_PATH, source="seed")]


def labelled_items() -> list[tuple[str, str]]:
    if not LABELLED.is_file():
        pytest.skip(f"the real hand-labelled texts are not here ({LABELLED}); the project runs without them")
    return [(e.title, e.text) for e in read_jsonl(LABELLED, source="real")]


def test_murmurhash_is_scikit_learns():
    from sklearn.utils import murmurhash3_32

    murmur = fastpath._kernels().murmur
    rng = random.Random(7)
    alphabet = "工人在厂房发生爆炸 abc XYZ 0123456789.,%🔥㐀é\t"
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        b = np.frombuffer(s.encode("utf-8"), np.uint8)
        assert murmur(b, 0, len(b)) == murmurhash3_32(s, seed=0, positive=False), s


def _slow_word_column(clf, doc: str) -> str:
    return features.word_column(clf.tokenizer.cut(normalise_digits(doc[: features.MAX_WORD_CHARS])))


def test_one_segmentation_call_gives_the_tokens_of_one_call_per_run(pair):
    fast, slow = pair
    docs = fast._documents(EDGES + seed_items()[::7])
    for doc in docs:
        assert fast._fast.word_column(doc) == _slow_word_column(slow, doc), doc[:80]


def test_the_character_column_is_scikit_learns_input(pair):
    import re

    fast, _ = pair
    kernels, classes = fastpath._kernels(), fastpath._char_classes()
    for doc in fast._documents(EDGES + seed_items()[::7]):
        head = np.frombuffer(doc[: features.MAX_WORD_CHARS].encode("utf-8", "surrogatepass"), np.uint8)
        out = np.empty(len(head) + 1, np.uint8)
        n = kernels.char_text(head, 0, len(head), features.MAX_CHAR_CHARS, classes, out)
        # HashingVectorizer(analyzer="char") collapses whitespace runs before taking n-grams.
        assert out[:n].tobytes().decode("utf-8") == re.sub(r"\s\s+", " ", features.char_column(doc)), doc[:80]


def test_tokens_on_real_news(pair):
    fast, slow = pair
    for doc in fast._documents(labelled_items()):
        assert fast._fast.word_column(doc) == _slow_word_column(slow, doc), doc[:80]


def test_document_collapses_whitespace_as_the_regex_did():
    import re

    rng = random.Random(3)
    alphabet = " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000a中。"
    for _ in range(5000):
        title, text = ("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(2))
        t, x = re.sub(r"\s+", " ", title.strip()), re.sub(r"\s+", " ", text.strip())
        want = x if t and x.startswith(t) else (f"{t}。{x}" if t else x)
        assert features.document(title, text) == want, (title, text)


def test_hostile_text_is_classified_not_crashed_on(pair):
    fast, _ = pair
    verdicts = fast.classify_many([("工厂\ud800爆炸", "车间\udfff起火，3人受伤" * 500), ("\x00" * 5000, "🔥" * 3000)])
    assert [v.label in {"food", "medical", "safety", "none"} for v in verdicts] == [True, True]


def _probabilities(clf, docs):
    X = clf._features.transform(features.to_matrix(docs, clf.tokenizer))
    return clf._clf.predict_proba(X)


def _assert_same(fast, slow, items):
    docs = fast._documents(items)
    p_fast, p_slow = fast._fast.predict_proba(docs), _probabilities(slow, docs)
    assert p_fast.shape == p_slow.shape
    assert np.abs(p_fast - p_slow).max() <= 1e-6
    assert fast.label_many(items) == slow.label_many(items)
    for a, b, item in zip(fast.classify_many(items), slow.classify_many(items), items, strict=True):
        assert a.label == b.label, item
        # Verdict scores are rounded to 4 places: a 1e-7 difference may only move the last place.
        assert all(abs(a.scores[k] - b.scores[k]) <= 1.01e-4 for k in b.scores), item
        assert (a.terms, a.enterprises, a.credit_codes, a.district, a.severity) == \
               (b.terms, b.enterprises, b.credit_codes, b.district, b.severity), item


def test_same_verdicts_on_the_seed_corpus(pair):
    items = seed_items()
    fast, slow = pair
    docs = fast._documents(items)
    assert np.abs(fast._fast.predict_proba(docs) - _probabilities(slow, docs)).max() <= 1e-6
    assert fast.label_many(items) == slow.label_many(items)
    _assert_same(fast, slow, EDGES + items[::10])  # full verdicts: terms, entities, severity too


def test_same_verdicts_on_real_news(pair):
    fast, slow = pair
    _assert_same(fast, slow, labelled_items())


def test_none_far_from_every_threshold_gets_no_details_and_near_ones_do(pair):
    fast, _ = pair
    items = seed_items()[::5]
    far = near = 0
    for v in fast.classify_many(items):
        if v.label != "none":
            continue
        if certainty(v.scores, fast.thresholds) > DETAIL_CERTAINTY + 1e-3:  # scores are rounded
            assert (v.terms, v.enterprises, v.credit_codes, v.severity) == ([], [], [], "low")
            far += 1
        elif certainty(v.scores, fast.thresholds) < DETAIL_CERTAINTY - 1e-3 and v.terms:
            near += 1
    assert far > 1000 and near >= 3, (far, near)


def test_the_uncertain_lane_only_lists_articles_with_details():
    from trustwatch.web.uncertain_lane import MAX_CERTAINTY

    assert MAX_CERTAINTY <= DETAIL_CERTAINTY
    assert math.isclose(DETAIL_CERTAINTY, math.log(3))


def test_another_pipeline_shape_keeps_scikit_learns_path(loaded):
    from classifier.model import build_pipeline

    items = seed_items()[::40]
    pipe = build_pipeline()
    pipe.set_params(features__word__hash__ngram_range=(1, 3))
    matrix = features.to_matrix([features.document(t, x) for t, x in items], Classifier(loaded, fast=False,
                                                                                       second_stage=False).tokenizer)
    pipe.fit(matrix, [e.label for e in read_jsonl(SEED_PATH, source="seed")[::40]])
    assert "ngram_range" in fastpath.unsupported(pipe)
    clf = Classifier(artifacts.Artifact(pipe, dict(loaded.metadata, normaliser="none"), loaded.path), second_stage=False)
    assert clf._fast is None
    assert clf.classify("工厂发生爆炸", "车间起火").label in {"food", "medical", "safety", "none"}
    with pytest.raises(ValueError, match="ngram_range"):
        fastpath.FastPath(pipe, clf.tokenizer)
