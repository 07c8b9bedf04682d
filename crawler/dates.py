"""Chinese publication dates: absolute, partial and relative forms, resolved in Asia/Shanghai, returned UTC."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = dt.timezone.utc

_SEP_YM = r"\s*[-/.年]\s*"
_SEP_MD = r"\s*[-/.月]\s*"
_TIME = r"(?:\s*(?:[T\s]|日)?\s*(?P<H>\d{1,2})\s*[:：时点]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?(?:\.\d+)?)?"
_TZ = r"(?P<tz>Z|[+-]\d{2}:?\d{2})?"
FULL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})" + _SEP_YM + r"(?P<m>\d{1,2})" + _SEP_MD + r"(?P<d>\d{1,2})\s*日?" + _TIME + _TZ
)
COMPACT_DATE = re.compile(r"(?<!\d)(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")
# 04-07 10:30 or 4月7日 10:30 (year omitted: the most recent such date not in the future)
SHORT_DATE = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*[-/月]\s*(?P<d>\d{1,2})\s*日?" + _TIME)
RELATIVE = re.compile(r"(?P<n>\d+|半|一|两|几)\s*(?P<unit>秒|分钟|分|小时|个小时|天|日|周|星期|个月|月)\s*前")
DAY_WORDS = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
DAY_WORD = re.compile(r"(?P<w>今天|今日|昨天|昨日|前天)\s*(?:(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{1,2}))?")
JUST_NOW = re.compile(r"刚刚|刚才")
_UNIT_SECONDS = {"秒": 1, "分钟": 60, "分": 60, "小时": 3600, "个小时": 3600, "天": 86400, "日": 86400,
                 "周": 604800, "星期": 604800, "个月": 2592000, "月": 2592000}
_NUM_WORDS = {"半": 0.5, "一": 1, "两": 2, "几": 3}


def _now_shanghai(now: dt.datetime | None) -> dt.datetime:
    now = now or dt.datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=SHANGHAI)
    return now.astimezone(SHANGHAI)


def _tzinfo(text: str | None):
    if not text:
        return SHANGHAI
    if text == "Z":
        return UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _build(y: int, m: int, d: int, g: dict, tz) -> dt.datetime | None:
    try:
        hour, minute, second = int(g.get("H") or 0), int(g.get("M") or 0), int(g.get("S") or 0)
        return dt.datetime(y, m, d, hour, minute, second, tzinfo=tz).astimezone(UTC)
    except ValueError:
        return None


def parse_date(text: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """The first date in `text` as an aware UTC datetime; naive times are Asia/Shanghai; relative
    forms (`3小时前`, `昨天 10:20`, `刚刚`) count back from `now` (default: the current time)."""
    if not text:
        return None
    text = text[:400]
    m = FULL_DATE.search(text)
    if m:
        g = m.groupdict()
        return _build(int(g["y"]), int(g["m"]), int(g["d"]), g, _tzinfo(g.get("tz")))
    local_now = _now_shanghai(now)
    m = RELATIVE.search(text)
    if m:
        n = _NUM_WORDS.get(m["n"]) or float(m["n"])
        return (local_now - dt.timedelta(seconds=n * _UNIT_SECONDS[m["unit"]])).astimezone(UTC)
    m = DAY_WORD.search(text)
    if m:
        day = local_now.date() - dt.timedelta(days=DAY_WORDS[m["w"]])
        if m["H"] is None:
            return dt.datetime.combine(day, dt.time(0, 0), SHANGHAI).astimezone(UTC)
        return _build(day.year, day.month, day.day, m.groupdict(), SHANGHAI)
    if JUST_NOW.search(text):
        return local_now.astimezone(UTC)
    m = SHORT_DATE.search(text)
    if m:
        g = m.groupdict()
        result = _build(local_now.year, int(g["m"]), int(g["d"]), g, SHANGHAI)
        if result and result > local_now.astimezone(UTC) + dt.timedelta(days=1):
            result = _build(local_now.year - 1, int(g["m"]), int(g["d"]), g, SHANGHAI)
        return result
    m = COMPACT_DATE.search(text)
    if m:
        return _build(int(m["y"]), int(m["m"]), int(m["d"]), {}, SHANGHAI)
    return None


def find_dates(text: str) -> list[re.Match]:
    """Every full (year-month-day) date in `text`, in order."""
    return list(FULL_DATE.finditer(text))
