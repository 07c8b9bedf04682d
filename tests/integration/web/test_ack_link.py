"""The acknowledgement link in a notification works without signing in, and only when genuine."""

from __future__ import annotations

import re
import time

from alerts.ack_tokens import make_ack_token
from store.models import Alert
from trustwatch.configs import ack_links

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _an_alert(web):
    with web_db(web).session() as s:
        alert = s.query(Alert).filter(Alert.state.in_(("pending", "sent"))).first()
        return alert.id, alert.department_id


def web_db(web):
    return web.http.app.state.db


def test_opening_the_link_shows_a_button_and_acknowledges_nothing(web, settings):
    alert_id, dept_id = _an_alert(web)
    resp = web.http.get(f"/ack/{make_ack_token(ack_links(settings), alert_id, dept_id)}")
    assert resp.status_code == 200 and "确认签收" in resp.text
    with web_db(web).session() as s:
        assert s.get(Alert, alert_id).state in ("pending", "sent")


def test_pressing_the_button_acknowledges_the_alert(web, settings):
    alert_id, dept_id = _an_alert(web)
    path = f"/ack/{make_ack_token(ack_links(settings), alert_id, dept_id)}"
    token = CSRF_RE.search(web.http.get(path).text).group(1)
    resp = web.http.post(path, data={"csrf_token": token})
    assert resp.status_code == 200 and "已签收" in resp.text
    with web_db(web).session() as s:
        alert = s.get(Alert, alert_id)
        assert alert.state == "acknowledged" and alert.acknowledged_by.startswith("ack-link")


def test_a_forged_or_expired_link_is_refused(web, settings):
    alert_id, dept_id = _an_alert(web)
    forged = make_ack_token(ack_links(settings), alert_id, dept_id)[:-3] + "AAA"
    resp = web.http.get(f"/ack/{forged}")
    assert resp.status_code == 400 and "无效" in resp.text
    expired_settings = settings.model_copy(update={"alert_ack_token_days": 0})
    stale = make_ack_token(ack_links(expired_settings), alert_id, dept_id)
    app_settings = web.http.app.state.settings
    web.http.app.state.settings = expired_settings
    try:
        time.sleep(1.1)
        resp = web.http.get(f"/ack/{stale}")
    finally:
        web.http.app.state.settings = app_settings
    assert resp.status_code == 400 and "过期" in resp.text


def test_posting_without_the_csrf_token_is_refused(web, settings):
    alert_id, dept_id = _an_alert(web)
    resp = web.http.post(f"/ack/{make_ack_token(ack_links(settings), alert_id, dept_id)}", data={})
    assert resp.status_code == 403
    with web_db(web).session() as s:
        assert s.get(Alert, alert_id).state in ("pending", "sent")
