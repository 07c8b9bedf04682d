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
        for entry in entries:
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                url = response.urljoin(loc)
                if self.on_source(url):
                    yield self.listing_request(url)
                continue
            request = self.article_request(loc, base=response.url,
                                           hints={"published_at": parse_date(entry.get("lastmod"))})
            if request is not None:
                yield request
