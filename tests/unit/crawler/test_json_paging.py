"""JSON list paging in-process: which articles are requested and when paging stops (stored, short, total)."""

from __future__ import annotations

import json

from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from crawler.sources.schema import SourceConfig
from crawler.spiders import spider_class_for

API = "https://www.example.gov.cn/scjgj/gkmlpt/api/all/2461?page={page}&sid=660001"


class KnownUrls:
    """The one store call a list page makes: which of these URLs are stored."""

    def __init__(self, known=()):
        self.known = set(known)

    def known_urls(self, urls):
        return {u for u in urls if u in self.known}


def _spider(known=(), **gkmlpt):
    source = SourceConfig.model_validate({
        "name": "gk-test", "title": "测试", "kind": "gkmlpt",
        "start_urls": ["https://www.example.gov.cn/scjgj/gkmlpt/index#2461"], "gkmlpt": gkmlpt or None})
    cls = spider_class_for(source)
    spider = cls()
    spider._set_crawler(get_crawler(cls))
    spider.crawler.stats.open_spider()
    spider.known_urls, spider.requested_articles, spider.reference_now = KnownUrls(known).known_urls, set(), None
    return spider


def _entries(ids):
    return [{"id": i, "title": f"通知{i}", "url": f"https://www.example.gov.cn/scjgj/gkmlpt/content/0/{i}/post_{i}.html",
             "display_publish_time": 1743989400 - i * 3600} for i in ids]


def _page(spider, page, ids, total, page_size=None):
    url = API.format(page=page)
    body = json.dumps({"total": total, "articles": _entries(ids)}).encode()
    request = Request(url, meta={"tw_page": page, "tw_page_size": page_size})
    out = list(spider.parse_listing(TextResponse(url, body=body, request=request, encoding="utf-8")))
    articles = [r.url.rsplit("_", 1)[1] for r in out if r.meta["tw_role"] == "article"]
    pages = [r.url for r in out if r.meta["tw_role"] == "listing"]
    return articles, pages, out


def test_a_full_page_of_new_entries_asks_for_the_next_page_with_titles_and_dates():
    articles, pages, out = _page(_spider(), 1, range(1, 11), total=25)
    assert articles == [f"{i}.html" for i in range(1, 11)]
    assert pages == [API.format(page=2)]
    hints = out[0].meta["tw_hints"]
    assert hints["title"] == "通知1" and hints["published_at"].isoformat() == "2025-04-07T00:30:00+00:00"


def test_paging_stops_where_stored_articles_begin():
    stored = [e["url"] for e in _entries(range(6, 11))]
    articles, pages, _ = _page(_spider(known=stored), 1, range(1, 11), total=25)
    assert articles == [f"{i}.html" for i in range(1, 6)] and pages == []


def test_a_stored_pinned_entry_at_the_top_does_not_stop_paging():
    stored = [_entries([1])[0]["url"]]
    articles, pages, _ = _page(_spider(known=stored), 1, range(1, 11), total=25)
    assert len(articles) == 9 and pages == [API.format(page=2)]


def test_paging_stops_at_a_short_page_at_the_total_and_at_max_pages():
    assert _page(_spider(), 3, range(21, 26), total=25, page_size=10)[1] == []
    assert _page(_spider(), 2, range(11, 21), total=20, page_size=10)[1] == []
    assert _page(_spider(max_pages=2), 2, range(11, 21), total=99, page_size=10)[1] == []
    assert _page(_spider(max_pages=3), 2, range(11, 21), total=99, page_size=10)[1] == [API.format(page=3)]


def test_garbage_instead_of_json_is_a_counted_parse_error():
    spider = _spider()
    request = Request(API.format(page=1), meta={"tw_page": 1})
    response = TextResponse(API.format(page=1), body="<html>访问过于频繁</html>".encode(), request=request,
                            encoding="utf-8")
    assert list(spider.parse_listing(response)) == []
    assert spider.crawler.stats.get_value("tw/errors/parse") == 1
