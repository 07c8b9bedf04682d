"""normalise(doc, "t2s") skips OpenCC only for text OpenCC would leave unchanged (classifier.features._T2SKeys)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import opencc
import pytest

from classifier import features
from classifier.dataset import SEED_PATH

REPO = Path(__file__).resolve().parents[3]
LABELLED = REPO.parent / "shared" / "data" / "labelled.jsonl"


def _script():
    spec = importlib.util.spec_from_file_location("make_t2s_keys", REPO / "scripts" / "make_t2s_keys.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _convert(doc: str) -> str:
    return features._t2s().convert(doc)


def _lines() -> list[str]:
    return features._T2S_KEYS.read_text(encoding="utf-8").splitlines()


def test_the_shipped_keys_are_the_installed_opencc_s_or_the_shortcut_is_off():
    shipped = features._T2S_KEYS.read_text(encoding="utf-8")
    if shipped.startswith(f"# OpenCC {opencc.__version__} t2s:"):
        assert _script().derive() == shipped, "regenerate with scripts/make_t2s_keys.py"
        assert features._t2s_keys() is not None
    else:  # another OpenCC than the file was made from: every text is converted
        assert features._t2s_keys() is None


@pytest.fixture(scope="module")
def keys():
    k = features._t2s_keys()
    assert k is not None, f"the shipped keys are not for OpenCC {opencc.__version__}: run scripts/make_t2s_keys.py"
    return k


def test_every_character_t2s_changes_takes_the_conversion(keys):
    chars = _lines()[1]
    assert len(chars) > 4000
    for c in chars:
        doc = f"市场监管局通报{c}一批食品"
        assert keys.may_change(doc), c
        assert features.normalise(doc, "t2s") == _convert(doc)


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_every_phrase_t2s_changes_takes_the_conversion(keys, where):
    phrases = [p for p in _lines()[3:] if p]
    assert phrases and all(set(p).isdisjoint(_lines()[1]) for p in phrases)
    changed = 0
    for p in phrases:
        doc = {"start": f"{p}，记者了解到", "middle": f"记者了解到{p}的情况", "end": f"记者了解到{p}"}[where]
        assert keys.may_change(doc), p
        assert features.normalise(doc, "t2s") == _convert(doc)
        changed += _convert(doc) != doc
    assert changed > len(phrases) // 2  # the phrases are really ones t2s rewrites in running text


def _docs(path: Path) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [features.document(r.get("title") or "", r.get("text") or "") for r in rows]


def test_seed_corpus_normalises_as_opencc_does():
    docs = _docs(SEED_PATH)
    assert len(docs) > 1000
    assert [features.normalise(d, "t2s") for d in docs] == [_convert(d) for d in docs]


@pytest.mark.skipif(not LABELLED.is_file(), reason="../shared/data is not on this machine")
def test_real_news_normalises_as_opencc_does_and_most_skip_it(keys):
    docs = _docs(LABELLED)
    assert [features.normalise(d, "t2s") for d in docs] == [_convert(d) for d in docs]
    skipped = sum(not keys.may_change(d) for d in docs)
    assert skipped > len(docs) // 3  # the point: simplified news does not pay for OpenCC


def test_hostile_text_still_takes_the_conversion_path():
    assert features.normalise("检测\ud800报告", "t2s") == _convert("检测\ufffd报告")
    assert features.normalise("食品𠀀安全", "t2s") == _convert("食品𠀀安全")  # beyond the BMP: converted, not skipped
