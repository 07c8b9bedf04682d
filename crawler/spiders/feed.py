"""Kind `rss`: RSS 2.0 and Atom feeds; each entry's link is an article, its date a fallback."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from lxml import etree

from crawler.dates import parse_date
from crawler.spiders.base import SourceSpider, register_kind

ATOM = "{http://www.w3.org/2005/Atom}"
_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


def _feed_date(text: str | None):
    if not text:
        return None
    try:
        value = parsedate_to_datetime(text.strip())
        return value if value.tzinfo else None
    except (TypeError, ValueError, IndexError):
        return parse_date(text)


def feed_entries(body: bytes) -> list[tuple[str, str | None]]:
    """(link, date text) of every entry of an RSS or Atom document."""
    root = etree.fromstring(body, parser=_PARSER)
    if root is None:
        return []
    entries = []
    for item in root.iter("item"):
        link = (item.findtext("link") or item.findtext("guid") or "").strip()
        if link:
            entries.append((link, item.findtext("pubDate")))
    for entry in root.iter(f"{ATOM}entry"):
        node = entry.find(f"{ATOM}link[@rel='alternate']")
        if node is None:
            node = entry.find(f"{ATOM}link")
        if node is not None and node.get("href"):
            entries.append((node.get("href").strip(),
                            entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")))
    return entries


@register_kind("rss")
class FeedSpider(SourceSpider):
    """Reads the feed (conditionally) and requests the articles it lists."""

    def parse_listing(self, response):
        """Article requests for every feed entry."""
        if self.not_modified(response):
            return
        self.crawler.stats.inc_value("tw/listing_pages")
        entries = feed_entries(response.body)
        if not entries:
            self.crawler.stats.inc_value("tw/selectors_empty")
        yield from self.article_requests(
            [(link, {"published_at": _feed_date(date_text)}) for link, date_text in entries], base=response.url)
