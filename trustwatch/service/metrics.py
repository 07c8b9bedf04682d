"""Prometheus metrics read from the database at scrape time, so every process reports the same truth."""

from __future__ import annotations

import datetime as dt
import logging

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, SummaryMetricFamily
from sqlalchemy import func, select

from store import queue
from store.models import Alert, Article, CrawlRun, Delivery, Event, IndexOutbox, SchedulerState, Source, utcnow
from trustwatch.service.jobs import STATE_PREFIX
from vocabulary import AWAITING_ACK_ALERT_STATES, CrawlRunState, DeliveryState

log = logging.getLogger(__name__)
# trustwatch_alerts_pending counts alerts not yet acknowledged. There is no `escalated` alert state (an
# escalation adds a pending alert at the next level), so it is not counted.
OPEN_ALERT_STATES = AWAITING_ACK_ALERT_STATES


class TrustwatchCollector:
    """Collects pipeline, delivery, outbox, crawl and job metrics with a few aggregate queries."""

    def __init__(self, db):
        self.db = db

    def collect(self):
        """Yield every metric family; a failed query yields `trustwatch_metrics_up 0` rather than nothing."""
        up = GaugeMetricFamily("trustwatch_metrics_up", "1 if the database could be read for this scrape")
        try:
            families = list(self._families())
        except Exception as exc:  # a scrape must answer even when the database is down
            log.warning("metrics scrape failed", extra={"error": str(exc)[:500]})
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self):
        now = utcnow()
        with self.db.session() as s:
            yield from self._articles(s)
            yield from self._events_and_alerts(s, now)
            yield from self._deliveries_and_outboxes(s, now)
            yield from self._crawls(s)
            yield from self._jobs(s)

    def _articles(self, s):
        crawled = CounterMetricFamily("trustwatch_articles_crawled", "Articles stored by the crawler")
        crawled.add_metric([], s.scalar(select(func.count()).select_from(Article)) or 0)
        yield crawled
        classified = CounterMetricFamily("trustwatch_articles_classified", "Articles classified, per label",
                                         labels=["label"])
        for label, count in s.execute(select(Article.label, func.count()).where(Article.label.is_not(None))
                                      .group_by(Article.label)):
            classified.add_metric([label], count)
        yield classified
        unclassified = GaugeMetricFamily("trustwatch_articles_unclassified", "Articles waiting for the classifier")
        unclassified.add_metric([], s.scalar(select(func.count()).where(Article.classified_at.is_(None))) or 0)
        yield unclassified

    def _events_and_alerts(self, s, now: dt.datetime):
        events = GaugeMetricFamily("trustwatch_events", "Events, per domain and state", labels=["label", "state"])
        for label, state, count in s.execute(select(Event.label, Event.state, func.count())
                                             .group_by(Event.label, Event.state)):
            events.add_metric([label, state], count)
        yield events
        alerts = GaugeMetricFamily("trustwatch_alerts", "Alerts, per state", labels=["state"])
        for state, count in s.execute(select(Alert.state, func.count()).group_by(Alert.state)):
            alerts.add_metric([state], count)
        yield alerts
        open_ = Alert.state.in_(OPEN_ALERT_STATES)
        pending = GaugeMetricFamily("trustwatch_alerts_pending", "Alerts not yet acknowledged")
        pending.add_metric([], s.scalar(select(func.count()).where(open_)) or 0)
        yield pending
        overdue = GaugeMetricFamily("trustwatch_alerts_overdue", "Unacknowledged alerts past their deadline")
        overdue.add_metric([], s.scalar(select(func.count()).where(open_, Alert.ack_deadline < now)) or 0)
        yield overdue

    def _deliveries_and_outboxes(self, s, now: dt.datetime):
        deliveries = GaugeMetricFamily("trustwatch_deliveries", "Deliveries, per channel and state",
                                       labels=["channel", "state"])
        for channel, state, count in s.execute(select(Delivery.channel, Delivery.state, func.count())
                                               .group_by(Delivery.channel, Delivery.state)):
            deliveries.add_metric([channel, state], count)
        yield deliveries
        failed = GaugeMetricFamily("trustwatch_deliveries_failed", "Deliveries in the dead-letter state, per channel",
                                   labels=["channel"])
        for channel, count in s.execute(select(Delivery.channel, func.count()).where(Delivery.state == DeliveryState.DEAD)
                                        .group_by(Delivery.channel)):
            failed.add_metric([channel], count)
        yield failed
        depth = GaugeMetricFamily("trustwatch_outbox_depth", "Rows waiting in an outbox", labels=["outbox"])
        dead = GaugeMetricFamily("trustwatch_outbox_dead", "Rows of an outbox that are dead (retried no more)",
                                 labels=["outbox"])
        for table in queue.QUEUES.values():
            depth.add_metric([table.name], s.scalar(select(func.count()).where(table.open)) or 0)
            dead.add_metric([table.name], s.scalar(select(func.count()).where(table.dead)) or 0)
        yield depth
        yield dead
        oldest = s.scalar(select(func.min(IndexOutbox.created_at)).where(queue.INDEX.open))
        age = GaugeMetricFamily("trustwatch_outbox_oldest_age_seconds", "Age of the oldest pending index row")
        age.add_metric([], (now - _aware(oldest)).total_seconds() if oldest else 0.0)
        yield age

    def _crawls(self, s):
        runs = CounterMetricFamily("trustwatch_crawl_runs", "Crawl runs, per source and status",
                                   labels=["source", "status"])
        for name, status, count in s.execute(select(Source.name, CrawlRun.status, func.count())
                                             .join(Source, Source.id == CrawlRun.source_id)
                                             .group_by(Source.name, CrawlRun.status)):
            runs.add_metric([name, status], count)
        yield runs
        # Errors are a JSON column per run; summing them over months of runs at every scrape would not scale,
        # so this is the last 24 hours (runs of any status are counted above, in SQL).
        errors = GaugeMetricFamily("trustwatch_crawl_errors_last_day", "Crawl errors in the last 24 hours, "
                                   "per source and kind", labels=["source", "kind"])
        totals: dict[tuple[str, str], int] = {}
        since = utcnow() - dt.timedelta(days=1)
        for name, run_errors, status in s.execute(select(Source.name, CrawlRun.errors, CrawlRun.status)
                                                  .join(Source, Source.id == CrawlRun.source_id)
                                                  .where(CrawlRun.started_at >= since)):
            for kind, count in (run_errors or {}).items():
                if isinstance(count, int | float):
                    totals[(name, str(kind))] = totals.get((name, str(kind)), 0) + int(count)
            if status == CrawlRunState.FAILED:
                totals[(name, "run_failed")] = totals.get((name, "run_failed"), 0) + 1
        for (name, kind), count in sorted(totals.items()):
            errors.add_metric([name, kind], count)
        yield errors
        last = GaugeMetricFamily("trustwatch_crawl_last_success_timestamp_seconds",
                                 "When each source was last crawled successfully", labels=["source"])
        for name, at in s.execute(select(Source.name, Source.last_success_at).where(Source.last_success_at.is_not(None))):
            last.add_metric([name], _aware(at).timestamp())
        yield last

    def _jobs(self, s):
        durations = SummaryMetricFamily("trustwatch_job_duration_seconds", "Scheduled job run time", labels=["job"])
        runs = CounterMetricFamily("trustwatch_job_runs", "Scheduled job runs, per outcome", labels=["job", "outcome"])
        last = GaugeMetricFamily("trustwatch_job_last_duration_seconds", "Duration of the last run", labels=["job"])
        failing = GaugeMetricFamily("trustwatch_job_consecutive_failures", "Failures since the last success",
                                    labels=["job"])
        rows = s.scalars(select(SchedulerState).where(SchedulerState.key.startswith(STATE_PREFIX)))
        for row in rows:
            job, value = row.key[len(STATE_PREFIX):], row.value or {}
            ok, err = int(value.get("runs_ok", 0)), int(value.get("runs_error", 0))
            durations.add_metric([job], count_value=ok + err, sum_value=float(value.get("duration_sum", 0.0)))
            runs.add_metric([job, "ok"], ok)
            runs.add_metric([job, "error"], err)
            last.add_metric([job], float(value.get("last_duration", 0.0)))
            failing.add_metric([job], int(value.get("consecutive_failures", 0)))
        yield from (durations, runs, last, failing)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def make_registry(db) -> CollectorRegistry:
    """A registry holding only the Trustwatch collector (not the process-global default registry)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(TrustwatchCollector(db))
    return registry


def render(registry: CollectorRegistry) -> bytes:
    """The Prometheus text exposition of `registry`."""
    return generate_latest(registry)
