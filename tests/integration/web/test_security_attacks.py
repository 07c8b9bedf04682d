"""The attacks of issue 16 replayed against the app: each must now fail to get through."""

from __future__ import annotations

import io
import re
import threading
import time

import pytest
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from alerts.ack_tokens import SALT
from store.models import Alert, User
from trustwatch import auth, login_throttle
from trustwatch.auth import LOGIN_FAILED_MESSAGE, LoginFailed, add_user, authenticate, set_disabled
from trustwatch.cli import main as cli_main
from trustwatch.settings import DEFAULT_SECRET
from trustwatch.web.sample_data import PASSWORD
from trustwatch.web.user_cache import SignedInCache


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
ATTACKER = ("203.0.113.66", 40000)
OFFICE = ("198.51.100.7", 50000)


def _client(app, address=OFFICE) -> TestClient:
    return TestClient(app, client=address)


def _form_login(http: TestClient, username: str, password: str):
    token = CSRF_RE.search(http.get("/login").text).group(1)
    return http.post("/login", data={"username": username, "password": password, "csrf_token": token},
                     follow_redirects=False)


def _cli(monkeypatch, settings, argv, stdin="", db=None):
    if db is not None:  # the commands work on the web app's database
        settings = settings.model_copy(update={"db_url": db.url})
    monkeypatch.setattr("trustwatch.cli.load_settings", lambda: settings)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli_main(argv)


# --- 1. secrets -------------------------------------------------------------------------------------


def test_ack_link_forged_with_the_published_key_is_refused(web, settings, db):
    with db.session() as s:
        alert = s.scalar(select(Alert).where(Alert.state.in_(("pending", "sent"))))
        alert_id, dept_id = alert.id, alert.department_id
    forged = URLSafeTimedSerializer(DEFAULT_SECRET, salt=SALT).dumps({"a": alert_id, "d": dept_id})
    assert settings.secret_key.get_secret_value() != DEFAULT_SECRET
    page = web.http.get(f"/ack/{forged}")
    assert page.status_code == 400
    token = CSRF_RE.search(web.http.get("/login").text).group(1)
    assert web.http.post(f"/ack/{forged}", data={"csrf_token": token}).status_code == 400
    with db.session() as s:
        assert s.get(Alert, alert_id).state in ("pending", "sent")


def test_session_cookie_forged_with_the_published_key_is_not_a_session(web, settings):
    # A cookie signed with the published key is not accepted by an install with its own key.
    import base64
    import json

    from itsdangerous import TimestampSigner

    payload = base64.b64encode(json.dumps({"uid": 1, "sid": "x"}).encode())
    cookie = TimestampSigner(DEFAULT_SECRET).sign(payload).decode()
    web.http.cookies.set("tw_session", cookie)
    assert web.http.get("/api/v1/me").status_code == 401


# --- 3. sign-in throttling --------------------------------------------------------------------------


def _parallel_wrong_passwords(db, monkeypatch, username, n, address):
    checked = []
    real_verify = auth.verify_password

    def counting_verify(password_hash, password):
        checked.append(password)
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", counting_verify)
    barrier = threading.Barrier(n)
    outcomes = []

    def attempt(i):
        barrier.wait()
        try:
            with db.session() as s:
                try:
                    authenticate(s, username, f"guess-{i}", address=address)
                    outcomes.append("in")
                except LoginFailed as exc:
                    outcomes.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - a database error is an outcome the test reports
            outcomes.append(f"error: {exc}")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    monkeypatch.setattr(auth, "verify_password", real_verify)
    return checked, outcomes


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_parallel_wrong_passwords_are_not_all_checked(request, monkeypatch, database):
    db = request.getfixturevalue("db" if database == "sqlite" else "pg_db")
    with db.session() as s:
        add_user(s, "target", "a-long-password", "reviewer")
    checked, outcomes = _parallel_wrong_passwords(db, monkeypatch, "target", 30, ATTACKER[0])
    assert len(outcomes) == 30 and set(outcomes) == {LOGIN_FAILED_MESSAGE}
    assert len(checked) <= login_throttle.ACCOUNT_ATTEMPTS
    # The real user, from another address, is not locked out.
    with db.session() as s:
        assert authenticate(s, "target", "a-long-password", address=OFFICE[0]).username == "target"


