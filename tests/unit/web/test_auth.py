"""Accounts: argon2 hashes, lockout after five failures, regulators bound to a department."""

import datetime as dt

import pytest

from store.models import Department
from trustwatch.auth import (MAX_FAILED_LOGINS, AccountError, LoginFailed, add_user, authenticate, hash_password,
                             set_disabled, verify_password)


def test_password_hash_is_argon2_and_verifies():
    h = hash_password("correct horse")
    assert h.startswith("$argon2id$")
    assert verify_password(h, "correct horse")
    assert not verify_password(h, "wrong")
    assert not verify_password("not-a-hash", "x")


def test_lockout_after_repeated_failures(db):
    with db.session() as s:
        add_user(s, "li", "long-password", "reviewer")
    for i in range(MAX_FAILED_LOGINS):
        with db.session() as s:
            with pytest.raises(LoginFailed) as info:
                authenticate(s, "li", "bad")
    assert info.value.locked
    with db.session() as s:  # even the right password is refused while locked
        with pytest.raises(LoginFailed, match="锁定"):
            authenticate(s, "li", "long-password")
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    with db.session() as s:
        assert authenticate(s, "li", "long-password", now=later).username == "li"


def test_regulator_needs_existing_department(db):
    with db.session() as s:
        with pytest.raises(AccountError, match="部门"):
            add_user(s, "reg", "long-password", "regulator")
        with pytest.raises(AccountError, match="不存在"):
            add_user(s, "reg", "long-password", "regulator", department_code="nope")
        s.add(Department(code="haifeng-amr", name="海丰县市场监督管理局"))
        s.flush()
        assert add_user(s, "reg", "long-password", "regulator", department_code="haifeng-amr").department_id


def test_disabled_user_cannot_sign_in(db):
    with db.session() as s:
        add_user(s, "zhao", "long-password", "analyst")
        set_disabled(s, "zhao")
    with db.session() as s:
        with pytest.raises(LoginFailed, match="停用"):
            authenticate(s, "zhao", "long-password")


def test_bad_role_and_short_password_are_refused(db):
    with db.session() as s:
        with pytest.raises(AccountError):
            add_user(s, "x", "long-password", "boss")
        with pytest.raises(AccountError):
            add_user(s, "x", "short", "analyst")
