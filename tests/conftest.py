"""Shared fixtures: a migrated database per test (SQLite, and PostgreSQL where available)."""

from __future__ import annotations

import os
import uuid

import pytest

from store.db import Database
from trustwatch.settings import load_settings


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
def settings(tmp_path):
    """Settings for a test: its own home folder and database."""
    return load_settings(home=tmp_path / "home", db_url=f"sqlite:///{tmp_path / 'tw.db'}", env="test")
