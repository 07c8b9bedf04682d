"""Crawl schedules from the source files: which source runs when, validated before the service starts."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawler.sources.schedule import INTERVAL, UNIT_SECONDS


class ServiceConfigError(ValueError):
    """The service cannot start with this configuration; the message says what to fix."""


@dataclass(frozen=True)
class CrawlSchedule:
    """When one source is crawled: `spec` is `interval:<seconds>` or `cron:<expression>`."""

    source: str
    spec: str
    where: str = ""

    def trigger(self, timezone: str) -> BaseTrigger:
        """The APScheduler trigger for this schedule."""
        kind, _, value = self.spec.partition(":")
        if kind == "interval":
            return IntervalTrigger(seconds=float(value), timezone=ZoneInfo(timezone))
        return CronTrigger.from_crontab(value, timezone=ZoneInfo(timezone))


def parse_schedule(source: str, text: str, timezone: str, where: str = "") -> CrawlSchedule:
    """Validate a source's schedule (interval or cron); raise ServiceConfigError naming the source."""
    text = (text or "").strip()
    place = f"{where}: " if where else ""
    match = INTERVAL.match(text)
    if match:
        seconds = float(match.group(1)) * UNIT_SECONDS[match.group(2).lower()]
        if seconds < 1:
            raise ServiceConfigError(f"{place}数据源 {source} 的 schedule 间隔太短：{text!r}（至少 1 秒）")
        return CrawlSchedule(source, f"interval:{seconds:g}", where)
    try:
        trigger = CronTrigger.from_crontab(text, timezone=ZoneInfo(timezone))
        # A cron that can never fire (e.g. 31 February) is as wrong as a syntax error.
        if trigger.get_next_fire_time(None, dt.datetime.now(ZoneInfo(timezone))) is None:
            raise ValueError("this expression never fires")
    except (ValueError, KeyError) as exc:
        raise ServiceConfigError(
            f"{place}数据源 {source} 的 schedule 不是有效的 cron 表达式：{text!r}（{exc}）；"
            "应为 5 个字段「分 时 日 月 周」，例如 '*/30 * * * *'"
        ) from None
    return CrawlSchedule(source, f"cron:{text}", where)


def source_variables(settings) -> dict[str, str]:
    """Placeholders the source files may use ({demo_base_url}, ...), exactly as the crawler resolves them."""
    from trustwatch.crawl_config import crawler_config

    return dict(crawler_config(settings).variables)


def _source_files(directory: Path, variables: dict[str, str]) -> dict[str, tuple[object, Path]]:
    """Every source by name with the file it came from; schema problems become ServiceConfigError."""
    from crawler.sources import SourceError, load_source_file, load_sources

    try:
        load_sources(directory, variables)  # validates all files together (duplicates across files too)
        found: dict[str, tuple[object, Path]] = {}
        for path in sorted(directory.glob("*.y*ml")):
            for source in load_source_file(path, variables):
                found[source.name] = (source, path)
        return found
    except SourceError as exc:
        raise ServiceConfigError("数据源配置有误：\n" + "\n".join(exc.problems)) from None


def load_crawl_schedules(settings, only: list[str] | None = None,
                         interval_override: float | None = None) -> dict[str, CrawlSchedule]:
    """The enabled sources' schedules; `only` restricts them (unknown names fail), an override replaces all."""
    directory = Path(settings.config_dir) / "sources"
    found = _source_files(directory, source_variables(settings))
    if only:
        unknown = [name for name in only if name not in found]
        if unknown:
            known = "、".join(sorted(found)) or "（无）"
            raise ServiceConfigError(
                f"未知的数据源：{'、'.join(unknown)}；{directory} 中已配置的数据源：{known}")
        names = list(dict.fromkeys(only))
    else:
        names = [name for name, (source, _) in found.items() if getattr(source, "enabled", True)]
    schedules = {}
    for name in names:
        source, path = found[name]
        where = str(path)
        schedule = parse_schedule(name, getattr(source, "schedule", ""), settings.timezone, where)
        if interval_override:
            schedule = CrawlSchedule(name, f"interval:{float(interval_override):g}", where)
        schedules[name] = schedule
    return schedules


def sources_fingerprint(settings) -> tuple:
    """A fingerprint of the source files (names and content hashes) to notice edits without a restart."""
    directory = Path(settings.config_dir) / "sources"
    out = []
    for path in sorted(directory.glob("*.y*ml")) if directory.is_dir() else []:
        try:
            out.append((path.name, hashlib.sha256(path.read_bytes()).hexdigest()))
        except OSError:
            out.append((path.name, "unreadable"))
    return tuple(out)
