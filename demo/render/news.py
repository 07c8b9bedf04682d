"""The news portal (潮声网): card lists, relative dates (发布于 3小时前), and an RSS feed (see feeds)."""

from __future__ import annotations

from datetime import datetime

from demo.corpus import PORTALS, REFERENCE_NOW, DemoArticle, news_date_text
from demo.render.common import esc, list_href, neighbours, page_count, page_slice, paragraphs_html

NAME = PORTALS["news"]["name"]
PER_PAGE = 20
HEADER = ("<header class=\"site-header\"><a class=\"logo\" href=\"/news/\">潮声网</a><nav><a href=\"/news/\">推荐</a> "
          "<a href=\"/news/\">本地</a> <a href=\"/news/\">民生</a> <a href=\"/news/\">曝光台</a> "
          "<a href=\"/news/rss.xml\">RSS订阅</a></nav></header>")
FOOTER = ("<footer class=\"site-footer\">© 2025 潮声网（演示站点，内容均为虚构） 违法和不良信息举报：0660-0000000"
          "</footer>")


def list_url(page: int) -> str:
    """URL of list page `page`."""
    return "/news/" if page == 1 else f"/news/list/{page}.html"


def list_page(listed: list[DemoArticle], page: int, now: datetime = REFERENCE_NOW) -> str:
    """One card list page, newest first."""
    pages = page_count(len(listed), PER_PAGE)
    cards = []
    for i, a in enumerate(page_slice(listed, page, PER_PAGE)):
        summary = a.paragraphs[0][:60] + ("…" if len(a.paragraphs[0]) > 60 else "")
        cards.append(
            f'<div class="feed-item"><h3><a href="{esc(list_href(a, i))}">{esc(a.title)}</a></h3>'
            f'<p class="summary">{esc(summary)}</p><span class="time">{news_date_text(a.published_at, now)}</span></div>'
        )
    nxt = f'<a class="next" href="{list_url(page + 1)}">下一页</a>' if page < pages else ""
    prev = f'<a class="prev" href="{list_url(page - 1)}">上一页</a>' if page > 1 else ""
    return (
        f"<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>{NAME} - 汕尾本地资讯</title>"
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"潮声网\" href=\"/news/rss.xml\"></head><body>\n"
        f"{HEADER}\n<main>\n" + "\n".join(cards) + f"\n<div class=\"pager\">{prev} {nxt}</div>\n</main>\n{FOOTER}\n"
        "</body></html>\n"
    )


def article_page(article: DemoArticle, same_portal: list[DemoArticle], now: datetime = REFERENCE_NOW) -> str:
    """An article page: headline, meta line with relative or absolute time, body, hot list with other dates."""
    byline = f' <span class="byline">作者：{esc(article.author)}</span>' if article.author else ""
    hot = "".join(
        f'<li><a href="{esc(r.path)}#from-hot">{esc(r.title)}</a> <time>{r.published_at:%Y-%m-%d %H:%M}</time></li>'
        for r in neighbours(article, same_portal, 6)
    )
    return (
        f"<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>{esc(article.title)} - {NAME}</title>"
        f"<meta property=\"og:site_name\" content=\"{NAME}\"></head><body>\n{HEADER}\n<main>\n"
        f"<h1>{esc(article.title)}</h1>\n"
        f"<div class=\"meta\"><time>发布于 {news_date_text(article.published_at, now)}</time>{byline} "
        f"<span class=\"src\">来源：{esc(article.source)}</span></div>\n"
        "<article class=\"content\">\n" + paragraphs_html(article) + "\n</article>\n"
        "<div class=\"statement\">声明：本文仅代表作者观点，转载请注明出处。</div>\n"
        f"<aside class=\"hot\"><h3>热门推荐</h3><ul>{hot}</ul></aside>\n</main>\n{FOOTER}\n</body></html>\n"
    )
