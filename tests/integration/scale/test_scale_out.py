"""Issue 15, done when: many processes of every kind on one machine, nothing twice.

Real PostgreSQL, Redis and Elasticsearch; the demo site publishing live over HTTP; a real SMTP server
and a real HTTP receiver. Three crawler workers, two schedulers (`worker`; the leader is frozen with
SIGSTOP for five lease lengths and resumed), two dispatchers and two outbox drainers run for three to
four minutes. Then: every published article is stored once, each demo incident is one event, each
notification reached its department once per channel, each page was fetched once per crawl cycle,
and no two schedulers ran jobs at the same time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml
from pydantic import SecretStr
from scale_harness import (DEMO_SOURCES, alertkit, attach_request_log, refetched_on_purpose, settings_environment,
                           start, stop, tail, trustwatch, wait_for)
from sqlalchemy import func, select

from crawler.frontier import Frontier
from demo.corpus import BEIJING
from store.models import Alert, Article, CrawlRun, Delivery, Department, DuplicateSighting, IndexOutbox, Source
from trustwatch.settings import PROJECT_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.es, pytest.mark.timeout(600)]

SCHEDULER = Path(__file__).with_name("scale_scheduler.py")
LEASE_TTL = 4.0  # scale_scheduler.LEASE_TTL
CRAWLERS, DISPATCHERS, DRAINERS = 3, 2, 2
PUBLISH_EVERY = 5.0
PUBLISH_FOR = 150.0  # seconds of live publishing (the done-when asks for several minutes of running)
PAUSE_AFTER, PAUSE_FOR = 20.0, 5 * LEASE_TTL  # longer than the lease and the idle-transaction limit
SETTLE = 75.0  # at most this long after the last publication for crawls, events and deliveries to finish
PORTAL_OF_SOURCE = {"demo-daily": "/daily/", "demo-gov": "/gov/", "demo-news": "/news/"}
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=false", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "LOG_LEVEL=INFO"]


def _config_dir(tmp_path: Path, hook_url: str) -> Path:
    """The shipped configuration with every department reachable by e-mail and webhook here."""
    config = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config)
    path = config / "departments.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for dept in doc["departments"]:
        dept["contacts"] = {"email": [f"{dept['code']}@test.example.org"], "webhook": [f"{hook_url}/hooks/{dept['code']}"]}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    routing = config / "routing.yaml"
    routing.write_text(routing.read_text(encoding="utf-8").replace("group_wait: 10s", "group_wait: 2s"), encoding="utf-8")
    return config


class Publisher:
    """Publishes one article from the demo's pool every PUBLISH_EVERY seconds until stopped."""

    def __init__(self, site):
        self.site = site
        self.published: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.wait(PUBLISH_EVERY):
            record = self.site.publish()
            self.published.append((time.time(), record["path"]))

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(10)


def _records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture
def rig(tmp_path, pg_db, redis_url, es):
    """Everything but the processes: demo site, receivers, settings."""
    from demo.server import DemoSite

    kit = alertkit()
    requests, detach = attach_request_log()
    # Published live on the real clock, the site writes its news portal's relative dates (3小时前)
    # against the real clock too, as the crawlers read them; against the corpus's fixed instant
    # (demo.corpus.REFERENCE_NOW) the safety-05 news report of 2025-04-20 read as "today", 20 months
    # after its gov notice, and became a second event (outside the event window).
    site = DemoSite(host="127.0.0.1", port=0, slow_seconds=1.0, clock=lambda: dt.datetime.now(BEIJING)).start()
    smtp = kit.SmtpServer().start()
    hook = kit.HttpReceiver()
    settings = es.fresh_settings(
        env="test", home=tmp_path / "home", db_url=pg_db.url, config_dir=_config_dir(tmp_path, hook.url),
        demo_base_url=site.base_url, redis_url=redis_url, crawl_domain_rate=50.0, crawl_domain_burst=10,
        crawl_page_timeout=5.0, smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_starttls=False, smtp_ssl=False,
        alert_channels=["email", "webhook"], webhook_secret=SecretStr("scale-out-test-webhook-secret"),
        alert_auto_dispatch_severity="low", alert_dry_run=False, alert_lease_seconds=30.0,
        secret_key=SecretStr("scale-out-test-secret-key-0123456789-abcdef"))
    yield {"site": site, "requests": requests, "smtp": smtp, "hook": hook, "settings": settings, "db": pg_db}
    hook.close()
    smtp.stop()
    site.stop()
    detach()


