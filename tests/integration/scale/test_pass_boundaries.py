"""Clustering does not depend on where passes begin and end.

With several schedulers (a takeover, a frozen leader resumed) the articles of one incident are
clustered by different `events process` passes in whatever order the crawls stored them. Here every
article of the demo corpus is clustered in a pass of its own, in publication order, newest first and
shuffled: each incident must still be one event, as when the whole corpus is clustered in one pass.
(The split once seen in tests/integration/scale/test_scale_out.py came from a misdated article,
not from the pass boundaries; that test now checks the dates too.)
"""

from __future__ import annotations

import collections
import datetime as dt
import random

import pytest
from scale_harness import alertkit
from sqlalchemy import select, update

from alerts.events import cluster_pending
from alerts.pipeline import classify_pending
from store.models import Article

WINDOW = dt.timedelta(days=21)
truth_mod = pytest.importorskip("demo.corpus")


def _stored_and_classified(db) -> dict[str, str]:
    """The reachable demo articles stored and classified as the truth says; url -> incident."""
    kit = alertkit()
    items = [a for a in truth_mod.truth() if a["reachable"]]
    kit.store_demo_articles(db, items)
    with db.session() as s:
        classify_pending(s, kit.TruthClassifier(items), dt.datetime.now(dt.timezone.utc))
    incident = {a["path"]: a["incident"] for a in items}
    with db.session() as s:
        return {url: incident[path] for url, path in s.execute(select(Article.url, Article.content_hash))
                if incident.get(path)}


def _events_per_incident(db, incident_of: dict[str, str]) -> tuple[dict, dict]:
    with db.session() as s:
        found = collections.defaultdict(set)
        for url, event_id in s.execute(select(Article.url, Article.event_id)):
            if url in incident_of:
                found[incident_of[url]].add(event_id)
    holders = collections.Counter(e for ids in found.values() for e in ids)
    return dict(found), {e: n for e, n in holders.items() if n > 1}


def _one_article_per_pass(db, order: list[str]) -> None:
    """Hide every event article, then let each one in (its verdict arrives) and run a pass."""
    with db.session() as s:
        labels = dict(s.execute(select(Article.url, Article.label).where(Article.url.in_(order))).all())
        s.execute(update(Article).where(Article.url.in_(order)).values(label="none"))
    for url in order:
        with db.session() as s:
            s.execute(update(Article).where(Article.url == url).values(label=labels[url]))
        with db.session() as s:
            cluster_pending(s, WINDOW)


@pytest.mark.parametrize("order", ["published", "newest first", "shuffled 1", "shuffled 2"])
def test_each_incident_is_one_event_whatever_the_passes(any_db, order):
    incident_of = _stored_and_classified(any_db)
    with any_db.session() as s:
        by_time = [url for url, in s.execute(select(Article.url).where(Article.url.in_(incident_of))
                                             .order_by(Article.published_at, Article.id))]
    urls = {"published": by_time, "newest first": by_time[::-1]}.get(order)
    if urls is None:
        urls = by_time[:]
        random.Random(order).shuffle(urls)
    _one_article_per_pass(any_db, urls)
    found, shared = _events_per_incident(any_db, incident_of)
    assert len(found) == len(set(incident_of.values())) >= 10
    assert {i: sorted(ids, key=str) for i, ids in found.items() if len(ids) != 1 or None in ids} == {}
    assert shared == {}  # no event holds two incidents
