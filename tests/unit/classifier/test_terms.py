"""The words shown as the reasons of a verdict are content words, never stopwords or single characters."""

from __future__ import annotations

import pytest

from classifier.stopwords import is_content_word


@pytest.mark.parametrize("word", ["一", "的", "后", "出", "住", "存在", "工人", "工人 在", "2024", "三十", " "])
def test_noise_is_not_a_content_word(word):
    assert not is_content_word(word)


@pytest.mark.parametrize("word", ["过期", "食物中毒", "无证行医", "爆燃", "车间"])
def test_content_words(word):
    assert is_content_word(word)


def test_classifier_terms_are_content_words():
    from classifier import artifact as artifacts
    from classifier.engine import Classifier

    clf = Classifier(artifacts.load(artifacts.DEFAULT_MODEL_DIR))
    verdict = clf.classify("海丰县一饭店发生食物中毒 12人送医",
                           "12日晚，海丰县城东镇福源饭店多名食客在用餐后出现呕吐、腹泻症状，工人在厨房发现过期原料。")
    assert verdict.terms
    assert all(is_content_word(t) for t in verdict.terms), verdict.terms
