"""The responsible departments (config/departments.yaml): schema, loading, and sync into the store."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.channels import CHANNELS
from alerts.yamlconf import LocatedYaml, check_keys, expect_type, load_located
from classifier.districts import default_table
from store.audit import audit
from store.models import Department

DOMAINS = ("food", "medical", "safety")
LEVELS = ("city", "county", "leader")
CODE_RE = re.compile(r"^[a-z][a-z0-9-]{1,62}$")
_FIELDS = {
    "code": "a code of lowercase letters, digits and '-'",
    "name": "the department's full name",
    "level": "one of " + ", ".join(LEVELS),
    "district": "a district of the city (config/dictionaries/districts.yaml) or null",
    "domains": "a list of " + ", ".join(DOMAINS),
    "contacts": "a mapping of channel -> list of recipients",
}


@dataclass(frozen=True)
class DepartmentSpec:
    """One department as configured."""

    code: str
    name: str
    level: str
    district: str | None
    domains: tuple[str, ...]
    contacts: dict[str, list[str]] = field(default_factory=dict)


def load_departments(path: str | Path, text: str | None = None,
                     districts: Collection[str] | None = None) -> dict[str, DepartmentSpec]:
    """Parse and check a departments file against the city's `districts` (the shipped city's when None);
    returns code -> spec; raises ConfigError."""
    districts = tuple(districts) if districts is not None else default_table().districts
    doc = load_located(path, text)
    check_keys(doc, (), doc.data, {"departments": "a list of departments"}, required=("departments",))
    items = expect_type(doc, ("departments",), doc.data["departments"], list, "a list of departments")
    out: dict[str, DepartmentSpec] = {}
    for i, item in enumerate(items):
        spec = _department(doc, ("departments", i), item, districts)
        if spec.code in out:
            raise doc.error(("departments", i, "code"), f"duplicate code '{spec.code}'", "a unique code")
        out[spec.code] = spec
    return out


def _department(doc: LocatedYaml, path, item, districts: tuple[str, ...]) -> DepartmentSpec:
    check_keys(doc, path, item, _FIELDS, required=("code", "name", "level", "contacts"))
    code = expect_type(doc, path + ("code",), item["code"], str, _FIELDS["code"])
    if not CODE_RE.match(code):
        raise doc.error(path + ("code",), f"invalid code '{code}'", _FIELDS["code"])
    name = expect_type(doc, path + ("name",), item["name"], str, _FIELDS["name"])
    level = item["level"]
    if level not in LEVELS:
        raise doc.error(path + ("level",), f"invalid level '{level}'", _FIELDS["level"])
    district = item.get("district")
    if district is not None and district not in districts:
        raise doc.error(path + ("district",), f"unknown district '{district}'",
                        "one of " + ", ".join(districts) + " or null")
    domains = expect_type(doc, path + ("domains",), item.get("domains", list(DOMAINS)), list, _FIELDS["domains"])
    for j, d in enumerate(domains):
        if d not in DOMAINS:
            raise doc.error(path + ("domains", j), f"unknown domain '{d}'", "one of " + ", ".join(DOMAINS))
    contacts = item["contacts"]
    check_keys(doc, path + ("contacts",), contacts, {c: "a list of recipients" for c in CHANNELS})
    clean: dict[str, list[str]] = {}
    for channel, recipients in contacts.items():
        cpath = path + ("contacts", channel)
        expect_type(doc, cpath, recipients, list, "a list of recipients")
        for j, r in enumerate(recipients):
            expect_type(doc, cpath + (j,), r, str, "a recipient string")
            if channel == "email" and "@" not in r:
                raise doc.error(cpath + (j,), f"'{r}' is not an e-mail address", "name@domain")
            if channel in ("wecom", "dingtalk", "feishu", "webhook") and not r.startswith(("http://", "https://")):
                raise doc.error(cpath + (j,), "is not an http(s) URL", "the robot's or webhook's URL")
        clean[channel] = list(recipients)
    if not any(clean.values()):
        raise doc.error(path + ("contacts",), "no recipient on any channel", "at least one contact")
    return DepartmentSpec(code, name, level, district, tuple(domains), clean)


def sync_departments(session: Session, specs: dict[str, DepartmentSpec], actor: str = "system") -> dict[str, int]:
    """Make the Department table mirror `specs` (insert or update; never deletes: alerts refer to rows)."""
    existing = {d.code: d for d in session.scalars(select(Department))}
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for spec in specs.values():
        row = existing.get(spec.code)
        if row is None:
            row = Department(code=spec.code, name=spec.name, district=spec.district, contacts=spec.contacts)
            session.add(row)
            counts["added"] += 1
        elif (row.name, row.district, row.contacts) != (spec.name, spec.district, spec.contacts):
            row.name, row.district, row.contacts = spec.name, spec.district, dict(spec.contacts)
            counts["updated"] += 1
        else:
            continue
        session.flush()
        audit(session, actor, "department.sync", "department", row.id, code=spec.code)
    counts["unchanged"] = len(specs) - counts["added"] - counts["updated"]
    return counts


def departments_by_code(session: Session) -> dict[str, Department]:
    """All Department rows keyed by code."""
    return {d.code: d for d in session.scalars(select(Department))}
