"""One lease queue (store.queue) on SQLite and PostgreSQL: dead after N tries, retry re-queues, purge by age."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from store import outbox, queue
from store.models import IndexOutbox, utcnow
from store.search_index import alias_name, make_client
from trustwatch.cli import main

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone.utc)


def _cli(monkeypatch, database, *argv) -> int:
    monkeypatch.setenv("TRUSTWATCH_DB_URL", database.url)
    return main(list(argv))


def test_a_row_failing_every_time_goes_dead_after_n_tries_and_stops_being_retried(any_db):
    policy = queue.RetryPolicy(base_seconds=1.0, cap_seconds=60.0, max_attempts=3, jitter=False)
    index = queue.LeaseQueue(queue.INDEX, dt.timedelta(minutes=5), policy)
    with any_db.session() as s:
        outbox.enqueue(s, "article", 7)
    now, outcomes = utcnow(), []
    for _ in range(5):
        now += dt.timedelta(minutes=2)  # past every backoff step of this policy
        token = queue.new_token()
        rows = index.claim(any_db, 10, token, now, columns=(IndexOutbox.attempts,))
        if not rows:
            outcomes.append("not claimed")
            continue
        ((row_id, attempts),) = rows
        values, dead = index.failure_values(attempts + 1, "403 cluster_block_exception", now)
        with any_db.session() as s:
            assert queue.INDEX.record(s, [row_id], token, values) == 1
        outcomes.append("dead" if dead else "retry")
    assert outcomes == ["retry", "retry", "dead", "not claimed", "not claimed"]
    d = queue.depth(any_db, queue.INDEX, now)
    assert (d.pending, d.leased, d.dead, d.done) == (0, 0, 1, 0)

    # An outage (the server, not the row) never kills a row, however often it happens.
    with any_db.session() as s:
        outbox.enqueue(s, "article", 8)
    for n in range(1, 8):
        values, dead = index.failure_values(n, "ConnectionError", now, outage=True)
        assert not dead and values["next_attempt_at"] > now


def test_retry_requeues_dead_rows_and_a_worker_takes_them_again(any_db, monkeypatch, capsys):
    with any_db.session() as s:
        rows = [IndexOutbox(doc_type="article", doc_id=i, attempts=10, last_error="403 blocked", dead_at=T0)
                for i in (1, 2, 3)]
        s.add_all(rows)
        s.flush()
        ids = [r.id for r in rows]
    assert outbox.claim(any_db, 10, now=T0 + dt.timedelta(days=1)) == []  # dead rows are not retried

    assert _cli(monkeypatch, any_db, "outbox", "retry", "--queue", "index", "--id", str(ids[0])) == 0
    assert "1 条死信（已停止重试）的记录已重新排队" in capsys.readouterr().out
    claimed = outbox.claim(any_db, 10)
    assert [(c.id, c.attempts) for c in claimed] == [(ids[0], 0)]  # a fresh count, due at once

    assert _cli(monkeypatch, any_db, "outbox", "retry", "--queue", "index", "--id", str(ids[0])) == 1
    assert "不是死信（已停止重试）的记录" in capsys.readouterr().err  # not dead (leased now): untouched
    assert _cli(monkeypatch, any_db, "outbox", "retry") == 0  # every queue, every dead row
    assert sorted(c.id for c in outbox.claim(any_db, 10)) == ids[1:]
    assert queue.depth(any_db, queue.INDEX).dead == 0


def test_purge_deletes_done_rows_older_than_the_age_only(any_db):
    now = utcnow()
    with any_db.session() as s:
        s.add_all([
            IndexOutbox(doc_type="article", doc_id=1, created_at=now - dt.timedelta(days=30),
                        done_at=now - dt.timedelta(days=8)),  # done long ago: purged
            IndexOutbox(doc_type="article", doc_id=2, created_at=now - dt.timedelta(days=30),
                        done_at=now - dt.timedelta(days=6)),  # done recently: kept
            IndexOutbox(doc_type="article", doc_id=3, created_at=now - dt.timedelta(days=30)),  # pending: kept
            IndexOutbox(doc_type="article", doc_id=4, created_at=now - dt.timedelta(days=30),
                        dead_at=now - dt.timedelta(days=20)),  # dead: kept for `outbox retry`
        ])
    assert outbox.purge_done(any_db, dt.timedelta(days=7)) == 1
    with any_db.session() as s:
        assert sorted(s.scalars(select(IndexOutbox.doc_id))) == [2, 3, 4]
    assert outbox.purge_done(any_db, dt.timedelta(days=7)) == 0


def test_status_shows_pending_leased_and_dead_rows_per_queue_in_chinese(db, monkeypatch, capsys):
    with db.session() as s:
        s.add_all([IndexOutbox(doc_type="article", doc_id=i) for i in range(4)]
                  + [IndexOutbox(doc_type="event", doc_id=9, attempts=10, dead_at=utcnow(), last_error="x")])
    outbox.claim(db, 1)
    assert _cli(monkeypatch, db, "outbox", "status") == 0
    out = capsys.readouterr().out
    assert "搜索索引发件箱（index）：排队中 3，处理中 1，死信（已停止重试） 1，已处理 0" in out
    assert "通知投递发件箱（delivery）：排队中 0，处理中 0，死信（已停止重试） 0，已处理 0" in out
    assert "trustwatch outbox retry --queue index" in out


@pytest.mark.es
def test_a_document_elasticsearch_keeps_rejecting_goes_dead_and_is_indexed_after_retry(es, any_db, samples,
                                                                                      monkeypatch):
    config = es.fresh_index()
    client = make_client(config)
    (article,) = samples.add_articles(any_db, samples.SAMPLES[:1])
    assert outbox.drain(any_db, client, config).rows_done == 1
    index = alias_name(config, "article")
    client.indices.add_block(index=index, block="write")  # every write to it is refused (403)
    try:
        with any_db.session() as s:
            outbox.enqueue(s, "article", article)
        now, dead_at = utcnow(), None
        for attempt in range(1, outbox.MAX_ATTEMPTS + 3):
            result = outbox.drain(any_db, client, config, now=now)
            if result.rows_dead:
                dead_at = attempt
            now += dt.timedelta(hours=2)  # past every backoff, without sleeping
        assert dead_at == outbox.MAX_ATTEMPTS  # then no further try: nothing was claimed
        assert outbox.depth(any_db).dead == 1 and outbox.depth(any_db).pending == 0
        with any_db.session() as s:
            assert "403" in s.scalar(select(IndexOutbox.last_error).where(IndexOutbox.dead_at.is_not(None)))
    finally:
        client.indices.put_settings(index=index, settings={"index.blocks.write": False})
    assert _cli(monkeypatch, any_db, "outbox", "retry", "--queue", "index") == 0
    assert outbox.drain(any_db, client, config).rows_done == 1
    with any_db.session() as s:
        assert s.scalar(select(func.count()).where(IndexOutbox.done_at.is_(None))) == 0
