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
    assert all(articles[t["path"]].reply is None for t in truth.values() if not t["answered"])
    assert all(articles[t["path"]].extraction == {"title": "selector", "date": "selector", "body": "board",
                                                  "author": "generic"} for t in truth.values())
    # Nothing new the second time: list pages come back 304; the only message pages fetched again are
    # the unanswered ones posted within the revisit window (30 days before the crawl's 'now').
    assert second["new_articles"] == 0
    since = dt.datetime(2025, 4, 20, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))) - dt.timedelta(days=30)
    waiting = {t["path"] for t in truth.values()
               if not t["answered"] and dt.datetime.fromisoformat(t["published_at"]) >= since}
    assert waiting and len(waiting) < len([t for t in truth.values() if not t["answered"]])
    assert sorted(p for p, _ in log2 if "/content_" in p) == sorted(waiting)


def test_a_reply_that_appears_later_is_stored_with_the_thread(demo_site, tmp_path):
    base = demo_site.base_url
    url = f"sqlite:///{tmp_path / 'tw.db'}"
    run_crawl(url, base, ["demo-board"])
    waiting = max((m for m in demo_site.board.messages if not m.reply), key=lambda m: m.posted_at)
    replied = dt.datetime(2025, 4, 18, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    demo_site.board.answer(waiting.id, "汕尾市人力资源和社会保障局", ["您好，断缴后可按规定补缴，请携带身份证到社保经办窗口办理。"], replied)
    second = run_crawl(url, base, ["demo-board"])["demo-board"]
    third = run_crawl(url, base, ["demo-board"])["demo-board"]
    db = Database(url)
    with db.session() as s:
        articles = {a.url.removeprefix(base): a for a in s.scalars(select(Article))}
    db.dispose()
    thread = articles[waiting.path]
    assert thread.reply == {"department": "汕尾市人力资源和社会保障局", "replied_at": "2025-04-18T08:30:00+00:00",
                            "text": "您好，断缴后可按规定补缴，请携带身份证到社保经办窗口办理。"}
    assert thread.body == waiting.body  # the message, then 【答复】 with department and time, then the reply
    assert second["new_articles"] == third["new_articles"] == 0  # stored with the thread, not a second article
    assert len(articles) == len(demo_site.board.messages)
    assert [a for a in articles.values() if a.reply is not None and a.url.removeprefix(base) != waiting.path]