def test_attacker_cannot_lock_the_admin_out(web):
    app = web.http.app
    attacker = _client(app, ATTACKER)
    for _ in range(12):
        assert _form_login(attacker, "admin", "guess").status_code == 401
    assert _form_login(attacker, "admin", PASSWORD).status_code == 401  # backing off from there
    admin = _client(app, OFFICE)
    resp = _form_login(admin, "admin", PASSWORD)
    assert resp.status_code == 303 and resp.headers["location"] == "/dashboard"


def test_messages_do_not_tell_which_usernames_exist(web):
    app = web.http.app
    answers = {}
    for name in ("admin", "no-such-user"):
        http = _client(app, ATTACKER)
        texts = set()
        for _ in range(8):
            resp = _form_login(http, name, "guess")
            texts.add((resp.status_code, CSRF_RE.sub("", resp.text).replace(name, "NAME")))
        api = http.post("/api/v1/login", json={"username": name, "password": "guess"})
        answers[name] = (texts, api.status_code, api.json())
    assert answers["admin"] == answers["no-such-user"]
    assert answers["admin"][2] == {"detail": LOGIN_FAILED_MESSAGE}


def test_disabled_account_answers_like_a_wrong_password(web, db):
    with db.session() as s:
        set_disabled(s, "fenxi")
    resp = _form_login(_client(web.http.app), "fenxi", PASSWORD)
    assert resp.status_code == 401 and LOGIN_FAILED_MESSAGE in resp.text and "停用" not in resp.text


@pytest.mark.parametrize("command", ["unlock", "enable"])
def test_unlock_and_enable_clear_the_back_off(web, db, settings, monkeypatch, capsys, command):
    app = web.http.app
    http = _client(app, ATTACKER)
    for _ in range(6):
        _form_login(http, "fenxi", "guess")
    assert _form_login(http, "fenxi", PASSWORD).status_code == 401
    _cli(monkeypatch, settings, ["users", "list"], db=db)
    assert "登录受限" in capsys.readouterr().out
    if command == "enable":
        assert _cli(monkeypatch, settings, ["users", "disable", "fenxi"], db=db) == 0
    assert _cli(monkeypatch, settings, ["users", command, "fenxi"], db=db) == 0
    assert _form_login(http, "fenxi", PASSWORD).status_code == 303


# --- 4. sessions ------------------------------------------------------------------------------------


def _signed_in(app, username="fenxi", password=PASSWORD, address=OFFICE) -> TestClient:
    http = _client(app, address)
    assert _form_login(http, username, password).status_code == 303
    return http


def _replay(app, cookie) -> int:
    thief = _client(app, ATTACKER)
    thief.cookies.set("tw_session", cookie)
    return thief.get("/api/v1/me").status_code


def test_a_cookie_copied_before_logout_stops_working(web):
    app = web.http.app
    http = _signed_in(app)
    stolen = http.cookies.get("tw_session")
    assert _replay(app, stolen) == 200
    token = CSRF_RE.search(http.get("/search").text).group(1)
    http.post("/logout", data={"csrf_token": token})
    assert _replay(app, stolen) == 401


def test_disable_then_enable_does_not_bring_old_sessions_back(web, db):
    app = web.http.app
    stolen = _signed_in(app).cookies.get("tw_session")
    with db.session() as s:
        set_disabled(s, "fenxi")
    with db.session() as s:
        set_disabled(s, "fenxi", disabled=False)
    assert _replay(app, stolen) == 401


def test_password_change_page_ends_other_sessions_and_keeps_this_one(web):
    app = web.http.app
    other = _signed_in(app).cookies.get("tw_session")
    http = _signed_in(app)
    page = http.get("/account")
    assert page.status_code == 200 and "修改密码" in page.text and "登录会话" in page.text
    token = CSRF_RE.search(page.text).group(1)
    new = "a brand new pass phrase"
    weak = http.post("/account/password", data={"csrf_token": token, "current": PASSWORD, "new": "password1234",
                                                "confirm": "password1234"})
    assert "过于常见" in weak.text
    wrong = http.post("/account/password", data={"csrf_token": token, "current": "not-it", "new": new,
                                                 "confirm": new})
    assert "当前密码不正确" in wrong.text
    done = http.post("/account/password", data={"csrf_token": token, "current": PASSWORD, "new": new, "confirm": new})
    assert "密码已修改" in done.text
    assert http.get("/api/v1/me").status_code == 200
    assert _replay(app, other) == 401
    assert _form_login(_client(app), "fenxi", PASSWORD).status_code == 401
    assert _form_login(_client(app), "fenxi", new).status_code == 303


