"""Crawl the demo gkmlpt portal (and a JSON list) over HTTP and check the store against the portal's truth."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from crawl_helpers import run_crawl
from sqlalchemy import select

from store.db import Database
from store.models import Article

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

API = re.compile(r"^/zwgk/gkmlpt/api/all/(\d+)\?page=(\d+)&sid=(\d+)$")


def _stored(url: str, base: str) -> dict[str, Article]:
    db = Database(url)
    with db.session() as s:
        articles = {a.url.removeprefix(base): a for a in s.scalars(select(Article))}
    db.dispose()
    return articles


def _expected_body(record: dict, base: str) -> str:
    lines = [record["body"]] + [f"附件：{a['name']}（{base}{a['path']}）" for a in record["attachments"]]
    return "\n".join(lines)


def _api_pages(log) -> list[tuple[int, int]]:
    return [(int(m.group(1)), int(m.group(2))) for path, _ in log if (m := API.match(path))]


@pytest.fixture(scope="module")
def crawled(demo_site, tmp_path_factory):
    """Two crawls of demo-gkmlpt into one database: (db url, summary1, log1, summary2, log2)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('gkmlpt') / 'tw.db'}"
    demo_site.requests.take()
    first = run_crawl(url, demo_site.base_url, ["demo-gkmlpt"])["demo-gkmlpt"]
    log1 = demo_site.requests.take()
    second = run_crawl(url, demo_site.base_url, ["demo-gkmlpt"])["demo-gkmlpt"]
    log2 = demo_site.requests.take()
    return url, first, log1, second, log2


def test_every_notice_is_stored_once_with_title_date_district_and_attachments(crawled, demo_site):
    url, first, log1, *_ = crawled
    base = demo_site.base_url
    truth = {t["path"]: t for t in demo_site.gkmlpt_truth()}
    articles = _stored(url, base)
    assert set(articles) == set(truth)
    assert first["new_articles"] == len(truth) and first["errors"] == {}
    wrong = []
    for path, article in articles.items():
        t = truth[path]
        got = (article.title, article.body, article.published_at, article.district, article.author)
        want = (t["title"], _expected_body(t, base), dt.datetime.fromisoformat(t["published_at"]), t["district"], None)
        if got != want:
            wrong.append((path, [(g, w) for g, w in zip(got, want) if g != w]))
    assert wrong == []
    # The portal's incidents are among the stored notices, in both columns.
    incidents = {t["column"] for t in truth.values() if t["incident"]}
    assert incidents == {2461, 2462}
    # Bodies come from the embedded record and, on older pages without one, from the HTML.
    assert {t["body_in"] for t in truth.values()} == {"record", "html"}
    assert {t["body_in"] for t in truth.values() if t["attachments"]} == {"record", "html"}
    with_attachments = [t for t in truth.values() if t["attachments"]]
    assert with_attachments and all("附件：" in articles[t["path"]].body for t in with_attachments)


def test_first_crawl_reads_the_sid_and_pages_each_column_to_its_end(crawled, demo_site):
    _, _, log1, *_ = crawled
    assert ("/zwgk/gkmlpt/index", 200) in log1
    pages = _api_pages(log1)
    assert sorted(pages) == [(2461, 1), (2461, 2), (2461, 3), (2462, 1), (2462, 2)]
    assert all(status == 200 for path, status in log1 if API.match(path))
    assert not [p for p, _ in log1 if p.startswith("/zwgk/attachment/")]  # attachments are linked, not fetched


def test_second_crawl_stops_at_the_first_page_of_each_column(crawled, demo_site):
    *_, second, log2 = crawled
    assert second["new_articles"] == 0 and second["errors"] == {}
    assert sorted(_api_pages(log2)) == [(2461, 1), (2462, 1)]
    assert not [p for p, _ in log2 if "/content/" in p]


def test_a_new_notice_is_fetched_alone_and_paging_stops_at_stored_ones(crawled, demo_site):
    url, *_ = crawled
    base = demo_site.base_url
    record = demo_site.gkmlpt.add(
        2461, "汕尾市市场质量综合监管局行政处罚决定书（汕市质罚〔2025〕99号）",
        ["当事人：海丰县附城镇示例食品商行", "违法事实：经查，当事人销售超过保质期的食品共计36件。",
         "处罚决定：没收违法经营的食品，并处罚款人民币5000元。"],
        dt.datetime(2025, 4, 19, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))), district="海丰县",
        label="food", incident="gk-food-live")
    demo_site.requests.take()
    summary = run_crawl(url, base, ["demo-gkmlpt"])["demo-gkmlpt"]
    log = demo_site.requests.take()
    assert summary["new_articles"] == 1
    assert sorted(_api_pages(log)) == [(2461, 1), (2462, 1)]  # page 1's oldest entry is stored: no page 2
    assert [p for p, _ in log if "/content/" in p] == [record["path"]]
    stored = _stored(url, base)[record["path"]]
    assert (stored.title, stored.district) == (record["title"], "海丰县")
    assert stored.published_at == dt.datetime(2025, 4, 19, 2, 30, tzinfo=dt.timezone.utc)


def _json_config(tmp_path, base: str):
    folder = tmp_path / "config"
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "json.yaml").write_text(f"""sources:
  - name: demo-news-json
    title: 潮声网（演示，JSON 列表）
    kind: json
    start_urls: ["{base}/news/api/list.json?page=1"]
    district: 城区
    allow_private: true
    json:
      items: "$.data.list[*]"
      link: link
      title: title
      date: [pubtime, date]
      next_page: "$.data.next"
      max_pages: 10
""", encoding="utf-8")
    return folder


def test_a_json_list_with_next_page_links_finds_every_article(demo_site, tmp_path):
    base = demo_site.base_url
    url = f"sqlite:///{tmp_path / 'tw.db'}"
    demo_site.requests.take()
    summary = run_crawl(url, base, ["demo-news-json"], config_dir=_json_config(tmp_path, base))["demo-news-json"]
    log = demo_site.requests.take()
    news = {t["path"]: t for t in demo_site.truth() if t["portal"] == "news" and t["reachable"]}
    articles = _stored(url, base)
    assert set(articles) == set(news)
    assert summary["new_articles"] == len(news)
    for path, article in articles.items():
        assert article.title == news[path]["title"]
        assert article.published_at == dt.datetime.fromisoformat(news[path]["published_at"])
    pages = -(-len(demo_site.state.portal_articles("news")) // 20)
    assert pages > 1
    assert [p for p, _ in log if p.startswith("/news/api/")] == [f"/news/api/list.json?page={n}" for n in range(1, pages + 1)]
    # Incremental: the second crawl stores nothing again and fetches no stored article's page (only the
    # slow trap page, which timed out and was never stored, is tried again).
    again = run_crawl(url, base, ["demo-news-json"], config_dir=_json_config(tmp_path, base))["demo-news-json"]
    log = demo_site.requests.take()
    assert again["new_articles"] == 0 and len(_stored(url, base)) == len(news)
    assert not [p for p, _ in log if p in news]