def test_every_process_twice_and_nothing_twice(rig, tmp_path):
    site, settings, db = rig["site"], rig["settings"], rig["db"]
    env = settings_environment(settings)
    logs = tmp_path / "logs"
    logs.mkdir()
    record = tmp_path / "jobs.jsonl"
    sources = [a for n in DEMO_SOURCES for a in ("--source", n)]
    procs: dict[str, object] = {}
    publisher = Publisher(site)
    try:
        for i in range(CRAWLERS):
            procs[f"crawler{i}"] = start(trustwatch("crawler-worker", *sources, *[a for s in FAST for a in ("--set", s)]),
                                         env, logs / f"crawler{i}.log")
        for i in range(DISPATCHERS):
            procs[f"dispatch{i}"] = start(trustwatch("dispatch", "--loop", "--interval", "1"), env, logs / f"dispatch{i}.log")
        for i in range(DRAINERS):
            procs[f"drain{i}"] = start(trustwatch("outbox", "drain", "--loop", "--interval", "1"), env, logs / f"drain{i}.log")
        frontier = Frontier.from_url(settings.redis_url)
        wait_for(lambda: len(frontier.live_workers()) >= CRAWLERS, 90, "the crawler workers to register")
        leader = procs["scheduler-a"] = start([sys.executable, str(SCHEDULER), str(record), *sources], env,
                                              logs / "scheduler-a.log")
        wait_for(lambda: any(r["pid"] == leader.pid for r in _records(record)), 90, "the first scheduler to lead")
        standby = procs["scheduler-b"] = start([sys.executable, str(SCHEDULER), str(record), "--standby", *sources],
                                               env, logs / "scheduler-b.log")
        publisher.start()
        began = time.time()

        time.sleep(PAUSE_AFTER)
        os.kill(leader.pid, signal.SIGSTOP)  # a VM pause, a long GC
        paused_at = time.time()
        time.sleep(PAUSE_FOR)
        os.kill(leader.pid, signal.SIGCONT)
        resumed_at = time.time()
        # The resumed leader finds its lease taken and schedules nothing more (checked from the job
        # records below); it exits with code 3 at its next heartbeat, even when it was frozen inside a
        # transaction and APScheduler's own thread died on the ended session (the heartbeat runs apart),
        # and even when a job it ran would not end (it leaves it after its grace). Its stop once waited
        # for ever on a job that brought another forward (2 clean-clone CI runs of 2026-12-02; see
        # tests/integration/service/test_stop_with_running_jobs.py). One that lingers fails the test;
        # `finally` below stops it (SIGTERM, then SIGKILL) with the other processes.
        wait_for(lambda: leader.poll() is not None, 60, "the resumed former leader to stop")
        assert leader.returncode == 3, tail(logs / "scheduler-a.log")

        time.sleep(max(0.0, PUBLISH_FOR - (time.time() - began)))
        publisher.stop()
        last_publication = publisher.published[-1][0]

        def settled():
            with db.session() as s:
                crawled_after = s.scalar(
                    select(func.count(func.distinct(CrawlRun.source_id))).where(
                        CrawlRun.status == "finished", CrawlRun.started_at > _utc(last_publication)))
                unclassified = s.scalar(select(func.count()).select_from(Article).where(Article.classified_at.is_(None)))
                undelivered = s.scalar(select(func.count()).select_from(Delivery).where(
                    Delivery.state.in_(["pending", "sending"])))
                # An alert waiting out its group_wait has no delivery yet: it would be sent while the
                # dispatchers are being stopped (seen once: two deliveries left `sending`).
                unplanned = s.scalar(select(func.count()).select_from(Alert).where(
                    Alert.state == "pending", Alert.last_notified_at.is_(None)))
                unindexed = s.scalar(select(func.count()).select_from(IndexOutbox).where(
                    IndexOutbox.done_at.is_(None), IndexOutbox.dead_at.is_(None)))
            return (crawled_after == len(DEMO_SOURCES) and not unclassified and not undelivered and not unplanned
                    and not unindexed)

        wait_for(settled, SETTLE, "a crawl of every source after the last publication, and the pipeline to drain", 1.0)
        time.sleep(3)  # a delivery marked sent has reached its receiver; let any stray repeat arrive
    finally:
        publisher.stop()
        # `dispatch --loop` and `outbox drain --loop` run "until interrupted": Ctrl-C, as a user stops them.
        codes = {name: stop(proc, how=signal.SIGINT if name.startswith(("dispatch", "drain")) else signal.SIGTERM)
                 for name, proc in procs.items()}
    for name, code in codes.items():  # a stopped loop says so (130 after Ctrl-C); none crashed
        assert code in ((0, 130) if name.startswith(("dispatch", "drain")) else (0, 3)), \
            f"{name} exited {code}:\n{tail(logs / (name + '.log'))}"

    truth = {t["path"]: t for t in site.truth()}
    _every_published_article_stored_once(db, site, truth, publisher)
    _each_incident_one_event(db, site, truth)
    _each_notification_received_once(db, rig["smtp"], rig["hook"])
    _each_page_fetched_once_per_cycle(db, rig["requests"])
    _one_scheduler_at_a_time(_records(record), leader.pid, standby.pid, paused_at, resumed_at)


