"""Kind `json`: lists that come from a JSON endpoint; JSON paths pick entries, links, titles and dates."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.dates import parse_date
from crawler.sources.jsonpath import first, select
from crawler.spiders.base import SourceSpider, register_kind

MAX_TITLE_HINT = 300


def entry_date(value, now: dt.datetime | None = None) -> dt.datetime | None:
    """A listed date as an aware UTC datetime: Unix seconds or milliseconds (number or digits), or text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) >= 9:
        value = int(value.strip())
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        return parse_date(value, now=now)
    return None


def with_query(url: str, name: str, value) -> str:
    """`url` with query parameter `name` set to `value` (other parameters and their order kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    position = next((i for i, (k, _) in enumerate(pairs) if k == name), len(query))
    query.insert(position, (name, str(value)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_int(url: str, name: str) -> int | None:
    """The integer value of query parameter `name`, if present."""
    for key, value in parse_qsl(urlsplit(url).query):
        if key == name and value.lstrip("-").isdigit():
            return int(value)
    return None


@register_kind("json")
class JsonListSpider(SourceSpider):
    """Reads JSON list pages, requests the articles not yet stored, and pages on until it reaches
    stored ones (or `max_pages`, the last page, or an empty page)."""

    listed_fields_win = True

    @property
    def rules(self):
        return self.source.json_rules

    def list_request(self, url: str, page: int = 1, page_size: int | None = None):
        """A conditional request for JSON list page `page` (`page_size`: entries on the first page)."""
        request = self.listing_request(url)
        request.meta["tw_page"] = page
        request.meta["tw_page_size"] = page_size
        return request

    def parse_listing(self, response):
        """Article requests for the entries of one JSON page, then the next page when needed."""
        if self.not_modified(response):
            return
        self.crawler.stats.inc_value("tw/listing_pages")
        try:
            document = json.loads(response.text)
        except (AttributeError, ValueError):  # not text, or not JSON
            self.count_error("parse")
            self.logger.warning("not a JSON list: %s", response.url)
            return
        rules = self.rules
        links = []
        for entry in select(document, rules.items):
            link = first(entry, rules.link)
            if not isinstance(link, str) or not link.strip():
                continue
            hints = {}
            title = first(entry, rules.title) if rules.title else None
            if isinstance(title, str) and title.strip():
                hints["title"] = " ".join(title.split())[:MAX_TITLE_HINT]
            if rules.date:
                hints["published_at"] = entry_date(first(entry, rules.date), now=self.reference_now)
            links.append((link.strip(), self.entry_hints(entry, hints)))
        if not links:
            self.crawler.stats.inc_value("tw/selectors_empty")
        screened = self.screen_links(links, base=response.url)
        for url, hints, known in screened:
            if not known:
                yield self.article_request(url, hints)
        next_url = self.next_page_url(response, document, links, screened)
        if next_url:
            page_size = response.meta.get("tw_page_size") or len(links)
            yield self.list_request(next_url, response.meta.get("tw_page", 1) + 1, page_size)

    def entry_hints(self, entry: dict, hints: dict) -> dict:
        """What an entry tells about its article besides title and date (kinds may add to it)."""
        return hints

    def next_page_url(self, response, document, links, screened) -> str | None:
        """The next list page, or None: at max_pages, an empty or last page, or stored articles reached."""
        rules = self.rules
        page = response.meta.get("tw_page", 1)
        if not links or page >= rules.max_pages:
            return None
        if rules.stop_at_known:
            if not any(not known for _, _, known in screened):
                self.crawler.stats.inc_value("tw/paging_stopped_at_known")
                return None
            if screened and screened[-1][2]:  # the page's oldest entry is stored: older pages are too
                self.crawler.stats.inc_value("tw/paging_stopped_at_known")
                return None
        page_size = response.meta.get("tw_page_size") or len(links)
        if len(links) < page_size:  # a short page is the last one
            return None
        if rules.total:
            total = first(document, [rules.total])
            if isinstance(total, int | str) and str(total).isdigit() and (page - 1) * page_size + len(links) >= int(total):
                return None
        if rules.next_page:
            target = first(document, [rules.next_page])
            if not isinstance(target, str) or not target.strip():
                return None
            url = response.urljoin(target.strip())
            return url if self.on_source(url) else None
        if rules.page_param:
            current = query_int(response.url, rules.page_param)
            return with_query(response.url, rules.page_param, (current if current is not None else 1) + 1)
        return None
