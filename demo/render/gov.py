"""The government portal (汕尾市民生质量监督局): GBK pages, 发布时间 dates, 来源 lines, paginated lists."""

from __future__ import annotations

from demo.corpus import PORTALS, DemoArticle
from demo.render.common import esc, list_href, page_count, page_slice, paragraphs_html

NAME = PORTALS["gov"]["name"]
PER_PAGE = 20
HEAD = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><meta charset=\"gb2312\">"
NAV = ("<div class=\"nav\"><a href=\"/gov/\">首页</a> | <a href=\"/gov/\">机构概况</a> | <a href=\"/gov/\">政务公开</a> | "
       "<a href=\"/gov/\">通知公告</a> | <a href=\"/gov/\">办事服务</a> | <a href=\"/gov/\">互动交流</a></div>")
FOOTER = (f"<div class=\"footer\"><p>主办单位：{NAME}（演示） 地址：汕尾市城区某某路1号</p>"
          "<p>网站标识码：0000000000 粤ICP备00000000号-1 建议使用1280×800分辨率浏览</p></div>")


def pub_time(article: DemoArticle) -> str:
    """The notice's date: 2025-04-07 or 2025-04-07 09:30:00."""
    if article.date_only:
        return f"{article.published_at:%Y-%m-%d}"
    return f"{article.published_at:%Y-%m-%d %H:%M:%S}"


def list_url(page: int) -> str:
    """URL of list page `page` (CMS style: index.html, index_1.html, ...)."""
    return "/gov/" if page == 1 else f"/gov/index_{page - 1}.html"


def list_page(listed: list[DemoArticle], page: int) -> str:
    """One notice list page, newest first."""
    pages = page_count(len(listed), PER_PAGE)
    rows = "\n".join(
        f'<li><a href="{esc(list_href(a, i))}" title="{esc(a.title)}" target="_blank">{esc(a.title)}</a>'
        f'<span>{a.published_at:%Y-%m-%d}</span></li>'
        for i, a in enumerate(page_slice(listed, page, PER_PAGE))
    )
    pager = [f'<a href="{list_url(1)}">首页</a>']
    if page > 1:
        pager.append(f'<a href="{list_url(page - 1)}">上一页</a>')
    if page < pages:
        pager.append(f'<a class="next" href="{list_url(page + 1)}">下一页</a>')
    pager.append(f'<a href="{list_url(pages)}">尾页</a>')
    return (
        f"<!DOCTYPE html>\n<html><head>{HEAD}<title>通知公告-{NAME}</title></head><body>\n{NAV}\n"
        "<div class=\"position\">您当前的位置：<a href=\"/gov/\">首页</a> &gt; 通知公告</div>\n"
        f"<div class=\"list-box\"><ul>\n{rows}\n</ul></div>\n"
        f"<div class=\"page\">{' '.join(pager)} 共{pages}页</div>\n{FOOTER}\n</body></html>\n"
    )


def article_page(article: DemoArticle) -> str:
    """A notice page: title, 发布时间 and 来源 line, body, print/close links, footer."""
    return (
        f"<!DOCTYPE html>\n<html><head>{HEAD}<title>{esc(article.title)}-{NAME}</title></head><body>\n{NAV}\n"
        "<div class=\"position\">您当前的位置：<a href=\"/gov/\">首页</a> &gt; 政务公开 &gt; 通知公告</div>\n"
        f"<div class=\"xl-title\"><h2>{esc(article.title)}</h2></div>\n"
        f"<div class=\"xl-info\"><span class=\"time\">发布时间：{pub_time(article)}</span>"
        f"<span class=\"source\">来源：{esc(article.source)}</span><span>浏览次数：<em>--</em></span>"
        "<span>字号：[大 中 小]</span></div>\n"
        "<div class=\"TRS_Editor\">\n" + paragraphs_html(article) + "\n</div>\n"
        "<div class=\"xl-tools\"><a href=\"javascript:window.print()\">【打印本页】</a> "
        "<a href=\"javascript:window.close()\">【关闭窗口】</a></div>\n"
        f"{FOOTER}\n</body></html>\n"
    )


def encode(page: str) -> bytes:
    """Encode a page as GBK; characters outside GBK (only in live-published text) become &#NNNN; references."""
    return page.encode("gbk", errors="xmlcharrefreplace")
