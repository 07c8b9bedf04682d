"""Crawl the demo site over HTTP twice and check the store against the demo's own truth."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from store.db import Database
from store.models import Article, CrawlRun, DuplicateSighting, IndexOutbox, Source

from crawl_helpers import run_crawl

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def crawled(demo_site, tmp_path_factory):
    """Two crawls of all demo sources into one database: (db, summaries1, log1, summaries2, log2)."""
    path = tmp_path_factory.mktemp("demo-crawl") / "tw.db"
    url = f"sqlite:///{path}"
    demo_site.requests.take()
    first = run_crawl(url, demo_site.base_url)
    log1 = demo_site.requests.take()
    second = run_crawl(url, demo_site.base_url)
    log2 = demo_site.requests.take()
    db = Database(url)
    yield db, first, log1, second, log2
    db.dispose()


def _truth(site):
    return {t["path"]: t for t in site.truth()}


def _stored(db, base):
    with db.session() as s:
        articles = {a.url.removeprefix(base): a for a in s.scalars(select(Article))}
        sightings = {d.url.removeprefix(base): d for d in s.scalars(select(DuplicateSighting))}
    return articles, sightings


def test_every_reachable_article_is_stored_once_with_the_right_fields(crawled, demo_site):
    db, first, *_ = crawled
    truth = _truth(demo_site)
    articles, sightings = _stored(db, demo_site.base_url)
    reachable = {p: t for p, t in truth.items() if t["reachable"]}
    # Stored once: an article row, or (exact duplicate / legacy redirect URL) a sighting of one.
    missing = [p for p in reachable if p not in articles and p not in sightings]
    assert missing == []
    assert set(articles) <= set(reachable)  # nothing unreachable, nothing invented
    assert len({a.content_hash for a in articles.values()}) == len(articles)
    wrong = []
    for path, article in articles.items():
        t = reachable[path]
        expected_time = dt.datetime.fromisoformat(t["published_at"])
        got = (article.title, article.body, article.published_at, article.district, article.author)
        want = (t["title"], t["body"], expected_time, t["district"], t["author"])
        if got != want:
            wrong.append((path, [(g, w) for g, w in zip(got, want) if g != w]))
    assert wrong == []
    assert sum(s["new_articles"] for s in first.values()) == len(articles)


def test_gbk_portal_titles_and_dates_are_exact(crawled, demo_site):
    db, *_ = crawled
    truth = _truth(demo_site)
    articles, _ = _stored(db, demo_site.base_url)
    gov = {p: a for p, a in articles.items() if p.startswith("/gov/")}
    assert len(gov) >= 40
    for path, article in gov.items():
        assert article.title == truth[path]["title"]
        assert article.published_at == dt.datetime.fromisoformat(truth[path]["published_at"])
        assert "\ufffd" not in article.body and "锟" not in article.body  # no mojibake


def test_exact_duplicate_is_a_sighting_not_a_second_article(crawled, demo_site):
    db, first, *_ = crawled
    truth = _truth(demo_site)
    articles, sightings = _stored(db, demo_site.base_url)
    pairs = [(p, t["duplicate_of"]) for p, t in truth.items() if t["duplicate_of"]]
    assert pairs
    for copy, original in pairs:
        stored = [p for p in (copy, original) if p in articles]
        seen = [p for p in (copy, original) if p in sightings]
        assert len(stored) == 1 and len(seen) == 1
        assert sightings[seen[0]].article_id == articles[stored[0]].id
    assert sum(s["duplicates"] for s in first.values()) == len(pairs)


def test_every_article_has_an_index_outbox_row(crawled):
    db, *_ = crawled
    with db.session() as s:
        ids = set(s.scalars(select(Article.id)))
        queued = list(s.scalars(select(IndexOutbox.doc_id).where(IndexOutbox.doc_type == "article")))
    assert sorted(queued) == sorted(ids)


def test_second_crawl_fetches_no_stored_article_again(crawled, demo_site):
    db, first, log1, second, log2 = crawled
    articles, sightings = _stored(db, demo_site.base_url)
    known = set(articles) | set(sightings)
    fetched_again = sorted({path.split("?")[0] for path, _ in log2} & known)
    assert fetched_again == []
    assert sum(s["new_articles"] for s in second.values()) == 0
    # Feeds and sitemaps are conditional: the second crawl got 304 Not Modified for them.
    assert ("/news/rss.xml", 304) in log2 and ("/gov/sitemap.xml", 304) in log2
    assert ("/daily/", 304) in log2


def test_robots_disallowed_path_is_never_fetched(crawled):
    _, first, log1, _, log2 = crawled
    assert not [p for p, _ in log1 + log2 if p.startswith("/daily/internal/")]
    assert ("/robots.txt", 200) in log1
    assert first["demo-daily"]["errors"].get("robots") == 1


def test_traps_are_counted_errors_not_crashes(crawled):
    _, first, *_ = crawled
    assert {s["status"] for s in first.values()} == {"finished"}
    assert first["demo-daily"]["errors"].get("maxsize") == 1      # the >3 MB page
    assert first["demo-daily"]["errors"].get("data_loss") == 1    # the truncated page
    assert first["demo-gov"]["errors"].get("http_5xx") == 1       # the 500 page
    assert first["demo-news"]["errors"].get("timeout") == 1       # the slow page


def test_tracking_and_redirect_urls_are_canonical(crawled, demo_site):
    db, *_ = crawled
    truth = _truth(demo_site)
    articles, sightings = _stored(db, demo_site.base_url)
    assert not [u for u in articles if "utm_" in u or "#" in u or "spm=" in u]
    redirected = [p for p, t in truth.items() if t["trap"] == "redirect"]
    assert redirected and all(p in articles for p in redirected)
    # The legacy URL that redirected is remembered, so it is not fetched again either.
    assert any(d.article_id == articles[redirected[0]].id for d in sightings.values())


def test_runs_sources_and_health_are_recorded(crawled, demo_site, capsys):
    db, first, _, second, _ = crawled
    with db.session() as s:
        sources = {src.name: src for src in s.scalars(select(Source))}
        runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
    assert set(sources) == {"demo-daily", "demo-gov", "demo-news"}
    assert all(src.last_success_at is not None for src in sources.values())
    assert len(runs) == 6 and all(r.status == "finished" and r.finished_at for r in runs)
    assert all(r.flags == [] for r in runs)  # unchanged sources are not "quiet"
    from crawler.cli import cmd_status
    from trustwatch.settings import load_settings

    assert cmd_status(None, load_settings(db_url=db.url)) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert set(lines) == {"demo-daily", "demo-gov", "demo-news"}
    assert all("正常" in line and "最近运行 finished" in line and "从未成功" not in line for line in lines.values())
