"""Sign-in, cookies, CSRF, lockout and sign-out through the pages and the API."""

import time

from trustwatch.settings import load_settings
from trustwatch.web import create_app


def test_sign_in_lands_on_the_role_home_with_a_safe_cookie(web):
    resp = web.login("shenhe")
    assert resp.status_code == 303 and resp.headers["location"] == "/queue"
    cookie = resp.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert "secure" not in cookie.lower()  # plain http in tests
    assert "审核队列" in web.http.get("/queue").text


def test_production_cookie_is_secure(db, tmp_path):
    settings = load_settings(env="production", secret_key="kQ7vN2xR9mT4pL8sW3zY6bH1cJ5fD0gA-private-for-this-test", home=tmp_path)
    from fastapi.testclient import TestClient

    client = TestClient(create_app(settings, db=db))
    cookie = client.get("/login").headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie


def test_wrong_passwords_back_off_with_one_message(web):
    for _ in range(5):
        resp = web.login("fenxi", "wrong-password")
        assert resp.status_code == 401 and "用户名或密码错误" in resp.text
    resp = web.login("fenxi")  # backing off from this address: the right password waits too
    assert resp.status_code == 401 and "用户名或密码错误，或尝试过于频繁" in resp.text
    assert "锁定" not in resp.text


def test_form_without_csrf_token_is_refused(web):
    web.login("shenhe")
    event_id = web.ids["events"]["expired-food"]
    resp = web.http.post(f"/events/{event_id}/review", data={"action": "confirm"})
    assert resp.status_code == 403 and "CSRF" in resp.text
    resp = web.http.post(f"/events/{event_id}/review", data={"action": "confirm", "csrf_token": "forged"})
    assert resp.status_code == 403


def test_login_form_needs_csrf_too(web):
    resp = web.http.post("/login", data={"username": "shenhe", "password": "x"})
    assert resp.status_code == 403


def test_sign_out_ends_the_session(web):
    web.login("fenxi")
    web.page_token("/search")
    assert web.post_form("/logout", {}, follow_redirects=False).status_code == 303
    assert web.http.get("/search", follow_redirects=False).headers["location"].startswith("/login")


def test_next_parameter_cannot_leave_the_site(web):
    web.http.cookies.clear()
    token = web.page_token("/login")
    resp = web.http.post("/login", data={"username": "fenxi", "password": "Trustwatch-2025", "csrf_token": token,
                                         "next": "//evil.example/"}, follow_redirects=False)
    assert resp.headers["location"] == "/search"


def test_api_sign_in_and_csrf_header(web):
    http = web.http
    assert http.post("/api/v1/login", data={"username": "shenhe", "password": "x"}).status_code in (415, 422)
    resp = http.post("/api/v1/login", json={"username": "shenhe", "password": "Trustwatch-2025"})
    assert resp.status_code == 200
    token = resp.json()["csrf_token"]
    event_id = web.ids["events"]["milk-powder"]
    assert http.post(f"/api/v1/events/{event_id}/review", json={"action": "confirm"}).status_code == 403
    resp = http.post(f"/api/v1/events/{event_id}/review", json={"action": "confirm"}, headers={"X-CSRF-Token": token})
    assert resp.status_code == 200 and resp.json()["state"] == "confirmed"
    assert http.get("/api/v1/me").json()["role"] == "reviewer"


def test_api_without_session_is_401(web):
    assert web.http.get("/api/v1/events").status_code == 401


def test_openapi_documents_the_actions(web):
    paths = web.http.get("/api/openapi.json").json()["paths"]
    for p in ("/api/v1/events/{event_id}/review", "/api/v1/alerts/{alert_id}/resolve", "/api/v1/search"):
        assert p in paths


def test_disabling_or_new_password_ends_open_sessions(web, db):
    from sqlalchemy import select

    from store.models import User
    from trustwatch.auth import hash_password, set_disabled
    from trustwatch.web.user_cache import SignedInCache

    # Changes made outside the web app (the CLI) are seen once the signed-in cache's entry expires.
    web.http.app.state.signed_in_cache = SignedInCache(ttl=0.2)
    web.login("fenxi")
    assert web.http.get("/search").status_code == 200
    with db.session() as s:
        s.scalar(select(User).where(User.username == "fenxi")).password_hash = hash_password("another-password")
    time.sleep(0.3)
    assert web.http.get("/search", follow_redirects=False).status_code == 303
    web.login("fenxi", "another-password")
    assert web.http.get("/api/v1/me").status_code == 200
    with db.session() as s:
        set_disabled(s, "fenxi")
    time.sleep(0.3)
    assert web.http.get("/api/v1/me").status_code == 401