def _utc(timestamp: float):
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc)


def _every_published_article_stored_once(db, site, truth, publisher):
    base = site.base_url
    with db.session() as s:
        stored = Counter(u.removeprefix(base) for u in s.scalars(select(Article.url)))
        stored.update(u.removeprefix(base) for u in s.scalars(select(DuplicateSighting.url)))
    reachable = {p for p, t in truth.items() if t["reachable"]}
    assert len(publisher.published) >= PUBLISH_FOR / PUBLISH_EVERY - 2
    assert {p for _, p in publisher.published} <= reachable
    assert sorted(p for p in reachable if stored[p] != 1) == []
    assert sorted(p for p, n in stored.items() if n > 1) == []
    # ... dated as its page says (to its minute; "N分钟前" is read to the second): clustering goes by these
    with db.session() as s:
        dated = {u.removeprefix(base): when for u, when in s.execute(select(Article.url, Article.published_at))}
    misdated = sorted((p, when and when.isoformat(), truth[p]["published_at"]) for p, when in dated.items()
                      if p in truth and (when is None or abs(when - dt.datetime.fromisoformat(truth[p]["published_at"]))
                                         >= dt.timedelta(minutes=1)))
    assert misdated == []


def _each_incident_one_event(db, site, truth):
    base = site.base_url
    events_of: dict[str, set[int]] = defaultdict(set)
    members: dict[str, list] = defaultdict(list)
    with db.session() as s:
        for url, event_id, title, fetched in s.execute(select(Article.url, Article.event_id, Article.title,
                                                               Article.fetched_at)):
            t = truth.get(url.removeprefix(base))
            if t and t["incident"] and event_id is not None:
                events_of[t["incident"]].add(event_id)
                members[t["incident"]].append((event_id, fetched.isoformat(timespec="seconds"), title[:40]))
        empty = s.scalar(select(func.count()).select_from(Alert).where(
            ~Alert.event_id.in_(select(Article.event_id).where(Article.event_id.is_not(None)))))
    assert events_of, "no incident became an event"
    split = {incident: sorted(ids) for incident, ids in events_of.items() if len(ids) > 1}
    shared = Counter(i for ids in events_of.values() for i in ids)
    assert split == {}, {incident: sorted(members[incident]) for incident in split}
    assert [event for event, n in shared.items() if n > 1] == []  # no event holds two incidents
    assert empty == 0  # no alert of an event without articles


