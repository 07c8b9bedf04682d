"""One pass of the alerting pipeline: classify, cluster into events, route, plan notifications, escalate."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select

from alerts.clustering import place_prefix
from alerts.config import AlertingConfig
from alerts.departments import sync_departments
from alerts.events import cluster_pending
from alerts.notifications import OPEN_EVENT_STATES, check_escalations_in, ensure_alerts, plan_notifications
from classifier.uncertainty import verdict_certainty
from store import locks
from store.models import Article, Event, utcnow
from store.outbox import enqueue

log = logging.getLogger(__name__)
CLASSIFY_BATCH = 500


def classify_pending(session, classifier, now: dt.datetime, limit: int = 5000) -> int:
    """Store a verdict on every article that has none yet; returns how many were classified.

    Concurrent passes share the work: on PostgreSQL each batch is claimed by row lock (rows another
    pass holds are skipped); SQLite has one writer, so passes take turns."""
    if locks.dialect_of(session) == "sqlite":
        locks.serialize(session, locks.CLASSIFY)
    done = 0
    while done < limit:
        batch = list(session.scalars(select(Article).where(Article.classified_at.is_(None))
                                     .order_by(Article.id).limit(min(CLASSIFY_BATCH, limit - done))
                                     .with_for_update(skip_locked=True)
                                     .execution_options(populate_existing=True)))
        if not batch:
            break
        verdicts = classifier.classify_many([(a.title or "", a.body or "") for a in batch])
        for a, v in zip(batch, verdicts, strict=True):
            a.label, a.scores, a.terms = v.label, dict(v.scores), list(v.terms)[:50]
            a.enterprises, a.credit_codes = list(v.enterprises)[:20], list(v.credit_codes)[:20]
            a.severity, a.model_version, a.classified_at = v.severity, v.model_version, now
            a.certainty = verdict_certainty(v, classifier)  # orders the review queue's 「待确认」 lane
            if not a.district and v.district:
                a.district = v.district
            enqueue(session, "article", a.id)
        session.flush()
        done += len(batch)
    return done


def process_pending(db, classifier, cfg: AlertingConfig, now: dt.datetime | None = None) -> dict[str, int]:
    """Classify new articles, cluster them into events, route, plan deliveries and escalate; returns counts."""
    now = now or utcnow()
    window = cfg.event_window
    counts: dict[str, int] = {}
    with db.session() as s:
        locks.serialize(s, locks.DEPARTMENTS)  # two passes on a new database would both insert them
        sync_departments(s, cfg.departments)
    with db.session() as s:
        counts["classified"] = classify_pending(s, classifier, now) if classifier is not None else 0
    with db.session() as s:
        clustered = cluster_pending(s, window, now, places=place_prefix(cfg.city))
        counts["assigned"] = int(clustered["assigned"])
        counts["events_created"] = int(clustered["events_created"])
        counts["events_updated"] = len(clustered["events"])
    with db.session() as s:
        # Open events touched lately are re-routed: growth (spread matchers) or a review may add
        # departments. Recency is by when Trustwatch touched them, not publication: a first crawl of
        # older pages still raises their events.
        events = list(s.scalars(select(Event).where(Event.state.in_(OPEN_EVENT_STATES),
                                                    Event.updated_at >= now - window)))
        counts["alerts_created"] = ensure_alerts(s, cfg, events, now)
        s.flush()
        planned = plan_notifications(s, cfg, now)
        counts.update({f"alerts_{k}": v for k, v in planned.items() if k != "deliveries"})
        counts["deliveries_created"] = planned["deliveries"]
        counts["escalated"] = check_escalations_in(s, cfg, now)
    log.debug("alert pipeline: %s", counts)  # the caller (job wrapper, CLI) reports the counts once
    return counts
