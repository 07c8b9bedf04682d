"""The city daily portal (晨潮日报): UTF-8, paginated lists, dated articles with related links."""

from __future__ import annotations

from demo.corpus import PORTALS, DemoArticle
from demo.render.common import esc, list_href, neighbours, page_count, page_slice, paragraphs_html

NAME = PORTALS["daily"]["name"]
PER_PAGE = 15
NAV = ("<div class=\"top-nav\"><a href=\"/daily/\">首页</a> <a href=\"/daily/\">本地</a> <a href=\"/daily/\">民生</a> "
       "<a href=\"/daily/\">经济</a> <a href=\"/daily/\">文旅</a> <a href=\"/daily/\">视频</a> <a href=\"/daily/\">数字报</a></div>")
FOOTER = ("<div class=\"footer\"><p>Copyright © 2025 晨潮日报社 版权所有 未经书面授权禁止转载</p>"
          "<p>地址：汕尾市城区海滨大道 新闻热线：0660-0000000 粤ICP备00000000号</p>"
          "<p>本站所有内容均为虚构，仅供演示</p></div>")


def cn_datetime(article: DemoArticle) -> str:
    """A date written the daily's way: 2025年4月7日 10:30."""
    t = article.published_at
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def list_url(page: int) -> str:
    """URL of list page `page`."""
    return "/daily/" if page == 1 else f"/daily/list_{page}.html"


def list_page(listed: list[DemoArticle], page: int, internal: list[DemoArticle]) -> str:
    """One list page, newest first; page one also links the internal notices (Disallowed by robots)."""
    pages = page_count(len(listed), PER_PAGE)
    rows = []
    for i, a in enumerate(page_slice(listed, page, PER_PAGE)):
        href = list_href(a, i)
        comments = f' <a class="cmt" href="{esc(a.path)}#comments">评论</a>'
        if a.trap == "tracking":
            comments = f' <a class="cmt" href="{esc(a.path)}#comments">评论</a> <a href="{esc(a.path)}#top">全文</a>'
        rows.append(f'  <li><a class="title" href="{esc(href)}">{esc(a.title)}</a>'
                    f'<span class="date">[{a.published_at:%m-%d}]</span>{comments}</li>')
    side = ""
    if page == 1 and internal:
        side = "<div class=\"sidebar\"><h3>编辑部通知</h3><ul>" + "".join(
            f'<li><a href="{esc(a.path)}">{esc(a.title)}</a></li>' for a in internal) + "</ul></div>"
    pager = [f'<span class="cur">第{page}页/共{pages}页</span>']
    if page > 1:
        pager.insert(0, f'<a class="prev" href="{list_url(page - 1)}">上一页</a>')
    if page < pages:
        pager.append(f'<a class="next" href="{list_url(page + 1)}">下一页</a>')
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>本地新闻_{NAME}</title></head><body>\n{NAV}\n"
        "<div class=\"breadcrumb\">当前位置：<a href=\"/daily/\">首页</a> &gt; 本地新闻</div>\n"
        "<ul class=\"news-list\">\n" + "\n".join(rows) + "\n</ul>\n"
        f"<div class=\"pager\">{' '.join(pager)}</div>\n{side}\n{FOOTER}\n</body></html>\n"
    )


def article_page(article: DemoArticle, same_portal: list[DemoArticle], extra: str = "") -> str:
    """An article page with navigation, a related block carrying other dates, and a footer."""
    byline = f'<span class="author">记者 {esc(article.author)}</span>' if article.author else ""
    related = "".join(
        f'<li><a href="{esc(r.path)}?utm_medium=related">{esc(r.title)}</a><span>{cn_datetime(r)}</span></li>'
        for r in neighbours(article, same_portal)
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>{esc(article.title)}_{NAME}</title>"
        f"<meta name=\"keywords\" content=\"{esc(article.district)},汕尾,{NAME}\"></head><body>\n{NAV}\n"
        "<div class=\"breadcrumb\">当前位置：<a href=\"/daily/\">首页</a> &gt; 本地新闻 &gt; 正文</div>\n"
        "<div class=\"article\">\n"
        f"<h1 class=\"article-title\">{esc(article.title)}</h1>\n"
        f"<div class=\"article-info\"><span class=\"pub-time\">{cn_datetime(article)}</span> "
        f"<span class=\"source\">来源：{esc(article.source)}</span> {byline}</div>\n"
        "<div class=\"article-content\">\n" + paragraphs_html(article) + "\n</div>\n"
        "<div class=\"editor\">责任编辑：郭晓帆</div>\n</div>\n"
        "<div class=\"share\">分享到：微信 微博 <a href=\"#comments\">我要评论</a></div>\n"
        f"<div class=\"related\"><h3>相关阅读</h3><ul>{related}</ul></div>\n"
        f"{extra}<div id=\"comments\" class=\"comments\"><h3>网友评论</h3><p>暂无评论</p></div>\n"
        f"{FOOTER}\n</body></html>\n"
    )
