"""The demo site's known incidents through the stored pipeline: one event per incident, nothing mixed."""

from __future__ import annotations

import collections
import datetime as dt

from alertkit import TruthClassifier, store_demo_articles
from sqlalchemy import select

import demo.corpus as truth_mod
from alerts.pipeline import process_pending
from store.models import Article, Event
from trustwatch.configs import alerting_config



def test_every_demo_incident_becomes_exactly_one_event(db, alert_settings):
    items = [a for a in truth_mod.truth() if a["reachable"]]
    store_demo_articles(db, items)
    now = dt.datetime(2025, 4, 21, tzinfo=dt.timezone.utc)
    process_pending(db, TruthClassifier(items), alerting_config(alert_settings), now=now)
    incident_of = {a["path"]: a["incident"] for a in items}
    with db.session() as s:
        events = collections.defaultdict(set)
        for url, event_id in s.execute(select(Article.url, Article.event_id).where(Article.event_id.is_not(None))):
            events[event_id].add(incident_of[url.removeprefix("http://127.0.0.1:8800")])
        expected = {a["incident"] for a in items if a["label"] != "none"}
        assert all(len(incs) == 1 for incs in events.values()), events  # nothing mixed
        assert sorted(i for incs in events.values() for i in incs) == sorted(expected)  # nothing split
        assert s.scalar(select(Event.source_count).order_by(Event.source_count.desc()).limit(1)) >= 2
