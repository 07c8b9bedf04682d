"""Extract one article: configured field selectors where given, the generic extractor for the rest."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from crawler.dates import parse_date
from crawler.encoding import repair_mojibake
from crawler.extract.candidates import (
    date_from_url, gne_body, htmldate_date, magic_html_body, plausible, readability_body, trafilatura_body,
)
from crawler.extract.byline import date_candidates, extract_author
from crawler.extract.generic import _paragraphs, clean_text, extract_body, extract_title, parse_html

MAX_TITLE = 300
MAX_BODY = 200_000  # characters; crawled text is hostile, bound it
MIN_BODY = 10
GOOD_BODY = 50  # a library body shorter than this is kept only when no candidate does better


AUTHOR_LABEL = re.compile(r"^(?:作者|记者|文|撰稿|编辑|责任编辑|通讯员|来源)\s*[:：/|]?\s*")


def normalize_author(text: str | None) -> str | None:
    """The name alone: labels such as 记者/作者： and surrounding brackets removed, bounded."""
    if not text:
        return None
    name = clean_text(text).strip("（）()[]【】 ")
    name = AUTHOR_LABEL.sub("", name).strip("（）()[]【】 ")
    return name[:100] or None


@dataclass
class Extracted:
    """The fields of one article page; `methods` says where each came from (selector, generic[:where],
    a BODY_CANDIDATES name, jsonld, script, url, htmldate, none)."""

    title: str | None
    body: str | None
    published_at: dt.datetime | None
    author: str | None
    methods: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the page has a title and a body worth storing."""
        return bool(self.title) and bool(self.body) and len(self.body) >= MIN_BODY


@lru_cache(maxsize=256)
def _xpath(selector: str) -> str:
    if selector.startswith("xpath:"):
        return selector[len("xpath:"):]
    from parsel.csstranslator import HTMLTranslator

    return HTMLTranslator().css_to_xpath(selector)


def select_nodes(root, selector: str) -> list:
    """Elements (or strings, for XPath text/attribute results) matched by a CSS or `xpath:` selector."""
    return root.xpath(_xpath(selector))


def _node_text(node) -> str:
    return clean_text(node if isinstance(node, str) else node.text_content())


def content_hash(title: str, body: str) -> str:
    """The exact-duplicate key: SHA-256 of the whitespace-normalised title and body."""
    blob = clean_text(title) + "\n" + "\n".join(clean_text(line) for line in body.splitlines())
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _canonical_url(root) -> str | None:
    """The page's own URL from <link rel=canonical> or og:url (a crawl may not pass one)."""
    for node in root.iter("link"):
        if (node.get("rel") or "").lower() == "canonical" and node.get("href"):
            return node.get("href")
    for node in root.iter("meta"):
        if (node.get("property") or node.get("name") or "").lower() == "og:url" and node.get("content"):
            return node.get("content")
    return None


_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
# Portals that render the byline with JavaScript keep the time in a page variable (pubtime, ptime, ...).
_SCRIPT_DATE = re.compile(r"""["']?\b(?:pubtime|pub_time|publish_?time|publishdate|pubdate|ptime|posttime)\b["']?"""
                          r"""\s*[:=]\s*["']((?:19|20)\d{2}[-/年][^"']{3,25})["']""", re.I)


def _dates_in_order(text: str, root, title_node, body_node, now):
    """(value, method) date candidates: <meta>, then JSON-LD datePublished (scripts are gone from the
    tree, so it is read from the text), then the rest of the generic candidates."""
    jsonld = None
    if (m := _JSONLD_DATE.search(text)) and (value := parse_date(m.group(1), now)):
        jsonld = (value, "jsonld")
    for value, _, where in date_candidates(root, title_node, body_node, now):
        if where != "meta" and jsonld:
            yield jsonld
            jsonld = None
        yield value, f"generic:{where}"
    if jsonld:
        yield jsonld


def _has_prose(root) -> bool:
    """Whether the page has text outside links at all (a page of links has no article to fall back to)."""
    total = len(clean_text(root.text_content()))
    return total > 0 and sum(len(clean_text(a.text_content())) for a in root.iter("a")) < 0.7 * total


def link_lines(root) -> set[str]:
    """The texts of the page's links: a library body line equal to one is navigation or a related item."""
    return {t for t in (clean_text(a.text_content()) for a in root.iter("a")) if t}


