"""User accounts: argon2 password hashes, sign-in with lockout, roles; shared by the CLI and the web app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from store.models import AuditEntry, Department, User, utcnow

ROLES = ("admin", "reviewer", "regulator", "analyst")
ROLE_NAMES = {"admin": "管理员", "reviewer": "宣传部门审核员", "regulator": "监管部门", "analyst": "分析员"}
MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8

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
    """Sign-in refused; `locked` tells whether the account is locked out."""

    def __init__(self, message: str, locked: bool = False):
        super().__init__(message)
        self.locked = locked


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
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少 {MIN_PASSWORD_LENGTH} 个字符")
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
    session.add(AuditEntry(actor=actor, action="user.add", entity_type="user", entity_id=user.id,
                           details={"username": username, "role": role, "department": department_code}))
    return user


def set_disabled(session, username: str, disabled: bool = True, actor: str = "cli") -> User:
    """Disable (or re-enable) a user; a disabled user cannot sign in and loses open sessions."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"用户 {username} 不存在")
    user.disabled = disabled
    session.add(AuditEntry(actor=actor, action="user.disable" if disabled else "user.enable",
                           entity_type="user", entity_id=user.id, details={"username": username}))
    return user


def authenticate(session, username: str, password: str, now: dt.datetime | None = None) -> User:
    """The user if the password is right; counts failures and locks the account after too many."""
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == (username or "")[:100]))
    if user is None:
        verify_password(_DUMMY_HASH, password or "")
        raise LoginFailed("用户名或密码错误")
    if user.locked_until is not None and user.locked_until > now:
        raise LoginFailed("登录失败次数过多，账户已临时锁定，请稍后再试", locked=True)
    if not verify_password(user.password_hash, password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        locked = user.failed_logins >= MAX_FAILED_LOGINS
        if locked:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            session.add(AuditEntry(actor=user.username, action="user.locked", entity_type="user",
                                   entity_id=user.id, details={"until": user.locked_until.isoformat()}))
            raise LoginFailed("登录失败次数过多，账户已临时锁定，请稍后再试", locked=True)
        raise LoginFailed("用户名或密码错误")
    if user.disabled:
        raise LoginFailed("账户已停用，请联系管理员")
    user.failed_logins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(AuditEntry(actor=user.username, action="user.login", entity_type="user", entity_id=user.id,
                           details={}))
    return user


def list_users(session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.username)))
