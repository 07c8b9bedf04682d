"""The generic extractor on pages shaped like real Chinese portals, and field selectors."""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.encoding import decode_html
from crawler.extract import extract_article
from crawler.extract.article import content_hash, normalize_author
from crawler.sources.schema import FieldSelectors

CST = dt.timezone(dt.timedelta(hours=8))
TITLE = "陆丰市碣石镇一餐馆发生疑似食物中毒事件"
PARAGRAPHS = ["4月6日晚，陆丰市碣石镇某餐馆多名食客出现呕吐、腹泻等症状，被送往医院救治。",
              "市场监管部门已对该餐馆依法采取控制措施，并对留样食品进行抽检。",
              "目前患者病情稳定，事件原因正在进一步调查中。"]
NAV = '<div class="nav"><a href="/">首页</a><a href="/gd/">广东</a><a href="/sh/">社会</a></div>'
RELATED = ('<div class="related"><h3>相关新闻</h3><ul><li><a href="/r1.html">海丰县开展春季森林防火宣传</a>'
           '<span>2024-11-03 09:12</span></li></ul></div>')
FOOTER = '<div class="footer">版权所有 汕尾新闻网 粤ICP备12345678号</div>'


def page(head: str, article: str, charset: str = "utf-8") -> str:
    return (f'<html><head><meta charset="{charset}"><title>{TITLE}_汕尾新闻网</title>{head}</head>'
            f'<body>{NAV}{RELATED}{article}{FOOTER}</body></html>')


def body_html(indent: str = "") -> str:
    return "".join(f"<p>{indent}{p}</p>" for p in PARAGRAPHS)


CASES = {
    "portal": page("", f'<h1>{TITLE}</h1><div class="info">2025年04月07日 10:30 来源：汕尾日报 记者 林海</div>'
                       f'<div class="article">{body_html()}<p>责任编辑：陈晓</p></div>'),
    "gov-meta": page('<meta name="PubDate" content="2025-04-07 10:30">',
                     f'<table><tr><td class="title"><b>{TITLE}</b></td></tr><tr><td>发布时间：2025-04-07 10:30:00 '
                     f'【字体：<a href="#">大</a>】</td></tr><tr><td class="content">{body_html("　　")}</td></tr></table>'),
    "byline-after-body": page("", f'<h1>{TITLE}</h1><div class="src">2025-04-07 10:30</div>'
                                  f'<div class="text">{body_html()}<p>（记者 林海）</p></div>'),
    "relative": page("", f'<h1>{TITLE}</h1><div class="meta"><time>昨天 10:30</time> 作者：林海</div>'
                         f'<article>{body_html()}</article>'),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_generic_extractor(name):
    now = dt.datetime(2025, 4, 8, 9, 0, tzinfo=CST)
    result = extract_article(CASES[name], now=now)
    assert result.ok
    assert result.title == TITLE  # the site name in <title> is gone
    assert result.body == "\n".join(PARAGRAPHS)  # no nav, related list, editor line or footer
    assert result.published_at == dt.datetime(2025, 4, 7, 10, 30, tzinfo=CST)  # not the related list's date
    if name != "gov-meta":
        assert result.author == "林海"


def test_gb2312_declared_utf8_page():
    raw = page("", f"<h1>{TITLE}</h1><div>2025-04-07 10:30</div><div>{body_html()}</div>", "gb2312").encode()
    result = extract_article(decode_html(raw))
    assert result.title == TITLE and result.body == "\n".join(PARAGRAPHS)


def test_field_selectors_win_and_missing_ones_fall_back():
    html = CASES["portal"].replace('<div class="info">', '<div class="info"><span class="by">作者：张敏</span>')
    selectors = FieldSelectors(title="h1::text", author="span.by", body="div.article p")
    result = extract_article(html, selectors)
    assert result.methods == {"title": "selector", "body": "selector", "author": "selector", "date": "generic:byline"}
    assert result.author == "张敏"
    assert result.body == "\n".join(PARAGRAPHS)  # editor lines are dropped from selected bodies too


def test_pages_without_an_article_are_not_ok():
    assert not extract_article("").ok
    assert not extract_article("<html><body><ul><li><a href='/x'>首页</a></li></ul></body></html>").ok


def test_author_labels_removed():
    assert normalize_author("记者 陈志鹏") == "陈志鹏"
    assert normalize_author("（作者：林海）") == "林海"
    assert normalize_author("") is None


def test_content_hash_ignores_whitespace_only_differences():
    assert content_hash("标题", "第一段\n第二段") == content_hash(" 标题 ", "第一段 \n  第二段")
    assert content_hash("标题", "第一段") != content_hash("标题", "第二段")


def test_hostile_big_pages_stay_on_the_linear_path():
    comments = "<p>网友留言：支持报道，希望相关部门加强监管。</p>" * 40000  # ~2 MB, paragraphs straight under <body>
    result = extract_article(f"<html><head><title>{TITLE}_站</title></head><body><h1>{TITLE}</h1>{comments}</body></html>")
    assert result.ok and result.methods["body"] == "generic" and len(result.body) == 200_000  # bounded
    links = "".join(f"<a href=/x{i}>链接{i}</a>" for i in range(30000))
    result = extract_article(f"<html><body>{links}</body></html>")
    assert not result.ok and result.methods["body"] == "generic"  # too big for the GNE fallback