def _each_notification_received_once(db, smtp, hook):
    with db.session() as s:
        rows = s.execute(select(Delivery.idempotency_key, Delivery.channel, Delivery.state, Delivery.kind,
                                Department.code, Alert.event_id)
                         .join(Alert, Alert.id == Delivery.alert_id)
                         .join(Department, Department.id == Alert.department_id)).all()
    assert rows, "no delivery was created"
    assert [r for r in rows if r.state != "sent"] == []
    mails = Counter(m["msg"]["X-Trustwatch-Idempotency-Key"] for m in smtp.messages)
    posts = Counter(r["headers"].get("Idempotency-Key") for r in hook.rec.requests)
    wanted = {"email": {r.idempotency_key for r in rows if r.channel == "email"},
              "webhook": {r.idempotency_key for r in rows if r.channel == "webhook"}}
    assert wanted["email"] and wanted["webhook"]
    assert {k: n for k, n in mails.items() if n != 1} == {} and set(mails) == wanted["email"]
    assert {k: n for k, n in posts.items() if n != 1} == {} and set(posts) == wanted["webhook"]
    # Nothing here repeats (repeat_interval 12h, no escalation): one message per event, department,
    # channel and kind, however many planners and dispatchers ran.
    per_department = Counter((r.event_id, r.code, r.channel, r.kind) for r in rows)
    assert {k: n for k, n in per_department.items() if n > 1} == {}


def _each_page_fetched_once_per_cycle(db, requests):
    with db.session() as s:
        runs = s.execute(select(Source.name, CrawlRun.started_at, CrawlRun.finished_at, CrawlRun.status)
                         .join(Source, Source.id == CrawlRun.source_id).order_by(CrawlRun.started_at)).all()
    assert all(r.status == "finished" for r in runs if r.finished_at is not None)
    windows = defaultdict(list)
    for r in runs:
        windows[r.name].append((r.started_at.timestamp(), (r.finished_at or r.started_at).timestamp() + 1.0))
    cycles = Counter(r.name for r in runs)
    assert all(cycles[name] >= 3 for name in DEMO_SOURCES), cycles  # several cycles per source ran
    allowed = refetched_on_purpose()
    twice, stray = [], []
    for name, prefix in PORTAL_OF_SOURCE.items():
        for start_at, end_at in windows[name]:
            seen = Counter(p for t, p, _ in requests.snapshot() if start_at <= t <= end_at and p.startswith(prefix))
            twice += [(name, p, n) for p, n in seen.items() if n > 1 and p not in allowed]
        stray += [p for t, p, _ in requests.snapshot()
                  if p.startswith(prefix) and not any(a - 1.0 <= t <= b for a, b in windows[name])]
    assert twice == []
    assert stray == []  # every request of a source fell inside one of its cycles


def _one_scheduler_at_a_time(runs, old: int, new: int, paused_at: float, resumed_at: float):
    assert {r["pid"] for r in runs} <= {old, new}
    took_over = min(r["start"] for r in runs if r["pid"] == new)
    assert paused_at < took_over < resumed_at  # the standby led while the leader was frozen
    assert [r for r in runs if r["pid"] == old and r["start"] >= paused_at] == []  # nothing after the pause
    assert [r for r in runs if r["pid"] == new and r["start"] < paused_at] == []  # the standby waited
    # A job the old leader was frozen in may finish after it resumed (a crawl job waiting for its
    # cycle); none started then, and it stopped within seconds (exit 3, checked above).
