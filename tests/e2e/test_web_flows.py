"""The web app in headless Chromium: review, regulator handling, access, search, hostile text, CSRF."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from store.models import Alert, Department
from web_e2e_helpers import SCREENSHOTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.es, pytest.mark.slow]


def _alert_id(db, event_id: int, code: str) -> int | None:
    with db.session() as s:
        dept = s.scalar(select(Department).where(Department.code == code))
        return s.scalar(select(Alert.id).where(Alert.event_id == event_id, Alert.department_id == dept.id))


def test_reviewer_confirms_and_regulator_resolves(site, page, browser):
    base, ids, db = site["url"], site["ids"], site["db"]
    event_id = ids["events"]["expired-food"]
    sign_in(page, base, "shenhe")
    assert page.url.endswith("/queue")
    assert page.locator(f"#event-{event_id}").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "review-queue.png"), full_page=True)

    page.click(f"#event-{event_id} a")
    page.wait_for_load_state("networkidle")
    assert page.locator("mark.term", has_text="过期").count() > 0
    assert page.get_by_text("海丰县市场监督管理局").count() > 0
    page.screenshot(path=str(SCREENSHOTS / "event.png"), full_page=True)
    page.click(f"[data-test=confirm-{event_id}]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".flash", has_text="已确认").is_visible()
    alert_id = _alert_id(db, event_id, "haifeng-amr")
    assert alert_id, "confirming must route the event to the Haifeng market regulator"

    regulator = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    sign_in(regulator, base, "haifeng")
    assert regulator.url.endswith("/inbox")
    row = regulator.locator(f"#alert-{alert_id}")
    assert row.is_visible() and "海丰县一超市销售过期食品" in row.inner_text()
    assert regulator.locator("tr.overdue").count() >= 1  # the old unacknowledged alert stands out
    row.locator("a").click()
    regulator.wait_for_load_state("networkidle")
    regulator.click("button:has-text('签收')")
    regulator.wait_for_load_state("networkidle")
    assert regulator.locator(".flash", has_text="已签收").is_visible()
    regulator.fill("textarea[name=disposal]", "已责令下架全部过期食品，立案调查并处罚款")
    regulator.click("button:has-text('办结')")
    regulator.wait_for_load_state("networkidle")
    assert regulator.locator(".flash", has_text="已办结").is_visible()
    assert regulator.locator(".disposal", has_text="立案调查").is_visible()
    regulator.context.close()


def test_other_department_regulator_gets_403(site, page):
    alert_id = site["ids"]["alerts"]["overdue:haifeng-amr"]
    sign_in(page, site["url"], "chengqu")
    resp = page.goto(f"{site['url']}/alerts/{alert_id}")
    assert resp.status == 403
    assert page.get_by_text("该预警不属于您所在部门").is_visible()


def test_analyst_searches_with_highlights_and_facets(site, page):
    sign_in(page, site["url"], "fenxi")
    page.fill("input[name=q]", "过期")
    page.click("button:has-text('检索')")
    page.wait_for_load_state("networkidle")
    assert int(page.locator(".total").inner_text()) >= 4
    highlighted = page.locator(".hit em", has_text="过期")
    assert highlighted.count() >= 3
    label_facet = page.locator("[data-facet=label]")
    assert label_facet.is_visible() and "食品" in label_facet.inner_text()
    assert page.locator("[data-facet=source] .facet-count").count() >= 2
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)
    page.click("[data-facet=district] a:has-text('海丰县')")
    page.wait_for_load_state("networkidle")
    assert "海丰县" in page.locator(".chip-filter").inner_text()
    assert all("海丰县" in t for t in page.locator(".hit .meta").all_inner_texts())


def test_script_payload_is_shown_as_text_and_runs_nothing(site, page):
    dialogs, console = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console.append(m.text))
    sign_in(page, site["url"], "shenhe")
    event_id = site["ids"]["events"]["hostile"]
    page.goto(f"{site['url']}/events/{event_id}")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("<script>alert('xss')</script>城区某饭店后厨卫生堪忧").first.is_visible()
    assert page.locator(".body", has_text="<img src=x onerror=").first.is_visible()
    page.goto(f"{site['url']}/search?q=饭店")
    page.wait_for_load_state("networkidle")
    assert page.locator(".hit h3", has_text="<script>").count() == 1
    page.goto(f"{site['url']}/queue")
    page.wait_for_load_state("networkidle")
    assert dialogs == []
    assert not any("pwned" in m for m in console)
    assert page.title() != "pwned" and page.evaluate("document.querySelectorAll('main script').length") == 0


def test_form_posted_without_csrf_token_is_refused(site, page):
    sign_in(page, site["url"], "shenhe")
    event_id = site["ids"]["events"]["milk-powder"]
    page.goto(f"{site['url']}/events/{event_id}")
    page.evaluate("document.querySelectorAll('input[name=csrf_token]').forEach(i => i.remove())")
    page.click(f"[data-test=confirm-{event_id}]")
    page.wait_for_load_state("networkidle")
    assert "CSRF" in page.content()
    assert page.locator("h1", has_text="403").is_visible()
    page.goto(f"{site['url']}/events/{event_id}")
    assert page.locator(".facts", has_text="待审核").is_visible()  # nothing changed


def test_dashboard_screenshot(site, page):
    sign_in(page, site["url"], "fenxi")
    page.goto(f"{site['url']}/dashboard")
    page.wait_for_load_state("networkidle")
    assert page.locator("svg.chart").count() >= 4
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
