"""Severity from deaths, injuries, people poisoned, money and scale words, in Arabic and Chinese numerals."""

from __future__ import annotations

import pytest

from classifier.numerals import parse_number
from classifier.severity import assess, facts


@pytest.mark.parametrize("token, value", [("三", 3), ("十", 10), ("十三", 13), ("二十五", 25), ("一百零八", 108),
                                          ("两百", 200), ("3.5", 3.5), ("１２", 12), ("近百", 90)])
def test_numerals(token, value):
    assert parse_number(token) == value


@pytest.mark.parametrize("text, level", [
    ("一家小吃店因卫生不合格被罚款2000元", "low"),
    ("查获假药一批，货值5.6万元", "medium"),
    ("多人出现呕吐腹泻", "medium"),
    ("某餐馆发生食物中毒，23名学生送医治疗", "high"),
    ("爆炸致2人死亡", "high"),
    ("事故造成三人死亡，十余人受伤", "critical"),
    ("国道发生车祸4死3伤", "critical"),
    ("近百名学生食物中毒，其中二人重症", "high"),
    ("涉案金额达1.2亿元", "critical"),
])
def test_levels(text, level):
    assert assess(text) == level


def test_counts_are_read_from_chinese_numerals():
    f = facts("事故造成三人死亡、十二人受伤，直接经济损失300万元")
    assert (f.deaths, f.injured, f.money_yuan) == (3, 12, 3_000_000)
