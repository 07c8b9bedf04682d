"""The demo site's articles through the real classifier and the stored pipeline: incidents are not mixed."""

from __future__ import annotations

import collections
import datetime as dt

import pytest
from sqlalchemy import select

from alerts.pipeline import process_pending
from demo import corpus
from store.models import Article, Event, Source
from trustwatch.configs import alerting_config
from trustwatch.model_registry import load_active_classifier

pytestmark = pytest.mark.slow


def test_real_classifier_verdicts_cluster_without_mixing_incidents(db, alert_settings):
    items = [a for a in corpus.truth() if a["reachable"]]
    with db.session() as s:
        sources = {p: Source(name=f"demo-{p}", kind="html") for p in {a["portal"] for a in items}}
        s.add_all(sources.values())
        s.flush()
        s.add_all([Article(url=f"http://127.0.0.1:8800{a['path']}", title=a["title"], body=a["body"],
                           content_hash=a["path"], source_id=sources[a["portal"]].id,
                           published_at=dt.datetime.fromisoformat(a["published_at"])) for a in items])
    clf = load_active_classifier(alert_settings, db)
    counts = process_pending(db, clf, alerting_config(alert_settings), now=dt.datetime(2025, 4, 21, tzinfo=dt.timezone.utc))
    assert counts["classified"] == len(items)
    incident_of = {f"http://127.0.0.1:8800{a['path']}": a["incident"] for a in items}
    with db.session() as s:
        events = collections.defaultdict(collections.Counter)
        for url, event_id in s.execute(select(Article.url, Article.event_id).where(Article.event_id.is_not(None))):
            events[event_id][incident_of[url]] += 1
        # false positives (routine news the classifier flags) may form their own events, but no event
        # holds two real incidents
        mixed = [dict(c) for c in events.values() if len({i for i in c if i}) > 1]
        assert not mixed, mixed
        found = {i for c in events.values() for i in c if i}
        assert len(found) >= 10, sorted(found)  # most incidents surface as events
        assert s.scalar(select(Event.source_count).order_by(Event.source_count.desc()).limit(1)) >= 2
