"""Severity of an incident (low|medium|high|critical) from deaths, injuries, people poisoned, money and scale."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from classifier.numerals import NUMBER, normalise_digits, parse_number

LEVELS = ("low", "medium", "high", "critical")

_N = rf"({NUMBER})\s*(?:余|多)?"
_PEOPLE = r"(?:名|人|位|个)?"
# Each pattern captures a count; the largest count of each kind is kept.
_DEATHS = [
    re.compile(rf"{_N}\s*{_PEOPLE}(?:当场)?(?:死亡|遇难|身亡|丧生|罹难|殒命|不治|被烧死|窒息死亡)"),
    re.compile(rf"(?:造成|致|导致|已有|共有|其中)\s*{_N}\s*{_PEOPLE}(?:人)?(?:死|亡)"),
    re.compile(rf"{_N}\s*死"),
    re.compile(rf"(?:死亡|遇难)(?:人数)?(?:已)?(?:达|为|升至|上升至)?\s*{_N}\s*{_PEOPLE}"),
]
_INJURED = [
    re.compile(rf"{_N}\s*{_PEOPLE}(?:不同程度)?(?:受伤|伤亡|烧伤|灼伤|重伤|轻伤|被困)"),
    re.compile(rf"{_N}\s*伤"),
    re.compile(rf"(?:受伤|伤者)(?:人数)?(?:已)?(?:达|为|升至)?\s*{_N}\s*{_PEOPLE}"),
]
_SICK = [
    re.compile(rf"{_N}\s*{_PEOPLE}(?:学生|员工|工人|村民|师生|幼儿|儿童|游客|食客|患者|群众|名?人)?[^，。；]{{0,8}}?"
               rf"(?:中毒|送医|就医|住院|入院|治疗|腹泻|呕吐|不适|感染)"),
    re.compile(rf"(?:中毒|就医|住院|送医)(?:人数)?(?:已)?(?:达|为|升至|至)?\s*{_N}\s*{_PEOPLE}"),
]
_MONEY = re.compile(rf"({NUMBER})\s*(?:余|多)?\s*(万|亿)元")
_MONEY_YUAN = re.compile(r"(\d{5,})\s*元")
_SCALE_HIGH = ("群体性", "大面积", "特别重大", "重大事故", "重大安全事故", "较大事故", "较大生产安全事故",
               "集体食物中毒", "群死群伤", "大范围", "全国多地", "波及多省")
_SCALE_MEDIUM = ("多人", "多名", "数人", "多家", "批量", "大量", "一批", "多批次", "集体", "窝点", "团伙")


@dataclass
class SeverityFacts:
    """What was counted in the text, and the resulting level."""

    deaths: float = 0
    injured: float = 0
    sick: float = 0
    money_yuan: float = 0
    scale: list[str] = field(default_factory=list)
    level: str = "low"


# Counting patterns only run on short windows around these anchors, not over the whole article.
_ANCHOR = re.compile(r"死|亡|遇难|丧生|罹难|殒命|不治|伤|被困|中毒|送医|就医|住院|入院|治疗|腹泻|呕吐|不适|感染")
_WINDOW_BEFORE, _WINDOW_AFTER = 24, 16


def _windows(text: str) -> list[str]:
    spans: list[list[int]] = []
    for m in _ANCHOR.finditer(text):
        start, end = max(0, m.start() - _WINDOW_BEFORE), min(len(text), m.end() + _WINDOW_AFTER)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [text[a:b] for a, b in spans]


def _max_count(patterns, windows: list[str]) -> float:
    best = 0.0
    for window in windows:
        for pat in patterns:
            for m in pat.finditer(window):
                value = parse_number(m.group(1))
                if value is not None and value < 1_000_000:
                    best = max(best, value)
    return best


def facts(text: str) -> SeverityFacts:
    """Counts of deaths, injured, sick, money and scale words found in `text`."""
    text = normalise_digits(text or "")
    f = SeverityFacts()
    windows = _windows(text)
    if windows:
        f.deaths = _max_count(_DEATHS, windows)
        f.injured = _max_count(_INJURED, windows)
        f.sick = _max_count(_SICK, windows)
    # Amounts only where 元 is written: scanning the whole article with the numeral pattern is slow.
    starts = [m.start() for m in re.finditer("元", text)]
    for window in {text[max(0, i - 16):i + 1] for i in starts}:
        for m in _MONEY.finditer(window):
            value = parse_number(m.group(1))
            if value is not None:
                f.money_yuan = max(f.money_yuan, value * (10_000 if m.group(2) == "万" else 100_000_000))
        for m in _MONEY_YUAN.finditer(window):
            f.money_yuan = max(f.money_yuan, float(m.group(1)))
    f.scale = [w for w in _SCALE_HIGH + _SCALE_MEDIUM if w in text]
    f.level = _level(f)
    return f


def _level(f: SeverityFacts) -> str:
    high_scale = any(w in _SCALE_HIGH for w in f.scale)
    if f.deaths >= 3 or f.injured >= 10 or f.sick >= 100 or f.money_yuan >= 1e8:
        return "critical"
    if f.deaths >= 1 or f.injured >= 3 or f.sick >= 10 or f.money_yuan >= 1e6 or high_scale:
        return "high"
    if f.injured >= 1 or f.sick >= 1 or f.money_yuan >= 1e4 or f.scale:
        return "medium"
    return "low"


def assess(text: str) -> str:
    """The severity level of the incident described in `text`: low, medium, high or critical."""
    return facts(text).level
