"""`trustwatch serve` end to end: demo site -> crawl -> classify -> event in the review queue -> e-mail;
SIGTERM in the middle of a crawl and a restart lose nothing and duplicate nothing."""

from __future__ import annotations

import shutil

import httpx
import pytest
from sqlalchemy import func, select

from serve_harness import MailCatcher, ServeProcess, start_smtp, wait_until
from store.db import Database
from store.models import Article, CrawlRun, Delivery, DuplicateSighting, Event
from trustwatch.settings import PROJECT_ROOT

pytestmark = [pytest.mark.es, pytest.mark.slow]

SOURCE = "demo-news"
INCIDENT = {
    "portal": "news",
    "title": "海丰县一学校食堂发生集体食物中毒 23名学生送医",
    "district": "海丰县",
    "label": "food",
    "enterprises": ["海丰县鸿晟餐饮管理有限公司"],
    "paragraphs": [
        "11月24日中午，海丰县城东一所中学的学生在食堂用餐后陆续出现腹痛、呕吐、腹泻等症状，23名学生被送往医院治疗。",
        "据了解，该校食堂由海丰县鸿晟餐饮管理有限公司承包经营。市场监管部门已对食堂进行查封，留样食品已送检。",
        "初步调查显示，涉事企业使用了过期变质的肉类原料，且未按规定留存进货查验记录，涉嫌违反食品安全法。",
        "目前，送医学生病情稳定。海丰县市场监督管理局表示，将依法从严查处，并在全县开展校园食堂食品安全专项检查。",
    ],
}


def _event_of(db, title_part: str):
    """The event id of the stored article whose title contains `title_part` (None if not yet)."""
    with db.session() as s:
        return s.scalar(select(Article.event_id).where(Article.title.contains(title_part)))


@pytest.fixture
def demo_site():
    from demo.server import DemoSite

    site = DemoSite(host="127.0.0.1", port=0, slow_seconds=1.0).start()
    yield site
    site.stop()


@pytest.fixture
def mail():
    catcher = MailCatcher()
    controller = start_smtp(catcher)
    catcher.controller = controller
    yield catcher
    controller.stop()


@pytest.fixture
def serve_settings(tmp_path, es, demo_site, mail):
    """Settings for the serve subprocess: its own database, index prefix, the demo site and the SMTP server."""
    config = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config)
    settings = es.fresh_settings(
        env="test", home=tmp_path / "home", db_url=f"sqlite:///{tmp_path / 'serve.db'}", config_dir=config,
        demo_base_url=demo_site.base_url, smtp_host="127.0.0.1", smtp_port=mail.controller.port,
        smtp_starttls=False, smtp_ssl=False, alert_dry_run=False, base_url="http://127.0.0.1:8000")
    database = Database(settings.database_url)
    database.migrate()
    yield settings
    database.dispose()


def _reviewer_session(base_url: str, db: Database) -> httpx.Client:
    from trustwatch.auth import add_user

    with db.session() as s:
        add_user(s, "reviewer1", "correct-horse-9", "reviewer", actor="test")
    client = httpx.Client(base_url=base_url, timeout=15)
    answer = client.post("/api/v1/login", json={"username": "reviewer1", "password": "correct-horse-9"})
    assert answer.status_code == 200, answer.text
    return client


