"""Crawled text is hostile: bound it, escape it, and only then add our own highlight tags."""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

# Highlight markers asked of Elasticsearch (private-use code points, never emitted as HTML).
HL_PRE = "\ue000"
HL_POST = "\ue001"
# Bidirectional overrides and isolates (U+202E turns "gpj.exe" into "exe.jpg"), zero-width and BOM:
# crawled text must not reorder or hide what the page shows.
_INVISIBLE = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}\ue000\ue001]")
_INVISIBLE_ONLY = re.compile(f"[{_INVISIBLE}]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def clip(text: object, limit: int = 200) -> str:
    """`text` as a string of at most `limit` characters (an ellipsis marks a cut), control chars removed."""
    s = "" if text is None else str(text)
    s = _CONTROL.sub("", s)
    return s if len(s) <= limit else s[: max(limit - 1, 0)] + "…"


def strip_invisible(value: object) -> object:
    """`value` without bidi and zero-width characters when it is a string (Markup stays Markup)."""
    if isinstance(value, Markup):
        return Markup(_INVISIBLE_ONLY.sub("", str(value)))
    if isinstance(value, str):
        return _INVISIBLE_ONLY.sub("", value)
    return value


def highlight_terms(text: object, terms: Iterable[str], limit: int = 20000) -> Markup:
    """Escaped `text` with each occurrence of `terms` wrapped in <mark>; longest term wins."""
    s = clip(text, limit)
    words = sorted({t for t in (str(x).strip() for x in terms or ()) if t and len(t) <= 50}, key=len, reverse=True)
    if not words or not s:
        return Markup(escape(s))
    pattern = re.compile("|".join(re.escape(w) for w in words[:200]))
    out, pos = [], 0
    for m in pattern.finditer(s):
        out.append(str(escape(s[pos:m.start()])))
        out.append(f'<mark class="term">{escape(m.group(0))}</mark>')
        pos = m.end()
    out.append(str(escape(s[pos:])))
    return Markup("".join(out))


def es_fragment(fragment: object, limit: int = 600) -> Markup:
    """An Elasticsearch highlight fragment made with HL_PRE/HL_POST markers, as safe HTML with <em>."""
    raw = "" if fragment is None else str(fragment)[: limit * 2]
    out, open_, shown = [], False, 0
    for i, piece in enumerate(re.split(f"([{HL_PRE}{HL_POST}])", raw)):
        if piece == HL_PRE:
            if not open_:
                out.append("<em>")
                open_ = True
            continue
        if piece == HL_POST:
            if open_:
                out.append("</em>")
                open_ = False
            continue
        piece = clip(piece, max(limit - shown, 0) or 1) if shown < limit else ""
        shown += len(piece)
        out.append(str(escape(piece)))
    if open_:
        out.append("</em>")
    return Markup("".join(out))


def em_html(fragment: object, limit: int = 1000) -> Markup:
    """Highlight HTML from the index reduced to text plus <em>: everything else is (re-)escaped."""
    import html as _html

    raw = "" if fragment is None else str(fragment)[: limit * 6]
    raw = raw.replace("<em>", HL_PRE).replace("</em>", HL_POST)
    pieces = re.split(f"([{HL_PRE}{HL_POST}])", raw)
    # Entities from the index's HTML encoder are decoded, then every piece is escaped once by us.
    decoded = "".join(p if p in (HL_PRE, HL_POST) else _html.unescape(p) for p in pieces)
    return es_fragment(decoded, limit)


def csv_cell(value: object, limit: int = 5000) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    s = "" if value is None else str(value)
    s = s[:limit]
    if s.startswith(FORMULA_PREFIXES):
        s = "'" + s
    return s
