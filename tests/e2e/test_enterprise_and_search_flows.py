"""In Chromium: an enterprise page reached from an event, a 约谈 a regulator adds, search highlights,
a synonym query, Beijing time on the search page, and the queue at 1366 px without wrapped buttons."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import vocabulary
from alerts.events import cluster_pending
from store.models import Article, Source
from store.outbox import drain, enqueue
from trustwatch.configs import index_config
from web_e2e_helpers import sign_in

pytestmark = pytest.mark.es


@pytest.fixture(scope="module")
def with_flash_explosion(site, es):
    """One 闪爆 article (written for this test) indexed beside the sample data."""
    db, settings = site["db"], site["settings"]
    with db.session() as s:
        src = s.query(Source).first()
        a = Article(source_id=src.id, url="https://news.example.cn/e2e/shanbao", title="马宫一餐馆液化气闪爆 两人受伤",
                    body="事发时后厨液化气钢瓶突然闪爆，两名员工被烧伤。", label="safety", district="城区",
                    enterprises=[], severity="high", scores={"safety": 0.9}, content_hash="e2e-shanbao",
                    published_at=dt.datetime(2025, 4, 11, 2, 30, tzinfo=dt.timezone.utc))
        s.add(a)
        s.flush()
        enqueue(s, "article", a.id)
        s.commit()
    drain(db, es.client, index_config(settings))
    es.client.indices.refresh(index=f"{settings.es_index_prefix}-*")
    return site


HENGDA = (  # one incident reported under an alias, the full name and a sentence fragment (written for this test)
    ("陆丰市恒达五金制品厂冲压机伤人 一名工人死亡", ["陆丰市恒达五金制品厂"]),
    ("恒达五金厂事故追踪：车间防护罩缺失", ["恒达五金厂", "送往医院"]),
    ("南塘一工厂事故 工人半夜赶紧送去医院", ["半夜赶紧送去医院"]),
)


@pytest.fixture(scope="module")
def with_hengda(site, es):
    """Three reports of one factory accident, clustered by the real event code and indexed."""
    db, settings = site["db"], site["settings"]
    when = dt.datetime(2025, 3, 25, 2, 0, tzinfo=dt.timezone.utc)
    with db.session() as s:
        src = s.query(Source).first()
        for i, (title, names) in enumerate(HENGDA):
            s.add(Article(source_id=src.id, url=f"https://news.example.cn/e2e/hengda-{i}", title=title,
                          body="陆丰市南塘镇一五金厂工人在操作冲压设备时被卷入机器，经抢救无效死亡。冲压机旁防护罩缺失。",
                          label="safety", district="陆丰市", enterprises=names, severity="high",
                          scores={"safety": 0.9}, content_hash=f"e2e-hengda-{i}",
                          published_at=when + dt.timedelta(hours=i)))
        s.commit()
    with db.session() as s:
        cluster_pending(s, dt.timedelta(days=3), now=when + dt.timedelta(hours=4))
        s.commit()
    drain(db, es.client, index_config(settings))
    es.client.indices.refresh(index=f"{settings.es_index_prefix}-*")
    return site


def test_search_facet_names_each_enterprise_once_and_its_filter_finds_every_report(with_hengda, page):
    base = with_hengda["url"]
    sign_in(page, base, "fenxi")
    page.goto(f"{base}/search?q=冲压机")
    facet = page.locator("[data-facet=enterprise]")
    assert facet.locator("a", has_text="陆丰市恒达五金制品厂").count() == 1
    assert facet.locator("li", has_text="陆丰市恒达五金制品厂").locator(".facet-count").inner_text() == "2"
    for fragment in ("恒达五金厂", "送往医院", "半夜赶紧送去医院"):
        assert not [t for t in facet.locator("a").all_inner_texts() if t == fragment], fragment
    facet.locator("a", has_text="陆丰市恒达五金制品厂").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".total").inner_text() == "2"
    assert "半夜赶紧送去医院" not in page.locator(".hits").inner_text()  # not shown as an enterprise chip


def test_enterprise_page_from_an_event_and_an_interview_by_the_regulator(site, page, browser):
    base, event_id = site["url"], site["ids"]["events"]["expired-food"]
    sign_in(page, base, "shenhe")
    page.goto(f"{base}/events/{event_id}")
    page.click(f"[data-test=confirm-{event_id}]")
    page.wait_for_load_state("networkidle")
    assert page.locator(f"[data-test=decided-{event_id}]").is_visible()
    page.click("[data-test=enterprise-link]:has-text('海丰县鑫旺超市有限公司')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1", has_text="海丰县鑫旺超市有限公司").is_visible()
    assert page.locator(f"a[href='/events/{event_id}']").count() == 1

    regulator = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    sign_in(regulator, base, "haifeng")
    regulator.goto(page.url)
    form = regulator.locator("[data-test=add-action]")
    form.locator("select[name=kind]").select_option("interview")
    form.locator("input[name=happened_on]").fill("2025-04-12")
    form.locator("textarea[name=note]").fill("约谈企业负责人，告知失信风险与信用修复路径")
    form.locator("button[type=submit]").click()
    regulator.wait_for_load_state("networkidle")
    assert regulator.locator(".flash", has_text="已登记约谈").is_visible()
    actions = regulator.locator("[data-test=actions]")
    assert "2025-04-12" in actions.inner_text() and "约谈" in actions.inner_text()
    with regulator.expect_download() as download:
        regulator.click("a:has-text('导出档案 CSV')")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "约谈企业负责人" in text and "海丰县鑫旺超市有限公司" in text
    regulator.emulate_media(media="print")  # the printable dossier: the record, without forms and menus
    assert regulator.locator("[data-test=actions]", has_text="约谈企业负责人").is_visible()
    assert not regulator.locator("[data-test=add-action]").is_visible()
    assert not regulator.locator("header").first.is_visible()
    regulator.context.close()


def test_search_highlights_synonyms_and_beijing_time(with_flash_explosion, page):
    base = with_flash_explosion["url"]
    sign_in(page, base, "fenxi")
    page.goto(f"{base}/search?q=过期食品")
    assert page.locator(".hit em").count() >= 2
    page.goto(f"{base}/search?q=爆炸")
    hits = page.locator(".hit")
    assert hits.count() >= 1 and page.locator(".hit em", has_text="闪爆").count() >= 1
    assert "北京时间" in page.locator(".resulthead").inner_text()
    shown = page.locator(".hit:has-text('闪爆') time").first.inner_text()
    assert shown == "2025-04-11 10:30"  # 02:30 UTC


@pytest.mark.parametrize("width", [1366, 1920])
def test_queue_buttons_and_headers_do_not_wrap(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, site["url"], "shenhe")
    for path in ("/queue", "/enterprises", "/dashboard"):
        page.goto(f"{site['url']}{path}")
        # A box: its content height (without padding) against its line height, two lines being two line
        # heights; an inline element (a state chip) wraps when it breaks into more than one line box.
        boxes = page.eval_on_selector_all(
            "main button, main .btn, main summary, main th, main h2, main .state, main .sev, main .tag",
            """els => els.filter(e => e.innerText.trim() && e.offsetParent !== null).map(e => {
                 const cs = getComputedStyle(e);
                 if (cs.display === "inline") return [e.innerText.trim(), e.getClientRects().length, 1];
                 const lh = parseFloat(cs.lineHeight) || 1.2 * parseFloat(cs.fontSize);
                 const content = e.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
                 return [e.innerText.trim(), content / lh, 1]; })""")
        assert boxes, path
        wrapped = [b for b in boxes if b[1] > 1.5 * b[2]]
        assert not wrapped, (width, path, wrapped)
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (width, path)


def _english_codes() -> re.Pattern:
    """Every stored code a page could leak: vocabulary values, audit actions, route names, source kinds."""
    codes = {m.value for cls in vars(vocabulary).values()
             if isinstance(cls, type) and issubclass(cls, vocabulary.Vocabulary) and cls is not vocabulary.Vocabulary
             for m in cls}
    codes |= {"propaganda", "food-city", "medical-city", "safety-city", "wide-spread", "medical-insurance",
              "list", "rss", "sitemap", "json", "board", "gkmlpt", "html"}
    words = "|".join(sorted(map(re.escape, codes), key=len, reverse=True))
    # a code standing alone (not part of an address, a URL, an e-mail or a longer word)
    return re.compile(rf"(?<![\w@/.:-])(?:(?:event|alert|user|delivery|silence|department|enterprise)\.[a-z_.-]+"
                      rf"|{words})(?![\w@/.:-])")


def test_rendered_pages_carry_no_english_codes(site, page):
    code = _english_codes()
    base, ids = site["url"], site["ids"]
    event = ids["events"]["expired-food"]
    for user, paths in {
            "admin": ["/audit", "/sources", f"/events/{event}", "/dashboard", "/queue"],
            "shenhe": ["/queue", f"/events/{event}", "/enterprises"],
            "haifeng": ["/inbox", f"/alerts/{ids['alerts']['overdue:haifeng-amr']}", "/enterprises/海丰县鑫旺超市有限公司"],
            "fenxi": ["/search?q=过期", "/search?q=爆炸", "/enterprises", "/dashboard"]}.items():
        sign_in(page, base, user)
        for path in paths:
            page.goto(base + path)
            text = re.sub(r"https?://\S+|[\w.+-]+@[\w.-]+", " ", page.locator("main").inner_text())
            found = code.findall(text)
            assert not found, (user, path, found)
