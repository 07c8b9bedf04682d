"""The news portal's RSS 2.0 feed and the government portal's sitemap."""

from __future__ import annotations

from email.utils import format_datetime
from xml.sax.saxutils import escape

from demo.corpus import PORTALS, DemoArticle


def rss(items: list[DemoArticle], base_url: str, limit: int = 200) -> bytes:
    """RSS 2.0 with absolute item links and RFC 822 pubDates, newest first."""
    entries = []
    for a in items[:limit]:
        link = escape(base_url + a.path)
        entries.append(
            f"<item><title>{escape(a.title)}</title><link>{link}</link>"
            f"<guid isPermaLink=\"true\">{link}</guid>"
            f"<pubDate>{format_datetime(a.published_at)}</pubDate>"
            f"<description>{escape(a.paragraphs[0][:120])}</description></item>"
        )
    last = format_datetime(items[0].published_at) if items else ""
    text = (
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
        f"<title>{PORTALS['news']['name']}</title><link>{escape(base_url)}/news/</link>"
        f"<description>汕尾本地资讯（演示）</description><language>zh-cn</language>"
        f"<lastBuildDate>{last}</lastBuildDate>\n" + "\n".join(entries) + "\n</channel></rss>\n"
    )
    return text.encode("utf-8")


def sitemap(items: list[DemoArticle], base_url: str) -> bytes:
    """A sitemap of every notice page with its lastmod."""
    urls = []
    for a in items:
        lastmod = f"{a.published_at:%Y-%m-%d}" if a.date_only else a.published_at.isoformat()
        urls.append(f"<url><loc>{escape(base_url + a.path)}</loc><lastmod>{lastmod}</lastmod></url>")
    text = (
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n" + "\n".join(urls) + "\n</urlset>\n"
    )
    return text.encode("utf-8")
