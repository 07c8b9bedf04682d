"""Incidents published on the demo's gkmlpt portal and complaint board reach the review queue: crawled
by their shipped entries, classified by the shipped model, clustered into events awaiting review."""

from __future__ import annotations

import pytest
from crawl_helpers import run_crawl
from sqlalchemy import select

from alerts.pipeline import process_pending
from trustwatch.model_registry import load_active_classifier
from store.db import Database
from store.models import Article
from trustwatch.web.queries import review_queue
from trustwatch.configs import alerting_config

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def test_gkmlpt_and_board_incidents_reach_the_review_queue(demo_site, settings):
    base = demo_site.base_url
    summaries = run_crawl(settings.database_url, base, ["demo-gkmlpt", "demo-board"])
    assert summaries["demo-gkmlpt"]["new_articles"] == len(demo_site.gkmlpt_truth())
    assert summaries["demo-board"]["new_articles"] == len(demo_site.board_truth())
    db = Database(settings.database_url)
    try:
        process_pending(db, load_active_classifier(settings), alerting_config(settings))
        incidents = [t for t in demo_site.gkmlpt_truth() + demo_site.board_truth() if t["incident"]]
        assert {t["label"] for t in incidents} == {"food", "medical", "safety"}
        with db.session() as s:
            queued = {e.id for e in review_queue(s, size=1000)[0]}
            by_path = {a.url.removeprefix(base): a for a in s.scalars(select(Article))}
            missed = [(t["path"], t["title"], by_path[t["path"]].label) for t in incidents
                      if by_path[t["path"]].event_id not in queued]
            flagged_not_queued = [(t["path"], a.label) for t in incidents
                                  for a in [by_path[t["path"]]] if a.label != "none" and a.event_id not in queued]
    finally:
        db.dispose()
    # Every incident the classifier flags sits in an event awaiting review: nothing is lost on the way.
    assert not flagged_not_queued, flagged_not_queued
    # The classifier itself is held to its recall goal (0.90) here, not to perfection: the shipped
    # two-stage model misses one of the 18 incidents, a board complaint (a battery that smoked while charging in a
    # stairwell, first-stage safety 0.0475, just under the second stage's band; see classifier/README.md).
    assert len(missed) <= len(incidents) // 10, missed
