"""Turning (title, text) into the model's two input columns: segmented words and raw characters."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from classifier.numerals import normalise_digits

# Where the incident is described: the title and the lead. Bounding the text keeps hostile or
# huge pages cheap and keeps the article's tail (related links, boilerplate) out of the features.
MAX_WORD_CHARS = 1200
MAX_CHAR_CHARS = 400
_DIGIT_RUN = re.compile(r"\d+(?:\.\d+)?")


def document(title: str, text: str) -> str:
    """The title and body as one string, title first, whitespace collapsed."""
    # split/join is the regex \s+ -> " " on stripped text (both use str.isspace), at a fraction of the cost.
    title = " ".join((title or "").split())
    text = " ".join((text or "").split())
    if title and text.startswith(title):
        return text  # many short items repeat the title as the text
    return f"{title}。{text}" if title else text


NORMALISERS = ("none", "t2s")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalise(doc: str, mode: str = "none") -> str:
    """The document in the script the model was trained on: `t2s` turns traditional into simplified."""
    if mode == "none" or not doc:
        return doc
    if mode != "t2s":
        raise ValueError(f"unknown text normalisation {mode!r}; expected one of {NORMALISERS}")
    try:
        return _t2s().convert(doc)  # ~20-50 us per KB with OpenCC's C++ engine
    except UnicodeEncodeError:  # a lone surrogate (hostile JSON) cannot reach OpenCC: it becomes U+FFFD
        return _t2s().convert(doc.encode("utf-16", "surrogatepass").decode("utf-16", "replace"))


def word_column(tokens: list[str]) -> str:
    """Tokens joined by spaces, numbers folded to 0 so 3人 and 5人 share a feature."""
    return " ".join("0" if t[0].isdigit() else t for t in tokens)


def char_column(doc: str) -> str:
    """The first characters of the document, digits folded to 0."""
    return _DIGIT_RUN.sub("0", normalise_digits(doc[:MAX_CHAR_CHARS]))


def to_matrix(docs: list[str], tokenizer) -> np.ndarray:
    """An (n, 2) object array: column 0 segmented words, column 1 characters."""
    out = np.empty((len(docs), 2), dtype=object)
    for i, doc in enumerate(docs):
        head = normalise_digits(doc[:MAX_WORD_CHARS])
        out[i, 0] = word_column(tokenizer.cut(head))
        out[i, 1] = char_column(doc)
    return out
