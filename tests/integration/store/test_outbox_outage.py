"""With Elasticsearch really stopped the outbox grows; after it restarts every row is indexed once."""

from __future__ import annotations

import datetime as dt
import socket
import uuid

import pytest

from store import outbox
from store.models import IndexOutbox, utcnow
from store.search_index import alias_name, make_client
from trustwatch.configs import local_es_server

pytestmark = [pytest.mark.es, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_server(es):
    """A throw-away second server, so stopping it disturbs nobody else's tests or `make run`."""
    if es.server is None:
        pytest.skip("TRUSTWATCH_TEST_ES_URL points at an existing cluster: this test stops its own server")
    server = local_es_server(es.settings, name=f"outage-{uuid.uuid4().hex[:6]}", port=_free_port())
    server.start()
    yield server
    server.destroy()


def test_outage_loses_nothing_and_indexes_each_row_once(es, own_server, db, samples):
    port = own_server.port
    config = es.fresh_index(es_port=port, es_request_timeout=5.0)
    client = make_client(config)
    first = samples.add_articles(db, url_prefix="https://news.example.cn/before/")
    assert outbox.drain(db, client, config).rows_done == 4

    assert "stopped" in own_server.stop()
    assert own_server.health() is None
    during = []
    for n in range(3):  # the crawler keeps storing articles during the outage
        during += samples.add_articles(db, url_prefix=f"https://news.example.cn/during{n}/")
    failed = outbox.drain(db, client, config)
    assert failed.rows_done == 0 and failed.rows_failed > 0
    assert any("Connection" in e for e in failed.errors)
    depth = outbox.depth(db)
    assert depth.pending == 12 and depth.retrying > 0
    with db.session() as s:
        pending = s.query(IndexOutbox).filter(IndexOutbox.done_at.is_(None)).all()
    tried = [r for r in pending if r.attempts > 0]
    assert tried and all(r.next_attempt_at > utcnow() and r.last_error for r in tried)
    # Still down, and not yet time to retry: nothing is claimed, nothing is lost.
    assert outbox.drain(db, client, config).batches == 0

    own_server.start()
    later = utcnow() + dt.timedelta(hours=2)  # past every backoff, without sleeping
    result = outbox.drain(db, client, config, now=later)
    assert result.rows_failed == 0 and result.rows_done == 12
    assert outbox.depth(db).pending == 0

    alias = alias_name(config, "article")
    client.indices.refresh(index=alias)
    assert client.count(index=alias)["count"] == len(first) + len(during) == 16
    versions = [client.get(index=alias, id=str(i))["_version"] for i in first + during]
    assert versions == [1] * 16  # each row written exactly once
    client.close()
