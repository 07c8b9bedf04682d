"""Publication time and author of an article page: metadata, the byline zone between the headline and
the body (never a date inside a link or a related list), above the headline, a labelled date anywhere."""

from __future__ import annotations

import datetime as dt
import re

from crawler.dates import FULL_DATE, parse_date
from crawler.extract.dom import CJK, _inside, _is_descendant, _meta, clean_text

AUTHOR = re.compile(r"(?:(?:作者|记者|撰稿|通讯员|楼主)\s*[:：/|]?|文\s*[:：/|])\s*([\u4e00-\u9fa5·]{2,12}(?:[ 、，,][\u4e00-\u9fa5·]{2,4}){0,3})")
AUTHOR_LABELS = re.compile(r"(?:来源|编辑|责任编辑|发布|时间|日期|浏览|点击|字号|阅读|打印|分享)")
DATE_LABEL = re.compile(r"(?:发布时间|发布日期|发表时间|发文日期|成文日期|更新时间|时间|日期)\s*[:：]")
BYLINE_LINE = re.compile(r"^[（(]\s*(?:记者|作者)\s*[:：]?\s*([\u4e00-\u9fa5·]{2,8})")
DATE_META = (
    "article:published_time", "og:release_date", "pubdate", "publishdate", "publish_date", "publishtime",
    "publish_time", "pubtime", "datepublished", "dc.date", "dc.date.issued", "firstpublishedtime",
)
AUTHOR_META = ("author", "article:author", "contentsource_author")


def _date_zone(root, title_node, body_node, limit: int = 600) -> list[tuple[str, bool]]:
    """Text chunks between the title heading and the body, each with whether it sits in a link/list."""
    chunks: list[tuple[str, bool]] = []
    started = title_node is None
    seen = 0
    for el in root.iter():
        if el is body_node:
            break
        if el is title_node:
            started = True
            continue
        if not started or not isinstance(el.tag, str):
            continue
        if title_node is not None and _is_descendant(el, title_node):
            continue
        for text in (el.text, el.tail):
            if text and text.strip():
                chunks.append((text.strip(), el.tag == "a" or _inside(el, ("a", "li", "ul", "nav"))))
                seen += len(text)
        if seen > limit:
            break
    return chunks


_SPLIT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s+(\d{1,2})\s*[/-]\s*(\d{1,2})(?!\d)")


def _before_title(root, title_node, limit: int = 200) -> list[str]:
    """The last text chunks before the title heading, outside links and lists."""
    chunks: list[str] = []
    for el in root.iter():
        if el is title_node:
            break
        if not isinstance(el.tag, str) or el.tag in ("title", "head", "meta") or _inside(el, ("head",)):
            continue
        if el.tag == "a" or _inside(el, ("a", "li", "ul", "nav")):
            continue
        chunks.extend(t.strip() for t in (el.text, el.tail) if t and t.strip())
    tail, size = [], 0
    for text in reversed(chunks):
        tail.insert(0, text)
        size += len(text)
        if size > limit:
            break
    return tail


def date_candidates(root, title_node, body_node, now=None):
    """Publication times in order of trust, each as (value, matched text, where): page metadata,
    <time>, the byline zone (a labelled date first), above the headline, a labelled date anywhere."""
    meta = _meta(root, DATE_META)
    if meta and (value := parse_date(meta, now)):
        yield value, meta, "meta"
    for node in root.iter("time"):
        if node.get("datetime") and not _inside(node, ("a", "li")) and (value := parse_date(node.get("datetime"), now)):
            yield value, node.get("datetime"), "time"
    zone = [text for text, linked in _date_zone(root, title_node, body_node) if not linked]
    joined = " ".join(zone)
    label = DATE_LABEL.search(joined)
    if label and (value := parse_date(joined[label.end():], now)):
        yield value, joined[label.start():label.end() + 30], "byline"
    for text in zone:
        if len(text) > 80 and not FULL_DATE.search(text):
            continue  # a sentence of text: its "7月29日" is an event's day, not the page's
        if value := parse_date(text, now):
            yield value, text, "byline"
    if title_node is not None:  # some templates put the time above the headline, split over elements
        before = _SPLIT_DATE.sub(r"\1-\2-\3", " ".join(_before_title(root, title_node)))
        if value := parse_date(before, now):
            yield value, before, "above-title"
    # A labelled date anywhere outside links and lists (some templates put it under the body).
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag == "a" or _inside(el, ("a", "li", "ul")):
            continue
        text = el.text or ""
        if DATE_LABEL.search(text) and (value := parse_date(text[DATE_LABEL.search(text).end():], now)):
            yield value, text, "labelled"


def extract_date(root, title_node, body_node, now=None, accept=None) -> tuple[dt.datetime | None, str | None]:
    """The first publication time of date_candidates that `accept` (default: any) takes."""
    for value, text, _ in date_candidates(root, title_node, body_node, now):
        if accept is None or accept(value):
            return value, text
    return None, None


def extract_author(root, title_node, body_node) -> str | None:
    """The author or reporter named in the metadata or the byline zone."""
    meta = _meta(root, AUTHOR_META)
    if meta and CJK.search(meta) and len(meta) <= 40:
        return meta
    zone = " ".join(text for text, linked in _date_zone(root, title_node, body_node))
    m = AUTHOR.search(zone)
    if m:
        name = AUTHOR_LABELS.split(m.group(1))[0].strip(" 、，,")
        return name or None
    if body_node is not None:  # a closing "（记者 张三）" line under the body
        for text in list(body_node.itertext())[-6:]:
            if m := BYLINE_LINE.match(clean_text(text)):
                return m.group(1)
    return None


