"""Turning (title, text) into the model's two input columns: segmented words and raw characters."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

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


_T2S_KEYS = Path(__file__).resolve().parent / "data" / "t2s_keys.txt"


class _T2SKeys:
    """What the installed OpenCC's t2s can change, to skip the conversion for text it would leave alone.

    Shipped by scripts/make_t2s_keys.py: the characters t2s changes, one character standing for each
    phrase it changes that holds none of them, and those phrases. A text may change only if it holds one
    of the characters, or one of the phrases (looked up only where its standing character occurs). Lone
    surrogates and characters beyond the BMP always take the conversion path (a character class with
    astral members would make the regex engine scan a list instead of a bitmap)."""

    def __init__(self, chars: str, triggers: str, phrases: list[str]):
        # One class of thousands of BMP characters compiles to a bitmap; a small class would be scanned as
        # a list, so the few standing characters share the big class and are told apart after a match.
        bmp = "".join(re.escape(c) for c in sorted(set(chars + triggers)) if ord(c) <= 0xFFFF)
        self._candidates = re.compile("[" + bmp + "\\ud800-\\udfff]|[\\U00010000-\\U0010FFFF]")
        self._chars = frozenset(chars)
        self._phrases = {c: [p for p in phrases if c in p] for c in triggers if c not in self._chars}
        self._reach = max((len(p) for p in phrases), default=1)

    def may_change(self, doc: str) -> bool:
        for m in self._candidates.finditer(doc):
            c = m.group()
            if c not in self._phrases:
                return True  # a character t2s changes (or a surrogate, or beyond the BMP)
            around = doc[max(0, m.start() - self._reach + 1):m.end() + self._reach - 1]
            if any(p in around for p in self._phrases[c]):
                return True  # a phrase t2s changes, through this occurrence of its standing character
        return False


@lru_cache(maxsize=1)
def _t2s_keys() -> _T2SKeys | None:
    """What t2s could change, or None (then every text is converted): the shipped file, if it was made
    from the installed OpenCC version."""
    import opencc

    try:
        header, chars, triggers, *phrases = _T2S_KEYS.read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return None
    if not header.startswith(f"# OpenCC {getattr(opencc, '__version__', '?')} t2s:") or not chars:
        return None
    return _T2SKeys(chars, triggers, [p for p in phrases if p])


def normalise(doc: str, mode: str = "none") -> str:
    """The document in the script the model was trained on: `t2s` turns traditional into simplified."""
    if mode == "none" or not doc:
        return doc
    if mode != "t2s":
        raise ValueError(f"unknown text normalisation {mode!r}; expected one of {NORMALISERS}")
    keys = _t2s_keys()
    if keys is not None and not keys.may_change(doc):
        return doc  # nothing t2s could change (most simplified news): ~1 us per KB instead of ~15
    try:
        return _t2s().convert(doc)  # ~15-50 us per KB with OpenCC's C++ engine
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
