"""Routing tree, matchers and the schema's errors: good and bad YAML, each bad one with its exact message."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from alerts.departments import load_departments
from alerts.routing import load_routing, parse_labels
from alerts.yamlconf import ConfigError
from trustwatch.cli import main
from trustwatch.settings import PROJECT_ROOT

CONFIG = PROJECT_ROOT / "config"
DEPTS = {"sw-propaganda", "sw-amr", "haifeng-amr", "lufeng-amr", "sw-leader"}


def routing(text: str):
    return load_routing("routing.yaml", DEPTS, text=textwrap.dedent(text))


def receivers(cfg, *pairs):
    return [r.department for r in cfg.receivers(parse_labels(list(pairs)))]


@pytest.fixture(scope="module")
def shipped():
    depts = load_departments(CONFIG / "departments.yaml")
    return load_routing(CONFIG / "routing.yaml", set(depts))


def test_shipped_config_routes_food_in_haifeng_to_county_city_and_propaganda(shipped):
    assert receivers(shipped, "domain=food", "district=海丰县", "severity=high") == [
        "sw-propaganda", "sw-amr", "haifeng-amr"]
    assert receivers(shipped, "domain=food", "district=海丰县", "severity=low") == ["sw-propaganda", "haifeng-amr"]
    assert receivers(shipped, "domain=food", "severity=low") == ["sw-propaganda", "sw-amr"]
    assert "sw-healthsecurity" in receivers(shipped, "domain=medical", "title=某医院涉嫌骗保被查", "severity=low")
    assert "sw-leader" in receivers(shipped, "domain=safety", "district=陆丰市", "sources=6")


def test_shipped_escalation_ladder_goes_county_city_leader(shipped):
    assert shipped.next_level("haifeng-amr") == "sw-amr"
    assert shipped.next_level("sw-amr") == "sw-leader"
    assert shipped.next_level("sw-leader") is None


def test_shipped_departments_cover_every_district_and_domain():
    depts = load_departments(CONFIG / "departments.yaml")
    names = {d.name for d in depts.values()}
    for name in ("汕尾市市场监督管理局", "汕尾市卫生健康局", "汕尾市医疗保障局", "汕尾市应急管理局", "海丰县市场监督管理局"):
        assert name in names
    for district in ("城区", "海丰县", "陆丰市", "陆河县", "红海湾开发区", "华侨管理区"):
        assert {d.domains[0] for d in depts.values() if d.district == district} == {"food", "medical", "safety"}
    for d in depts.values():  # placeholders only, never real contacts
        for r in d.contacts.get("email", []):
            assert r.endswith("example.org")


def test_children_inherit_and_continue_fans_out():
    cfg = routing("""
        route:
          receivers: [sw-propaganda]
          repeat_interval: 6h
          routes:
            - matchers: ['severity >= high']
              receivers: [sw-leader]
              continue: true
            - matchers: ['domain = food']
              receivers: [sw-amr]
              ack_timeout: 1h
              routes:
                - matchers: ['district =~ 海丰县|陆丰市']
                  routes:
                    - matchers: ['district = 陆丰市']
                      receivers: [lufeng-amr]
    """)
    assert receivers(cfg, "domain=food", "severity=critical") == ["sw-leader", "sw-amr"]
    assert receivers(cfg, "domain=food", "severity=medium", "district=陆丰市") == ["lufeng-amr"]
    # 海丰县 matches the middle route, which inherits sw-amr and its ack_timeout
    (r,) = cfg.receivers(parse_labels(["domain=food", "district=海丰县"]))
    assert (r.department, r.route.ack_timeout, r.route.repeat_interval) == (
        "sw-amr", dt.timedelta(hours=1), dt.timedelta(hours=6))
    assert receivers(cfg, "domain=safety") == ["sw-propaganda"]


def test_enterprise_and_spread_matchers():
    cfg = routing("""
        route:
          receivers: [sw-propaganda]
          routes:
            - {matchers: ['enterprise =~ .*食品有限公司'], receivers: [sw-amr], continue: true}
            - {matchers: ['sources >= 3', 'enterprise != 甲公司'], receivers: [sw-leader]}
    """)
    assert receivers(cfg, "enterprise=乙公司", "enterprise=海丰某某食品有限公司", "sources=3") == ["sw-amr", "sw-leader"]
    assert receivers(cfg, "enterprise=甲公司", "sources=9") == ["sw-propaganda"]
    assert receivers(cfg, "sources=2") == ["sw-propaganda"]


BAD = [
    ("route:\n  receivers: [sw-propaganda]\n  routes:\n    - matchers: ['domian = food']\n",
     "routing.yaml:4: route.routes[0].matchers[0]: unknown label 'domian'; expected one of domain, district, "
     "severity, enterprise, title, department, sources, articles"),
    ("route:\n  receivers: [sw-propaganda]\n  routes:\n    - matchers: ['severity >= urgent']\n",
     "routing.yaml:4: route.routes[0].matchers[0]: unknown severity 'urgent'; expected one of low, medium, high, critical"),
    ("route:\n  receivers: [sw-propaganda]\n  routes:\n    - matchers: ['district >= 海丰县']\n",
     "routing.yaml:4: route.routes[0].matchers[0]: '>=' cannot compare label 'district'; expected =, !=, =~ or !~ for district"),
    ("route:\n  receivers: [sw-propaganda]\n  routes:\n    - receivers: [nobody]\n",
     "routing.yaml:4: route.routes[0].receivers[0]: unknown receiver 'nobody'; expected a department code from "
     "config/departments.yaml"),
    ("route:\n  receivers: [sw-propaganda]\n  repeat_interval: 12 hours\n",
     "routing.yaml:3: route.repeat_interval: invalid duration '12 hours'; expected a duration such as 0s, 30s, 5m, 4h or 2d"),
    ("route:\n  receivers: [sw-propaganda]\n  routes:\n    - matchers: ['domain = food']\n      contine: true\n",
     "routing.yaml:5: route.routes[0].contine: unknown field; expected one of name, matchers, receivers, continue, "
     "group_by, group_wait, repeat_interval, ack_timeout, routes"),
    ("route:\n  receivers: [sw-propaganda]\n  routes:\n    - matchers: ['domain = food']\n      continue: yes please\n",
     "routing.yaml:5: route.routes[0].continue: is 'yes please'; expected true or false"),
    ("route:\n  routes: []\n",
     "routing.yaml:1: route: the root route has no receivers; expected receivers on the root route (the fallback)"),
    ("route:\n  receivers: [sw-propaganda]\nescalation:\n  sw-amr: sw-leader\n  sw-leader: sw-amr\n",
     "routing.yaml:4: escalation.sw-amr: escalation loops back to 'sw-amr'; expected a ladder that ends"),
    ("route:\n  receivers: [sw-propaganda]\n  group_by: [department]\n",
     "routing.yaml:3: route.group_by[0]: cannot group by 'department'; expected one of event, domain, district, "
     "severity, enterprise"),
    ("route:\n  receivers: [sw-propaganda]\n  routes:\n    - matchers: ['title =~ (unclosed']\n",
     "routing.yaml:4: route.routes[0].matchers[0]: invalid regular expression '(unclosed': missing ), unterminated "
     "subpattern at position 0; expected a Python regular expression"),
    ("route:\n  receivers: [sw-propaganda\n", "routing.yaml:3: (syntax): invalid YAML: expected ',' or ']', but got '<stream end>'"),
    ("routes: []\n", "routing.yaml:1: routes: unknown field; expected one of route, escalation"),
]


@pytest.mark.parametrize("text,message", BAD, ids=[m.split(": ")[1] for _, m in BAD])
def test_bad_routing_yaml_has_exact_message(text, message):
    with pytest.raises(ConfigError) as err:
        load_routing("routing.yaml", DEPTS, text=text)
    assert str(err.value) == message


BAD_DEPTS = [
    ("departments:\n  - code: x-amr\n    name: 某局\n    level: county\n    district: 深圳市\n    contacts: {email: [a@example.org]}\n",
     "departments.yaml:5: departments[0].district: unknown district '深圳市'; expected one of 城区, 海丰县, 陆丰市, 陆河县, "
     "红海湾开发区, 华侨管理区 or null"),
    ("departments:\n  - code: x-amr\n    name: 某局\n    level: county\n    contacts: {email: [not-an-address]}\n",
     "departments.yaml:5: departments[0].contacts.email[0]: 'not-an-address' is not an e-mail address; expected name@domain"),
    ("departments:\n  - code: x-amr\n    name: 某局\n    level: county\n    contacts: {fax: ['123']}\n",
     "departments.yaml:5: departments[0].contacts.fax: unknown field; expected one of dingtalk, email, feishu, sms, webhook, wecom"),
    ("departments:\n  - code: x-amr\n    name: 某局\n    contacts: {email: [a@example.org]}\n",
     "departments.yaml:2: departments[0]: missing required field 'level'; expected one of city, county, leader"),
]


@pytest.mark.parametrize("text,message", BAD_DEPTS)
def test_bad_departments_yaml_has_exact_message(text, message):
    with pytest.raises(ConfigError) as err:
        load_departments("departments.yaml", text=text)
    assert str(err.value) == message


def test_route_test_command_prints_receivers_one_per_line(capsys):
    assert main(["route-test", "domain=food", "district=海丰县", "severity=high"]) == 0
    assert capsys.readouterr().out.splitlines() == ["sw-propaganda", "sw-amr", "haifeng-amr"]
    assert main(["route-test", "--names", "domain=food", "district=陆河县", "severity=low"]) == 0
    assert capsys.readouterr().out.splitlines() == ["中共汕尾市委宣传部（市委网信办）", "陆河县市场监督管理局"]
    assert main(["route-test", "sevrity=high"]) == 2
    assert "unknown label 'sevrity'" in capsys.readouterr().err


@pytest.mark.parametrize("domain,bureau", [("food", "amr"), ("medical", "health"), ("safety", "emergency")])
def test_every_district_reaches_its_own_county_bureau(shipped, domain, bureau):
    codes = {"城区": "chengqu", "海丰县": "haifeng", "陆丰市": "lufeng", "陆河县": "luhe", "红海湾开发区": "honghaiwan",
             "华侨管理区": "huaqiao"}
    for district, prefix in codes.items():
        got = receivers(shipped, f"domain={domain}", f"district={district}", "severity=low")
        assert got == ["sw-propaganda", f"{prefix}-{bureau}"], (district, got)
        assert shipped.next_level(f"{prefix}-{bureau}") == f"sw-{bureau}"
