"""The demo's regulator accounts (one city, one county bureau) receive the demo's incidents without a review first."""

from __future__ import annotations

from collections import defaultdict

from alerts.departments import load_departments
from alerts.matchers import SEVERITY_RANK
from alerts.routing import load_routing
from classifier.severity import assess
from demo.corpus import truth
from trustwatch.service.demo import DEMO_ACCOUNTS, DEMO_CHANNELS, DEMO_REGULATORS
from trustwatch.settings import load_settings


def test_both_demo_regulators_receive_incidents_dispatched_before_review(tmp_path):
    settings = load_settings(home=tmp_path, env="test")
    departments = load_departments(settings.config_dir / "departments.yaml")
    routing = load_routing(settings.config_dir / "routing.yaml", set(departments))
    policy = SEVERITY_RANK[settings.alert_auto_dispatch_severity]
    incidents = defaultdict(set)  # department -> demo incidents it is alerted to while nobody reviews
    for a in truth():
        if a["label"] == "none" or not a["reachable"]:
            continue
        severity = assess(f"{a['title']}\n{a['body']}")  # what the classifier's severity rules say
        if SEVERITY_RANK[severity] < policy:
            continue
        labels = {"domain": a["label"], "district": a["district"] or "", "severity": severity,
                  "enterprise": list(a["enterprises"]), "title": a["title"], "sources": 1, "articles": 1}
        for receiver in routing.receivers(labels):
            incidents[receiver.department].add(a["incident"])
    levels = {code: spec.level for code, spec in departments.items()}
    assert levels[DEMO_REGULATORS["city"]] == "city" and levels[DEMO_REGULATORS["county"]] == "county"
    assert len(incidents[DEMO_REGULATORS["city"]]) >= 2, dict(incidents)
    assert len(incidents[DEMO_REGULATORS["county"]]) >= 1, dict(incidents)
    assert {d for _, role, d, _ in DEMO_ACCOUNTS if role == "regulator"} == set(DEMO_REGULATORS.values())


def test_the_demo_sends_only_through_channels_it_has_a_receiver_for():
    assert DEMO_CHANNELS == ["email"]  # the robot and SMS contacts are placeholders without secrets
