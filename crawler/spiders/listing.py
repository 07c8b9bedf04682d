"""Kind `list`: paginated list pages whose links lead to articles (by selectors, or found without them)."""

from __future__ import annotations

from crawler.extract.article import select_nodes
from crawler.extract.links import article_links, next_page_link
from crawler.spiders.base import SourceSpider, register_kind


def _hrefs(nodes) -> list[str]:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.get("href"):
            out.append(node.get("href"))
        else:
            out.extend(a.get("href") for a in node.iter("a") if a.get("href"))
    return [h.strip() for h in out if h and h.strip() and not h.strip().startswith(("javascript:", "mailto:"))]


@register_kind("list")
class ListSpider(SourceSpider):
    """Follows article links and the next-page link of list pages, up to `max_pages` pages."""

    def parse_listing(self, response):
        """Article requests for the page's links, then the next page."""
        if self.not_modified(response):
            return
        rules = self.source.list_rules
        self.crawler.stats.inc_value("tw/listing_pages")
        root = _root(response)
        if root is None:
            self.count_error("parse")
            return
        if rules.article_links:
            links = _hrefs(select_nodes(root, rules.article_links))
        else:  # no selectors: the link extractor (navigation, paging, "more" links and ads left out)
            links = article_links(root, response.url)
        if not links:
            # The page loaded but the selector found nothing: the layout probably changed.
            self.crawler.stats.inc_value("tw/selectors_empty")
        yield from self.article_requests([(href, None) for href in links], base=response.url)
        page = response.meta.get("tw_page", 1)
        if rules.next_page:
            next_pages = _hrefs(select_nodes(root, rules.next_page))[:1]
        else:
            next_pages = [found] if not rules.article_links and (found := next_page_link(root, response.url)) else []
        if page < rules.max_pages:
            for href in next_pages:
                url = response.urljoin(href)
                if self.on_source(url):
                    request = self.listing_request(url)
                    request.meta["tw_page"] = page + 1
                    yield request


def _root(response):
    from crawler.extract.generic import parse_html

    try:
        return parse_html(response.text)
    except AttributeError:  # not a text response
        return None