def test_sign_out_everywhere(web):
    app = web.http.app
    other = _signed_in(app).cookies.get("tw_session")
    http = _signed_in(app)
    token = CSRF_RE.search(http.get("/account").text).group(1)
    assert http.post("/account/sessions/end-all", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert _replay(app, other) == 401 and http.get("/api/v1/me").status_code == 401


def test_admin_resets_a_password_on_the_page_and_in_the_cli(web, db, settings, monkeypatch, capsys):
    app = web.http.app
    victim = _signed_in(app).cookies.get("tw_session")
    admin = _signed_in(app, "admin")
    token = CSRF_RE.search(admin.get("/account").text).group(1)
    new = "reset by the administrator"
    resp = admin.post("/account/reset", data={"csrf_token": token, "username": "fenxi", "new": new, "confirm": new})
    assert "密码已重置" in resp.text and _replay(app, victim) == 401
    # Not for anyone but the admin.
    analyst = _signed_in(app, "fenxi", new)
    token = CSRF_RE.search(analyst.get("/account").text).group(1)
    assert analyst.post("/account/reset", data={"csrf_token": token, "username": "admin", "new": new,
                                                "confirm": new}).status_code == 403
    session = analyst.cookies.get("tw_session")
    assert _cli(monkeypatch, settings, ["users", "passwd", "fenxi", "--password-stdin"], "12345678\n", db=db) == 2
    assert "密码" in capsys.readouterr().err
    app.state.signed_in_cache = SignedInCache(ttl=0.2)  # the CLI is another process: seen within the TTL
    assert _replay(app, session) == 200
    assert _cli(monkeypatch, settings, ["users", "passwd", "fenxi", "--password-stdin"],
                "another good passphrase\n", db=db) == 0
    time.sleep(0.3)
    assert _replay(app, session) == 401
    assert _form_login(_client(app), "fenxi", "another good passphrase").status_code == 303


# --- 5. password policy -----------------------------------------------------------------------------


@pytest.mark.parametrize("username,password", [("li", "12345678"), ("li", "password"), ("li", " " * 8),
                                               ("li", " " * 16), ("admin2", "admin2"), ("zhangwei", "zhangwei2025!"),
                                               ("li", "password1234"), ("li", "123456789012"), ("li", "aaaaaaaaaaaaaaaa")])
def test_weak_passwords_are_refused_by_the_cli(db, settings, monkeypatch, capsys, username, password):
    db.migrate()
    assert _cli(monkeypatch, settings, ["users", "add", username, "--role", "analyst", "--password-stdin"],
                password + "\n", db=db) == 2
    assert "密码" in capsys.readouterr().err
    with db.session() as s:
        assert s.scalar(select(User).where(User.username == username)) is None


# --- 6. bounded inputs ------------------------------------------------------------------------------

BIDI = "\u202e\u2066\u200f\u200b\ufeff"


def test_bidi_controls_from_crawled_titles_do_not_reach_the_page(web, db):
    from store.models import Article, Event

    event_id = web.ids["events"]["milk-powder"]
    with db.session() as s:
        s.get(Event, event_id).title = f"过期奶粉\u202egpj.exe{BIDI}事件"
        for a in s.scalars(select(Article).where(Article.event_id == event_id)):
            a.title, a.body = f"标题\u202e反转{BIDI}", f"正文\u2067隔离\u202d覆盖"
    web.login("shenhe")
    for path in (f"/events/{event_id}", "/queue"):
        text = web.http.get(path).text
        assert "gpj.exe" in text or path == "/queue"
        assert not any(ch in text for ch in BIDI + "\u2067\u202d"), path
    body = web.http.get(f"/api/v1/events/{event_id}").text
    assert "\\u202e" not in body.lower() and "\u202e" not in body


@pytest.mark.parametrize("path", ["/api/v1/events/{n}", "/api/v1/alerts/{n}", "/events/{n}", "/alerts/{n}"])
def test_ids_past_64_bits_are_not_found(web, path):
    web.login("admin")
    for n in ("9223372036854775808", "99999999999999999999999", "0", "-1"):
        resp = web.http.get(path.format(n=n))
        assert resp.status_code == 404, (path, n)


def test_actions_with_ids_past_64_bits_are_not_found_or_refused(web):
    web.login("admin")
    token = web.http.get("/api/v1/me").json()["csrf_token"]
    big = 9223372036854775808
    headers = {"X-CSRF-Token": token}
    assert web.http.post(f"/api/v1/events/{big}/review", json={"action": "confirm"}, headers=headers).status_code == 404
    assert web.http.post(f"/api/v1/alerts/{big}/acknowledge", headers=headers).status_code == 404
    assert web.http.post(f"/api/v1/alerts/{big}/resolve", json={"disposal": "x"}, headers=headers).status_code == 404
    event_id = web.ids["events"]["milk-powder"]
    resp = web.http.post(f"/api/v1/events/{event_id}/review", json={"action": "merge", "merge_into": big},
                         headers=headers)
    assert resp.status_code == 422
    page_token = CSRF_RE.search(web.http.get(f"/events/{event_id}").text).group(1)
    resp = web.http.post(f"/events/{event_id}/review", data={"csrf_token": page_token, "action": "merge",
                                                            "merge_into": str(big)})
    assert resp.status_code == 200  # back on the event page with a message, not a 500


def test_api_password_change_and_sessions(web):
    app = web.http.app
    other = _signed_in(app).cookies.get("tw_session")
    http = _client(app)
    token = http.post("/api/v1/login", json={"username": "fenxi", "password": PASSWORD}).json()["csrf_token"]
    listed = http.get("/api/v1/me/sessions").json()["sessions"]
    assert len(listed) == 2 and sum(x["current"] for x in listed) == 1
    body = {"current": PASSWORD, "new": "fenxi2025"}
    assert http.post("/api/v1/me/password", json=body).status_code == 403  # no CSRF header
    resp = http.post("/api/v1/me/password", json=body, headers={"X-CSRF-Token": token})
    assert resp.status_code == 400 and "密码" in resp.json()["detail"]
    body["new"] = "an api pass phrase"
    resp = http.post("/api/v1/me/password", json=body, headers={"X-CSRF-Token": token})
    assert resp.status_code == 200 and _replay(app, other) == 401
    token = resp.json()["csrf_token"]
    assert http.get("/api/v1/me").status_code == 200
    assert http.post("/api/v1/me/sessions/end-all", headers={"X-CSRF-Token": token}).json()["ended"] == 1
    assert http.get("/api/v1/me").status_code == 401


def test_forwarded_for_counts_only_behind_a_trusted_proxy(db, settings):
    from trustwatch.web import create_app
    from trustwatch.web.sample_data import seed

    seed(db, settings)
    # Not trusted: a forged X-Forwarded-For does not move the attacker to a fresh address.
    direct = _client(create_app(settings, db=db), ATTACKER)
    for i in range(6):
        direct.headers["X-Forwarded-For"] = f"192.0.2.{i}"
        _form_login(direct, "admin", "guess")
    assert _form_login(direct, "admin", PASSWORD).status_code == 401
    # Behind our proxy: its clients are told apart, so one of them guessing does not lock out another.
    proxied = settings.model_copy(update={"trusted_proxies": ["127.0.0.1/32"]})
    app = create_app(proxied, db=db)
    attacker = _client(app, ("127.0.0.1", 1))
    attacker.headers["X-Forwarded-For"] = "198.51.100.200"
    for _ in range(6):
        _form_login(attacker, "fenxi", "guess")
    assert _form_login(attacker, "fenxi", PASSWORD).status_code == 401
    office = _client(app, ("127.0.0.1", 2))
    office.headers["X-Forwarded-For"] = "203.0.113.50, 198.51.100.9"  # a spoofed first hop is ignored
    assert _form_login(office, "fenxi", PASSWORD).status_code == 303
