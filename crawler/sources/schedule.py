"""A source's schedule: an interval (`every 10m`, `@every 90s`, `30s`) or a 5-field cron expression."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

INTERVAL = re.compile(r"^(?:@?every\s+)?(\d+(?:\.\d+)?)\s*(s|m|h)$", re.IGNORECASE)
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}
EXPECTED = "expected an interval like 'every 10m' or a 5-field cron expression like '*/30 * * * *'"


def interval_seconds(text: str) -> float | None:
    """The interval in seconds when `text` is an interval, else None."""
    match = INTERVAL.match(text.strip())
    if not match:
        return None
    return float(match.group(1)) * UNIT_SECONDS[match.group(2).lower()]


def check_schedule(text: str, timezone: str = "Asia/Shanghai") -> str:
    """`text` if it is a valid interval (>= 1 s) or a cron expression that fires; ValueError otherwise."""
    from apscheduler.triggers.cron import CronTrigger

    text = (text or "").strip()
    seconds = interval_seconds(text)
    if seconds is not None:
        if seconds < 1:
            raise ValueError(f"{EXPECTED}; an interval of at least 1 second, got {text!r}")
        return text
    if len(text.split()) != 5:
        raise ValueError(f"{EXPECTED}, got {text!r}")
    try:
        trigger = CronTrigger.from_crontab(text, timezone=ZoneInfo(timezone))
        if trigger.get_next_fire_time(None, dt.datetime.now(ZoneInfo(timezone))) is None:
            raise ValueError("it never fires")
    except (ValueError, KeyError) as exc:
        raise ValueError(f"{EXPECTED}, got {text!r} ({exc})") from None
    return text
