"""Chinese and Arabic numerals in news text (三人, 十余人, 近百名, 1.2万元) as numbers."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
# Vague amounts: what a reader would take as a lower bound.
_VAGUE = {"数十": 20, "几十": 20, "数百": 200, "几百": 200, "上百": 100, "近百": 90, "数千": 2000,
          "上千": 1000, "近千": 900, "数万": 20000, "上万": 10000, "几": 3, "数": 3, "多": 2}

NUMBER = r"(?:\d+(?:\.\d+)?|[零〇一二两俩三四五六七八九十百千万亿]+|数十|几十|数百|几百|上百|近百|数千|上千|近千|数万|上万)"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


_HAS_FULLWIDTH = re.compile("[０-９．]")


def normalise_digits(text: str) -> str:
    """Full-width digits as ASCII digits."""
    # translate() walks every character; most texts have no full-width digits at all.
    return text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text


def parse_number(token: str) -> float | None:
    """The value of an Arabic or Chinese numeral (十三 -> 13, 两百 -> 200, 3.5 -> 3.5), else None."""
    token = normalise_digits(token.strip())
    if not token:
        return None
    if token in _VAGUE:
        return float(_VAGUE[token])
    try:
        return float(token)
    except ValueError:
        pass
    total, section, digit = 0, 0, None
    for ch in token:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= 10_000:
                section = (section + (digit or 0)) * unit
                total += section
                section = 0
            else:
                section += (digit if digit is not None else 1) * unit
            digit = None
        else:
            return None
    return float(total + section + (digit or 0))
