"""Shared fixtures: a migrated database per test (SQLite, and PostgreSQL where available)."""

from __future__ import annotations

import os
import uuid

import pytest

from store.db import Database
from trustwatch.settings import load_settings


# Tests read defaults and start their own servers, so a user's TRUSTWATCH_* variables (an ES port, a
# database URL, a config folder...) must not reach them, nor the subprocesses they start from os.environ.
# Variables of the test harness itself (TRUSTWATCH_TEST_*, where screenshots go) are kept.
HARNESS_PREFIX = "TRUSTWATCH_TEST_"
HARNESS_VARIABLES = {"TRUSTWATCH_SCREENSHOTS_DIR"}


def _user_variables() -> list[str]:
    return [k for k in os.environ if k.startswith("TRUSTWATCH_") and not k.startswith(HARNESS_PREFIX)
            and k not in HARNESS_VARIABLES]


def pytest_configure(config):
    """Drop the user's TRUSTWATCH_* variables before any fixture (session-wide ones too) reads settings."""
    for name in _user_variables():
        os.environ.pop(name, None)
    # An existing cluster for the `es` fixture is named for the tests only, never by the user's own setting.
    if os.environ.get("TRUSTWATCH_TEST_ES_URL"):
        os.environ["TRUSTWATCH_ES_URL"] = os.environ["TRUSTWATCH_TEST_ES_URL"]


@pytest.fixture(autouse=True)
def _no_inherited_trustwatch_env(monkeypatch):
    """Each test starts without TRUSTWATCH_* variables a previous test or a library left in os.environ."""
    keep = os.environ.get("TRUSTWATCH_TEST_ES_URL")
    for name in _user_variables():
        if not (name == "TRUSTWATCH_ES_URL" and keep and os.environ[name] == keep):
            monkeypatch.delenv(name, raising=False)


def _postgres_admin_url() -> str | None:
    # The Makefile starts a local PostgreSQL and exports this for the test run.
    return os.environ.get("TRUSTWATCH_TEST_PG_URL")


@pytest.fixture
def db(tmp_path):
    """A migrated SQLite database in a temporary file."""
    database = Database(f"sqlite:///{tmp_path / 'trustwatch.db'}")
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def pg_db():
    """A migrated, throw-away PostgreSQL database on the local server."""
    admin_url = _postgres_admin_url()
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail("TRUSTWATCH_TEST_PG_URL is not set: make test must start PostgreSQL")
        pytest.skip("no local PostgreSQL (run through `make test`)")
    from sqlalchemy import create_engine, text

    name = f"tw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    database = Database(url)
    database.migrate()
    yield database
    database.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request):
    """The same test against SQLite and PostgreSQL."""
    return request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")


@pytest.fixture
def redis_url():
    """A Redis database of the local server (scripts/redis.sh) that no other test run uses meanwhile,
    empty at the start and emptied at the end."""
    base = os.environ.get("TRUSTWATCH_TEST_REDIS_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("TRUSTWATCH_TEST_REDIS_URL is not set: make test must start Redis")
        pytest.skip("no local Redis (run through `make test`)")
    import redis

    token = uuid.uuid4().hex
    root = base.rsplit("/", 1)[0]
    for number in range(1, 16):  # database 0 is left to people trying things by hand
        client = redis.Redis.from_url(f"{root}/{number}")
        if client.set("tw-test-owner", token, nx=True, ex=900):
            client.flushdb()
            client.set("tw-test-owner", token, ex=900)
            yield f"{root}/{number}"
            client.flushdb()
            client.close()
            return
        client.close()
    pytest.fail("every Redis test database is in use")


@pytest.fixture
def settings(tmp_path):
    """Settings for a test: its own home folder and database."""
    return load_settings(home=tmp_path / "home", db_url=f"sqlite:///{tmp_path / 'tw.db'}", env="test")


# --- Elasticsearch (store area): the real local server, started once per session -----------------


class EsHandle:
    """The `es` fixture: a client, settings with a prefix unique to this session, and the local server."""

    def __init__(self, client, settings, server):
        self.client = client
        self.settings = settings
        self.server = server  # store.es_server.LocalElasticsearch, or None for TRUSTWATCH_TEST_ES_URL
        self._count = 0
        self._issued = [settings]

    @property
    def index(self):
        """The IndexConfig of the session's settings (what the store's functions take)."""
        from trustwatch.configs import index_config

        return index_config(self.settings)

    def fresh_index(self, **overrides):
        """An IndexConfig with its own prefix (fresh_settings, built the way the application builds it)."""
        from trustwatch.configs import index_config

        return index_config(self.fresh_settings(**overrides))

    def fresh_settings(self, **overrides):
        """Settings with their own index prefix, for a test that must not see the others' documents."""
        self._count += 1
        fresh = self.settings.model_copy(
            update={"es_index_prefix": f"{self.settings.es_index_prefix}-{self._count}", **overrides}
        )
        self._issued.append(fresh)
        return fresh

    def cleanup(self) -> None:
        from store.search_index import delete_all
        from trustwatch.configs import index_config

        for issued in self._issued:
            delete_all(self.client, index_config(issued))


def _drop_stale_test_indices(client, max_age_hours: float = 6) -> None:
    """Indices left by test sessions that were killed before their cleanup (the server persists)."""
    import time

    stale = client.indices.get_settings(index="twtest-*", name="index.creation_date", allow_no_indices=True)
    cutoff = (time.time() - max_age_hours * 3600) * 1000
    old = [name for name, body in stale.body.items()
           if int(body["settings"]["index"]["creation_date"]) < cutoff]
    if old:
        client.indices.delete(index=",".join(old), ignore_unavailable=True)


@pytest.fixture(scope="session")
def es():
    """The real Elasticsearch: reuses a running local server (or TRUSTWATCH_TEST_ES_URL), else starts it."""
    from store.es_server import EsServerError
    from store.search_index import make_client
    from trustwatch.configs import index_config, local_es_server

    base = load_settings(env="test")
    server = None
    if base.local_es:
        server = local_es_server(base)
        try:
            server.start()
        except EsServerError as exc:
            pytest.fail(f"the local Elasticsearch did not start: {exc}")
    settings = base.model_copy(update={"es_index_prefix": f"twtest-{uuid.uuid4().hex[:8]}"})
    client = make_client(index_config(settings))
    _drop_stale_test_indices(client)
    handle = EsHandle(client, settings, server)
    yield handle
    handle.cleanup()
    client.close()
