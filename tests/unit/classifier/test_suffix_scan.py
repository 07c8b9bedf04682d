"""suffixes_in finds exactly what SUFFIX_AT.finditer finds (it only skips the per-position look-behind)."""

from __future__ import annotations

import json

import pytest

from classifier.dataset import SEED_PATH
from classifier.enterprise_names import SUFFIX_AT, suffixes_in


def _spans(matches):
    return [(m.start(), m.end(), m.group()) for m in matches]


@pytest.mark.parametrize("text", [
    "采矿场发生事故，开发区超市与探矿厂、挖沙场之间",  # the look-behind rejects a suffix, a later one is found
    "采厂厂", "开店店铺", "", "超市", "某某超市超市有限公司", "汕尾市城区海韵轩饭店的厨房",
])
def test_crafted_texts(text):
    assert _spans(suffixes_in(text)) == _spans(SUFFIX_AT.finditer(text))


def test_seed_corpus():
    rows = [json.loads(line) for line in SEED_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [f"{r.get('title') or ''}。{r.get('text') or ''}" for r in rows]
    found = 0
    for text in texts:
        expected = _spans(SUFFIX_AT.finditer(text))
        assert _spans(suffixes_in(text)) == expected, text[:60]
        found += len(expected)
    assert found > 1000