def test_a_published_incident_reaches_the_review_queue_and_the_regulator_by_email(
        serve_settings, demo_site, mail, tmp_path):
    db = Database(serve_settings.database_url)
    serve = ServeProcess(serve_settings, tmp_path, "--source", SOURCE, "--crawl-interval", "5").start()
    try:
        record = demo_site.publish(dict(INCIDENT))
        path = record["path"]

        def event_of_article():
            with db.session() as s:
                article = s.scalar(select(Article).where(Article.url.endswith(path)))
                return article.event_id if article is not None and article.event_id else None

        event_id = wait_until(event_of_article, 240, what="the incident article to be clustered into an event")
        reviewer = _reviewer_session(serve.url, db)
        queue = reviewer.get("/api/v1/events", params={"label": "food", "district": "海丰县"}).json()
        assert event_id in [e["id"] for e in queue["events"]], queue
        mails = wait_until(lambda: mail.matching("鸿晟餐饮"), 120, what="the notification e-mail")
        assert any(m["to"] for m in mails)
        assert any("海丰县" in m["body"] and "食物中毒" in (m["subject"] + m["body"]) for m in mails)
        health = httpx.get(serve.url + "/healthz", timeout=10).json()
        assert health["status"] == "ok", health
        metrics = httpx.get(serve.url + "/metrics", timeout=10).text
        assert 'trustwatch_articles_classified_total{label="food"}' in metrics
    finally:
        code = serve.terminate()
        db.dispose()
    assert code == 0, serve.log()[-3000:]


def _stored_paths(db: Database) -> list[str]:
    with db.session() as s:
        urls = list(s.scalars(select(Article.url))) + list(s.scalars(select(DuplicateSighting.url)))
    return urls


def test_sigterm_during_a_crawl_and_a_restart_lose_nothing_and_duplicate_nothing(
        serve_settings, demo_site, mail, tmp_path):
    db = Database(serve_settings.database_url)
    serve = ServeProcess(serve_settings, tmp_path, "--source", SOURCE, "--crawl-interval", "5").start()
    published = [demo_site.publish(dict(INCIDENT, title=f"{INCIDENT['title']}（续{i}）")) for i in range(2)]

    def mid_crawl():
        with db.session() as s:
            running = s.scalar(select(CrawlRun.id).where(CrawlRun.status == "running"))
            stored = s.scalar(select(func.count()).select_from(Article))
        return running if running and 5 <= stored else None

    try:
        interrupted = wait_until(mid_crawl, 120, interval=0.1, what="a crawl in progress with some articles stored")
    finally:
        code = serve.terminate()
    assert code == 0, serve.log()[-3000:]
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(Article))
    assert "stopping crawl" in serve.log()

    serve.start()  # the restart
    published.append(demo_site.publish(dict(INCIDENT, title=f"{INCIDENT['title']}（续9）")))
    expected = [a["path"] for a in demo_site.truth() if a["portal"] == "news" and a["reachable"]]
    assert {p["path"] for p in published} <= set(expected)

    def all_stored():
        urls = _stored_paths(db)
        return all(any(u.endswith(p) for u in urls) for p in expected)

    try:
        wait_until(all_stored, 240, what="every reachable article of the portal to be stored after the restart")
        # The follow-up joins the incident's event; whether the first message already went out before
        # it arrived depends on group_wait, so what must hold is: one event, and its notification sent.
        wait_until(lambda: _event_of(db, "续9"), 120, what="the article published after restart to join an event")
        wait_until(lambda: mail.matching(INCIDENT["title"]), 120, what="the incident's notification")
    finally:
        code = serve.terminate()
    assert code == 0, serve.log()[-3000:]

    urls = _stored_paths(db)
    for p in expected:  # no loss, no duplicate: every article exactly once (as an article or a sighting)
        assert sum(u.endswith(p) for u in urls) == 1, p
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) > before
        hashes = list(s.scalars(select(Article.content_hash)))
        assert len(hashes) == len(set(hashes))
        # No delivery was planned twice and no e-mail was sent twice across the stop and the restart.
        keys = list(s.scalars(select(Delivery.idempotency_key)))
        assert len(keys) == len(set(keys))
        assert s.scalar(select(func.count()).select_from(Event)) >= 1
        events = {_event_of(db, f"续{i}") for i in (0, 1, 9)}
        assert len(events) == 1 and None not in events  # reports of one incident make one event
        assert s.get(CrawlRun, interrupted).status != "running"  # the interrupted crawl was closed, not left dangling
    message_ids = [m["message_id"] for m in mail.messages]
    assert len(message_ids) == len(set(message_ids))
    db.dispose()
