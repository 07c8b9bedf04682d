"""The demo corpus is rich enough to test crawling, classification and clustering against."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from demo.content.credit import is_valid
from demo.content.routine import routine_articles
from demo.corpus import REFERENCE_NOW, articles, portals, traps, truth

DISTRICTS = {"城区", "海丰县", "陆丰市", "陆河县", "红海湾开发区", "华侨管理区"}
KEYS = {"portal", "path", "title", "body", "published_at", "author", "district", "label", "incident",
        "reachable", "duplicate_of", "enterprises"}


def _incidents() -> dict[str, list[dict]]:
    by_incident = defaultdict(list)
    for record in truth():
        if record["incident"]:
            by_incident[record["incident"]].append(record)
    return by_incident


def test_at_least_150_articles_on_three_portals_with_complete_records():
    records = truth()
    assert len(records) >= 150
    assert {r["portal"] for r in records} == {"daily", "gov", "news"}
    assert len({r["path"] for r in records}) == len(records)
    for r in records:
        assert KEYS <= set(r), r["path"]
        assert r["district"] in DISTRICTS
        assert r["label"] in {"food", "medical", "safety", "none"}
        assert r["path"].startswith(f"/{r['portal']}/") and "?" not in r["path"] and "#" not in r["path"]
        assert datetime.fromisoformat(r["published_at"]).utcoffset() == timedelta(hours=8)
        assert 300 <= len(r["body"]) <= 1500, (r["path"], len(r["body"]))
        assert r["title"] and "\n" not in r["title"]


def test_every_label_and_district_is_represented():
    records = truth()
    assert {r["label"] for r in records} == {"food", "medical", "safety", "none"}
    assert {r["district"] for r in records} == DISTRICTS
    for label in ("food", "medical", "safety"):
        assert len({r["incident"] for r in records if r["label"] == label}) >= 4


def test_incidents_are_reported_by_several_portals_and_followed_up_days_later():
    by_incident = _incidents()
    multi_portal = [i for i, reports in by_incident.items() if len({r["portal"] for r in reports}) >= 2]
    assert len(multi_portal) >= 8
    followed_up = 0
    for reports in by_incident.values():
        times = sorted(datetime.fromisoformat(r["published_at"]) for r in reports)
        if times[-1] - times[0] >= timedelta(days=2):
            followed_up += 1
        originals = [r for r in reports if r["duplicate_of"] is None]
        assert len({r["title"] for r in originals}) == len(originals)  # different wording, different titles
        assert len({r["label"] for r in reports}) == 1 and len({r["district"] for r in reports}) == 1
    assert followed_up >= 8


def test_incident_reports_name_their_fictional_enterprise():
    for reports in _incidents().values():
        for r in reports:
            assert r["enterprises"] and r["label"] != "none"
            assert any(name in r["body"] or name in r["title"] for name in r["enterprises"]), r["path"]


def test_hard_negatives_look_like_incidents_but_are_labelled_none():
    negatives = [r for r in truth() if r["label"] == "none" and r["incident"] is None]
    titles = " ".join(r["title"] for r in negatives)
    for word in ("起火", "相撞", "食品安全", "召回", "流感", "医保"):
        assert word in titles, word


def test_credit_codes_are_checked_by_gb32100():
    codes = [c for r in truth() for c in r["credit_codes"]]
    assert len({c["code"] for c in codes if c["valid"]}) >= 5
    invalid = {c["code"] for c in codes if not c["valid"]}
    assert len(invalid) == 1
    for c in codes:
        assert is_valid(c["code"]) == c["valid"]
    assert is_valid("91350100M000100Y43")  # a published example code


def test_gov_text_is_inside_gbk_and_has_a_tricky_title():
    gov = [a for a in articles() if a.portal == "gov"]
    for a in gov:
        (a.title + a.body + a.source).encode("gbk")  # raises if a character is outside GBK
    tricky = [a.title for a in gov if "镕" in a.title or "堃" in a.title]
    assert tricky
    assert any(not _in_gb2312(ch) for ch in tricky[0])


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def test_traps_are_in_the_truth_with_the_right_reachability():
    places = traps()
    by_path = {r["path"]: r for r in truth()}
    for name in ("internal", "malformed", "oversized", "error500", "slow"):
        assert by_path[places[name]]["reachable"] is False, name
    assert places["internal"].startswith(places["robots_disallow"])
    assert by_path[places["redirect"]["to"]]["reachable"] is True
    duplicate = by_path[places["duplicate"]["path"]]
    original = by_path[places["duplicate"]["duplicate_of"]]
    assert duplicate["duplicate_of"] == original["path"] and original["duplicate_of"] is None
    assert (duplicate["title"], duplicate["body"]) == (original["title"], original["body"])
    assert duplicate["portal"] != original["portal"]
    unreachable = [r for r in truth() if not r["reachable"]]
    assert all(r["incident"] is None for r in unreachable)  # incident truth stays complete


def test_relative_dates_exist_and_resolve_against_the_reference_time():
    from demo.corpus import news_date_text

    news = [a for a in articles() if a.portal == "news"]
    texts = {news_date_text(a.published_at) for a in news}
    assert any(t.endswith("小时前") for t in texts)
    assert any(t.endswith("分钟前") for t in texts)
    assert any(t.startswith("昨天 ") for t in texts)
    assert news_date_text(REFERENCE_NOW - timedelta(hours=3)) == "3小时前"
    assert news_date_text(REFERENCE_NOW - timedelta(minutes=45)) == "45分钟前"
    assert news_date_text(REFERENCE_NOW.replace(day=19, hour=10, minute=20)) == "昨天 10:20"
    assert news_date_text(REFERENCE_NOW.replace(day=7, hour=10, minute=30)) == "2025-04-07 10:30"


def test_generation_is_deterministic():
    first, second = routine_articles(), routine_articles()
    assert [(a["title"], a["published"], a["paragraphs"]) for a in first] == \
           [(a["title"], a["published"], a["paragraphs"]) for a in second]


def test_portals_describe_name_prefix_encoding_and_entry_points():
    described = {p["key"]: p for p in portals("http://127.0.0.1:8000")}
    assert described["gov"]["encoding"] == "gbk"
    assert described["gov"]["sitemap_url"] == "http://127.0.0.1:8000/gov/sitemap.xml"
    assert described["news"]["feed_url"] == "http://127.0.0.1:8000/news/rss.xml"
    assert described["daily"]["list_url"] == "http://127.0.0.1:8000/daily/"
    for p in described.values():
        assert p["name"] and p["prefix"] == f"/{p['key']}/" and p["selectors"]["title"]
