"""The tokenizer: user dictionary in use, one engine per process, and rjieba giving jieba's exact tokens."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest
import yaml

from classifier.dataset import SEED_PATH
from classifier.districts import load_table
from classifier.entities import DEFAULT_REGISTRY
from classifier.tokenizer import DEFAULT_USERDICT, get_tokenizer, read_userdict

REAL = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "train.jsonl"


def _texts(path: Path, n: int) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [(r.get("title") or "") + "\n" + (r.get("text") or "") for r in map(json.loads, islice(fh, n))]


def _assert_same_tokens(texts: list[str]) -> None:
    jieba_tok, rjieba_tok = get_tokenizer("jieba"), get_tokenizer("rjieba")
    for i, text in enumerate(texts):
        assert rjieba_tok.cut(text) == jieba_tok.cut(text), f"text {i} differs: {text[:60]!r}"


def test_rjieba_matches_jieba_on_real_news():
    if not REAL.is_file():
        pytest.skip(f"{REAL} is absent (CI provides it); the seed-corpus test below still runs")
    _assert_same_tokens(_texts(REAL, 2000))


def test_rjieba_matches_jieba_on_the_seed_corpus():
    _assert_same_tokens(_texts(SEED_PATH, 2000))


def test_user_dictionary_keeps_places_and_enterprises_whole():
    tokens = get_tokenizer("rjieba").cut("汕尾市红海湾开发区遮浪街道和陆丰市甲子镇，海天水产被查")
    for word in ("红海湾开发区", "遮浪街道", "甲子镇", "海天水产"):
        assert word in tokens


def test_engine_is_built_once_per_process():
    assert get_tokenizer("jieba") is get_tokenizer("jieba")


def test_user_dictionary_lists_every_registry_name_and_place():
    words = {w for w, _, _ in read_userdict(DEFAULT_USERDICT)}
    registry = yaml.safe_load(DEFAULT_REGISTRY.read_text(encoding="utf-8"))["enterprises"]
    names = {e["name"] for e in registry} | {a for e in registry for a in e["aliases"]}
    assert names - words == set()
    assert set(load_table().all_names()) - words == set()


def test_one_tokenizer_shared_by_threads_gives_the_sequential_tokens():
    from concurrent.futures import ThreadPoolExecutor

    texts = _texts(SEED_PATH, 300)
    for backend in ("jieba", "rjieba"):
        tok = get_tokenizer(backend)
        expected = [tok.cut(t) for t in texts]
        with ThreadPoolExecutor(4) as pool:
            assert list(pool.map(tok.cut, texts)) == expected
