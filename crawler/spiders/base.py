"""The base spider every source kind shares: article requests, extraction, error accounting."""

from __future__ import annotations

import datetime as dt
import re

import scrapy
from scrapy.http import TextResponse

from crawler.districts import resolve_district
from crawler.errors import classify_failure
from crawler.extract import extract_article
from crawler.extract.article import MIN_BODY, content_hash
from crawler.items import ArticleItem
from crawler.pipelines import store_pipeline
from crawler.spiders.browser import browser_meta
from crawler.urls import canonicalize_url, url_host
from store.models import utcnow

SPIDER_KINDS: dict[str, type["SourceSpider"]] = {}


def register_kind(name: str):
    """Class decorator: make a spider class the crawler for sources of kind `name`."""
    def decorate(cls):
        cls.kind = name
        SPIDER_KINDS[name] = cls
        return cls
    return decorate


def spider_class_for(source) -> type["SourceSpider"]:
    """A spider class named after `source`, of the class its kind is registered with."""
    try:
        base = SPIDER_KINDS[source.kind]
    except KeyError:
        raise ValueError(f"no spider for kind {source.kind!r}; known: {', '.join(sorted(SPIDER_KINDS))}")
    attrs = {
        "name": source.name,
        "source": source,
        "allowed_domains": source.domains,
        "custom_settings": {"DEPTH_LIMIT": source.depth_limit},
    }
    return type(f"{base.__name__}_{source.name.replace('-', '_')}", (base,), attrs)


