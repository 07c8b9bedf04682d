"""The review queue's 「待确认」 lane: least-certain recent articles first, labels recorded, audited and retrained on."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from alerts.pipeline import classify_pending
from trustwatch.review_examples import review_examples
from classifier.verdict import Verdict
from store.db import Database
from store.models import Article, ArticleLabelDecision, AuditEntry, Event, ReviewDecision, utcnow
from trustwatch.web.uncertain_lane import MAX_CERTAINTY

ROWS = re.compile(r'data-test="uncertain-(\d+)"')


def _article(s, title: str, certainty: float | None, label: str = "none", days_old: float = 0.5, **kw) -> int:
    a = Article(url=f"https://news.example.cn/{abs(hash(title))}", title=title, body=f"{title}。正文", content_hash=title,
                label=label, certainty=certainty, scores={"food": 0.2, "medical": 0.05, "safety": 0.05, "none": 0.7},
                fetched_at=utcnow() - dt.timedelta(days=days_old), classified_at=utcnow(), model_version="m1", **kw)
    s.add(a)
    s.flush()
    return a.id


def _lane_articles(db) -> dict[str, int]:
    with db.session() as s:
        ids = {
            "middle": _article(s, "某区卫健局通报医疗机构检查情况", 0.40, label="none"),
            "nearest": _article(s, "餐馆多名食客就餐后身体不适", 0.05, label="none"),
            "event": _article(s, "工地脚手架倒塌一人受伤", 0.20, label="safety"),
            "far": _article(s, "市政府召开常务会议", 2.5, label="none"),  # the model is sure: not in the lane
            "old": _article(s, "上月的旧闻：餐馆卫生检查", 0.01, days_old=40),  # not recent
            "unscored": _article(s, "尚无确定度的文章", None),  # classified before certainty existed
        }
        event = Event(title="某酒楼食物中毒", label="food")
        s.add(event)
        s.flush()
        ids["decided_event"] = _article(s, "酒楼婚宴后多人腹泻", 0.02, label="food", event_id=event.id)
        s.add(ReviewDecision(event_id=event.id, action="confirm", label="food", actor="shenhe"))
        ids["decided_event_id"] = event.id
    return ids


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """This module's tests on SQLite and on PostgreSQL (the `web` fixture seeds whichever it gets)."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_db")
        return
    database = Database(f"sqlite:///{tmp_path / 'trustwatch.db'}")
    database.migrate()
    yield database
    database.dispose()


def test_the_lane_shows_the_least_certain_recent_articles_first(web, db):
    ids = _lane_articles(db)
    web.login("shenhe")
    page = web.http.get("/queue/uncertain")
    assert page.status_code == 200
    assert [int(x) for x in ROWS.findall(page.text)] == [ids["nearest"], ids["event"], ids["middle"]]
    assert "待确认" in page.text and '<span class="count">3</span>' in page.text
    # Buttons for every label, in Chinese; the queue links to the lane.
    for name in ("食品", "医疗", "安全生产", "无关"):
        assert f">{name}</button>" in page.text
    assert 'href="/queue/uncertain"' in web.http.get("/queue").text


def test_a_label_from_the_lane_is_recorded_audited_and_becomes_a_training_example(web, db):
    ids = _lane_articles(db)
    web.login("shenhe")
    web.page_token("/queue/uncertain")
    resp = web.post_form(f"/articles/{ids['nearest']}/label", {"label": "food"}, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/queue/uncertain"
    page = web.http.get("/queue/uncertain").text
    assert "已标注为「食品」" in page
    assert [int(x) for x in ROWS.findall(page)] == [ids["event"], ids["middle"]]  # decided: out of the lane
    with db.session() as s:
        decision = s.scalar(select(ArticleLabelDecision))
        assert (decision.article_id, decision.label, decision.predicted, decision.actor) == (
            ids["nearest"], "food", "none", "shenhe")
        assert decision.certainty == 0.05 and decision.model_version == "m1"
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "article.label"))
        assert (entry.actor, entry.entity_type, entry.entity_id, entry.details["label"]) == (
            "shenhe", "article", ids["nearest"], "food")
        # Not yet in an event: it takes the reviewer's label, so the next pass clusters it into an event.
        assert s.get(Article, ids["nearest"]).label == "food"
    examples = {e.title: e for e in review_examples(db)}
    assert examples["餐馆多名食客就餐后身体不适"].label == "food"
    assert examples["餐馆多名食客就餐后身体不适"].source == "review"
    assert examples["酒楼婚宴后多人腹泻"].label == "food"  # the event decision still counts


def test_an_article_label_outranks_its_events_decision_in_the_training_examples(web, db):
    ids = _lane_articles(db)
    web.login("admin")
    web.page_token("/queue/uncertain")
    assert web.post_form(f"/articles/{ids['decided_event']}/label", {"label": "none"},
                         follow_redirects=False).status_code == 303
    labels = [(e.title, e.label) for e in review_examples(db) if e.title == "酒楼婚宴后多人腹泻"]
    assert labels == [("酒楼婚宴后多人腹泻", "none")]
    with db.session() as s:  # an article in an event keeps its verdict: the event's review decides the event
        assert s.get(Article, ids["decided_event"]).label == "food"