# Every library body candidate, by the name recorded as the body's method; bench/extraction_accuracy.py
# scores each alone and in orders (block "body fallbacks").
BODY_CANDIDATES = {"trafilatura": trafilatura_body, "readability": readability_body,
                   "magic-html": magic_html_body, "gne": gne_body}
# The order tried when the heuristics found no body, as measured (2026-12-02, real pages / own pages,
# body strings / boilerplate out): trafilatura > readability > gne 0.930/0.793 and 1.000/0.750;
# magic-html first 0.901/0.897 and 1.000/0.833 (less body on real pages); magic-html anywhere after
# trafilatura changes nothing. Body first, so magic-html is measured but not in the order.
BODY_FALLBACKS = tuple((name, BODY_CANDIDATES[name]) for name in ("trafilatura", "readability", "gne"))


def fallback_body(text: str, url: str | None, link_lines: set[str],
                  order=BODY_FALLBACKS) -> tuple[str | None, str | None]:
    """(body, method) from the library candidates in `order`, lines that are link texts removed: the
    first with a usable body wins, else the longest."""
    found: list[tuple[str, str]] = []
    for method, run in order:
        body = run(text, url)
        if body:
            body = "\n".join(line for line in body.splitlines() if line not in link_lines) or None
        if body and len(body) >= GOOD_BODY:
            return body, method
        if body:
            found.append((body, method))
    return max(found, key=lambda f: len(f[0])) if found else (None, None)


def extract_article(text: str, selectors=None, now: dt.datetime | None = None, url: str | None = None) -> Extracted:
    """Extract title, body, publication time and author from an HTML document.

    Per field: configured selectors, then the generic heuristics, then library candidates; `methods`
    records which one gave each field. Dates in the future or before 1995 are rejected."""
    root = parse_html(text)
    if root is None:
        return Extracted(None, None, None, None, {"error": "empty"})
    methods: dict[str, str] = {}
    title = body = author = None
    published = None
    title_node = body_node = None
    sel = selectors
    accept = lambda value: plausible(value, now)  # noqa: E731
    if sel is not None and sel.title:
        found = [t for t in (_node_text(n) for n in select_nodes(root, sel.title)) if t]
        if found:
            title, methods["title"] = found[0], "selector"
    if sel is not None and sel.body:
        nodes = select_nodes(root, sel.body)
        lines = [ln for n in nodes for ln in ([clean_text(n)] if isinstance(n, str) else _paragraphs(n)) if ln]
        if lines:
            body, methods["body"] = "\n".join(lines), "selector"
            body_node = next((n for n in nodes if not isinstance(n, str)), None)
    if sel is not None and sel.date:
        for node in select_nodes(root, sel.date):
            if (value := parse_date(_node_text(node), now)) and accept(value):
                published, methods["date"] = value, "selector"
                break
    if sel is not None and sel.author:
        found = [t for t in (_node_text(n) for n in select_nodes(root, sel.author)) if t]
        if found:
            author, methods["author"] = found[0], "selector"
    if title is None:
        title, title_node = extract_title(root)
        methods["title"] = "generic"
    if body is None:
        body, body_node = extract_body(root, title_node)
        methods["body"] = "generic"
    if (not body or len(body) < MIN_BODY) and _has_prose(root):
        fallback, method = fallback_body(text, url, link_lines(root))
        if fallback:
            body, methods["body"] = fallback, method
    if published is None:
        for value, where in _dates_in_order(text, root, title_node, body_node, now):
            if accept(value):
                published, methods["date"] = value, where
                break
    if published is None and (m := _SCRIPT_DATE.search(text)):
        if (value := parse_date(m.group(1), now)) and accept(value):
            published, methods["date"] = value, "script"
    if published is None:
        page_url = url or _canonical_url(root)
        if value := date_from_url(page_url, now):
            published, methods["date"] = value, "url"
        elif value := htmldate_date(text, page_url, now):
            published, methods["date"] = value, "htmldate"
        else:
            methods["date"] = "none"
    if author is None:
        author = extract_author(root, title_node, body_node)
        methods["author"] = "generic"
    title = repair_mojibake(title)
    return Extracted(
        title=title[:MAX_TITLE] if title else None,
        body=body[:MAX_BODY] if body else None,
        published_at=published,
        author=normalize_author(author),
        methods=methods,
    )
