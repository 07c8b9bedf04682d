"""The drain's pipeline: batches built while others are in flight; nothing sent twice, nothing tried in vain."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import select

from store import outbox
from store.models import Article, IndexOutbox
from store.search_index import alias_name, make_client

pytestmark = pytest.mark.es


def test_many_batches_in_flight_index_every_row_once(es, db, samples):
    config = es.fresh_index()
    ids = []
    for n in range(4):
        ids += samples.add_articles(db, url_prefix=f"https://news.example.cn/p{n}/")
    result = outbox.drain(db, es.client, config, batch_size=3, workers=2)
    assert result.indexed == len(ids) == 16 and result.rows_failed == 0 and result.batches == 6
    assert outbox.depth(db).pending == 0
    alias = alias_name(config, "article")
    es.client.indices.refresh(index=alias)
    assert es.client.count(index=alias)["count"] == 16
    assert {es.client.get(index=alias, id=str(i))["_version"] for i in ids} == {1}


def test_batches_not_yet_sent_when_the_server_refuses_are_released_untried(es, db, samples):
    with socket.socket() as sock:  # a port nobody listens on: connections are refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = es.fresh_index(es_port=port, es_request_timeout=2.0)
    client = make_client(config)
    for n in range(3):
        samples.add_articles(db, url_prefix=f"https://news.example.cn/r{n}/")
    result = outbox.drain(db, client, config, batch_size=2, workers=1)
    assert result.rows_done == 0 and result.rows_failed == 2 and result.batches == 1
    assert any("Connection" in e for e in result.errors)
    with db.session() as s:
        rows = s.execute(select(IndexOutbox.attempts, IndexOutbox.claimed_until, IndexOutbox.done_at)).all()
    assert len(rows) == 12 and all(r.done_at is None for r in rows)
    assert sorted(r.attempts for r in rows) == [0] * 10 + [1, 1]  # only the batch sent counts a try
    assert all(r.claimed_until is None for r in rows)  # no lease left: the untried rows are claimable now
    assert len(outbox.claim(db, 100)) == 10
    client.close()


def test_a_document_orjson_refuses_is_indexed_as_the_client_would_encode_it(es, db, samples):
    config = es.fresh_index()
    ids = samples.add_articles(db)
    with db.session() as s:  # an integer past 64 bits: orjson refuses it, the json module writes it
        # (Elasticsearch gives it back as a double: it re-encodes a source it filters)
        s.get(Article, ids[0]).scores = {"food": 10**30}
    result = outbox.drain(db, es.client, config)
    assert result.indexed == len(ids) and result.rows_failed == 0
    doc = es.client.get(index=alias_name(config, "article"), id=str(ids[0]))["_source"]
    assert doc["scores"] == {"food": 1e30} and doc["title"] == samples.SAMPLES[0]["title"]
