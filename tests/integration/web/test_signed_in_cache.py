"""The signed-in user comes from a short cache keyed by session: no SQL per request, yet every way of
ending a session still ends it (at once in this process, within the cache's seconds from the CLI)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from trustwatch.auth import set_disabled, set_password
from trustwatch.web import create_app
from trustwatch.web.sample_data import PASSWORD, seed
from trustwatch.web.user_cache import SignedInCache

NEW_PASSWORD = "Qz8-unrelated-passphrase-2031"


@pytest.fixture
def app(db, settings):
    seed(db, settings)
    return create_app(settings, db=db)


def _client(app, username: str = "fenxi") -> TestClient:
    client = TestClient(app)
    resp = client.post("/api/v1/login", json={"username": username, "password": PASSWORD})
    assert resp.status_code == 200
    client.headers["X-CSRF-Token"] = resp.json()["csrf_token"]
    return client


def _statements(db, fn) -> int:
    seen = []

    def count(*_args):
        seen.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_a_signed_in_request_needs_no_sql_within_the_ttl(app, db):
    client = _client(app)
    assert client.get("/api/v1/me").json()["username"] == "fenxi"
    assert _statements(db, lambda: client.get("/api/v1/me").raise_for_status()) == 0


def test_sign_out_ends_even_a_copied_cookie_at_once(app):
    client = _client(app)
    assert client.get("/api/v1/me").status_code == 200
    copy = dict(client.cookies)
    assert client.post("/api/v1/logout").status_code == 200
    thief = TestClient(app, cookies=copy)
    assert thief.get("/api/v1/me").status_code == 401


def test_end_all_sessions_ends_the_other_browsers_at_once(app):
    laptop, phone = _client(app), _client(app)
    assert phone.get("/api/v1/me").status_code == 200  # cached now
    assert laptop.post("/api/v1/me/sessions/end-all").status_code == 200
    assert phone.get("/api/v1/me").status_code == 401
    assert laptop.get("/api/v1/me").status_code == 401


def test_password_change_ends_the_other_browsers_at_once(app):
    laptop, phone = _client(app), _client(app)
    assert phone.get("/api/v1/me").status_code == 200
    resp = laptop.post("/api/v1/me/password", json={"current": PASSWORD, "new": NEW_PASSWORD})
    assert resp.status_code == 200, resp.text
    assert phone.get("/api/v1/me").status_code == 401
    laptop.headers["X-CSRF-Token"] = resp.json()["csrf_token"]
    assert laptop.get("/api/v1/me").status_code == 200  # the browser that changed it goes on


@pytest.mark.parametrize("change", ["disable", "password"])
def test_a_change_made_by_the_cli_takes_effect_within_the_ttl(app, db, change):
    app.state.signed_in_cache = SignedInCache(ttl=0.5)
    client = _client(app)
    assert client.get("/api/v1/me").status_code == 200
    with db.session() as s:  # what `trustwatch users disable/passwd` does, from another process
        if change == "disable":
            set_disabled(s, "fenxi", True)
        else:
            set_password(s, "fenxi", NEW_PASSWORD)
    time.sleep(0.6)
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/search", params={"q": "过期"}).status_code == 401


def test_the_cache_is_bounded_and_expires():
    now = [100.0]
    cache = SignedInCache(ttl=5, clock=lambda: now[0])
    from trustwatch.auth import SignedInUser

    user = SignedInUser(1, "fenxi", "赵", "analyst", None, None)
    cache.put("sid", user, "pwf")
    assert cache.get("sid", "pwf") == user
    assert cache.get("sid", "another-password") is None  # and the entry is gone
    cache.put("sid", user, "pwf")
    now[0] += 5
    assert cache.get("sid", "pwf") is None
