"""Unified social credit codes (GB 32100-2015) for the fictional enterprises."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a code."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, _WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """True when the 18-character code has the right check character."""
    if len(code) != 18 or any(c not in CHARSET for c in code):
        return False
    return check_char(code[:17]) == code[17]


def _org_code(serial: int) -> str:
    # GB 11714 organisation code: 8 digits plus its own check character.
    digits = f"{serial:08d}"
    remainder = 11 - sum(int(d) * w for d, w in zip(digits, _ORG_WEIGHTS)) % 11
    check = {10: "X", 11: "0"}.get(remainder, str(remainder))
    return digits + check


def make_code(division: str, serial: int) -> str:
    """A valid code for an enterprise (registration authority 9, type 1) in a division."""
    first17 = "91" + division + _org_code(serial)
    return first17 + check_char(first17)


def corrupt(code: str) -> str:
    """The same code with a wrong check character (a typo as printed in a news story)."""
    wrong = CHARSET[(CHARSET.index(code[17]) + 7) % 31]
    return code[:17] + wrong
