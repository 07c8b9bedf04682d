"""Page templates modelled on real Chinese portals, for measuring the generic extractor.

Each template wraps one article (title, paragraphs, time, author) in what real pages carry around it:
a <title> with the site's name, navigation, related-article lists with their own dates, share bars,
editor lines, copyright footers; one is GBK, one declares GB2312 but is UTF-8. BOILERPLATE lists the
strings that must never end up in an extracted body.
"""

from __future__ import annotations

import datetime as dt

NAV = "".join(f'<li><a href="/{i}/">{n}</a></li>' for i, n in enumerate(
    ["首页", "要闻", "本地", "社会", "财经", "教育", "健康", "文旅", "视频", "专题"]))
RELATED = [("海丰县开展春季森林防火宣传活动", "2024-11-03 09:12"), ("陆丰市新建三所公办幼儿园投入使用", "2024-10-28 15:40"),
           ("红海湾开发区举办渔民安全培训班", "2024-09-17 08:05")]
BOILERPLATE = ["首页", "版权所有", "相关新闻", "海丰县开展春季森林防火宣传活动", "粤ICP备", "分享到", "责任编辑",
               "扫一扫", "热点排行", "打印本页", "网友评论", "给群众一个交代"]


def _related(with_dates: bool = True) -> str:
    items = "".join(f'<li><a href="/r/{i}.html">{t}</a><span class="time">{d}</span></li>'
                    for i, (t, d) in enumerate(RELATED))
    return f'<div class="related"><h3>相关新闻</h3><ul>{items}</ul></div>'


def _ps(paragraphs, indent: str = "") -> str:
    return "".join(f"<p>{indent}{p}</p>" for p in paragraphs)


def portal_sina(a: dict) -> tuple[bytes, str]:
    t = a["time"]
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{a['title']}_新浪新闻</title>
<meta name="keywords" content="汕尾,新闻"><script>var x = "2023-01-01 00:00";</script></head><body>
<div class="top-nav"><ul>{NAV}</ul></div><div class="channel">新浪新闻 &gt; 地方 &gt; 广东</div>
<div class="main-content"><h1 class="main-title">{a['title']}</h1>
<div class="date-source"><span class="date">{t:%Y年%m月%d日 %H:%M}</span><a class="source" href="#">汕尾日报</a></div>
<div class="share">分享到：<a href="#">微博</a><a href="#">微信</a></div>
<div class="article" id="article">{_ps(a['paragraphs'])}<p class="show_author">责任编辑：陈晓</p></div>
{_related()}</div><div class="side"><h3>热点排行</h3><ul><li><a href="/h/1">汕尾今日天气晴好适合出行</a></li></ul></div>
<div class="footer"><p>新浪公司 版权所有 Copyright © 1996-2025 SINA Corporation</p></div></body></html>"""
    return html.encode("utf-8"), "utf-8"


def portal_people(a: dict) -> tuple[bytes, str]:
    t = a["time"]
    author = f"（记者 {a['author']}）" if a.get("author") else ""
    html = f"""<html><head><meta http-equiv="content-type" content="text/html;charset=UTF-8">
<title>{a['title']}--广东频道--人民网</title></head><body><div class="nav">{NAV}</div>
<div class="path"><a href="/">人民网</a>&gt;&gt;<a href="/gd/">广东频道</a></div>
<div class="layout rm_txt"><div class="col col-1"><h1>{a['title']}</h1>
<div class="col-1-1">{t:%Y年%m月%d日%H:%M} | 来源：<a href="#">人民网－广东频道</a></div>
<div class="rm_txt_con cf">{_ps(a['paragraphs'], '　　')}<p>{author}</p>
<div class="edit cf">(责编：王玲、李华)</div></div></div>
<div class="col col-2"><h3>热点排行</h3>{_related()}</div></div>
<div class="foot">人民日报社概况 | 关于人民网 | 版权所有 人民网股份有限公司</div></body></html>"""
    return html.encode("utf-8"), "utf-8"


def portal_gov_gbk(a: dict) -> tuple[bytes, str]:
    t = a["time"]
    paragraphs = "".join(f'<p style="text-indent:2em">　　{p}</p>' for p in a["paragraphs"])
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{a['title']} - 广东省汕尾市人民政府门户网站</title>
<meta name="ArticleTitle" content="{a['title']}"><meta name="PubDate" content="{t:%Y-%m-%d %H:%M}">
<meta name="ContentSource" content="汕尾市政府办"></head><body>
<table width="100%"><tr><td class="banner"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a></td></tr>
<tr><td><table><tr><td class="location">当前位置：首页 &gt; 政务公开 &gt; 通知公告</td></tr>
<tr><td class="title" align="center"><b>{a['title']}</b></td></tr>
<tr><td class="info">发布时间：{t:%Y-%m-%d %H:%M:%S}　来源：本网　【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</td></tr>
<tr><td class="content"><div class="TRS_Editor">{paragraphs}</div></td></tr>
<tr><td><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></td></tr></table></td></tr>
<tr><td class="footer">主办单位：汕尾市人民政府办公室 版权所有 粤ICP备05012345号 网站标识码4415000001</td></tr></table>
</body></html>"""
    return html.encode("gb18030"), "gb18030"


def portal_163_mislabeled(a: dict) -> tuple[bytes, str]:
    """Declares GB2312, is UTF-8 (as some CMS exports do)."""
    t = a["time"]
    author = f'<span class="ep-editor">作者：{a["author"]}</span>' if a.get("author") else ""
    html = f"""<html><head><meta charset="gb2312"><title>{a['title']}|汕尾|民生_网易新闻</title></head><body>
<div class="N-nav-channel">{NAV}</div><div class="post_main"><h1 class="post_title">{a['title']}</h1>
<div class="post_info">{t:%Y-%m-%d %H:%M:%S}　来源: <a href="#">汕尾发布</a> {author}</div>
<div class="post_body">{_ps(a['paragraphs'])}</div>
<div class="post_statement">本文来源：汕尾发布　责任编辑：刘明_NBJ1234</div></div>
<div class="post_recommends"><h3>相关推荐</h3>{_related()}</div>
<div class="ntes_foot">网易公司版权所有 ©1997-2025</div></body></html>"""
    return html.encode("utf-8"), "utf-8"


