"""Accounts in headless Chromium: change the password on /account, other browsers are signed out."""

from __future__ import annotations

import pytest

from web_e2e_helpers import SCREENSHOTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.es, pytest.mark.slow]


def test_password_change_signs_out_the_other_browser(site, page, browser):
    base = site["url"]
    other = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    sign_in(other, base, "fenxi")
    assert other.url.endswith("/search")

    sign_in(page, base, "fenxi")
    page.click("a.user")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/account") and page.locator("table.list tbody tr").count() == 2
    page.screenshot(path=str(SCREENSHOTS / "account.png"), full_page=True)
    form = page.locator("form[action='/account/password']")
    form.locator("input[name=current]").fill("Trustwatch-2025")
    form.locator("input[name=new]").fill("password1234")
    form.locator("input[name=confirm]").fill("password1234")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".flash.error", has_text="过于常见").is_visible()
    form.locator("input[name=current]").fill("Trustwatch-2025")
    form.locator("input[name=new]").fill("晴天 海边 灯塔 2026")
    form.locator("input[name=confirm]").fill("晴天 海边 灯塔 2026")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".flash", has_text="密码已修改").is_visible()
    assert page.locator("table.list tbody tr").count() == 1  # only this browser is left

    other.goto(f"{base}/search")
    assert "/login" in other.url
    sign_in(other, base, "fenxi", "晴天 海边 灯塔 2026")
    assert other.url.endswith("/search")
    other.context.close()

    page.click("button:has-text('退出所有设备')")
    page.wait_for_load_state("networkidle")
    assert "/login" in page.url
