"""Turn incident facts into report items (one per portal article) and build pool articles."""

from __future__ import annotations

from datetime import datetime

from demo.content import incident_text
from demo.content.credit import is_valid
from demo.content.incidents_food import FOOD_INCIDENTS
from demo.content.incidents_medical import MEDICAL_INCIDENTS
from demo.content.incidents_safety import SAFETY_INCIDENTS

INCIDENTS = FOOD_INCIDENTS + MEDICAL_INCIDENTS + SAFETY_INCIDENTS


def _codes(facts: dict, paragraphs: list[str]) -> list[dict]:
    code = facts.get("code")
    if not code or not any(code in p for p in paragraphs):
        return []
    return [{"code": code, "enterprise": facts["enterprise"], "valid": is_valid(code)}]


def _paragraphs(facts: dict, portal: str, kind: str, when: datetime, lead: str, variant: int) -> list[str]:
    if kind == "first":
        paragraphs = incident_text.first_report(facts, portal, when, lead, variant)
        if facts.get("code") and variant % 2 == 0:
            # Newspapers sometimes print the credit code they found in the business registry.
            paragraphs.insert(-1, f"记者查询企业信用信息发现，{facts['enterprise']}的统一社会信用代码为{facts['code']}。")
        return paragraphs
    if kind == "official":
        return incident_text.official_notice(facts, portal, when, lead, variant)
    return incident_text.followup(facts, portal, when, lead)


def incident_reports() -> list[dict]:
    """One item per report of every incident, in the order they were written."""
    items = []
    for facts in INCIDENTS:
        for variant, (portal, published, kind, title, lead) in enumerate(facts["reports"]):
            when = datetime.strptime(published, "%Y-%m-%d %H:%M")
            paragraphs = _paragraphs(facts, portal, kind, when, lead, variant)
            items.append({
                "portal": portal, "published": when, "district": facts["district"], "title": title,
                "paragraphs": paragraphs, "label": facts["domain"], "incident": facts["id"],
                "enterprises": [facts["enterprise"]], "credit_codes": _codes(facts, paragraphs),
                "kind": kind, "source": facts["regulator"],
            })
    return items


def pool_item(facts: dict, when: datetime) -> dict:
    """The report of one pool incident, dated `when` (naive Beijing time)."""
    paragraphs = _paragraphs(facts, facts["portal"], facts["kind"], when, facts["lead"], 0)
    return {
        "portal": facts["portal"], "published": when, "district": facts["district"], "title": facts["title"],
        "paragraphs": paragraphs, "label": facts["domain"], "incident": facts["id"],
        "enterprises": [facts["enterprise"]], "credit_codes": _codes(facts, paragraphs), "kind": facts["kind"],
        "source": facts["regulator"],
    }
