"""Label matchers of the routing tree and of silences: `domain = food`, `severity >= high`, `sources >= 3`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vocabulary import Severity

SEVERITIES = tuple(s.value for s in Severity)  # lowest first
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
# label -> what kind of value it holds
LABELS = {
    "domain": "text", "district": "text", "severity": "severity", "enterprise": "list",
    "title": "text", "department": "text", "sources": "number", "articles": "number",
}
ORDER_OPS = (">=", "<=", ">", "<")
_MATCHER_RE = re.compile(r"^\s*([A-Za-z_]+)\s*(=~|!~|!=|>=|<=|=|>|<)\s*(.*?)\s*$")
EXPECTED_MATCHER = ("'label op value' with label one of " + ", ".join(LABELS)
                    + " and op one of =, !=, =~, !~ (and >=, >, <=, < for severity, sources, articles)")


class MatcherError(ValueError):
    """A matcher string is malformed; the message says what was expected."""

    def __init__(self, problem: str, expected: str = EXPECTED_MATCHER):
        self.problem, self.expected = problem, expected
        super().__init__(f"{problem}; expected {expected}")


@dataclass(frozen=True)
class Matcher:
    """One condition on one label of an event."""

    label: str
    op: str
    value: str

    def __str__(self) -> str:
        return f"{self.label} {self.op} {self.value}"

    def matches(self, labels: dict[str, Any]) -> bool:
        """True when the event's labels satisfy this condition."""
        kind = LABELS[self.label]
        actual = labels.get(self.label)
        if kind == "list":
            values = [str(v) for v in (actual or [])]
            if self.op in ("=", "=~"):
                return any(self._compare(v) for v in values) if values else self._compare("")
            # negative matchers hold when no value matches the positive form
            positive = Matcher(self.label, "=" if self.op == "!=" else "=~", self.value)
            return not positive.matches(labels)
        return self._compare(actual)

    def _compare(self, actual: Any) -> bool:
        kind = LABELS[self.label]
        op = self.op
        if kind == "number" or (kind == "severity" and op in ORDER_OPS):
            if actual is None or actual == "":
                return False
            try:
                left = SEVERITY_RANK[str(actual)] if kind == "severity" else int(actual)
            except (KeyError, ValueError):
                return False
            right = SEVERITY_RANK[self.value] if kind == "severity" else int(self.value)
            return {"=": left == right, "!=": left != right, ">=": left >= right, "<=": left <= right,
                    ">": left > right, "<": left < right}[op]
        text = "" if actual is None else str(actual)
        if op == "=":
            return text == self.value
        if op == "!=":
            return text != self.value
        hit = re.fullmatch(self.value, text) is not None
        return hit if op == "=~" else not hit


def parse_matcher(text: Any) -> Matcher:
    """Parse `label op value`; raises MatcherError naming the problem."""
    if not isinstance(text, str):
        raise MatcherError(f"matcher is not a string ({text!r})")
    m = _MATCHER_RE.match(text)
    if not m:
        raise MatcherError(f"cannot parse matcher '{text}'")
    label, op, value = m.groups()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    if label not in LABELS:
        raise MatcherError(f"unknown label '{label}'", "one of " + ", ".join(LABELS))
    kind = LABELS[label]
    if op in ORDER_OPS and kind not in ("severity", "number"):
        raise MatcherError(f"'{op}' cannot compare label '{label}'", "=, !=, =~ or !~ for " + label)
    if op in ("=~", "!~"):
        try:
            re.compile(value)
        except re.error as exc:
            raise MatcherError(f"invalid regular expression '{value}': {exc}", "a Python regular expression") from None
    elif kind == "severity" and value not in SEVERITY_RANK:
        raise MatcherError(f"unknown severity '{value}'", "one of " + ", ".join(SEVERITIES))
    elif kind == "number" and not value.isdigit():
        raise MatcherError(f"'{value}' is not a whole number", f"a whole number for {label}")
    return Matcher(label, op, value)


def matches_all(matchers: tuple[Matcher, ...] | list[Matcher], labels: dict[str, Any]) -> bool:
    """True when every matcher holds (an empty list matches everything)."""
    return all(m.matches(labels) for m in matchers)
