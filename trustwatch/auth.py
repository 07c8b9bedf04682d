"""User accounts: argon2 password hashes, throttled sign-in, password policy, roles; shared by the CLI and the web app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from store.audit import audit as record_audit
from store.models import Department, User, utcnow
from trustwatch import login_throttle, sessions
from trustwatch.password_policy import MIN_LENGTH as MIN_PASSWORD_LENGTH, password_problem  # noqa: F401
from vocabulary import Role

ROLES = tuple(r.value for r in Role)
ROLE_NAMES = Role.names()
MAX_FAILED_LOGINS = login_throttle.ACCOUNT_ATTEMPTS
# One answer for every refusal: wrong name, wrong password, disabled or backing off look the same.
LOGIN_FAILED_MESSAGE = "用户名或密码错误，或尝试过于频繁，请稍后再试"

_hasher = PasswordHasher()
# Verifying against a dummy hash keeps the time of "unknown user" close to "wrong password".
_DUMMY_HASH = _hasher.hash("dummy-password-for-timing")


class AccountError(ValueError):
    """A user cannot be created or changed as asked; the message says why (in Chinese)."""


@dataclass(frozen=True)
class SignedInUser:
    """What a request needs to know about the person signed in."""

    id: int
    username: str
    display_name: str
    role: str
    department_id: int | None
    department_name: str | None

    @property
    def role_name(self) -> str:
        """The role in Chinese."""
        return ROLE_NAMES.get(self.role, self.role)


class LoginFailed(Exception):
    """Sign-in refused; the message never says why (see LOGIN_FAILED_MESSAGE)."""

    def __init__(self, message: str = LOGIN_FAILED_MESSAGE):
        super().__init__(message)


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches `password_hash`."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def to_signed_in(user: User) -> SignedInUser:
    """The immutable view of a user row used by requests."""
    return SignedInUser(
        id=user.id,
        username=user.username,
        display_name=user.display_name or user.username,
        role=user.role,
        department_id=user.department_id,
        department_name=user.department.name if user.department else None,
    )


def add_user(session, username: str, password: str, role: str, display_name: str | None = None,
             department_code: str | None = None, actor: str = "cli") -> User:
    """Create a user; a regulator must name an existing department by its code."""
    username = (username or "").strip()
    if not username or len(username) > 100:
        raise AccountError("用户名不能为空，且不超过 100 个字符")
    if role not in ROLES:
        raise AccountError(f"未知角色 {role!r}，可选：{', '.join(ROLES)}")
    problem = password_problem(password, username)
    if problem:
        raise AccountError(problem)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise AccountError(f"用户 {username} 已存在")
    department = None
    if role == "regulator":
        if not department_code:
            raise AccountError("监管部门用户必须指定所属部门（--department 部门代码）")
        department = session.scalar(select(Department).where(Department.code == department_code))
        if department is None:
            raise AccountError(f"部门代码 {department_code} 不存在")
    elif department_code:
        raise AccountError("只有监管部门用户才绑定部门")
    user = User(username=username, display_name=display_name, password_hash=hash_password(password),
                role=role, department=department)
    session.add(user)
    session.flush()
    record_audit(session, actor, "user.add", "user", user.id, username=username, role=role, department=department_code)
    return user


def _user(session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"用户 {username} 不存在")
    return user


def set_disabled(session, username: str, disabled: bool = True, actor: str = "cli") -> User:
    """Disable (or re-enable) a user; disabling ends every open session, enabling clears the back-off."""
    user = _user(session, username)
    user.disabled = disabled
    if disabled:
        sessions.revoke_all(session, user.id)
    else:
        unlock(session, username, actor=actor, audit=False)
    record_audit(session, actor, "user.disable" if disabled else "user.enable", "user", user.id, username=username)
    return user


def unlock(session, username: str, actor: str = "cli", audit: bool = True) -> int:
    """Forget the failed sign-ins of `username` from every address; returns how many addresses were cleared."""
    user = _user(session, username)
    user.failed_logins, user.locked_until = 0, None
    cleared = login_throttle.clear_account(session, username)
    if audit:
        record_audit(session, actor, "user.unlock", "user", user.id, username=username, addresses=cleared)
    return cleared


def set_password(session, username: str, new_password: str, actor: str = "cli",
                 keep_session_id: str | None = None) -> User:
    """Set a new password (policy checked) and end every session but `keep_session_id`."""
    user = _user(session, username)
    problem = password_problem(new_password, username)
    if problem:
        raise AccountError(problem)
    if verify_password(user.password_hash, new_password):
        raise AccountError("新密码不能与当前密码相同")
    user.password_hash = hash_password(new_password)
    ended = sessions.revoke_all(session, user.id, keep_id=keep_session_id)
    login_throttle.clear_account(session, username)
    action = "user.password.change" if actor == username else "user.password.reset"
    record_audit(session, actor, action, "user", user.id, username=username, sessions_ended=ended)
    return user


def change_own_password(session, user_id: int, current: str, new_password: str, address: str | None = None) -> User:
    """A user's own change: the current password must be right (guesses count like sign-ins)."""
    user = session.get(User, user_id)
    if user is None:
        raise AccountError("用户不存在")
    key = login_throttle.account_key(user.username, address or "-")
    if not login_throttle.take_slot(session, key, login_throttle.ACCOUNT_ATTEMPTS, utcnow()):
        raise AccountError("尝试过于频繁，请稍后再试")
    if not verify_password(user.password_hash, current or ""):
        raise AccountError("当前密码不正确")
    return set_password(session, user.username, new_password, actor=user.username)


def authenticate(session, username: str, password: str, now: dt.datetime | None = None,
                 address: str | None = None) -> User:
    """The user if the password is right and the attempt is within the throttle; else LoginFailed.

    The throttle slots are taken before the password is checked, in the caller's transaction, so
    that parallel guesses cannot all be checked; keys are per account+address and per address.
    """
    now = now or utcnow()
    username = (username or "")[:100]
    password = (password or "")[:500]
    account_key = login_throttle.account_key(username, address or "-")
    address_key = login_throttle.address_key(address or "-")
    if not login_throttle.take_slot(session, address_key, login_throttle.ADDRESS_ATTEMPTS, now) or \
            not login_throttle.take_slot(session, account_key, login_throttle.ACCOUNT_ATTEMPTS, now):
        raise LoginFailed()
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        verify_password(_DUMMY_HASH, password)
        raise LoginFailed()
    if not verify_password(user.password_hash, password) or user.disabled:
        raise LoginFailed()
    login_throttle.clear(session, account_key)
    login_throttle.refund(session, address_key, login_throttle.ADDRESS_ATTEMPTS)
    login_throttle.prune(session, now)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record_audit(session, user.username, "user.login", "user", user.id, address=(address or "")[:64])
    return user


def list_users(session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.username)))
