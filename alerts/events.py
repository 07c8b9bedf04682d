"""Clusters classified articles into Event rows (idempotent: an article joins exactly one event, once)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from alerts.clustering import ArticleFeatures, EventIndex
from alerts.enterprise_codes import attach_credit_codes
from classifier.entities import tidy_map
from alerts.matchers import SEVERITY_RANK
from store import locks
from store.audit import audit
from store.models import Article, Event, utcnow
from store.outbox import enqueue
from vocabulary import EVENT_LABELS, EventState

CLOSED_STATES = (EventState.MERGED,)
MAX_ENTERPRISES = 20


def article_time(a: Article) -> dt.datetime:
    """When an article appeared: its publication time, else when it was fetched."""
    return a.published_at or a.fetched_at


def features_of(a: Article, places: re.Pattern | None = None) -> ArticleFeatures:
    """Clustering features of a stored, classified article (`places`: the city's, clustering.place_prefix)."""
    return ArticleFeatures.build(a.id, article_time(a), a.label or "none", a.title, a.body, a.district,
                                 a.enterprises or [], places)


def features_many(articles: list[Article], places: re.Pattern | None = None) -> list[ArticleFeatures]:
    """features_of for many articles (signatures computed in batches)."""
    return ArticleFeatures.build_many(((a.id, article_time(a), a.label or "none", a.title, a.body, a.district,
                                        a.enterprises or []) for a in articles), places)


def refresh_event_stats(session: Session, ev: Event) -> None:
    """Recompute spread, severity, enterprises and district of an event from its articles."""
    refresh_many(session, [ev])


def refresh_many(session: Session, events: list[Event]) -> None:
    """refresh_event_stats for many events with one query."""
    by_id = {ev.id: ev for ev in events}
    rows: dict[int, list] = {}
    ids = list(by_id)
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for r in session.execute(
                select(Article.id, Article.event_id, Article.source_id, Article.url, Article.published_at,
                       Article.fetched_at, Article.severity, Article.enterprises, Article.district)
                .where(Article.event_id.in_(chunk))):
            rows.setdefault(r.event_id, []).append(r)
    renamed: list[tuple[int, list[str]]] = []
    for eid, ev in by_id.items():
        if eid in rows:
            renamed += _apply_stats(ev, rows[eid])
    for article_id, names in renamed:  # the search index shows and filters the canonical names too
        session.execute(update(Article).where(Article.id == article_id).values(enterprises=names))
        enqueue(session, "article", article_id)


def _renamed(names, canonical: dict[str, str]) -> list[str] | None:
    """An article's names in their event's canonical form, None when nothing changes."""
    plain = [n.get("name") if isinstance(n, dict) else n for n in names or ()]
    new = list(dict.fromkeys(canonical[n] for n in plain if n in canonical))
    return None if new == list(names or ()) else new


def _apply_stats(ev: Event, rows: list) -> list[tuple[int, list[str]]]:
    """Set the event's figures from its articles' rows; returns the articles whose names to rewrite."""
    times = [r.published_at or r.fetched_at for r in rows]
    ev.article_count = len(rows)
    ev.source_count = len({f"s{r.source_id}" if r.source_id is not None else (urlsplit(r.url).hostname or r.url)
                           for r in rows})
    ev.first_seen, ev.last_seen = min(times), max(times)
    sev = max((r.severity for r in rows if r.severity in SEVERITY_RANK), key=SEVERITY_RANK.get, default="low")
    if SEVERITY_RANK.get(sev, 0) > SEVERITY_RANK.get(ev.severity, 0) or ev.severity not in SEVERITY_RANK:
        ev.severity = sev  # severity only rises: a calm follow-up does not downgrade an incident
    # Aliases of one enterprise across the reports (恒达五金厂, 陆丰市恒达五金制品厂) become one canonical
    # name, in the event and in its articles; names older rules kept (送往医院, a credit code) are dropped.
    names: list = list(ev.enterprises or [])
    for r in rows:
        names.extend(r.enterprises or [])
    canonical = tidy_map(names)
    ev.enterprises = list(dict.fromkeys(canonical.values()))[:MAX_ENTERPRISES]
    if not ev.district:
        districts = [r.district for r in rows if r.district]
        ev.district = max(set(districts), key=districts.count) if districts else None
    return [(r.id, new) for r in rows if (new := _renamed(r.enterprises, canonical)) is not None]


def load_index(session: Session, since: dt.datetime, window: dt.timedelta,
               until: dt.datetime | None = None, places: re.Pattern | None = None) -> EventIndex:
    """An EventIndex of the events open to articles published between `since` and `until`.

    Events come back from the clustering state stored in Event.signature by the last pass; an event
    without a usable one (older rows, changed since by a merge: another article count) is rebuilt
    from its articles."""
    index = EventIndex(window)
    live = select(Event.id, Event.signature, Event.article_count).where(
        Event.last_seen >= since - window, Event.merged_into_id.is_(None))
    if until is not None:
        live = live.where(Event.first_seen <= until + window)
    stale = [r.id for r in session.execute(live) if not index.restore(r.id, r.signature, r.article_count)]
    for chunk in (stale[i:i + 500] for i in range(0, len(stale), 500)):
        q = select(Article).where(Article.event_id.in_(chunk)).order_by(Article.published_at, Article.id)
        for a in session.scalars(q):
            index.add(features_of(a, places), a.event_id)
    return index


def cluster_pending(session: Session, window: dt.timedelta, now: dt.datetime | None = None,
                    limit: int = 5000, places: re.Pattern | None = None) -> dict[str, object]:
    """Assign every classified, unassigned event-label article to an event; returns counts and touched ids.

    Safe to run in several processes at once: clustering decides against the events already stored, so
    passes take turns (a lock held until the caller commits) and each claims its articles by row lock;
    a pass that waited finds the articles the other one assigned, and creates no second event."""
    now = now or utcnow()
    locks.serialize(session, locks.CLUSTER)
    pending = list(session.scalars(
        select(Article).where(Article.event_id.is_(None), Article.label.in_(EVENT_LABELS))
        .order_by(Article.published_at, Article.fetched_at, Article.id).limit(limit)
        .with_for_update(of=Article, skip_locked=True)  # rows a reviewer or classifier holds wait a pass
        .execution_options(populate_existing=True)))
    if not pending:
        return {"assigned": 0, "events_created": 0, "events": []}
    since = min(article_time(a) for a in pending)
    index = load_index(session, since, window, max(article_time(a) for a in pending), places)
    # New events get temporary negative keys so that everything is flushed once, at the end.
    new_events: dict[int, tuple[Event, Article]] = {}
    assigned: list[tuple[Article, int]] = []
    for a, f in zip(pending, features_many(pending, places)):
        key = index.best_event(f)
        if key is None:
            key = -(len(new_events) + 1)
            ev = Event(title=(a.title or "")[:500], label=a.label, district=a.district,
                       severity=a.severity if a.severity in SEVERITY_RANK else "low",
                       enterprises=list((a.enterprises or [])[:MAX_ENTERPRISES]),
                       first_seen=f.when, last_seen=f.when, created_at=now, updated_at=now)
            session.add(ev)
            new_events[key] = (ev, a)
        index.add(f, key)
        assigned.append((a, key))
    session.flush()
    touched: dict[int, Event] = {}
    for a, key in assigned:
        ev = new_events[key][0] if key < 0 else (touched.get(key) or session.get(Event, key))
        a.event_id = ev.id
        touched[ev.id] = ev
        enqueue(session, "article", a.id)
    for ev, first in new_events.values():
        audit(session, "system", "event.create", "event", ev.id, now=now, first_article=first.id, label=first.label,
              district=first.district)
    session.flush()
    refresh_many(session, list(touched.values()))
    attach_credit_codes(session, [(a, touched[a.event_id]) for a, _ in assigned])  # codes onto enterprise rows
    index_keys = {(new_events[key][0].id if key < 0 else key): key for _, key in assigned}
    for ev in touched.values():
        ev.updated_at = now
        ev.signature = index.snapshot(index_keys[ev.id])  # the next pass restores instead of rebuilding
        enqueue(session, "event", ev.id)
    return {"assigned": len(pending), "events_created": len(new_events), "events": sorted(touched)}


def event_growth(session: Session, ev: Event, hours: int = 24) -> int:
    """How many of the event's articles appeared in the `hours` before its last sighting (its growth)."""
    since = ev.last_seen - dt.timedelta(hours=hours)
    rows = session.execute(select(Article.published_at, Article.fetched_at).where(Article.event_id == ev.id)).all()
    return sum(1 for p, f in rows if (p or f) >= since)
