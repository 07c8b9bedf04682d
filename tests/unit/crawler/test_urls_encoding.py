"""URL canonicalisation and Chinese page decoding."""

from __future__ import annotations

import pytest

from crawler.encoding import choose_encoding, decode_html
from crawler.urls import canonicalize_url


@pytest.mark.parametrize("url,expected", [
    ("http://Example.COM:80/a/b.html?utm_source=wx&id=3&spm=a.b#comments", "http://example.com/a/b.html?id=3"),
    ("https://example.com/n?b=2&a=1&utm_medium=x", "https://example.com/n?a=1&b=2"),
    ("https://example.com:8443/新闻/1.html", "https://example.com:8443/%E6%96%B0%E9%97%BB/1.html"),
    ("https://example.com/%E6%96%B0%E9%97%BB/1.html", "https://example.com/%E6%96%B0%E9%97%BB/1.html"),
    ("https://example.com", "https://example.com/"),
])
def test_canonical(url, expected):
    assert canonicalize_url(url) == expected


def test_relative_links_resolve_against_the_page():
    assert canonicalize_url("../b/2.html#top", "http://x.cn/a/c/1.html") == "http://x.cn/a/b/2.html"


def test_gbk_and_gb2312_pages_decode_as_gb18030():
    text = "<meta charset='gb2312'><h1>汕尾市陆丰市碣石镇𠮷字</h1>"  # 𠮷 is outside GB2312 and GBK
    body = text.encode("gb18030")
    assert choose_encoding(body) == "gb18030"
    assert decode_html(body) == text
    assert decode_html(text.encode("gb18030"), "text/html; charset=GBK") == text


def test_page_declaring_gb2312_but_written_in_utf8():
    text = "<meta charset=gb2312><title>汕尾日报</title>"
    assert decode_html(text.encode("utf-8")) == text


def test_source_override_wins():
    body = "<meta charset=utf-8>汕尾".encode("gbk")
    assert decode_html(body, override="gbk") == "<meta charset=utf-8>汕尾"


def test_undeclared_chinese_defaults():
    assert choose_encoding("汕尾".encode("utf-8")) == "utf-8"
    assert choose_encoding("汕尾新闻".encode("gbk")) == "gb18030"
