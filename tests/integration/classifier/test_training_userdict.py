"""A model is trained with the user dictionary it will be served with, and says which one it was."""

from __future__ import annotations

import logging

from classifier import artifact as artifacts
from classifier import load_classifier
from classifier.config import ClassifierConfig
from classifier.dataset import read_jsonl
from classifier.tokenizer import DEFAULT_USERDICT, get_tokenizer
from classifier.training import train

NEW_WORD = "晨曦鲜食坊"


def test_training_uses_the_configured_dictionary_and_serving_with_another_warns(tmp_path, small_labelled, caplog):
    city_dict = tmp_path / "userdict.txt"
    city_dict.write_text(DEFAULT_USERDICT.read_text(encoding="utf-8") + f"\n{NEW_WORD} 50000 nt\n", encoding="utf-8")
    # The city's word is one token only with the city's dictionary: what training must segment with.
    assert NEW_WORD in get_tokenizer("rjieba", city_dict).cut(f"{NEW_WORD}出售过期食品")
    assert NEW_WORD not in get_tokenizer("rjieba", DEFAULT_USERDICT).cut(f"{NEW_WORD}出售过期食品")

    examples = read_jsonl(small_labelled, source="seed")
    directory, meta = train(examples, {"test": True}, tmp_path / "models", version="city",
                            progress=lambda _: None, userdict=city_dict)
    assert meta["userdict"] == {"name": "userdict.txt", "sha256": artifacts.sha256_file(city_dict)}

    with caplog.at_level(logging.WARNING, logger="classifier.engine"):
        load_classifier(ClassifierConfig(userdict=city_dict), directory)
    assert not [r for r in caplog.records if "用户词典" in r.getMessage()]

    with caplog.at_level(logging.WARNING, logger="classifier.engine"):
        load_classifier(ClassifierConfig(), directory)
    warned = [r.getMessage() for r in caplog.records if "用户词典" in r.getMessage()]
    assert warned and "city" in warned[0] and str(DEFAULT_USERDICT) in warned[0]
