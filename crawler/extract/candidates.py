"""Fallback candidates for the generic extractor: library bodies, URL dates, htmldate.

Every body candidate has the same signature, (html, url) -> text or None.

Each is tried only when the project's own heuristics found nothing usable, in the order that
crawler.extract.article sets; each returns None when it has nothing (library errors included: hostile
markup makes every library raise now and then, and a miss is what that is).
"""

from __future__ import annotations

import datetime as dt
import re

from crawler.dates import SHANGHAI, UTC, parse_date
from crawler.extract.generic import BOILER_LINE, clean_text

EARLIEST = dt.datetime(1995, 1, 1, tzinfo=SHANGHAI)  # no Chinese news site is older
LIBRARY_MAX_CHARS = 500_000  # the libraries are not linear: keep huge hostile pages on our own path

# /2025-04/07/, /2025/04/07/, /2025/0407/, /20250407/, t20250407_, doc-2016-05-25, /202504/07/
_URL_DATES = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)[-/](?P<d>[0-3]\d)(?!\d)"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/?(?P<m>[01]\d)/?(?P<d>[0-3]\d)(?:/|_|\.|$)"),
    re.compile(r"[/_tT](?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[_/.]|$)"),
)


def plausible(value: dt.datetime | None, now: dt.datetime | None) -> bool:
    """A publication time no earlier than 1995 and not in the future (a day of clock skew allowed)."""
    if value is None:
        return False
    latest = (now or dt.datetime.now(UTC)) + dt.timedelta(days=1)
    if latest.tzinfo is None:
        latest = latest.replace(tzinfo=SHANGHAI)
    return EARLIEST <= value <= latest


def date_from_url(url: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """The publication day written in an article URL (midnight Asia/Shanghai, as UTC), if any."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.split("?")[0].split("#")[0], flags=re.I)
    for pattern in _URL_DATES:
        for m in pattern.finditer(path):
            try:
                day = dt.datetime(int(m["y"]), int(m["m"]), int(m["d"]), tzinfo=SHANGHAI)
            except ValueError:
                continue
            if plausible(day, now):
                return day.astimezone(UTC)
    return None


def clean_lines(text: str | None) -> str | None:
    """A library's plain-text body as the project's bodies are: trimmed lines, boilerplate lines out."""
    lines = [clean_text(line) for line in (text or "").splitlines()]
    return "\n".join(line for line in lines if line and not BOILER_LINE.match(line)) or None


def trafilatura_body(html: str, url: str | None = None) -> str | None:
    """trafilatura's main text with favor_recall (it loses least of the body on Chinese portals)."""
    if len(html) > LIBRARY_MAX_CHARS:
        return None
    try:
        import trafilatura

        text = trafilatura.extract(html, url=url, favor_recall=True, include_comments=False,
                                   include_tables=True, deduplicate=False)
    except Exception:  # trafilatura and lxml raise on odd markup
        return None
    return clean_lines(text)


def fragment_lines(fragment: str | None) -> str | None:
    """The text of an HTML fragment a library returned, one line per block, as clean_lines makes it."""
    if not fragment:
        return None
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises ParserError and ValueError on odd fragments
        return None
    for el in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre"):
        el.tail = "\n" + (el.tail or "")
    return clean_lines("".join(root.itertext()))


def readability_body(html: str, url: str | None = None) -> str | None:
    """readability-lxml's article, one line per block."""
    if len(html) > LIBRARY_MAX_CHARS:
        return None
    try:
        from readability import Document

        fragment = Document(html).summary(html_partial=True)
    except Exception:  # readability raises Unparseable and lxml's errors
        return None
    return fragment_lines(fragment)


def magic_html_body(html: str, url: str | None = None) -> str | None:
    """magic-html's article body (its ArticleExtractor), one line per block; None where it is not
    installed (it declares Python >= 3.12)."""
    if len(html) > LIBRARY_MAX_CHARS:
        return None
    try:
        from magic_html import GeneralExtractor
    except ImportError:
        return None
    try:
        fragment = GeneralExtractor().extract(html, base_url=url or "", html_type="article").get("html")
    except Exception:  # magic-html raises lxml's and its own errors on odd markup
        return None
    return fragment_lines(fragment)


def gne_body(html: str, url: str | None = None) -> str | None:
    """GNE's main text (its density pass is quadratic: only pages under 300k characters)."""
    if len(html) > 300_000:
        return None
    try:
        from gne import GeneralNewsExtractor

        content = GeneralNewsExtractor().extract(html).get("content")
    except Exception:  # GNE raises its own and lxml's errors on odd pages
        return None
    return clean_lines(content)


def htmldate_date(html: str, url: str | None, now: dt.datetime | None) -> dt.datetime | None:
    """htmldate's original publication day, as UTC midnight Asia/Shanghai."""
    if len(html) > LIBRARY_MAX_CHARS:
        return None
    try:
        from htmldate import find_date

        found = find_date(html, url=url, original_date=True, extensive_search=False,  # its free-text search guesses
                          outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises on odd markup
        return None
    value = parse_date(found, now) if found else None
    return value if plausible(value, now) else None
