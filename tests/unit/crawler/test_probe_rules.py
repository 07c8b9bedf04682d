"""The probe's recognisers on small documents: JSON lists, URL shapes, names, the private-address guard."""

from __future__ import annotations

import json

import pytest

from crawler.sources.probe import Fetched, ProbeError, _json, _name, _path_pattern, probe
from crawler.sources.probe_report import entry_yaml, host_is_private


def _page(url: str, payload) -> Fetched:
    return Fetched(url, 200, "application/json", json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def test_a_json_list_gets_items_link_title_date_and_paging():
    payload = {"code": 0, "result": {"total": 2, "rows": [
        {"id": 1, "name": "关于开展食品安全检查的通知", "detailUrl": "/a/1.html", "pubDate": "2025-04-07 09:30"},
        {"id": 2, "name": "关于燃气安全隐患排查的通知", "detailUrl": "/a/2.html", "pubDate": "2025-04-06 10:00"}]}}
    result = _json(_page("https://x.gov.cn/api/list?pageNo=1", payload), {"name": "x", "title": "", "kind": None,
                                                                          "start_urls": []})
    assert result.what == "json"
    assert result.entry["json"] == {"items": "$.result.rows[*]", "link": "detailUrl", "title": "name",
                                    "date": "pubDate", "page_param": "pageNo"}


def test_a_gkmlpt_api_url_becomes_its_index_with_the_column():
    result = _json(_page("https://www.example.gov.cn/scjgj/gkmlpt/api/all/2461?page=1&sid=660001", {"articles": []}),
                   {"name": "x", "title": "", "kind": None, "start_urls": []})
    assert result.entry["kind"] == "gkmlpt"
    assert result.entry["start_urls"] == ["https://www.example.gov.cn/scjgj/gkmlpt/index#2461"]


def test_json_without_a_list_of_links_is_a_clear_error():
    with pytest.raises(ProbeError, match="没有找到含链接的条目列表"):
        _json(_page("https://x.example/api", {"rows": [{"a": 1}, {"a": 2}]}), {})


def test_url_shapes_and_names():
    urls = [f"https://x.cn/gov/xxgk/2025-04/{d:02d}/content_{2000 + d}.html" for d in range(1, 9)] + ["https://x.cn/about.html"]
    assert _path_pattern(urls) == r"/gov/xxgk/\d+-\d+/\d+/content_\d+\.html$"
    assert _name("https://www.shanwei.gov.cn/swsscjdglj/gkmlpt/index") == "shanwei-swsscjdglj-gkmlpt"
    assert _name("http://127.0.0.1:8800/") == "127"


def test_private_hosts_and_bad_urls():
    assert host_is_private("127.0.0.1") and host_is_private("10.1.2.3") and host_is_private("[::1]")
    assert not host_is_private("8.8.8.8")
    with pytest.raises(ProbeError, match="http:// 或 https://"):
        probe("shanwei.gov.cn/index", fetch=None)


def test_yaml_is_indented_to_paste_under_sources():
    text = entry_yaml({"name": "a-b", "title": "标题", "kind": "rss", "start_urls": ["https://x.cn/rss"]})
    assert text.splitlines()[0] == "  - name: a-b" and "标题" in text
