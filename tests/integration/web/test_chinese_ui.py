"""Pages a user reads carry no English codes: audit actions, statuses, kinds and route keys in Chinese."""

from __future__ import annotations

import re

from trustwatch.configs import ack_links

# Codes stored in the database that once reached the pages as they are.
CODE_RE = re.compile(r"\b(?:event|alert|user|delivery|silence|department)\.[a-z_.]+\b"
                     r"|>\s*(?:finished|running|failed|list|rss|sitemap|propaganda|food-city|medical-city|safety-city)\s*<")


def _visible(html: str) -> str:
    """The page without its scripts, styles and attribute values (what a reader sees)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r'="[^"]*"', '=""', html)


def test_audit_event_and_source_pages_speak_chinese(web):
    event_id = web.ids["events"]["expired-food"]
    web.login("shenhe")
    web.page_token(f"/events/{event_id}")
    web.post_form(f"/events/{event_id}/review", {"action": "confirm"})
    event_page = web.http.get(f"/events/{event_id}").text
    assert "确认事件" in event_page
    web.login("admin")
    pages = {path: web.http.get(path).text for path in ("/audit", f"/events/{event_id}", "/sources")}
    assert "确认事件" in pages["/audit"]
    for path, html in pages.items():
        found = CODE_RE.findall(_visible(html))
        assert not found, f"{path}: English codes {found}"


def test_decided_event_shows_its_decision_not_the_buttons(web):
    event_id = web.ids["events"]["expired-food"]
    web.login("shenhe")
    web.page_token(f"/events/{event_id}")
    page = web.post_form(f"/events/{event_id}/review", {"action": "confirm"}).text
    assert f'data-test="decided-{event_id}"' in page and "已审核：已确认" in page
    assert f'data-test="confirm-{event_id}"' not in page


def test_queue_says_which_events_went_out_before_review(web, db):
    from store.models import Alert, Department, Event

    web.login("shenhe")
    queue = web.http.get("/queue").text
    assert "审核前已先行推送" in queue
    with db.session() as s:
        ev = s.query(Event).filter(Event.state.in_(("new", "in_review"))).first()
        dept = s.query(Department).first()
        s.add(Alert(event_id=ev.id, department_id=dept.id, state="sent", route="safety-city"))
        s.commit()
        event_id = ev.id
    assert f'data-test="sent-early-{event_id}"' in web.http.get("/queue").text


def test_ack_link_of_a_closed_alert_says_it_is_closed(web, settings):
    from alerts.ack_tokens import make_ack_token
    from store.models import Alert

    db = web.http.app.state.db
    with db.session() as s:
        alert = s.query(Alert).first()
        alert.state = "resolved"
        s.commit()
        alert_id, dept_id = alert.id, alert.department_id
    page = web.http.get(f"/ack/{make_ack_token(ack_links(settings), alert_id, dept_id)}").text
    assert "已办结" in page and "登录系统后可登记处置结果" not in page and "确认签收</button>" not in page


def test_records_show_display_names_and_the_regulator_crumb_is_reachable(web, db):
    event_id = web.ids["events"]["expired-food"]
    web.login("shenhe")
    web.page_token(f"/events/{event_id}")
    web.post_form(f"/events/{event_id}/review", {"action": "confirm"})
    web.login("admin")
    assert "宣传部 李审核" in web.http.get("/audit").text
    assert "宣传部 李审核" in web.http.get(f"/events/{event_id}").text
    web.login("haifeng")
    with db.session() as s:
        from store.models import Alert, Department

        dept = s.query(Department).filter_by(code="haifeng-amr").one()
        alert_id = s.query(Alert).filter_by(event_id=event_id, department_id=dept.id).one().id
    web.page_token(f"/alerts/{alert_id}")
    page = web.post_form(f"/alerts/{alert_id}/acknowledge", {}).text
    assert "海丰县市监局 王科长" in page
    event_page = web.http.get(f"/events/{event_id}")
    if event_page.status_code == 200:
        crumb = re.search(r'<p class="crumbs"><a href="([^"]+)"', event_page.text).group(1)
        assert web.http.get(crumb).status_code == 200
