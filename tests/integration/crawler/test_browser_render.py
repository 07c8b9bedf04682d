"""`render: browser`: a list that JavaScript builds, crawled through scrapy-playwright in Debian's Chromium."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from crawl_helpers import run_crawl
from sqlalchemy import select

from crawler.spiders.browser import DEFAULT_EXECUTABLE
from store.db import Database
from store.models import Article

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.timeout(300)]


@pytest.fixture(scope="module", autouse=True)
def _chromium():
    if not os.access(DEFAULT_EXECUTABLE, os.X_OK):
        pytest.fail(f"{DEFAULT_EXECUTABLE} is missing: install Debian's chromium (make setup does)")


def test_a_javascript_list_is_rendered_paged_and_stored_like_the_api_reads_it(demo_site, tmp_path):
    base = demo_site.base_url
    url = f"sqlite:///{tmp_path / 'tw.db'}"
    demo_site.requests.take()
    summary = run_crawl(url, base, ["demo-gkmlpt-browser"])["demo-gkmlpt-browser"]
    log = demo_site.requests.take()
    truth = {t["path"]: t for t in demo_site.gkmlpt_truth() if t["column"] == 2462}
    db = Database(url)
    with db.session() as s:
        articles = {a.url.removeprefix(base): a for a in s.scalars(select(Article))}
    db.dispose()
    assert set(articles) == set(truth)
    assert summary["new_articles"] == len(truth) and summary["errors"] == {}
    for path, article in articles.items():
        t = truth[path]
        assert (article.title, article.body, article.district) == (t["title"], t["body"], t["district"])
        assert article.published_at == dt.datetime.fromisoformat(t["published_at"])
    # The browser fetched the pages, and the JSON the page's script asked for, on the source's own host.
    pages = [p for p, _ in log if p.startswith("/zwgk/gkmlpt/index")]
    assert pages == ["/zwgk/gkmlpt/index?column=2462", "/zwgk/gkmlpt/index?column=2462&page=2"]
    assert sorted(int(m.group(1)) for p, _ in log if (m := re.search(r"/api/all/2462\?page=(\d+)", p))) == [1, 2]
    assert ("/robots.txt", 200) in log
    # Incremental: rendered again, the list leads to stored notices only; none is fetched or stored twice.
    again = run_crawl(url, base, ["demo-gkmlpt-browser"])["demo-gkmlpt-browser"]
    log = demo_site.requests.take()
    assert again["new_articles"] == 0
    assert not [p for p, _ in log if re.search(r"/gkmlpt/content/", p)]


def test_bad_browser_settings_are_refused_at_load(tmp_path):
    from crawler.sources import SourceError, load_source_file

    path = tmp_path / "s.yaml"
    path.write_text("""sources:
  - name: feed-one
    title: 一
    kind: rss
    render: browser
    start_urls: ['https://news.example/rss']
    browser:
      wait_for: "ul >> a"
""", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_source_file(path)
    assert info.value.problems == [
        f"{path}:8: sources[0].browser.wait_for: expected a valid CSS selector or 'xpath:' expression, "
        "got 'ul >> a' (Expected selector, got <DELIM '>' at 4>)"]
