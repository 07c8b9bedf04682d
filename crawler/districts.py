"""Which Shanwei district an article is about: the source's default unless the text names another."""

from __future__ import annotations

try:  # the classifier's table of districts, towns and landmarks, when it is installed
    from classifier.districts import find_district as _find_district
except ImportError:  # pragma: no cover - fallback while the classifier package is absent
    _find_district = None

# A small fallback table: district names and the county-level seats people write instead.
_FALLBACK = (
    ("汕尾市城区", "城区"), ("海丰县", "海丰县"), ("陆丰市", "陆丰市"), ("陆河县", "陆河县"),
    ("红海湾开发区", "红海湾开发区"), ("红海湾", "红海湾开发区"), ("华侨管理区", "华侨管理区"),
    ("海丰", "海丰县"), ("陆丰", "陆丰市"), ("陆河", "陆河县"), ("凤山街道", "城区"), ("香洲街道", "城区"),
)
DISTRICTS = ("城区", "海丰县", "陆丰市", "陆河县", "红海湾开发区", "华侨管理区")


def _fallback_find(text: str) -> str | None:
    hits = [(text.find(name), district) for name, district in _FALLBACK if name in text]
    return min(hits)[1] if hits else None


def resolve_district(title: str, body: str, default: str | None) -> str | None:
    """The district named by the article (title first, then body), else the source's default."""
    finder = _find_district or _fallback_find
    for text in (title or "", (title or "") + "\n" + (body or "")[:5000]):
        found = finder(text)
        if found in DISTRICTS:
            return found
    return default
