"""Two departments on one event: neither sees the other's disposal, alert state or actors."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from store.models import Alert, Department, utcnow
from trustwatch.auth import add_user
from trustwatch.web import workflow
from trustwatch.web.sample_data import PASSWORD

SECRET_DISPOSAL = "机密：举报人张三 13800000000，已立案"


@pytest.fixture
def shared_event(web, db):
    """The factory accident, sent to 陆丰市应急管理局 and 市应急管理局; 陆丰 resolves it with a secret disposal."""
    event_id = web.ids["events"]["factory-accident"]
    lufeng_alert = web.ids["alerts"]["factory-accident:lufeng-emergency"]
    with db.session() as s:
        city = s.scalar(select(Department).where(Department.code == "sw-emergency"))
        city_alert = Alert(event_id=event_id, department_id=city.id, state="sent", route="domain=safety",
                           created_at=utcnow(), ack_deadline=utcnow())
        s.add(city_alert)
        s.flush()
        city_alert_id = city_alert.id
        add_user(s, "lufeng-officer", PASSWORD, "regulator", department_code="lufeng-emergency", actor="test")
        add_user(s, "city-officer", PASSWORD, "regulator", department_code="sw-emergency", actor="test")
    workflow.acknowledge_alert(db, lufeng_alert, "lufeng-officer")
    workflow.resolve_alert(db, lufeng_alert, "lufeng-officer", SECRET_DISPOSAL)
    return {"event": event_id, "lufeng_alert": lufeng_alert, "city_alert": city_alert_id}


def _strings(value):
    """Every string and number anywhere in a JSON value (keys included)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif value is not None:
        yield str(value)


def test_api_event_shows_only_the_own_department(web, shared_event):
    web.login("city-officer")
    resp = web.http.get(f"/api/v1/events/{shared_event['event']}")
    assert resp.status_code == 200
    body = resp.json()
    leaked = [s for s in _strings(body) if "张三" in s or "13800000000" in s or "lufeng-officer" in s]
    assert leaked == []
    assert [a["id"] for a in body["alerts"]] == [shared_event["city_alert"]]
    assert body["also_sent_to"] == ["陆丰市应急管理局"]
    # No field of the view carries another department's state: only its name, once.
    assert "resolved" not in json.dumps(body)
    assert set(body) == {"id", "title", "label", "district", "severity", "state", "article_count", "source_count",
                         "first_seen", "last_seen", "enterprises", "merged_into_id", "terms",
                         "enterprises_mentioned", "articles", "alerts", "also_sent_to", "audit"}
    for entry in body["audit"]:
        assert entry["actor"] != "lufeng-officer"


def test_event_and_alert_pages_hide_the_other_disposal(web, shared_event):
    web.login("city-officer")
    for path in (f"/events/{shared_event['event']}", f"/alerts/{shared_event['city_alert']}"):
        page = web.http.get(path)
        assert page.status_code == 200
        assert "张三" not in page.text and "13800000000" not in page.text and "lufeng-officer" not in page.text
    assert "同时推送给：陆丰市应急管理局" in web.http.get(f"/events/{shared_event['event']}").text
    # Nor the other department's alert itself, by id.
    assert web.http.get(f"/alerts/{shared_event['lufeng_alert']}").status_code == 403
    assert web.http.get(f"/api/v1/alerts/{shared_event['lufeng_alert']}").status_code == 403


def test_the_owning_department_and_the_office_still_see_it(web, shared_event):
    web.login("lufeng-officer")
    body = web.http.get(f"/api/v1/events/{shared_event['event']}").json()
    assert any(a["id"] == shared_event["lufeng_alert"] and a["state"] == "resolved" for a in body["alerts"])
    assert any(x["actor"] == "lufeng-officer" for x in body["audit"])
    assert SECRET_DISPOSAL in web.http.get(f"/alerts/{shared_event['lufeng_alert']}").text
    web.login("admin")
    assert "13800000000" in web.http.get(f"/events/{shared_event['event']}").text


def test_a_department_not_on_the_event_cannot_open_it(web, shared_event):
    web.login("haifeng")
    assert web.http.get(f"/api/v1/events/{shared_event['event']}").status_code == 403
    assert web.http.get(f"/events/{shared_event['event']}").status_code == 403
