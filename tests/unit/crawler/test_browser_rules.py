"""`render: browser`: which requests go to the browser, what a rendered page may fetch, the settings."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.settings import Settings

from crawler.sources.schema import SourceConfig
from crawler.spiders.browser import BrowserUnavailable, OffSourceFilter, browser_meta, browser_settings


def _source(**extra) -> SourceConfig:
    spec = {"name": "js-list", "title": "脚本列表", "kind": "list", "start_urls": ["https://www.example.gov.cn/list"],
            "listing": {"article_links": "ul a"}}
    spec.update(extra)
    return SourceConfig.model_validate(spec)


def test_only_browser_sources_and_their_chosen_roles_are_rendered():
    plain = _source()
    assert browser_meta(plain, "listing") == {} and browser_meta(plain, "article") == {}
    lists_only = _source(render="browser", browser={"wait_for": "ul.list"})
    meta = browser_meta(lists_only, "listing")
    assert meta["playwright"] is True and meta["tw_conditional"] is False
    assert meta["playwright_page_methods"][0].method == "wait_for_selector"
    assert browser_meta(lists_only, "article") == {}
    both = _source(render="browser", browser={"articles": True})
    assert browser_meta(both, "article")["playwright_page_goto_kwargs"] == {"wait_until": "networkidle"}


def test_a_rendered_page_may_fetch_only_its_source_hosts_and_no_media():
    allow = OffSourceFilter(["example.gov.cn"])
    req = lambda url, kind="script": SimpleNamespace(url=url, resource_type=kind)  # noqa: E731
    assert not allow(req("https://www.example.gov.cn/api/list?page=1", "fetch"))
    assert allow(req("https://tracker.example.com/t.js"))
    assert allow(req("http://127.0.0.1:9200/_cat/indices", "xhr"))
    assert allow(req("https://www.example.gov.cn/banner.jpg", "image"))
    assert not allow(req("data:text/plain,hi"))


def test_settings_point_at_debian_chromium_with_bounds(tmp_path):
    values = browser_settings(_source(render="browser", browser={"timeout": 7}), Settings())
    assert values["PLAYWRIGHT_LAUNCH_OPTIONS"]["executable_path"] == "/usr/bin/chromium"
    assert values["PLAYWRIGHT_LAUNCH_OPTIONS"]["headless"] is True
    assert values["PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT"] == 7000
    assert values["PLAYWRIGHT_MAX_CONTEXTS"] == 1 and values["PLAYWRIGHT_MAX_PAGES_PER_CONTEXT"] == 2
    with pytest.raises(BrowserUnavailable, match="not an executable Chromium"):
        browser_settings(_source(render="browser"), Settings({"TW_BROWSER_EXECUTABLE": str(tmp_path / "none")}))


@pytest.mark.parametrize("extra,message", [
    ({"kind": "rss", "listing": None, "render": "browser"}, "'render: browser' applies to kind 'list'"),
    ({"browser": {"articles": True}}, "the 'browser' section applies only with 'render: browser'"),
])
def test_browser_rules_that_cannot_apply_are_refused(extra, message):
    with pytest.raises(ValueError, match=message):
        _source(**extra)
