"""The demo site serves three believable portals over real HTTP."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest

from demo.corpus import traps, truth

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _follow_list(http, start: str) -> tuple[list[str], set[str]]:
    """Walk a portal's list pages through 下一页 links; return the pages and the article links (path only)."""
    pages, links, url = [], set(), start
    while url and len(pages) < 50:
        response = http.get(url)
        assert response.status_code == 200, url
        text = response.content.decode("gb18030" if url.startswith("/gov/") else "utf-8")
        pages.append(url)
        for href in re.findall(r'<a class="title" href="([^"]+)"|<li><a href="([^"]+)" title=|<h3><a href="([^"]+)"', text):
            href = next(h for h in href if h)
            links.add(href.replace("&amp;", "&"))
        nxt = re.search(r'<a class="next" href="([^"]+)">下一页</a>', text)
        url = nxt.group(1) if nxt else None
    return pages, links


@pytest.mark.parametrize("portal,start,per_page", [("daily", "/daily/", 15), ("gov", "/gov/", 20), ("news", "/news/", 20)])
def test_list_pages_paginate_through_every_listed_article(http, portal, start, per_page):
    pages, links = _follow_list(http, start)
    expected = [r for r in truth() if r["portal"] == portal and r["trap"] != "internal"]
    assert len(pages) == -(-len(expected) // per_page) >= 2
    canonical = {re.sub(r"[?#].*$", "", link) for link in links}
    redirect = traps()["redirect"]
    canonical = {redirect["to"] if c == redirect["from"] else c for c in canonical}
    assert canonical == {r["path"] for r in expected}


def test_daily_pages_are_utf8_with_site_name_in_title_and_traps_for_date_extraction(http):
    record = next(r for r in truth() if r["portal"] == "daily" and r["author"] and r["reachable"])
    response = http.get(record["path"])
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    html = response.content.decode("utf-8")
    assert f"<title>{record['title']}_晨潮日报</title>" in html
    t = record["published_at"]
    written = f"{int(t[:4])}年{int(t[5:7])}月{int(t[8:10])}日 {t[11:16]}"
    assert f'<span class="pub-time">{written}</span>' in html
    assert f"记者 {record['author']}" in html
    related_dates = re.findall(r"<span>(\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d)</span>", html)
    assert len(related_dates) == 5 and set(related_dates) != {written}
    assert "Copyright" in html and "下一页" not in html


def test_gov_pages_are_gbk_and_decode_to_the_true_title(http):
    gov = [r for r in truth() if r["portal"] == "gov" and r["reachable"]]
    tricky = next(r for r in gov if "镕" in r["title"])
    for record in [tricky, *gov[:10]]:
        response = http.get(record["path"])
        assert response.headers["content-type"] == "text/html; charset=gbk"
        raw = response.content
        assert b'<meta charset="gb2312">' in raw
        html = raw.decode("gb18030")
        assert f"<h2>{record['title']}</h2>" in html
        date = record["published_at"][:10]
        assert re.search(rf"发布时间：{date}( \d\d:\d\d:\d\d)?<", html)
        assert "来源：" in html
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")


def test_robots_txt_disallows_the_internal_section(http):
    response = http.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /daily/internal/" in response.text
    assert "Sitemap: " in response.text and response.text.strip().endswith("/gov/sitemap.xml")
    front = http.get("/daily/").text
    assert f'href="{traps()["internal"]}"' in front


def test_rss_feed_lists_every_news_article_with_rfc822_dates(http, site):
    response = http.get("/news/rss.xml")
    assert response.headers["content-type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    news = {r["path"]: r for r in truth() if r["portal"] == "news"}
    assert len(items) == len(news)
    for item in items:
        path = item.findtext("link").removeprefix(site.base_url)
        record = news[path]
        assert item.findtext("title") == record["title"]
        assert parsedate_to_datetime(item.findtext("pubDate")).isoformat() == record["published_at"]


def test_sitemap_lists_every_gov_article_with_lastmod(http, site):
    root = ET.fromstring(http.get("/gov/sitemap.xml").content)
    entries = {u.findtext(f"{SITEMAP_NS}loc").removeprefix(site.base_url): u.findtext(f"{SITEMAP_NS}lastmod")
               for u in root.findall(f"{SITEMAP_NS}url")}
    gov = {r["path"]: r for r in truth() if r["portal"] == "gov"}
    assert set(entries) == set(gov)
    for path, lastmod in entries.items():
        assert gov[path]["published_at"].startswith(lastmod[:10])


def test_news_pages_write_relative_dates_from_the_reference_time(http):
    from demo.corpus import REFERENCE_NOW, news_date_text
    from datetime import datetime

    relative = [r for r in truth() if r["portal"] == "news" and r["reachable"]
                and not re.match(r"\d{4}-", news_date_text(datetime.fromisoformat(r["published_at"])))]
    assert len(relative) >= 3
    for record in relative:
        html = http.get(record["path"]).text
        written = re.search(r"<time>发布于 ([^<]+)</time>", html).group(1)
        assert written == news_date_text(datetime.fromisoformat(record["published_at"]), REFERENCE_NOW)
        assert written.endswith("前") or written.startswith("昨天")


@pytest.mark.parametrize("path", ["/news/rss.xml", "/news/", "/daily/", "/gov/", "/gov/sitemap.xml"])
def test_conditional_requests_answer_304(http, path):
    first = http.get(path)
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]
    again = http.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert http.get(path, headers={"If-Modified-Since": last_modified}).status_code == 304
    assert http.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_every_article_in_the_truth_is_served_unless_unreachable_by_design(http):
    for record in truth():
        if record["trap"] in ("slow", "malformed"):
            continue  # covered by the trap tests
        response = http.get(record["path"])
        if record["reachable"] or record["trap"] in ("internal", "oversized"):
            assert response.status_code == 200, record["path"]
        else:
            assert response.status_code == 500, record["path"]


def test_unknown_pages_are_404(http):
    assert http.get("/daily/2025/01/01/9999.html").status_code == 404
    assert http.get("/daily/list_99.html").status_code == 404


def test_site_index_links_the_portals(http):
    html = http.get("/").text
    for href in ("/daily/", "/gov/", "/news/", "/news/rss.xml"):
        assert f'href="{href}"' in html
