"""Kind `gkmlpt`: columns of Guangdong's government-information platform (政府信息公开目录管理平台).

The index page (`…/gkmlpt/index`) names the site id in its script (`SID: '…'`); a column's entries come
from `…/gkmlpt/api/all/{column}?page={n}&sid={sid}` as JSON (`articles`: title, url, Unix dates; `total`);
a detail page carries its record (title, content HTML, attachments) in `window._CONFIG.DETAIL`.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import TextResponse

from crawler.extract.generic import _paragraphs, clean_text, parse_html
from crawler.spiders.base import register_kind
from crawler.spiders.jsonlist import JsonListSpider, entry_date

SID = re.compile(r"""\bSID["']?\s*[:=]\s*['"]?(\d{1,12})\b""")
DETAIL = re.compile(r"""(?:_CONFIG\.DETAIL\s*=|["']?\bDETAIL["']?\s*:)\s*(?=\{)""")
ATTACHMENT = re.compile(r"(?:/attachment/|\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z)(?:$|\?))", re.I)
MAX_SCRIPT_SCAN = 2_000_000  # characters of a detail page searched for the embedded record
MAX_ATTACHMENTS = 30
CONTENT_KEYS = ("content", "post_content", "body", "text")
ATTACHMENT_KEYS = ("attachment", "attachments", "files", "attach")


def api_url(index_url: str, column: int, sid: str, page: int = 1) -> str:
    """The JSON list URL of `column` on the portal whose index page is `index_url`."""
    root = index_url.split("#", 1)[0].split("/gkmlpt/", 1)[0]
    return f"{root}/gkmlpt/api/all/{column}?page={page}&sid={sid}"


def start_columns(source, url: str) -> list[int]:
    """The columns to read from a start URL: the source's `gkmlpt.columns`, else the URL's #fragment."""
    if source.gkmlpt is not None and source.gkmlpt.columns:
        return list(source.gkmlpt.columns)
    fragment = urlsplit(url).fragment
    return [int(fragment)] if fragment.isdigit() else []


def site_id(text: str) -> str | None:
    """The site id (`SID: '755031'`) an index page's script declares, if any."""
    m = SID.search(text[:MAX_SCRIPT_SCAN])
    return m.group(1) if m else None


def embedded_detail(text: str) -> dict | None:
    """The record a detail page embeds as `window._CONFIG.DETAIL` (or `DETAIL:` in `_CONFIG`), parsed
    as JSON; None when absent or not plain JSON (nothing is ever evaluated)."""
    m = DETAIL.search(text, 0, MAX_SCRIPT_SCAN)
    if m is None:
        return None
    try:
        record, _ = json.JSONDecoder().raw_decode(text, m.end())
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def html_text(fragment: str) -> str:
    """Plain text of a record's content HTML: one line per paragraph."""
    root = parse_html(f"<html><body><div>{fragment}</div></body></html>")
    if root is None:
        return ""
    body = root.find("body")
    return "\n".join(_paragraphs(body if body is not None else root))


def _links(fragment: str) -> list[tuple[str, str]]:
    if not fragment:
        return []
    whole_page = "<html" in fragment[:2000].lower()
    root = parse_html(fragment if whole_page else f"<html><body>{fragment}</body></html>")
    if root is None:
        return []
    return [(clean_text(a.text_content()), a.get("href").strip()) for a in root.iter("a") if a.get("href")]


def attachments(record: dict | None, html: str, base: str) -> list[tuple[str, str]]:
    """(name, absolute URL) of a notice's attachments: the record's attachment list, then the
    document links of its content (or page); each URL once."""
    found: list[tuple[str, str]] = []
    for key in ATTACHMENT_KEYS:
        listed = (record or {}).get(key)
        if isinstance(listed, list):
            for entry in listed:
                if isinstance(entry, dict):
                    href = next((entry[k] for k in ("url", "link", "path", "href") if isinstance(entry.get(k), str)), None)
                    name = next((entry[k] for k in ("name", "title", "filename") if isinstance(entry.get(k), str)), "")
                    if href:
                        found.append((clean_text(name), href.strip()))
    found += [(name, href) for name, href in _links(html) if ATTACHMENT.search(href)]
    out, seen = [], set()
    for name, href in found:
        url = urljoin(base, href)
        if not url.startswith(("http://", "https://")) or url in seen:
            continue
        seen.add(url)
        out.append(((name or url.rsplit("/", 1)[-1])[:200], url))
    return out[:MAX_ATTACHMENTS]


def with_attachments(body: str, found: list[tuple[str, str]]) -> str:
    """The body with one `附件：name（URL）` line per attachment, so the links stay with the article."""
    lines = [f"附件：{name}（{url}）" for name, url in found if f"（{url}）" not in body]
    return "\n".join([body, *lines]) if lines else body


def read_record(record: dict, hints: dict, url: str, now=None) -> tuple[str, str, object] | None:
    """(title, body with attachment lines, published) of an embedded record that carries content, else
    None; the list's title and date win over the record's."""
    content = next((record[k] for k in CONTENT_KEYS if isinstance(record.get(k), str)), None)
    if not content:
        return None
    title = hints.get("title") or clean_text(str(record.get("title") or ""))[:300]
    body = html_text(content)
    published = hints.get("published_at") or entry_date(
        next((record[k] for k in ("display_publish_time", "publish_time", "created_at", "date") if record.get(k)),
             None), now=now)
    return title, with_attachments(body, attachments(record, content, url)) if body else "", published


@register_kind("gkmlpt")
class GkmlptSpider(JsonListSpider):
    """Finds the site id on the index page, pages each column's JSON list until stored articles, and
    reads each notice from its embedded record (the page's HTML when there is none)."""

    async def start(self):
        for url in self.source.start_urls:
            sid = self.source.gkmlpt.sid if self.source.gkmlpt else None
            if sid:
                for request in self.column_requests(url, sid):
                    yield request
                continue
            # The index is fetched unconditionally every run: the site id is read from it.
            yield scrapy.Request(url.split("#", 1)[0], callback=self.parse_index, errback=self.on_error,
                                 priority=20, dont_filter=True,
                                 meta={"tw_role": "listing", "tw_start_url": url})

    def column_requests(self, url: str, sid: str):
        """The first JSON page of every column of start URL `url`."""
        for column in start_columns(self.source, url):
            yield self.list_request(api_url(url, column, sid), page=1)

    def parse_index(self, response):
        """Read the site id, then request each column's first page."""
        sid = site_id(response.text) if isinstance(response, TextResponse) else None
        if sid is None:
            self.count_error("parse")
            self.crawler.stats.inc_value("tw/selectors_empty")
            self.logger.warning("no SID on gkmlpt index %s", response.url)
            return
        yield from self.column_requests(response.meta["tw_start_url"], sid)

    def parse_article(self, response):
        """The notice from its embedded record, else from the page's HTML; attachments appended."""
        hints = response.meta.get("tw_hints", {})
        record = embedded_detail(response.text) if isinstance(response, TextResponse) else None
        read = read_record(record, hints, response.url, now=self.reference_now) if record else None
        if read is not None:
            if not read[0] or not read[1]:
                self.count_error("parse")
                self.logger.warning("empty gkmlpt record on %s", response.url)
                return
            methods = {"title": "list" if hints.get("title") else "record", "body": "record",
                       "date": "list" if hints.get("published_at") else ("record" if read[2] else "none")}
            yield self.article_item(response, read[0], read[1], None, read[2], methods)
            return
        for item in super().parse_article(response):
            body = with_attachments(item["body"], attachments(None, response.text, response.url))
            if body != item["body"]:
                item = self.article_item(response, item["title"], body, item["author"], item["published_at"],
                                         item.get("extraction"))
            yield item
