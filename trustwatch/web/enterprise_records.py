"""An enterprise's record built from the events that name it: events over time, domains, districts, dispositions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from classifier.entities import default_registry, enterprise_codes, merge_aliases, tidy_names
from store.enterprise_models import Enterprise, EnterpriseAction
from store.models import Alert, Article, Event
from vocabulary import EventState

MAX_EVENTS_SCANNED = 5000  # the newest events; enough for a city's months, bounded for the page
MAX_ARTICLES_FOR_CODE = 50  # reports read for a credit code given beside the name


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
    row: Enterprise | None = None
    actions: list[EnterpriseAction] = field(default_factory=list)


def same_enterprise(a: str, b: str) -> bool:
    """True when two names are aliases of one enterprise (恒达五金厂, 陆丰市恒达五金制品厂)."""
    return a == b or len(merge_aliases([a, b])) == 1


def _recent_events(session) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.state != EventState.MERGED)
                                .order_by(Event.first_seen.desc()).limit(MAX_EVENTS_SCANNED)))


def enterprise_ranking(session, limit: int = 100) -> list[tuple[str, int]]:
    """Enterprises by the number of events that name them (cleaned, merged per event)."""
    counts: Counter = Counter()
    for ev in _recent_events(session):
        for name in tidy_names(ev.enterprises):
            counts[name] += 1
    return counts.most_common(limit)


def enterprise_record(session, name: str, department_id: int | None = None) -> EnterpriseRecord | None:
    """The record of the enterprise called `name` (or an alias of it), None when no event names it.

    With `department_id` (a regulator), only the events that department received an alert for count."""
    registry = default_registry()
    name = dict(registry.names).get(name, name)
    record = EnterpriseRecord(name=name, credit_code=dict(registry.codes).get(name))
    for ev in _recent_events(session):
        names = tidy_names(ev.enterprises)
        if not any(same_enterprise(n, name) for n in names):
            continue
        if department_id is not None and not session.scalar(
                select(Alert.id).where(Alert.event_id == ev.id, Alert.department_id == department_id).limit(1)):
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
    alerts = select(Alert).options(selectinload(Alert.department)).where(Alert.event_id.in_(ids))
    if department_id is not None:
        alerts = alerts.where(Alert.department_id == department_id)
    record.alerts = list(session.scalars(alerts.order_by(Alert.created_at)))
    # The row: by name, else by the credit code (kept on the row when a report gave it, or found now).
    rows = select(Enterprise).options(selectinload(Enterprise.actions))
    record.row = session.scalar(rows.where(Enterprise.name == record.name))
    if record.row is not None and record.row.credit_code:
        record.credit_code = record.row.credit_code
    if record.credit_code is None:
        record.credit_code = _code_from_reports(session, ids, record.name)
    if record.row is None and record.credit_code:
        record.row = session.scalar(rows.where(Enterprise.credit_code == record.credit_code))
    record.actions = list(record.row.actions) if record.row else []
    return record


def _code_from_reports(session, event_ids: list[int], name: str) -> str | None:
    """A valid credit code a report gives right after the enterprise's name (or an alias of it)."""
    rows = session.execute(select(Article.title, Article.body, Article.enterprises)
                           .where(Article.event_id.in_(event_ids)).limit(MAX_ARTICLES_FOR_CODE))
    for title, body, names in rows:
        aliases = [n for n in tidy_names(names) if same_enterprise(n, name)] + [name]
        codes = enterprise_codes(f"{title}\n{(body or '')[:20000]}", list(dict.fromkeys(aliases)))
        if codes:
            return next(iter(codes.values()))
    return None


def add_action(session, record: EnterpriseRecord, kind: str, happened_on, department_name: str, note: str | None,
               attachment_url: str | None, actor: str) -> EnterpriseAction:
    """Record a 约谈/警示/信用修复告知 for the enterprise, creating its row on first use."""
    if record.row is None:
        record.row = Enterprise(name=record.name, credit_code=record.credit_code)
        session.add(record.row)
        session.flush()
    action = EnterpriseAction(enterprise_id=record.row.id, kind=kind, happened_on=happened_on,
                              department_name=department_name, note=note, attachment_url=attachment_url, actor=actor)
    session.add(action)
    return action
