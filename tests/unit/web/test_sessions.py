"""Server-side sessions: only the token's hash is stored; idle and absolute limits; revocation."""

from __future__ import annotations

import datetime as dt

from store.models import WebSession
from trustwatch import sessions
from trustwatch.auth import add_user


def _user(db) -> int:
    with db.session() as s:
        return add_user(s, "li", "long-password", "reviewer").id


def test_token_is_not_stored_and_limits_apply(db):
    uid = _user(db)
    t0 = dt.datetime(2026, 1, 1, 8, tzinfo=dt.timezone.utc)
    with db.session() as s:
        token = sessions.create(s, uid, "198.51.100.1", "UA", now=t0)
    with db.session() as s:
        assert s.get(WebSession, token) is None  # a database dump gives no usable cookie
        assert sessions.find_live(s, token, now=t0 + dt.timedelta(minutes=90)) is not None
    with db.session() as s:  # touched at 09:30, so still alive at 11:00 ...
        assert sessions.find_live(s, token, now=t0 + dt.timedelta(hours=3)) is not None
    with db.session() as s:  # ... but idle for more than 2 h after that
        assert sessions.find_live(s, token, now=t0 + dt.timedelta(hours=5, minutes=1)) is None
    with db.session() as s:
        token = sessions.create(s, uid, None, None, now=t0)
    for hours in range(1, 12):
        with db.session() as s:
            assert sessions.find_live(s, token, now=t0 + dt.timedelta(hours=hours)) is not None
    with db.session() as s:  # 12 h after sign-in, however active
        assert sessions.find_live(s, token, now=t0 + dt.timedelta(hours=12, minutes=1)) is None


def test_revoke_one_and_all(db):
    uid = _user(db)
    with db.session() as s:
        a, b, c = (sessions.create(s, uid, None, None) for _ in range(3))
    with db.session() as s:
        sessions.revoke(s, a)
        assert sessions.find_live(s, a) is None and sessions.find_live(s, b) is not None
        assert sessions.revoke_all(s, uid, keep_id=sessions.session_id(c)) == 1
    with db.session() as s:
        assert sessions.find_live(s, b) is None and sessions.find_live(s, c) is not None
        assert [x.id for x in sessions.list_open(s, uid)] == [sessions.session_id(c)]
    with db.session() as s:
        assert sessions.find_live(s, "x" * 500) is None and sessions.find_live(s, None) is None
