"""Small helpers over lxml trees and page text, shared by the generic extractor and the byline reader."""

from __future__ import annotations

import re

from crawler.encoding import repair_mojibake

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")  # kana too: Japanese pages share the portals


def clean_text(text: str | None) -> str:
    """Collapse runs of whitespace (including the ideographic space) and strip."""
    return re.sub(r"[\s\u3000\xa0]+", " ", text or "").strip()


def _meta(root, names, repair=False) -> str | None:
    for node in root.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        if key in names and node.get("content"):
            content = node.get("content")
            return clean_text(repair_mojibake(content) if repair else content)
    return None


def _inside(node, tags) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _is_descendant(el, ancestor) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False
