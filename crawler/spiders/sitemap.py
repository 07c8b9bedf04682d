"""Kind `sitemap`: XML sitemaps and sitemap indexes; `article_pattern` picks the article URLs."""

from __future__ import annotations

from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from crawler.dates import parse_date
from crawler.spiders.base import SourceSpider, register_kind

MAX_SITEMAP_BYTES = 20 * 1024 * 1024


@register_kind("sitemap")
class SitemapSpider(SourceSpider):
    """Follows sitemap indexes and requests every listed article URL."""

    def parse_listing(self, response):
        """Sub-sitemap requests for an index, article requests for a URL set."""
        if self.not_modified(response):
            return
        self.crawler.stats.inc_value("tw/listing_pages")
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
        try:
            sitemap = Sitemap(body)
        except Exception:  # lxml raises several types on garbage
            self.count_error("parse")
            return
        entries = list(sitemap)
        if not entries:
            self.crawler.stats.inc_value("tw/selectors_empty")
        if sitemap.type == "sitemapindex":
            for entry in entries:
                url = response.urljoin(entry.get("loc") or "")
                if entry.get("loc") and self.on_source(url):
                    yield self.listing_request(url)
            return
        yield from self.article_requests(
            [(e["loc"], {"published_at": parse_date(e.get("lastmod"))}) for e in entries if e.get("loc")],
            base=response.url)
