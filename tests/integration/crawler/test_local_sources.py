"""Safety and health on a small local site: private addresses, offsite links, layout change, quiet source."""

from __future__ import annotations

import pytest
from crawl_helpers import run_crawl
from crawler_localsite import LocalSite, html_page
from sqlalchemy import select

from store.db import Database
from store.models import Article, CrawlRun

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _site():
    pages = {"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")}
    links = []
    for i in range(5):
        title = f"陆河县第{i}期农村供水工程完工通水"
        body = f"陆河县第{i}期农村供水工程日前完工，惠及群众三千余人。\n工程总投资约五百万元，由县水务部门组织实施。"
        pages[f"/a/{i}.html"] = (200, HTML, html_page(title, body, f"2025-04-0{i + 1} 09:00"))
        links.append(f'<li><a href="/a/{i}.html?spm=1.2#c">{title}</a></li>')
    links.append('<li><a href="http://offsite.example/evil.html">外站</a></li>')
    pages["/list/"] = (200, HTML, ("<ul class='list'>" + "".join(links) + "</ul>").encode())
    return LocalSite(pages).start()


def _config(tmp_path, base, allow_private=True, selector="ul.list a"):
    folder = tmp_path / "config"
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "local.yaml").write_text(f"""sources:
  - name: local-list
    title: 本地测试站
    kind: list
    start_urls: ["{base}/list/"]
    district: 陆河县
    allow_private: {str(allow_private).lower()}
    listing:
      article_links: "{selector}"
""", encoding="utf-8")
    return folder


def _runs(url):
    db = Database(url)
    with db.session() as s:
        runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
        articles = list(s.scalars(select(Article)))
    db.dispose()
    return runs, articles


def test_private_addresses_are_refused_unless_the_source_allows_them(tmp_path):
    site = _site()
    try:
        url = f"sqlite:///{tmp_path / 'tw.db'}"
        summary = run_crawl(url, site.base_url, ["local-list"], config_dir=_config(tmp_path, site.base_url, False))
        assert site.log == []  # not even robots.txt was requested
        assert summary["local-list"]["errors"] == {"private_address": 1}
        assert summary["local-list"]["flags"] == ["unreachable"]

        summary = run_crawl(url, site.base_url, ["local-list"], config_dir=_config(tmp_path, site.base_url, True))
        assert summary["local-list"]["new_articles"] == 5
        assert not [p for p in site.log if "evil" in p]  # the offsite link was not followed
        runs, articles = _runs(url)
        assert sorted(a.url for a in articles) == [f"{site.base_url}/a/{i}.html" for i in range(5)]
        assert {a.district for a in articles} == {"陆河县"}
    finally:
        site.stop()


def test_layout_change_and_quiet_source_are_flagged(tmp_path):
    site = _site()
    try:
        url = f"sqlite:///{tmp_path / 'tw.db'}"
        run_crawl(url, site.base_url, ["local-list"], config_dir=_config(tmp_path, site.base_url))
        # The site's markup changes: the configured selector now matches nothing.
        summary = run_crawl(url, site.base_url, ["local-list"],
                            config_dir=_config(tmp_path, site.base_url, selector="div.news-items a"))
        assert set(summary["local-list"]["flags"]) == {"layout-changed", "quiet"}
        # The list still loads with the old markup but is now empty: quiet, not a layout problem.
        site.pages["/list/"] = (200, HTML, "<ul class='list'></ul><p>暂无内容</p>".encode())
        summary = run_crawl(url, site.base_url, ["local-list"], config_dir=_config(tmp_path, site.base_url))
        assert "quiet" in summary["local-list"]["flags"]
        runs, _ = _runs(url)
        assert [r.flags for r in runs][0] == []
    finally:
        site.stop()
