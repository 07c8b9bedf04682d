"""Unified social credit codes (统一社会信用代码): GB 32100-2015 check character and extraction."""

from __future__ import annotations

import re

# GB 32100-2015 alphabet: digits and capitals without I, O, S, V, Z.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}

# A code announced by its label may be mistyped; it is still reported (as invalid).
_LABELLED = re.compile(r"(?:统一社会信用代码|社会信用代码|信用代码)[^0-9A-Za-z]{0,6}([0-9A-Za-z]{15,20})")
# A bare 18-character run is only reported when its check character is right (ID-card numbers
# and order numbers would otherwise flood the list).
_BARE = re.compile(r"(?<![0-9A-Za-z])([0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10})(?![0-9A-Za-z])")


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    if len(first17) != 17 or any(ch not in _VALUE for ch in first17):
        raise ValueError(f"not 17 characters of the GB 32100 alphabet: {first17!r}")
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """True when `code` is an 18-character unified social credit code with a correct check character."""
    if not isinstance(code, str) or len(code) != 18:
        return False
    code = code.upper()
    if any(ch not in _VALUE for ch in code):
        return False
    if not code[2:8].isdigit():  # administrative division code
        return False
    return check_character(code[:17]) == code[17]


def find_codes(text: str) -> list[dict]:
    """Every credit code in the text as {"code": ..., "valid": bool}, in order of appearance."""
    found: dict[str, bool] = {}
    for m in _LABELLED.finditer(text):
        code = m.group(1).upper()
        found.setdefault(code, is_valid(code))
    for m in _BARE.finditer(text):
        code = m.group(1)
        if is_valid(code):
            found.setdefault(code, True)
    return [{"code": c, "valid": v} for c, v in found.items()]
