"""The one vocabulary (issue 13, item 1): each code has one Chinese name, written in one place."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import vocabulary
from vocabulary import AlertState, EventState, Label, Severity, Vocabulary

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("alerts", "classifier", "crawler", "demo", "store", "trustwatch", "vocabulary")
HOME = "vocabulary/__init__.py"

# Literals equal to a display name that are not that name: words of text rules and sample text.
NOT_DISPLAY_NAMES = {
    ("classifier/enterprise_names.py", "食品"): "trade words of the enterprise-name heuristics",
    ("classifier/enterprise_names.py", "医疗"): "trade words of the enterprise-name heuristics",
    ("classifier/enterprise_names.py", "其他"): "trade words of the enterprise-name heuristics",
    ("alerts/clustering.py", "食品"): "generic heads of enterprise names",
    ("alerts/clustering.py", "医疗"): "generic heads of enterprise names",
    ("crawler/sources/probe.py", "已办结"): "a reply state written on government complaint boards",
    ("trustwatch/service/status.py", "失败"): "a column header: how many job runs failed",
    ("classifier/notices.py", "食品"): "fragments of the law titles a penalty decision cites",
    ("classifier/notices.py", "食品安全"): "fragments of the law titles a penalty decision cites",
    ("classifier/notices.py", "安全生产"): "fragments of the law titles a penalty decision cites",
    ("trustwatch/web/sample_data.py", "食品"): "terms of a sample article",
    ("trustwatch/web/sample_data.py", "安全生产"): "terms of a sample article",
}
EXEMPT_TREES = ("classifier/data/",)  # the seed corpus generator: sentences and keyword lists


def _names() -> dict[str, set[str]]:
    """Chinese name -> the vocabulary members that have it."""
    names: dict[str, set[str]] = {}
    for kind in Vocabulary.__subclasses__():
        for member in kind:
            names.setdefault(member.display, set()).add(f"{kind.__name__}.{member.name}")
    for member in Label:
        names.setdefault(member.domain, set()).add(f"Label.{member.name}")
    return names


def _places(names) -> dict[str, set[str]]:
    """Chinese name -> files where it is written as a whole literal (Python) or a whole text/attribute (templates)."""
    found: dict[str, set[str]] = {name: set() for name in names}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), rel)):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in found:
                    found[node.value].add(rel)
        for path in [*(ROOT / package).rglob("*.html"), *(ROOT / package).rglob("*.j2")]:
            rel, text = path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
            for name in found:
                if re.search(r"(?:>|[\"'])\s*" + re.escape(name) + r"\s*(?:<|[\"'])", text):
                    found[name].add(rel)
    return found


def test_each_name_is_written_in_the_vocabulary_only():
    names = _names()
    stray = {}
    for name, files in _places(names).items():
        assert HOME in files, f"{name} is not in {HOME}"
        others = {f for f in files - {HOME}
                  if (f, name) not in NOT_DISPLAY_NAMES and not f.startswith(EXEMPT_TREES)}
        if others:
            stray[name] = sorted(others)
    assert not stray, ("Chinese names of states and labels written outside the vocabulary; use "
                       f"vocabulary (or the |zh filter in templates): {json.dumps(stray, ensure_ascii=False)}")


def test_no_two_codes_share_a_name():
    shared = {name: sorted(members) for name, members in _names().items() if len(members) > 1}
    assert not shared, shared


def test_members_are_their_codes():
    assert EventState.DISMISSED == "dismissed" and f"{AlertState.SENT}" == "sent"
    assert json.dumps({"label": Label.FOOD}) == '{"label": "food"}'
    assert EventState("in_review") is EventState.IN_REVIEW


def test_the_disagreements_of_issue_13_are_settled():
    assert EventState.DISMISSED.display == "已驳回"  # not 已排除 (the digest's)
    assert AlertState.SENT.display == "已送达"  # not 待签收: a pending alert is unacknowledged too
    assert "escalated" not in AlertState.names()  # metrics counted a state the workflow never sets
    assert Label.FOOD.display == "食品" and Label.FOOD.domain == "食品安全"


def test_unknown_codes_pass_through():
    assert vocabulary.display("sent", "alert_state") == "已送达"
    assert vocabulary.display("later", "alert_state") == "later"
    assert vocabulary.display(None, "label") == ""
    assert Severity.display_of("x", default="—") == "—"


def test_severity_rank_follows_definition_order():
    assert [s.value for s in sorted(Severity, key=lambda s: s.rank)] == ["low", "medium", "high", "critical"]


def test_templates_name_codes_through_the_vocabulary(settings):
    from trustwatch.web.app import make_templates

    env = make_templates(settings).env
    page = env.from_string('{{ "sent"|zh("alert_state") }} {{ EVENT_STATES["dismissed"] }} {{ LABELS["none"] }} '
                           '{{ DELIVERY_STATES["dead"] }} {{ ROLES["reviewer"] }}').render()
    assert page == "已送达 已驳回 无关 投递失败 宣传部门审核员"


# Where a state's name stands inside a longer text, the text means something else (or names the review
# queue, which holds new and in-review events alike); each is listed with why.
STATE_NAME_IN_TEXT = {
    ("crawler/cli.py", "运行中"): "运行中显示进度: while it runs, not a crawl run's state",
    ("trustwatch/service/status.py", "运行中"): "the scheduler process is running, not a crawl run",
    ("trustwatch/web/templates/enterprises.html", "已合并"): "an enterprise's short and full names are merged",
    ("trustwatch/service/digest.py", "待审核"): "the review queue (new and in-review events)",
    ("trustwatch/web/templates/_queue_lanes.html", "待审核"): "the review queue's tab",
    ("trustwatch/web/templates/queue.html", "待审核"): "the empty review queue",
    ("trustwatch/web/templates/queue_uncertain.html", "待审核"): "events that will enter the review queue",
    ("trustwatch/web/templates/queue_uncertain.html", "处理中"): "在下一轮处理中: the next pipeline pass",
}
GENERIC_WORDS = {"失败"}  # 失败 (failed) is a plain word of many messages, not only a crawl run's state


def test_state_names_are_not_restated_inside_texts():
    """A message or page that names an event, alert, delivery, queue or crawl state takes the name
    from the vocabulary (f"{AlertState.RESOLVED.display}", `|zh`), not a copy of it in a sentence."""
    from vocabulary import CrawlRunState, DeliveryState, QueueState

    names = {m.display for kind in (EventState, AlertState, DeliveryState, QueueState, CrawlRunState)
             for m in kind} - GENERIC_WORDS
    found = set()
    for package in ("alerts", "classifier", "crawler", "store", "trustwatch"):
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith(EXEMPT_TREES):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), rel)):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value not in names:
                    found |= {(rel, n) for n in names if n in node.value}
        for path in (ROOT / package).rglob("*.html"):
            rel, text = path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
            found |= {(rel, n) for n in names if n in text}
    stray = sorted(found - set(STATE_NAME_IN_TEXT))
    assert not stray, f"state names copied into texts: {stray}"
    gone = sorted(set(STATE_NAME_IN_TEXT) - found)
    assert not gone, f"no longer there, so remove from STATE_NAME_IN_TEXT: {gone}"
