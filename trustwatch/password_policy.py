"""The password policy for every account, checked the same way by the CLI and the web pages."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 12
MIN_DISTINCT = 5
_COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
# Runs a person types by sliding along the keyboard or counting.
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz" * 2, "0123456789" * 3, "9876543210" * 3,
              "qwertyuiopasdfghjklzxcvbnm" * 2)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (lower case)."""
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def _stems(password: str) -> set[str]:
    lowered = password.casefold()
    stem = re.sub(r"[\W\d_]+$", "", lowered)
    return {lowered, stem, re.sub(r"^[\W\d_]+", "", stem), re.sub(r"[\W_]+", "", lowered)}


def password_problem(password: str, username: str | None = None) -> str | None:
    """Why `password` is not acceptable for `username` (in Chinese), or None when it is."""
    password = password or ""
    if not password.strip():
        return "密码不能为空或全是空白字符"
    if password != password.strip():
        return "密码首尾不能是空白字符"
    if len(password) < MIN_LENGTH:
        return f"密码至少 {MIN_LENGTH} 个字符（可用几个词组成的短语）"
    if len(password) > 500:
        return "密码不超过 500 个字符"
    if len(set(password)) < MIN_DISTINCT:
        return "密码中重复的字符太多"
    name = (username or "").strip().casefold()
    lowered = password.casefold()
    if name and (lowered == name or (len(name) >= 3 and name in lowered)):
        return "密码不能包含用户名"
    if any(lowered in seq for seq in _SEQUENCES):
        return "密码不能是连续的键盘或数字序列"
    common = common_passwords()
    if any(stem in common for stem in _stems(password) if stem):
        return "密码过于常见，请换一个更难猜的密码"
    return None
