"""Mark the explanation terms in a text only where they stand as words (工人 in 工人们, not in 女工人数)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import rjieba
from markupsafe import Markup, escape

from trustwatch.web.textsafe import clip


def _cut(text: str) -> list[str]:
    # rjieba gives jieba's precise-mode tokens (tests/unit/classifier/test_tokenizer.py)
    return rjieba.cut(text)


def word_boundaries(text: str) -> set[int]:
    """Offsets where a word starts or ends, by jieba's precise cut."""
    bounds, pos = {0}, 0
    for token in _cut(text):
        pos += len(token)
        bounds.add(pos)
    return bounds


def highlight_words(text: object, terms: Iterable[str], limit: int = 20000) -> Markup:
    """Escaped `text` with each term wrapped in <mark> where it begins and ends on word boundaries."""
    s = clip(text, limit)
    words = sorted({t for t in (str(x).strip() for x in terms or ()) if t and len(t) <= 50}, key=len, reverse=True)
    if not words or not s:
        return Markup(escape(s))
    bounds = word_boundaries(s)
    pattern = re.compile("|".join(re.escape(w) for w in words[:200]))
    out, pos = [], 0
    for m in pattern.finditer(s):
        if m.start() not in bounds or m.end() not in bounds:
            continue
        out.append(str(escape(s[pos:m.start()])))
        out.append(f'<mark class="term">{escape(m.group(0))}</mark>')
        pos = m.end()
    out.append(str(escape(s[pos:])))
    return Markup("".join(out))
