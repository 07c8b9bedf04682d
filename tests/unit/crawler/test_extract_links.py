"""Article links of a list page without selectors, on a list page the team wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extract.links import extract_article_links

BASE = "http://www.swms.gov.cn/xxgk/tzgg/"
HEADLINES = [("2025-04/19/content_2045.html", "城区农贸市场开展食品安全专项检查"),
             ("2025-04/18/content_2044.html", "关于陆河县一食品厂违法添加案件的处理通报"),
             ("/xxgk/tzgg/2025-04/17/content_2043.html?from=list", "海丰县医疗机构依法执业专项检查工作部署"),
             ("http://www.swms.gov.cn/xxgk/tzgg/2025-04/16/content_2042.html", "汕尾市燃气安全隐患排查整治情况通报")]
ITEMS = "".join(f'<li><a href="{h}" title="{t}">{t}</a><span>2025-04-1{i}</span>'
                f'<a href="{h.split("?")[0]}#comments">评论</a></li>' for i, (h, t) in enumerate(HEADLINES))
PAGE = f"""<html><head><meta charset="utf-8"><title>通知公告_汕尾民生网</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/xxgk/">政务公开信息公开目录</a><a href="/bsfw/">办事服务在线办理大厅</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/tzgg/">通知公告栏目列表页面</a></div>
<div class="list"><ul>{ITEMS}</ul></div>
<div class="more"><a href="/xxgk/tzgg/index_2.html">查看更多通知公告信息</a></div>
<div class="page"><a href="index_1.html">上一页</a> <a href="index_2.html">2</a> <a href="index_2.html">下一页</a></div>
<div class="ad-banner"><a href="/zt/2025/ad.html">春季家装节全场五折优惠等你来抢</a></div>
<p><a href="http://shop.example.com/item/123.html">外站商城优惠券免费领取活动</a>
<a rel="sponsored" href="/tg/1.html">推广：本地装修公司口碑排行榜</a></p>
<div class="footer"><a href="/about/">关于我们网站简介与联系方式</a></div></body></html>"""


def test_headline_links_only_in_page_order():
    links = extract_article_links(PAGE, BASE)
    assert links == [
        "http://www.swms.gov.cn/xxgk/tzgg/2025-04/19/content_2045.html",
        "http://www.swms.gov.cn/xxgk/tzgg/2025-04/18/content_2044.html",
        "http://www.swms.gov.cn/xxgk/tzgg/2025-04/17/content_2043.html?from=list",
        "http://www.swms.gov.cn/xxgk/tzgg/2025-04/16/content_2042.html",
    ]  # no navigation, breadcrumb, "more", pagination, comment anchors, ads, off-site or footer links


def test_empty_and_linkless_pages():
    assert extract_article_links("", BASE) == []
    assert extract_article_links("<html><body><p>暂无信息</p></body></html>", BASE) == []


def test_next_page_is_the_link_labelled_next_and_none_on_the_last_page():
    from crawler.extract.generic import parse_html
    from crawler.extract.links import next_page_link

    assert next_page_link(parse_html(PAGE), BASE) == "http://www.swms.gov.cn/xxgk/tzgg/index_2.html"
    last = '<html><body><div class="page"><a href="index_2.html">上一页</a> <a href="#">下一页</a></div></body></html>'
    assert next_page_link(parse_html(last), BASE + "index_3.html") is None
    rel = '<html><head><link rel="next" href="/xxgk/tzgg/index_4.html"></head><body><p>列表</p></body></html>'
    assert next_page_link(parse_html(rel), BASE) == "http://www.swms.gov.cn/xxgk/tzgg/index_4.html"
    offsite = '<html><body><a href="http://other.example/list_2.html">下一页</a></body></html>'
    assert next_page_link(parse_html(offsite), BASE) is None


def _own_list_pages():
    folder = Path(__file__).resolve().parents[2] / "pages" / "lists"
    return [(folder, json.loads(line)) for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]



@pytest.mark.parametrize("folder,truth", _own_list_pages(), ids=lambda v: v["file"] if isinstance(v, dict) else "")
def test_own_list_pages_links_and_next_page(folder, truth):
    from crawler.encoding import decode_html
    from crawler.extract.generic import parse_html
    from crawler.extract.links import article_links, next_page_link

    root = parse_html(decode_html((folder / truth["file"]).read_bytes()))
    assert article_links(root, truth["url"]) == truth["links"]  # in page order, each once
    assert next_page_link(root, truth["url"]) == truth["next"]
