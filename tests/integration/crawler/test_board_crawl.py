"""Crawl the demo complaint board: every message once, with its reply, poster names never stored."""

from __future__ import annotations

import datetime as dt

import pytest
from crawl_helpers import run_crawl
from sqlalchemy import select

from store.db import Database
from store.models import Article

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def test_every_message_is_stored_once_with_its_reply(demo_site, tmp_path):
    base = demo_site.base_url
    url = f"sqlite:///{tmp_path / 'tw.db'}"
    first = run_crawl(url, base, ["demo-board"])["demo-board"]
    demo_site.requests.take()
    second = run_crawl(url, base, ["demo-board"])["demo-board"]
    log2 = demo_site.requests.take()
    truth = {t["path"]: t for t in demo_site.board_truth()}
    db = Database(url)
    with db.session() as s:
        articles = {a.url.removeprefix(base): a for a in s.scalars(select(Article))}
    db.dispose()
    assert set(articles) == set(truth)
    assert first["new_articles"] == len(truth) and first["errors"] == {}
    for path, article in articles.items():
        t = truth[path]
        assert (article.title, article.body, article.district, article.author) == \
            (t["title"], t["body"], t["district"], None)
        assert article.published_at == dt.datetime.fromisoformat(t["published_at"])
        assert "留言人" not in article.body and "**" not in article.body
    answered = [t for t in truth.values() if t["answered"]]
    assert answered and all("【答复】" in articles[t["path"]].body for t in answered)
    assert {t["label"] for t in truth.values() if t["incident"]} == {"food", "medical", "safety"}
    # Nothing new the second time: list pages come back 304, no message page is fetched again.
    assert second["new_articles"] == 0
    assert not [p for p, _ in log2 if "/content_" in p]
