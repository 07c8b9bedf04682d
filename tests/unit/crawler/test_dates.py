"""Chinese publication dates resolve to the right instant (Asia/Shanghai), stored as UTC."""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.dates import parse_date

CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2025, 4, 7, 12, 0, tzinfo=CST)


def cst(*args):
    return dt.datetime(*args, tzinfo=CST)


@pytest.mark.parametrize("text,expected", [
    ("2025年4月7日 10:30", cst(2025, 4, 7, 10, 30)),
    ("发布时间：2025-04-07", cst(2025, 4, 7)),
    ("发布时间：2025-04-07 09:05 来源：汕尾日报", cst(2025, 4, 7, 9, 5)),
    ("2025-04-07 10:30:00", cst(2025, 4, 7, 10, 30)),
    ("2025/4/7 8:05", cst(2025, 4, 7, 8, 5)),
    ("2025.04.07", cst(2025, 4, 7)),
    ("2025年04月07日10时30分", cst(2025, 4, 7, 10, 30)),
    ("04-07 10:30", cst(2025, 4, 7, 10, 30)),
    ("4月6日 08:00", cst(2025, 4, 6, 8, 0)),
    ("12-30 10:00", cst(2024, 12, 30, 10, 0)),  # a short date in the future means last year
    ("3小时前", cst(2025, 4, 7, 9, 0)),
    ("25分钟前", cst(2025, 4, 7, 11, 35)),
    ("2天前", cst(2025, 4, 5, 12, 0)),
    ("昨天 10:20", cst(2025, 4, 6, 10, 20)),
    ("前天 23:59", cst(2025, 4, 5, 23, 59)),
    ("今天 08:00", cst(2025, 4, 7, 8, 0)),
    ("刚刚", cst(2025, 4, 7, 12, 0)),
    ("2025-04-07T02:30:00Z", dt.datetime(2025, 4, 7, 2, 30, tzinfo=dt.timezone.utc)),
    ("2025-04-07T10:30:00+08:00", cst(2025, 4, 7, 10, 30)),
])
def test_formats(text, expected):
    value = parse_date(text, now=NOW)
    assert value == expected
    assert value.utcoffset() == dt.timedelta(0)  # stored as UTC


@pytest.mark.parametrize("text", ["", "无日期", "第2025号文件", "2025-13-45", "电话 0660-3388123"])
def test_no_date(text):
    assert parse_date(text, now=NOW) is None


def test_relative_dates_default_to_the_current_time():
    before = dt.datetime.now(dt.timezone.utc)
    value = parse_date("刚刚")
    assert before <= value <= dt.datetime.now(dt.timezone.utc)