class SourceSpider(scrapy.Spider):
    """Crawls one configured source; subclasses read its listing (pages, feed or sitemap)."""

    kind = "abstract"
    source = None  # SourceConfig, set by spider_class_for
    # A list that carries titles and dates as data (JSON APIs) is more exact than the page's text.
    listed_fields_win = False

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        if cls.source is not None and cls.source.render == "browser":
            from crawler.spiders.browser import browser_settings

            settings.setdict(browser_settings(cls.source, settings), priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        now = crawler.settings.get("TW_NOW")
        spider.reference_now = dt.datetime.fromisoformat(now) if now else None
        # Validators of list pages fetched this run (ConditionalRequestMiddleware fills and saves them).
        spider.pending_validators = {}
        spider.requested_articles = set()
        return spider

    # -- the store (owned by the store pipeline; None when the crawl stores nothing) ------------------

    @property
    def store(self):
        """The crawl's CrawlStore, opened by StorePipeline; None when TW_DB_URL is unset."""
        pipeline = store_pipeline(self.crawler)
        return pipeline.store if pipeline is not None else None

    @property
    def source_id(self) -> int | None:
        """The source's row id in the store (written when the pipeline opened)."""
        pipeline = store_pipeline(self.crawler)
        return pipeline.source_id if pipeline is not None else None

    def known_urls(self, urls: list[str]) -> set[str]:
        """Which of `urls` the store already holds (none when the crawl stores nothing)."""
        store = self.store
        return store.known_urls(urls) if store is not None and urls else set()

    # -- requests -------------------------------------------------------------------------------------

    def listing_request(self, url: str, callback=None, depth_role: str = "listing") -> scrapy.Request:
        """A conditional request for a list page, feed or sitemap."""
        # Listing pages go first: they feed the queue, and pagination is a sequential chain.
        meta = {"tw_role": depth_role, "tw_conditional": True, "handle_httpstatus_list": [304]}
        meta.update(browser_meta(self.source, "listing"))
        return scrapy.Request(url, callback=callback or self.parse_listing, errback=self.on_error, priority=10,
                              meta=meta)

    def screen_links(self, links: list[tuple[str, dict | None]], base: str | None = None):
        """[(canonical url, hints, already stored)] of the article links that are on the source, match
        its pattern and were not requested yet this run; the store is asked about them all at once."""
        fresh: list[tuple[str, dict | None]] = []
        pattern = self.source.article_pattern
        for href, hints in links:
            canonical = canonicalize_url(href, base)
            if not canonical.startswith(("http://", "https://")) or not self.on_source(canonical):
                continue
            if (pattern and not re.search(pattern, canonical)) or canonical in self.requested_articles:
                continue
            self.requested_articles.add(canonical)
            fresh.append((canonical, hints))
        self.crawler.stats.inc_value("tw/article_links", len(fresh))
        known = self.known_urls([url for url, _ in fresh])
        self.crawler.stats.inc_value("tw/known_skipped", len(known))
        return [(url, hints or {}, url in known) for url, hints in fresh]

    def article_request(self, url: str, hints: dict | None = None) -> scrapy.Request:
        """The request for one article page."""
        meta = {"tw_role": "article", "tw_hints": hints or {}, "tw_url": url}  # `url` is canonical
        meta.update(browser_meta(self.source, "article"))
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error, meta=meta)

    def article_requests(self, links: list[tuple[str, dict | None]], base: str | None = None):
        """Requests for the article links [(href, hints)] not yet stored, off-source or repeated."""
        for url, hints, known in self.screen_links(links, base):
            if not known:
                yield self.article_request(url, hints)

    def on_source(self, url: str) -> bool:
        """True when `url` is on one of the source's own domains (or their subdomains)."""
        host = url_host(url)
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    async def start(self):
        for url in self.source.start_urls:
            yield self.listing_request(url)

    def parse_listing(self, response):  # pragma: no cover - each kind overrides it
        raise NotImplementedError

    def not_modified(self, response) -> bool:
        """True (and counted) when a conditional request came back 304."""
        if response.status == 304:
            self.crawler.stats.inc_value("tw/not_modified")
            return True
        return False

    # -- articles -------------------------------------------------------------------------------------

    def parse_article(self, response):
        """Extract the article; a page without title or body is a counted parse error."""
        if not isinstance(response, TextResponse):
            self.count_error("parse")
            return
        try:
            extracted = extract_article(response.text, self.source.selectors, now=self.reference_now, url=response.url)
        except Exception:  # hostile markup must not stop the crawl; the page is counted
            self.logger.exception("extraction failed on %s", response.url)
            self.count_error("parse")
            return
        hints = response.meta.get("tw_hints", {})
        methods = dict(extracted.methods)
        if self.listed_fields_win:
            title = hints.get("title") or extracted.title
            published = hints.get("published_at") or extracted.published_at
        else:
            title = extracted.title
            published = extracted.published_at or hints.get("published_at")
        if title != extracted.title:
            methods["title"] = "list"
        if published is not None and published != extracted.published_at:
            methods["date"] = "list"  # the list (JSON entry, feed item) gave the date
        if not title or not extracted.body or len(extracted.body) < MIN_BODY:
            self.count_error("parse")
            self.logger.warning("no title or body on %s", response.url)
            return
        yield self.article_item(response, title, extracted.body, extracted.author, published, methods)

    def article_item(self, response, title: str, body: str, author: str | None, published,
                     methods: dict | None = None) -> ArticleItem:
        """The item for an article read from `response` (its redirects become aliases); `methods` says
        where each field came from (stored as the article's `extraction`)."""
        requested = response.meta.get("tw_url")  # the canonical URL this article was requested by
        if requested and not response.meta.get("redirect_urls") and response.url == response.request.url:
            url, aliases = requested, set()
        else:
            url = canonicalize_url(response.url)
            aliases = {canonicalize_url(u) for u in response.meta.get("redirect_urls", ())}
            aliases.add(canonicalize_url(response.request.url))
            aliases.discard(url)
        return ArticleItem(
            url=url, aliases=sorted(aliases), source=self.source.name,
            title=title, body=body, author=author, published_at=published,
            district=resolve_district(title, body, self.source.district),
            content_hash=content_hash(title, body), fetched_at=utcnow(), extraction=methods or None,
        )

    # -- accounting -----------------------------------------------------------------------------------

    def count_error(self, kind: str) -> None:
        """Count one error of `kind` for this run."""
        self.crawler.stats.inc_value(f"tw/errors/{kind}")

    def on_error(self, failure):
        """Errback of every request: classify and count the failure; never raise."""
        kind = classify_failure(failure)
        self.count_error(kind)
        request = getattr(failure, "request", None)
        if request is not None and request.meta.get("tw_role") == "listing":
            self.crawler.stats.inc_value("tw/listing_errors")
        self.logger.debug("%s: %s (%s)", kind, getattr(request, "url", "?"), failure.getErrorMessage())
