"""Two drainers never take the same outbox rows, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from store import outbox
from store.models import IndexOutbox, utcnow
from store.search_index import alias_name


def _enqueue(db, n: int, doc_type: str = "article") -> None:
    with db.session() as s:
        for i in range(1, n + 1):
            outbox.enqueue(s, doc_type, i)


def test_concurrent_claims_are_disjoint(any_db):
    _enqueue(any_db, 300)
    claims: list[list[int]] = []
    barrier = threading.Barrier(4)

    def claimer():
        barrier.wait()
        mine = []
        while batch := outbox.claim(any_db, 25):
            mine += [c.id for c in batch]
        claims.append(mine)

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    every = [i for mine in claims for i in mine]
    assert len(every) == len(set(every)) == 300


def test_claimed_rows_wait_for_their_lease(any_db):
    _enqueue(any_db, 3)
    assert len(outbox.claim(any_db, 10)) == 3
    assert outbox.claim(any_db, 10) == []  # leased to the first drainer
    # A drainer that died: its lease runs out and the rows come back, oldest first.
    later = utcnow() + outbox.LEASE + dt.timedelta(seconds=1)
    assert [c.doc_id for c in outbox.claim(any_db, 10, now=later)] == [1, 2, 3]


def test_enqueue_rejects_unknown_types(db):
    with db.session() as s, pytest.raises(ValueError, match="doc_type"):
        outbox.enqueue(s, "page", 1)
    with db.session() as s, pytest.raises(ValueError, match="op"):
        outbox.enqueue(s, "article", 1, op="upsert")


@pytest.mark.es
def test_two_drainers_index_each_row_once(es, any_db, samples):
    config = es.fresh_index()
    for n in range(10):
        samples.add_articles(any_db, url_prefix=f"https://news.example.cn/c{n}/")
    results, errors = [], []

    def drainer():
        try:
            results.append(outbox.drain(any_db, es.client, config, batch_size=7))
        except Exception as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=drainer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert sum(r.rows_done for r in results) == 40 and outbox.depth(any_db).pending == 0
    alias = alias_name(config, "article")
    es.client.indices.refresh(index=alias)
    assert es.client.count(index=alias)["count"] == 40
    found = es.client.search(index=alias, size=100, version=True)["hits"]["hits"]
    assert {h["_version"] for h in found} == {1}
    with any_db.session() as s:
        assert s.query(IndexOutbox).filter(IndexOutbox.attempts > 0).count() == 0
