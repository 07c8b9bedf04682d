"""Review, inbox and access rules as the users would meet them."""

import re

from sqlalchemy import select

from store.models import Alert, AuditEntry, Department


def _dept_alert(db, event_id, code):
    with db.session() as s:
        dept = s.scalar(select(Department).where(Department.code == code))
        return s.scalar(select(Alert).where(Alert.event_id == event_id, Alert.department_id == dept.id))


def test_confirm_routes_to_the_department_which_acknowledges_and_resolves(web, db):
    event_id = web.ids["events"]["expired-food"]
    web.login("shenhe")
    queue = web.http.get("/queue").text
    assert "海丰县一超市销售过期食品被立案查处" in queue
    web.page_token(f"/events/{event_id}")
    resp = web.post_form(f"/events/{event_id}/review", {"action": "confirm"})
    assert "已确认" in resp.text
    alert = _dept_alert(db, event_id, "haifeng-amr")
    assert alert is not None

    web.login("haifeng")
    assert f'href="/alerts/{alert.id}"' in web.http.get("/inbox").text
    web.page_token(f"/alerts/{alert.id}")
    assert "已签收" in web.post_form(f"/alerts/{alert.id}/acknowledge", {}).text
    web.page_token(f"/alerts/{alert.id}")
    page = web.post_form(f"/alerts/{alert.id}/resolve", {"disposal": "已责令下架并立案调查"}).text
    assert "已办结" in page and "已责令下架并立案调查" in page
    with db.session() as s:
        actions = set(s.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "alert",
                                                                 AuditEntry.entity_id == alert.id)))
    assert {"alert.acknowledged", "alert.resolved"} <= actions or {"alert.acknowledge", "alert.resolve"} <= actions


def test_other_department_gets_403_everywhere(web):
    alert_id = web.ids["alerts"]["overdue:haifeng-amr"]
    web.login("chengqu")
    assert web.http.get(f"/alerts/{alert_id}").status_code == 403
    assert web.http.get(f"/api/v1/alerts/{alert_id}").status_code == 403
    assert web.http.get("/alerts/999999").status_code == 403  # no probing for existence
    event_id = web.ids["events"]["expired-food"]
    assert web.http.get(f"/events/{event_id}").status_code == 403
    assert web.http.get("/queue").status_code == 403
    assert web.http.get("/search").status_code == 403
    assert web.http.get("/api/v1/events").status_code == 403
    listed = web.http.get("/api/v1/alerts?show=all").json()["alerts"]
    assert listed and all(a["department"]["code"] == "chengqu-health" for a in listed)
    web.page_token("/inbox")
    assert web.post_form(f"/alerts/{alert_id}/acknowledge", {}).status_code == 403


def test_overdue_alert_stands_out(web):
    web.login("haifeng")
    page = web.http.get("/inbox").text
    row = re.search(r'<tr class="overdue" id="alert-(\d+)"', page)
    assert row and int(row.group(1)) == web.ids["alerts"]["overdue:haifeng-amr"]
    assert "已超过签收时限" in page


def test_dismiss_needs_a_reason(web):
    event_id = web.ids["events"]["milk-powder"]
    web.login("shenhe")
    web.page_token(f"/events/{event_id}")
    assert "驳回时必须填写理由" in web.post_form(f"/events/{event_id}/review", {"action": "dismiss"}).text
    page = web.post_form(f"/events/{event_id}/review", {"action": "dismiss", "reason": "旧闻"}).text
    assert "已驳回" in page


def test_hostile_article_is_text_on_every_page(web):
    event_id = web.ids["events"]["hostile"]
    web.login("shenhe")
    for path in (f"/events/{event_id}", "/queue"):
        page = web.http.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page
    preview = web.http.get(f"/events/{event_id}").text.split('class="message"', 1)[1].split("</pre>", 1)[0]
    assert "&lt;script&gt;" in preview and "确认收到" not in preview  # escaped, and no usable ack link
    assert "script-src 'self'" in web.http.get(f"/events/{event_id}").headers["content-security-policy"]


def test_event_page_shows_terms_routing_and_audit(web):
    event_id = web.ids["events"]["expired-food"]
    web.login("shenhe")
    page = web.http.get(f"/events/{event_id}").text
    assert '<mark class="term">过期</mark>' in page
    assert "海丰县市场监督管理局" in page  # where routing sends it
    assert "海丰县鑫旺超市有限公司" in page


def test_dashboard_sources_and_audit_by_role(web):
    web.login("fenxi")
    dash = web.http.get("/dashboard").text
    assert dash.count("<svg") >= 4 and "每日新增事件" in dash
    assert "陆丰在线" in web.http.get("/sources").text
    assert web.http.get("/audit").status_code == 403
    web.login("admin")
    assert "新增账号" in web.http.get("/audit").text  # user.add, by its Chinese name


def test_reviewer_claims_an_event_then_confirms_it(web, db):
    from store.models import Event

    event_id = web.ids["events"]["expired-food"]
    web.login("shenhe")
    page = web.http.get(f"/events/{event_id}").text
    assert "认领审核" in page
    web.page_token(f"/events/{event_id}")
    resp = web.post_form(f"/events/{event_id}/review", {"action": "start"})
    assert "已认领" in resp.text and "认领审核" not in resp.text  # the button is gone once in review
    with db.session() as s:
        assert s.get(Event, event_id).state == "in_review"
        audit = list(s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "event",
                                                         AuditEntry.entity_id == event_id)))
        assert any(a.actor == "shenhe" for a in audit)
    web.page_token(f"/events/{event_id}")
    assert "已确认" in web.post_form(f"/events/{event_id}/review", {"action": "confirm"}).text
    with db.session() as s:
        assert s.get(Event, event_id).state == "confirmed"
