"""Dashboard figures: events per domain per day, per district, top enterprises, open alerts by age."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from classifier.entities import tidy_names
from store.models import Alert, Event, utcnow
from trustwatch.web.queries import OPEN_ALERT_STATES
from vocabulary import EventState

DOMAINS = ("food", "medical", "safety")
AGE_BUCKETS = (("<1天", 1), ("1-3天", 3), ("3-7天", 7), (">7天", None))


def dashboard_figures(session, tz: str = "Asia/Shanghai", days: int = 30, now: dt.datetime | None = None) -> dict:
    """All figures of the dashboard, computed from the store (events not dismissed or merged)."""
    now = now or utcnow()
    zone = ZoneInfo(tz)
    since = now - dt.timedelta(days=days)
    events = list(session.scalars(select(Event).where(Event.first_seen >= since)
                                  .where(Event.state.not_in((EventState.DISMISSED, EventState.MERGED)))))
    today = now.astimezone(zone).date()
    day_list = [today - dt.timedelta(days=i) for i in range(days - 1, -1, -1)]
    per_day = {d: {day: 0 for day in day_list} for d in DOMAINS}
    districts: Counter = Counter()
    enterprises: Counter = Counter()
    for ev in events:
        day = ev.first_seen.astimezone(zone).date()
        if ev.label in per_day and day in per_day[ev.label]:
            per_day[ev.label][day] += 1
        districts[ev.district or "未识别"] += 1
        for name in tidy_names(ev.enterprises):  # names kept by older rules are cleaned here
            enterprises[name] += 1
    alerts = list(session.scalars(select(Alert).options(selectinload(Alert.department))
                                  .where(Alert.state.in_(OPEN_ALERT_STATES))))
    by_dept: dict[str, list[int]] = defaultdict(lambda: [0] * len(AGE_BUCKETS))
    for a in alerts:
        age_days = (now - a.created_at).total_seconds() / 86400
        for i, (_, limit) in enumerate(AGE_BUCKETS):
            if limit is None or age_days < limit:
                by_dept[a.department.name][i] += 1
                break
    return {
        "days": day_list,
        "per_day": {d: [per_day[d][day] for day in day_list] for d in DOMAINS},
        "districts": districts.most_common(12),
        "enterprises": enterprises.most_common(10),
        "alerts_by_department": sorted(by_dept.items(), key=lambda kv: -sum(kv[1]))[:12],
        "age_buckets": [b for b, _ in AGE_BUCKETS],
        "totals": {"events": len(events), "open_alerts": len(alerts),
                   "by_domain": {d: sum(per_day[d].values()) for d in DOMAINS}},
    }
