"""A character CRF for enterprise names the suffix rules miss (a kind of business they lack), used only where they
find none, and only for spans that pass the rules' own shape checks for a name.

The model (classifier/data/enterprise_tagger.crfsuite, python-crfsuite) is trained by scripts/make_enterprise_tagger.py
on the labelled sentence sets under bench/data/ and the invented negative sentences of
classifier/data/enterprise_negatives.py; its sidecar JSON records each training file's sha256 and the generator's
seed. It is loaded on first use. Features: the character, its neighbours, its rjieba word and the class of that word
in the project's word lists (kinds of business, goods, service, words that name no business, places, public
functions), distances to punctuation and to the last place name."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from classifier import enterprise_names as en
from classifier.entities import _NAME_CHAR, Registry, _not_a_party, extract_enterprises, merge_aliases

MODEL = Path(__file__).resolve().parent / "data" / "enterprise_tagger.crfsuite"
_PUNCT = re.compile(r"[，,。；;！!？?：:、“”\"'《》（）()\n\s]")
_local = threading.local()


@lru_cache(maxsize=1)
def _lists():
    """Word lists the features test membership in (built once)."""
    kinds = en._kind_words()
    pattern, levels, weak = en._places()
    return {"classes": (("kind", en.MINED_KINDS), ("notkind", kinds.get("not_kind", frozenset())),
                        ("public", en.PUBLIC_FUNCTIONS | frozenset(en.PUBLIC_SERVED)),
                        ("goods", kinds.get("goods", frozenset())), ("service", kinds.get("service", frozenset())),
                        ("verb", kinds.get("verb", frozenset())), ("brand", kinds.get("brand_word", frozenset())),
                        ("common", en._common_words()), ("place", frozenset(levels))),
            "place_re": pattern, "heads": frozenset(s[-1] for s in en.SUFFIXES),
            "mined_heads": frozenset(en.MINED_HEADS)}


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7-12" if n < 13 else "13+"


def positions(text: str) -> tuple[list[int], list[int], list[int | None], list[bool]]:
    """Per character: the distance to the previous and to the next punctuation, the characters since a place name
    ended within the clause (None: no place before it), and whether it is inside a place name."""
    n = len(text)
    prev_p, next_p, since_place, in_place = [0] * n, [0] * n, [None] * n, [False] * n
    place_ends = set()
    for m in _lists()["place_re"].finditer(text):  # the place table's names (海丰县, 碣石镇, 汕尾市城区 ...)
        place_ends.add(m.end())
        for j in range(m.start(), m.end()):
            in_place[j] = True
    last, place_end = -1, None
    for i in range(n):
        if i in place_ends:
            place_end = i
        if _PUNCT.match(text[i]):
            last, place_end = i, None
        prev_p[i] = i - last
        since_place[i] = None if place_end is None else i - place_end
    last = n
    for i in range(n - 1, -1, -1):
        if _PUNCT.match(text[i]):
            last = i
        next_p[i] = last - i
    return prev_p, next_p, since_place, in_place


def features(text: str, words: list[str] | None = None) -> list[list[str]]:
    """Per-character CRF features of `text` (`words`: its segmentation, rjieba's by default)."""
    import rjieba

    lists = _lists()
    classes = lists["classes"]
    info = []  # per character: (word, class, position in word)
    for word in words if words is not None else rjieba.cut(text):
        cls = next((name for name, members in classes if word in members), "unk" if len(word) > 1 else "one")
        for i, _ in enumerate(word):
            pos = "S" if len(word) == 1 else "B" if i == 0 else "E" if i == len(word) - 1 else "M"
            info.append((word, cls, pos))
    n = len(text)
    prev_p, next_p, since_place, in_place = positions(text)
    heads, mined = lists["heads"], lists["mined_heads"]
    out = []
    for i, ch in enumerate(text):
        word, cls, pos = info[i]
        f = ["b", f"c={ch}", f"w={word}" if len(word) <= 4 else "w=long", f"t={cls}", f"p={pos}", f"t.p={cls}.{pos}",
             f"wl={min(len(word), 5)}", f"pp={_bucket(prev_p[i])}", f"np={_bucket(next_p[i])}",
             f"sp={'none' if since_place[i] is None else _bucket(since_place[i])}"]
        if in_place[i]:
            f.append("inplace")
        if ch in heads:
            f.append("head")
        if ch in mined:
            f.append("mhead")
        if _PUNCT.match(ch):
            f.append("punct")
        for d in (-2, -1, 1, 2):
            j = i + d
            f.append(f"c{d}={text[j] if 0 <= j < n else ('BOS' if j < 0 else 'EOS')}")
            if 0 <= j < n:
                f.append(f"t{d}={info[j][1]}")
                if text[j] in heads:
                    f.append(f"head{d}")
        f.append(f"bi-1={text[i - 1] if i else 'BOS'}{ch}")
        f.append(f"bi+1={ch}{text[i + 1] if i + 1 < n else 'EOS'}")
        out.append(f)
    return out


def labels(text: str, names: list[str]) -> list[str]:
    """BIO labels of `text`, every occurrence of a labelled name tagged (longest names first)."""
    tags = ["O"] * len(text)
    for name in sorted(set(names), key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            if all(t == "O" for t in tags[start:start + len(name)]):
                tags[start] = "B"
                for j in range(start + 1, start + len(name)):
                    tags[j] = "I"
            start = text.find(name, start + 1)
    return tags


def spans(tags: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each B I* run."""
    out, start = [], None
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag != "I" and start is not None:
            out.append((start, i))
            start = None
        if tag == "B":
            start = i
    return out


def placed_name(name: str) -> bool:
    """True when `name` is 3-40 name characters, holds no credit code, starts with no verb or boundary word, is no
    public body by its ending, and keeps 3+ characters after the places it starts with."""
    if not 3 <= len(name) <= 40 or not all(_NAME_CHAR.match(c) for c in name) or en._CODE_LIKE.search(name):
        return False
    if en._STRONG_BOUNDARY.match(name) or en._PUBLIC_BODY.search(name):
        return False
    rest = en.strip_places(name)
    return rest != name and len(rest) >= 3


def name_shape(text: str, start: int, end: int) -> bool:
    """True when text[start:end] has the rules' shape of an enterprise name: 3-40 name characters after a place
    (no fragment such as 五金厂), no credit code, no verb or boundary word, ending in a head of business that
    names one (a closed suffix, or a mined or composed kind: 植发中心, 回收点; not 现场, 干部, 饭堂), not a public
    body (法院, 保护中心, 游客服务中心), no person and verb before the kind, not a hospital that only treated victims
    or a landmark."""
    name = text[start:end]
    if not placed_name(name):
        return False
    head, suffix = en.split_suffix(name)
    if not suffix or en.shaped_kind(head, suffix, strict=True) is None:
        return False
    return not _not_a_party(text, start, end, name)


def _model():
    """This thread's tagger (a crfsuite tagger keeps its state between calls, so threads do not share one)."""
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(MODEL))
        _local.tagger = tagger
    return tagger


def tag_names(text: str) -> list[str]:
    """Enterprise names the CRF finds in `text` that pass name_shape (in order, without repeats)."""
    if not text:
        return []
    tags = _model().tag(features(text))
    return list(dict.fromkeys(text[s:e] for s, e in spans(tags) if name_shape(text, s, e)))


def find_enterprises(text: str, registry: Registry | None = None, limit: int = 20) -> list[str]:
    """The entities step: classifier.entities.extract_enterprises (the rules), or where they find none, the names
    of the CRF that pass the rules' shape checks (name_shape): kinds of business the suffix rules lack (植发中心,
    露营地), aliases merged."""
    found = extract_enterprises(text, registry, limit)
    if found or not text:
        return found
    return merge_aliases(tag_names(text), registry)[:limit]
