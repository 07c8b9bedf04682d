"""Two `events process` passes at once, in two processes, give what one pass gives (SQLite and PostgreSQL)."""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from alertkit import DEPARTMENTS, ROUTING, store_demo_articles
from sqlalchemy import create_engine, func, select, text

import demo.corpus as truth_mod
from store.db import Database
from store.models import Alert, Article, Delivery, Event

RACER = Path(__file__).with_name("pass_racer.py")


def load_demo_articles(database) -> int:
    items = [a for a in truth_mod.truth() if a["reachable"]]
    store_demo_articles(database, items)
    return len({a["incident"] for a in items if a["label"] != "none"})


def run_passes(database, tmp_path, n: int, hours_later: float = 0.0) -> list[dict]:
    cfg = tmp_path / "config"
    cfg.mkdir(parents=True, exist_ok=True)
    (cfg / "departments.yaml").write_text(DEPARTMENTS, encoding="utf-8")
    (cfg / "routing.yaml").write_text(ROUTING, encoding="utf-8")
    start = time.time() + 4.0  # every process imports first, then they start together
    procs = [subprocess.Popen([sys.executable, str(RACER), database.url, str(cfg), str(tmp_path / "home"),
                               str(start), str(hours_later)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(n)]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        assert p.returncode == 0, stderr[-3000:]
        out.append(json.loads(stdout.strip().splitlines()[-1]))
    return out


def outcome(database) -> dict:
    with database.session() as s:
        per_event = collections.Counter(s.scalars(select(Article.event_id).where(Article.event_id.is_not(None))))
        keys = list(s.scalars(select(Delivery.idempotency_key)))
        per_alert = collections.Counter(s.scalars(select(Delivery.alert_id)))
        return {"events": s.scalar(select(func.count()).select_from(Event)),
                "empty_events": s.scalar(select(func.count()).select_from(Event).where(Event.id.not_in(
                    select(Article.event_id).where(Article.event_id.is_not(None))))),
                "alerts": s.scalar(select(func.count()).select_from(Alert)),
                "deliveries": len(keys), "distinct_keys": len(set(keys)),
                "articles_in_events": sum(per_event.values()), "max_deliveries_per_alert": max(per_alert.values(),
                                                                                               default=0)}


@pytest.fixture
def two_databases(request, tmp_path):
    """Two fresh, migrated databases of the kind the test asks for."""
    which = request.param
    if which == "sqlite":
        made = [Database(f"sqlite:///{tmp_path / f'db{i}.sqlite'}") for i in range(2)]
        for d in made:
            d.migrate()
        yield made
        for d in made:
            d.dispose()
        return
    admin_url = os.environ.get("TRUSTWATCH_TEST_PG_URL")
    if not admin_url:
        pytest.skip("no local PostgreSQL (run through `make test`)")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    names = [f"tw_race_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    made = []
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            made.append(Database(admin_url.rsplit("/", 1)[0] + f"/{name}"))
    for d in made:
        d.migrate()
    yield made
    for d in made:
        d.dispose()
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("two_databases", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_two_passes_at_once_equal_one_pass(two_databases, tmp_path):
    one, two = two_databases
    incidents = load_demo_articles(one)
    run_passes(one, tmp_path / "one", 1)
    expected = outcome(one)
    assert expected["events"] == incidents and expected["empty_events"] == 0

    load_demo_articles(two)
    run_passes(two, tmp_path / "two", 2)
    got = outcome(two)
    print("first notifications, one pass:", expected, "two passes:", got)
    assert got == expected

    # Every event grows after its alerts were acknowledged; 7 h later (repeat_interval 6 h) each is
    # repeated once. (Acknowledged, not merely sent: on PostgreSQL two passes share the classification,
    # so one may plan before the other's half of the growth is clustered, and an alert overdue by then
    # is rightly escalated, as if the follow-ups had come in two crawls; one pass sees them together.)
    for database in (one, two):
        grow_events(database)
    run_passes(one, tmp_path / "one", 1, hours_later=7)
    run_passes(two, tmp_path / "two", 2, hours_later=7)
    expected, got = outcome(one), outcome(two)
    print("repeats, one pass:", expected, "two passes:", got)
    assert expected["deliveries"] > expected["alerts"]  # the repeats were planned
    assert got == expected


def grow_events(database) -> None:
    """Mark every alert acknowledged and add a follow-up report to each event."""
    with database.session() as s:
        for al in s.scalars(select(Alert)):
            al.state = "acknowledged"
        firsts = {}
        for a in s.scalars(select(Article).where(Article.event_id.is_not(None)).order_by(Article.id)):
            firsts.setdefault(a.event_id, a)
        for a in firsts.values():
            s.add(Article(url=a.url + "?follow-up", title="【续】" + a.title, body=a.body,
                          content_hash=a.content_hash + "-follow-up", source_id=a.source_id,
                          published_at=a.published_at + dt.timedelta(hours=2)))
