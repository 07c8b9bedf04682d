"""JSON lists and gkmlpt pages: paths, dates, paging URLs, the site id, embedded records and attachments."""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.sources.jsonpath import compile_path, first, select
from crawler.spiders.gkmlpt import api_url, attachments, embedded_detail, html_text, site_id, with_attachments
from crawler.spiders.jsonlist import entry_date, query_int, with_query

UTC = dt.timezone.utc
DOC = {"data": {"list": [{"url": "/a/1.html", "t": 1}, {"post_url": "/a/2.html", "t": 2}], "next": None},
       "total": 2, "odd.key": {"x": 5}}


def test_paths_reach_keys_indexes_wildcards_and_quoted_keys():
    assert select(DOC, "$.data.list[*].t") == [1, 2]
    assert select(DOC, "data.list[-1].post_url") == ["/a/2.html"]
    assert select(DOC, "$['odd.key'].x") == [5]
    assert select(DOC, "$.data.missing[0]") == []
    assert select(DOC, "$.total") == [2]
    assert first(DOC["data"]["list"][1], ["url", "post_url"]) == "/a/2.html"
    assert first(DOC, ["$.data.next", "$.total"]) == 2  # an empty value is skipped


@pytest.mark.parametrize("bad", ["", "$.a..b", "$.a[", "a b", "$.a[x]"])
def test_bad_paths_are_refused_with_the_expected_form(bad):
    with pytest.raises(ValueError, match="expected a JSON path"):
        compile_path(bad)


def test_listed_dates_are_unix_seconds_milliseconds_or_text():
    expected = dt.datetime(2025, 4, 7, 1, 30, tzinfo=UTC)
    assert entry_date(1743989400) == expected
    assert entry_date(1743989400000) == expected
    assert entry_date("1743989400") == expected
    assert entry_date("2025-04-07 09:30:00") == expected  # naive text is Beijing time
    assert entry_date(None) is None and entry_date(True) is None and entry_date({"a": 1}) is None


def test_page_parameter_is_set_in_place():
    url = "https://x.gov.cn/gkmlpt/api/all/2461?page=1&sid=755901"
    assert with_query(url, "page", 2) == "https://x.gov.cn/gkmlpt/api/all/2461?page=2&sid=755901"
    assert with_query("https://x.gov.cn/api", "page", 2) == "https://x.gov.cn/api?page=2"
    assert query_int(url, "page") == 1 and query_int(url, "size") is None


def test_gkmlpt_api_url_and_site_id():
    assert api_url("https://www.shanwei.gov.cn/swsscjdglj/gkmlpt/index#2461", 2461, "755901") == \
        "https://www.shanwei.gov.cn/swsscjdglj/gkmlpt/api/all/2461?page=1&sid=755901"
    assert site_id("<script>window._CONFIG = {SID: '755901', TREE: []};</script>") == "755901"
    assert site_id('var _CONFIG = {"SID": "2"}') == "2"
    assert site_id("var SIDEBAR = 5; SID = 44") == "44"
    assert site_id("<html>no config</html>") is None


def test_embedded_record_is_read_as_json_never_evaluated():
    page = ("<script>window._CONFIG = {SID: '1', DETAIL: {\"title\": \"关于<\\/script>的通知\", "
            "\"content\": \"<p>第一段</p><p>第二段</p>\"}};</script>")
    record = embedded_detail(page)
    assert record["title"] == "关于</script>的通知"
    assert html_text(record["content"]) == "第一段\n第二段"
    assert embedded_detail("window._CONFIG.DETAIL = {title: '单引号', content: alert(1)};") is None
    assert embedded_detail("<p>没有记录</p>") is None


def test_attachments_from_the_record_and_from_document_links_each_once():
    record = {"attachment": [{"name": "处罚决定书.pdf", "url": "/attachment/0/1/1.pdf"}, {"name": "bad"}]}
    content = ('<p>详见<a href="/attachment/0/1/1.pdf">处罚决定书</a>和<a href="files/list.xlsx">清单</a>，'
               '<a href="/other.html">相关阅读</a><a href="javascript:void(0)">x.pdf</a></p>')
    found = attachments(record, content, "https://x.gov.cn/gkmlpt/content/0/1/post_1.html")
    assert found == [("处罚决定书.pdf", "https://x.gov.cn/attachment/0/1/1.pdf"),
                     ("清单", "https://x.gov.cn/gkmlpt/content/0/1/files/list.xlsx")]
    body = with_attachments("正文", found)
    assert body.splitlines()[1:] == ["附件：处罚决定书.pdf（https://x.gov.cn/attachment/0/1/1.pdf）",
                                     "附件：清单（https://x.gov.cn/gkmlpt/content/0/1/files/list.xlsx）"]
    assert with_attachments(body, found) == body  # never twice


def test_board_body_keeps_the_message_and_names_who_replied_and_when():
    from crawler.spiders.board import board_body, unlabelled

    assert unlabelled(["答复单位：汕尾市城区市场监督管理局"]) == "汕尾市城区市场监督管理局"
    assert unlabelled(["答复时间: 2025-03-07 10:05"]) == "2025-03-07 10:05"
    assert unlabelled([]) is None
    assert board_body(["后厨有老鼠。"], ["已责令停业整改。"], "城区市场监管局", "2025-03-07 10:05") == \
        "后厨有老鼠。\n【答复】城区市场监管局（2025-03-07 10:05）\n已责令停业整改。"
    assert board_body(["路灯不亮。"], [], "城管局", None) == "路灯不亮。"  # not answered yet
    assert board_body(["噪音扰民。"], ["已劝导。"], None, None) == "噪音扰民。\n【答复】\n已劝导。"