def test_only_reviewers_see_the_lane_and_labels_need_the_csrf_token(web, db):
    ids = _lane_articles(db)
    assert web.http.get("/queue/uncertain", follow_redirects=False).status_code == 303  # to the sign-in page
    for username in ("fenxi", "haifeng"):
        web.login(username)
        assert web.http.get("/queue/uncertain").status_code == 403
        web.page_token("/")
        assert web.post_form(f"/articles/{ids['nearest']}/label", {"label": "food"}).status_code == 403
    web.login("shenhe")
    web.page_token("/queue/uncertain")
    refused = web.http.post(f"/articles/{ids['nearest']}/label", data={"label": "food"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    bad = web.post_form(f"/articles/{ids['nearest']}/label", {"label": "politics"})
    assert "请选择正确的类别" in bad.text
    missing = web.post_form("/articles/99999999/label", {"label": "food"})
    assert "不存在" in missing.text
    with db.session() as s:
        assert s.scalar(select(ArticleLabelDecision)) is None


def test_classifying_stores_the_certainty_under_the_models_thresholds(db):
    class Model:
        thresholds = {"food": 0.4, "medical": 0.3, "safety": 0.5}

        def classify_many(self, items):
            return [Verdict(label="none", scores={"food": 0.2, "medical": 0.0, "safety": 0.0, "none": 0.8},
                            model_version="m1") for _ in items]

    with db.session() as s:
        s.add(Article(url="https://news.example.cn/x", title="餐馆食客不适", body="正文", content_hash="x"))
    with db.session() as s:
        assert classify_pending(s, Model(), utcnow()) == 1
    with db.session() as s:
        assert s.scalar(select(Article.certainty)) == round(__import__("math").log(2), 4)


@pytest.mark.slow
def test_the_shipped_model_s_verdicts_reach_the_lane_in_order_of_certainty(web, db, settings):
    from trustwatch.model_registry import load_active_classifier
    from classifier.uncertainty import certainty

    texts = ["某小区居民反映自来水有异味，供水公司已派员检测", "某县召开安全生产工作会议部署节前检查",
             "一餐馆多名食客用餐后呕吐腹泻，市场监管部门介入调查", "市医院开展义诊活动"]
    with db.session() as s:
        s.add_all([Article(url=f"https://news.example.cn/real/{i}", title=t, body=t, content_hash=f"real{i}")
                   for i, t in enumerate(texts)])
    clf = load_active_classifier(settings)
    with db.session() as s:
        assert classify_pending(s, clf, utcnow()) == len(texts)
    with db.session() as s:
        real = list(s.scalars(select(Article).where(Article.url.like("%/real/%"))))
        assert all(a.certainty == round(certainty(a.scores, clf.thresholds), 4) for a in real)
        stored = {a.id: a.certainty for a in real}
    web.login("shenhe")
    shown = [int(x) for x in ROWS.findall(web.http.get("/queue/uncertain").text)]
    expected = sorted((i for i, c in stored.items() if c <= MAX_CERTAINTY), key=lambda i: stored[i])
    assert expected and shown == expected  # the shipped model is unsure of some of these (a none near food)


def _small_seed(tmp_path, per_label: int = 60):
    """Every n-th seed example of each label, so a retrain takes seconds."""
    import json

    from classifier.dataset import SEED_PATH

    by_label: dict[str, list[str]] = {}
    for line in SEED_PATH.read_text(encoding="utf-8").splitlines(keepends=True):
        by_label.setdefault(json.loads(line)["label"], []).append(line)
    path = tmp_path / "base.jsonl"
    path.write_text("".join(line for lines in by_label.values()
                            for line in lines[::max(1, len(lines) // per_label)][:per_label]), encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_nightly_retrain_trains_on_labels_from_the_lane(web, db, settings, tmp_path):
    from trustwatch.service.retrain import retrain_and_maybe_promote

    ids = _lane_articles(db)
    base = _small_seed(tmp_path)
    with db.session() as s:  # only lane labels: no event decisions
        s.query(ReviewDecision).delete()
    assert retrain_and_maybe_promote(db, settings, base)["outcome"] == "skipped"
    web.login("shenhe")
    web.page_token("/queue/uncertain")
    web.post_form(f"/articles/{ids['nearest']}/label", {"label": "food"})
    first = retrain_and_maybe_promote(db, settings, base)
    assert first["outcome"] in ("promoted", "kept") and first["reviews"] == 1
    web.post_form(f"/articles/{ids['middle']}/label", {"label": "medical"})
    second = retrain_and_maybe_promote(db, settings, base)  # a new label: the next night trains again
    assert second["outcome"] in ("promoted", "kept") and second["reviews"] == 2
