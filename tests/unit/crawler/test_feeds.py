"""RSS and Atom entries, including a GBK feed and hostile XML."""

from __future__ import annotations

from crawler.spiders.feed import _feed_date, feed_entries


def test_rss_and_atom_entries():
    rss = """<?xml version="1.0" encoding="gbk"?><rss version="2.0"><channel><title>潮声网</title>
<item><title>陆丰新闻</title><link>http://x.cn/news/1.html?utm_source=rss</link>
<pubDate>Mon, 07 Apr 2025 02:30:00 GMT</pubDate></item>
<item><title>无链接</title></item></channel></rss>""".encode("gbk")
    assert feed_entries(rss) == [("http://x.cn/news/1.html?utm_source=rss", "Mon, 07 Apr 2025 02:30:00 GMT")]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title>
<link rel="alternate" href="http://x.cn/a.html"/><published>2025-04-07T10:30:00+08:00</published></entry></feed>"""
    assert feed_entries(atom) == [("http://x.cn/a.html", "2025-04-07T10:30:00+08:00")]
    assert _feed_date("Mon, 07 Apr 2025 02:30:00 GMT").isoformat() == "2025-04-07T02:30:00+00:00"
    assert _feed_date("2025-04-07T10:30:00+08:00").isoformat() == "2025-04-07T02:30:00+00:00"


def test_hostile_xml_does_not_expand_entities_or_crash():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c SYSTEM "file:///etc/passwd">]><rss><channel><item><link>&c;&b;</link></item></channel></rss>"""
    for link, _ in feed_entries(bomb):
        assert "root:" not in link
    assert feed_entries(b"not xml at all") == []
