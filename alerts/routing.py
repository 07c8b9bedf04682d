"""The routing tree (config/routing.yaml): which departments get an event, Alertmanager-style.

A route matches when all its matchers hold; its children are tried in order, the first matching
child stops the search unless it says `continue: true`; when no child matches, the route itself is
the match. Children inherit receivers, group_by, group_wait, repeat_interval and ack_timeout.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alerts.matchers import Matcher, MatcherError, matches_all, parse_matcher
from alerts.yamlconf import LocatedYaml, check_keys, expect_type, field_name, load_located

GROUP_LABELS = ("event", "domain", "district", "severity", "enterprise")
INHERITED = ("receivers", "group_by", "group_wait", "repeat_interval", "ack_timeout")
DURATION_RE = re.compile(r"^(\d+)([smhd])$")
DURATION_EXPECTED = "a duration such as 0s, 30s, 5m, 4h or 2d"
_ROUTE_FIELDS = {
    "name": "a short name for the route",
    "matchers": "a list of matchers such as 'domain = food'",
    "receivers": "a list of department codes",
    "continue": "true or false",
    "group_by": "a list of " + ", ".join(GROUP_LABELS),
    "group_wait": DURATION_EXPECTED,
    "repeat_interval": DURATION_EXPECTED,
    "ack_timeout": DURATION_EXPECTED,
    "routes": "a list of child routes",
}
_DEFAULTS = {"receivers": (), "group_by": ("event",), "group_wait": dt.timedelta(seconds=30),
             "repeat_interval": dt.timedelta(hours=12), "ack_timeout": dt.timedelta(hours=4)}


def parse_duration(text: str) -> dt.timedelta:
    """`30s`, `5m`, `4h`, `2d` -> timedelta; raises ValueError."""
    m = DURATION_RE.match(str(text).strip())
    if not m:
        raise ValueError(f"invalid duration '{text}'")
    n, unit = int(m.group(1)), m.group(2)
    return dt.timedelta(**{{"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}[unit]: n})


@dataclass(frozen=True)
class Route:
    """One node of the tree with its inherited options already resolved."""

    name: str
    matchers: tuple[Matcher, ...]
    receivers: tuple[str, ...]
    continue_: bool
    group_by: tuple[str, ...]
    group_wait: dt.timedelta
    repeat_interval: dt.timedelta
    ack_timeout: dt.timedelta
    routes: tuple["Route", ...] = ()

    def match(self, labels: dict[str, Any]) -> list["Route"]:
        """The routes an event with `labels` ends at (Alertmanager's Route.Match)."""
        if not matches_all(self.matchers, labels):
            return []
        found: list[Route] = []
        for child in self.routes:
            hits = child.match(labels)
            found.extend(hits)
            if hits and not child.continue_:
                break
        return found or [self]


@dataclass(frozen=True)
class Receiver:
    """A department that must get the event, with the options of the route that chose it."""

    department: str
    route: Route


@dataclass
class RoutingConfig:
    """The parsed routing file: the tree and the escalation ladder."""

    root: Route
    escalation: dict[str, str] = field(default_factory=dict)
    file: str = ""

    def receivers(self, labels: dict[str, Any]) -> list[Receiver]:
        """Departments for an event, in route order, each once (its first route wins)."""
        seen: dict[str, Receiver] = {}
        for route in self.root.match(labels):
            for code in route.receivers:
                seen.setdefault(code, Receiver(code, route))
        return list(seen.values())

    def next_level(self, department: str) -> str | None:
        """Whom to escalate to when `department` does not acknowledge in time."""
        return self.escalation.get(department)


def load_routing(path: str | Path, departments: set[str] | None = None, text: str | None = None) -> RoutingConfig:
    """Parse and check a routing file; `departments` (codes) checks every receiver; raises ConfigError."""
    doc = load_located(path, text)
    check_keys(doc, (), doc.data, {"route": "the root route", "escalation": "a mapping department -> next level"},
               required=("route",))
    root_raw = doc.data["route"]
    if isinstance(root_raw, dict) and "matchers" in root_raw:
        raise doc.error(("route", "matchers"), "the root route matches every event", "no matchers on the root route")
    if isinstance(root_raw, dict) and "continue" in root_raw:
        raise doc.error(("route", "continue"), "the root route cannot continue", "no 'continue' on the root route")
    root = _route(doc, ("route",), root_raw, dict(_DEFAULTS), departments)
    if not root.receivers:
        raise doc.error(("route",), "the root route has no receivers", "receivers on the root route (the fallback)")
    escalation = _escalation(doc, doc.data.get("escalation") or {}, departments)
    return RoutingConfig(root, escalation, doc.file)


def _route(doc: LocatedYaml, path, raw, inherited: dict, departments) -> Route:
    check_keys(doc, path, raw, _ROUTE_FIELDS)
    opts = dict(inherited)
    matchers: list[Matcher] = []
    for i, text in enumerate(expect_type(doc, path + ("matchers",), raw.get("matchers", []), list, _ROUTE_FIELDS["matchers"])):
        try:
            matchers.append(parse_matcher(text))
        except MatcherError as exc:
            raise doc.error(path + ("matchers", i), exc.problem, exc.expected) from None
    if "receivers" in raw:
        recv = expect_type(doc, path + ("receivers",), raw["receivers"], list, _ROUTE_FIELDS["receivers"])
        for i, code in enumerate(recv):
            if not isinstance(code, str) or (departments is not None and code not in departments):
                raise doc.error(path + ("receivers", i), f"unknown receiver '{code}'",
                                "a department code from config/departments.yaml")
        opts["receivers"] = tuple(recv)
    if "group_by" in raw:
        labels = expect_type(doc, path + ("group_by",), raw["group_by"], list, _ROUTE_FIELDS["group_by"])
        for i, label in enumerate(labels):
            if label not in GROUP_LABELS:
                raise doc.error(path + ("group_by", i), f"cannot group by '{label}'", "one of " + ", ".join(GROUP_LABELS))
        opts["group_by"] = tuple(labels)
    for key in ("group_wait", "repeat_interval", "ack_timeout"):
        if key in raw:
            try:
                opts[key] = parse_duration(raw[key])
            except ValueError as exc:
                raise doc.error(path + (key,), str(exc), DURATION_EXPECTED) from None
    if opts["repeat_interval"] <= dt.timedelta(0):
        raise doc.error(path + ("repeat_interval",), "must be longer than 0s", DURATION_EXPECTED)
    cont = raw.get("continue", False)
    if not isinstance(cont, bool):
        raise doc.error(path + ("continue",), f"is '{cont}'", "true or false")
    name = raw.get("name") or field_name(path)
    children_raw = expect_type(doc, path + ("routes",), raw.get("routes", []), list, _ROUTE_FIELDS["routes"])
    children = tuple(_route(doc, path + ("routes", i), c, opts, departments) for i, c in enumerate(children_raw))
    return Route(str(name), tuple(matchers), opts["receivers"], cont, opts["group_by"], opts["group_wait"],
                 opts["repeat_interval"], opts["ack_timeout"], children)


def _escalation(doc: LocatedYaml, raw, departments) -> dict[str, str]:
    expect_type(doc, ("escalation",), raw, dict, "a mapping department -> next level")
    for src, dst in raw.items():
        for value in (src, dst):
            if not isinstance(value, str) or (departments is not None and value not in departments):
                raise doc.error(("escalation", src), f"unknown department '{value}'",
                                "a department code from config/departments.yaml")
    for start in raw:  # a ladder that loops would escalate forever
        seen, cur = {start}, raw[start]
        while cur in raw:
            if cur in seen:
                raise doc.error(("escalation", start), f"escalation loops back to '{cur}'", "a ladder that ends")
            seen.add(cur)
            cur = raw[cur]
    return dict(raw)


def parse_labels(pairs: list[str]) -> dict[str, Any]:
    """`['domain=food', 'severity=high', 'enterprise=甲公司']` -> labels for route matching."""
    labels: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise ValueError(f"'{pair}' is not label=value")
        key, value = pair.split("=", 1)
        key = key.strip()
        if key == "enterprise":
            labels.setdefault("enterprise", []).append(value)
        elif key in ("sources", "articles"):
            labels[key] = int(value)
        else:
            labels[key] = value
    return labels
