"""An enterprise's record built from the events that name it: events over time, domains, districts, dispositions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from classifier.entities import default_registry, merge_aliases, tidy_names
from store.models import Alert, Event

MAX_EVENTS_SCANNED = 5000  # the newest events; enough for a city's months, bounded for the page


@dataclass
class EnterpriseRecord:
    """What the system knows about one enterprise."""

    name: str
    credit_code: str | None = None
    events: list[Event] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    domains: Counter = field(default_factory=Counter)
    districts: Counter = field(default_factory=Counter)
    severities: Counter = field(default_factory=Counter)
    states: Counter = field(default_factory=Counter)


def same_enterprise(a: str, b: str) -> bool:
    """True when two names are aliases of one enterprise (恒达五金厂, 陆丰市恒达五金制品厂)."""
    return a == b or len(merge_aliases([a, b])) == 1


def _recent_events(session) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.state != "merged")
                                .order_by(Event.first_seen.desc()).limit(MAX_EVENTS_SCANNED)))


def enterprise_ranking(session, limit: int = 100) -> list[tuple[str, int]]:
    """Enterprises by the number of events that name them (cleaned, merged per event)."""
    counts: Counter = Counter()
    for ev in _recent_events(session):
        for name in tidy_names(ev.enterprises):
            counts[name] += 1
    return counts.most_common(limit)


def enterprise_record(session, name: str) -> EnterpriseRecord | None:
    """The record of the enterprise called `name` (or an alias of it), None when no event names it."""
    registry = default_registry()
    name = dict(registry.names).get(name, name)
    record = EnterpriseRecord(name=name, credit_code=dict(registry.codes).get(name))
    for ev in _recent_events(session):
        names = tidy_names(ev.enterprises)
        if not any(same_enterprise(n, name) for n in names):
            continue
        record.events.append(ev)
        record.domains[ev.label] += 1
        record.districts[ev.district or "未识别"] += 1
        record.severities[ev.severity] += 1
        record.states[ev.state] += 1
    if not record.events:
        return None
    record.events.sort(key=lambda e: e.first_seen)
    ids = [e.id for e in record.events]
    record.alerts = list(session.scalars(select(Alert).options(selectinload(Alert.department))
                                         .where(Alert.event_id.in_(ids)).order_by(Alert.created_at)))
    return record