def portal_sohu(a: dict) -> tuple[bytes, str]:
    t = a["time"]
    author = f'<span class="author">作者：{a["author"]}</span>' if a.get("author") else ""
    html = f"""<html><head><meta charset="utf-8"><title>{a['title']}_手机搜狐网</title>
<meta property="og:title" content="{a['title']}"></head><body><header><nav>{NAV}</nav></header>
<div class="left-bar"><span class="time">{(t - dt.timedelta(days=30)):%Y-%m-%d %H:%M}</span> 往期回顾</div>
<div class="text"><div class="text-title"><h1>{a['title']}</h1>
<div class="article-info"><span class="time" id="news-time">{t:%Y-%m-%d %H:%M}</span>{author}</div></div>
<article class="article" id="mp-editor">{_ps(a['paragraphs'])}<p>返回搜狐，查看更多</p></article>
<div class="statement">平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。</div></div>
{_related()}<footer>Copyright © 2025 Sohu.com Inc. All Rights Reserved. 搜狐公司 版权所有</footer></body></html>"""
    return html.encode("utf-8"), "utf-8"


def portal_county_br(a: dict) -> tuple[bytes, str]:
    """An old county CMS: table layout, body as <br>-separated lines, left column of dated links first."""
    t = a["time"]
    left = "".join(f'<tr><td><a href="/l/{i}.html">{x}</a> [{d[:10]}]</td></tr>' for i, (x, d) in enumerate(RELATED))
    body = "<br>\n".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{p}" for p in a["paragraphs"])
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>汕尾市海丰县人民政府 - {a['title']}</title></head><body>
<table><tr><td colspan="2"><a href="/">首页</a> | <a href="/xw/">新闻中心</a> | <a href="/zw/">政务公开</a></td></tr>
<tr><td width="200" valign="top"><table><tr><td><b>相关新闻</b></td></tr>{left}</table></td>
<td valign="top"><table width="100%"><tr><td align="center"><font size="4"><b>{a['title']}</b></font></td></tr>
<tr><td align="center">作者：{a.get('author') or '本站'}　　时间：{t:%Y/%m/%d %H:%M}　　点击数：128</td></tr>
<tr><td class="zw">{body}</td></tr>
<tr><td>上一篇：<a href="/p.html">{RELATED[1][0]}</a><br>下一篇：<a href="/n.html">{RELATED[2][0]}</a></td></tr>
</table></td></tr><tr><td colspan="2">版权所有：海丰县人民政府办公室　粤ICP备12345678号</td></tr></table></body></html>"""
    return html.encode("gb18030"), "gb18030"


def portal_xinhua(a: dict) -> tuple[bytes, str]:
    """The publication time split over several elements, a subtitle under the headline."""
    t = a["time"]
    html = f"""<html><head><meta charset="utf-8"><title>{a['title']}-新华网</title>
<meta name="description" content="{a['paragraphs'][0][:60]}"></head><body><div class="nav">{NAV}</div>
<div class="header"><div class="header-time left"><span class="year"><em>{t:%Y}</em></span>
<span class="day"><em>{t:%m}</em>/<em>{t:%d}</em></span><span class="time">{t:%H:%M:%S}</span></div>
<div class="source">来源：新华网</div><div class="head-line clearfix"><h1><span class="title">{a['title']}</span></h1></div></div>
<div class="main clearfix"><div id="detail">{_ps(a['paragraphs'])}</div>
<div id="articleEdit"><span class="editor">【责任编辑:赵宁】</span></div></div>
{_related()}<div class="foot">Copyright © 2000-2025 XINHUANET.com All Rights Reserved. 制作单位：新华网股份有限公司 版权所有</div></body></html>"""
    return html.encode("utf-8"), "utf-8"


def portal_forum_comments(a: dict) -> tuple[bytes, str]:
    """<title> shortened by the CMS, a long comment thread under the article."""
    t = a["time"]
    short = a["title"][:8] + "…"
    comments = "".join(f'<div class="reply"><p>网友{i}：这件事情必须严肃处理，希望有关部门尽快公布调查结果，给群众一个交代。'
                       f'我们身边的安全问题不能马虎，监管要到位，处罚要从严。</p><span>{t:%Y-%m-%d} 2{i % 4}:0{i}</span></div>'
                       for i in range(12))
    html = f"""<html><head><meta charset="utf-8"><title>{short}_汕尾论坛_汕尾网</title></head><body>
<div class="nav">{NAV}</div><div class="post"><h1 class="post-h">{a['title']}</h1>
<div class="post-meta">发表于 {t:%Y-%m-%d %H:%M}　楼主：{a.get('author') or '汕尾网'}</div>
<div class="post-content">{_ps(a['paragraphs'])}</div></div>
<div id="comments" class="comment-list"><h3>网友评论（12）</h3>{comments}</div>
<div class="footer">汕尾网 版权所有</div></body></html>"""
    return html.encode("utf-8"), "utf-8"


TEMPLATES = {"sina": portal_sina, "people": portal_people, "gov-gbk": portal_gov_gbk,
             "163-mislabeled": portal_163_mislabeled, "sohu": portal_sohu, "county-br": portal_county_br,
             "xinhua": portal_xinhua, "forum-comments": portal_forum_comments}
