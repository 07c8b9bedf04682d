"""Accounts: argon2 hashes, back-off after five failures, regulators bound to a department."""

import datetime as dt

import pytest

from store.models import Department
from trustwatch.auth import (LOGIN_FAILED_MESSAGE, MAX_FAILED_LOGINS, AccountError, LoginFailed, add_user, authenticate, hash_password,
                             set_disabled, verify_password)


def test_password_hash_is_argon2_and_verifies():
    h = hash_password("correct horse")
    assert h.startswith("$argon2id$")
    assert verify_password(h, "correct horse")
    assert not verify_password(h, "wrong")
    assert not verify_password("not-a-hash", "x")


def test_back_off_after_repeated_failures_from_one_address(db):
    with db.session() as s:
        add_user(s, "li", "long-password", "reviewer")
    for i in range(MAX_FAILED_LOGINS):
        with db.session() as s:
            with pytest.raises(LoginFailed) as info:
                authenticate(s, "li", "bad", address="203.0.113.9")
    assert str(info.value) == LOGIN_FAILED_MESSAGE
    with db.session() as s:  # backing off: not even the right password is checked from there
        with pytest.raises(LoginFailed):
            authenticate(s, "li", "long-password", address="203.0.113.9")
    with db.session() as s:  # ...but the account is not locked: from another address it works
        assert authenticate(s, "li", "long-password", address="198.51.100.7").username == "li"
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    with db.session() as s:
        assert authenticate(s, "li", "long-password", now=later, address="203.0.113.9").username == "li"


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
        with pytest.raises(LoginFailed, match="用户名或密码错误"):
            authenticate(s, "zhao", "long-password")


def test_bad_role_and_short_password_are_refused(db):
    with db.session() as s:
        with pytest.raises(AccountError):
            add_user(s, "x", "long-password", "boss")
        with pytest.raises(AccountError):
            add_user(s, "x", "short", "analyst")


def test_quiet_throttle_keys_are_pruned_on_a_successful_sign_in(any_db):
    from sqlalchemy import func, select

    from store.models import LoginThrottle

    db = any_db
    with db.session() as s:
        add_user(s, "li", "long-password", "reviewer")
    past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=3)
    with db.session() as s:
        for i in range(3):
            with pytest.raises(LoginFailed):
                authenticate(s, f"nobody-{i}", "bad", now=past, address="203.0.113.1")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(LoginThrottle)) == 4
        authenticate(s, "li", "long-password", address="198.51.100.2")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(LoginThrottle)) == 1  # this address's own key


def test_rotating_ipv6_addresses_in_one_block_does_not_reset_the_back_off(db):
    with db.session() as s:
        add_user(s, "li", "long-password", "reviewer")
    for i in range(MAX_FAILED_LOGINS):
        with db.session() as s:
            with pytest.raises(LoginFailed):
                authenticate(s, "li", "bad", address=f"2001:db8:1:2::{i + 1:x}")
    with db.session() as s:
        with pytest.raises(LoginFailed):
            authenticate(s, "li", "long-password", address="2001:db8:1:2:ffff::9")
    with db.session() as s:
        assert authenticate(s, "li", "long-password", address="2001:db8:9:9::1").username == "li"
