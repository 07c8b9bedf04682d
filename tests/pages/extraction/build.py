"""Write the team's own extraction test pages (one or more per failure class) and their truth.jsonl.

The pages are written by the team, in the shapes real portals have (nothing is copied from any real
page). Run it after changing a page; the HTML files and truth.jsonl are committed beside it.

    .venv/bin/python tests/pages/extraction/build.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAV = '<div class="nav"><a href="/">首页</a> <a href="/sw/">汕尾</a> <a href="/sh/">社会</a> <a href="/ms/">民生</a></div>'
FOOT = '<div class="footer">版权所有 汕尾民生网 粤ICP备00000001号 <a href="/about">联系我们</a></div>'
RELATED = [("城区开展校园周边食品安全检查", "2024-12-02 08:30"), ("海丰县召开春耕备耕工作会议", "2024-11-20 16:45"),
           ("陆河县举办青梅采摘文化节", "2024-10-11 10:05")]
A1 = ["1月15日，汕尾市市场监管局通报了一起餐饮单位使用过期食材的案件，涉事门店已被责令停业整改。",
      "执法人员在后厨冷库内查获超过保质期的冻肉二十余公斤，相关食材已被依法扣押并销毁。",
      "市场监管局提醒消费者，就餐时如发现食品安全问题，可拨打12315热线投诉举报。"]
A2 = ["记者从陆丰市卫生健康局获悉，当地一家民营诊所因超范围执业被立案调查。",
      "调查显示，该诊所在未取得相应资质的情况下开展医疗美容项目，已有三名患者出现不良反应。",
      "卫生健康部门表示，将对辖区内医疗机构开展全面排查，严厉打击非法行医行为。"]
A3 = ["海丰县应急管理局近日对辖区内的烟花爆竹经营网点开展安全检查。",
      "检查发现，部分网点存在超量储存、消防器材过期等隐患，检查组当场责令整改。",
      "应急管理局负责人表示，春节前将持续开展拉网式排查，确保群众过一个平安祥和的节日。"]


def ps(paragraphs, indent="") -> str:
    return "".join(f"<p>{indent}{p}</p>" for p in paragraphs)


def related_list() -> str:
    items = "".join(f'<li><a href="/r/{i}.html">{t}</a><span>{d}</span></li>' for i, (t, d) in enumerate(RELATED))
    return f'<div class="related"><h3>相关新闻</h3><ul>{items}</ul></div>'


def doc(title_tag: str, body: str, head: str = "", charset: str = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}<title>{title_tag}</title>{head}</head><body>{body}</body></html>"


PAGES = []


def page(file, html, *, title, published, must, must_not=(), encoding="utf-8", url=None, failure):
    raw = html.encode(encoding)
    PAGES.append((file, raw, {"file": file, "failure": failure, "encoding": encoding, "url": url, "title": title,
                              "published": published, "must": list(must), "must_not": list(must_not)}))


# Site and channel names in <title>; the headline in a div.art_tit (no "title" class, no <h1>);
# a bold lead-in inside the text that repeats the end of the headline.
T1 = "后厨冻肉超保质期：汕尾一餐馆被责令整顿"
page("site-name-title.html", doc(
    f"{T1}_民生频道_汕尾民生网",
    f'{NAV}<div class="art_tit">{T1}</div><div class="art_info">2025-01-16 09:20 来源：汕尾民生网</div>'
    f'<div class="art_txt"><p><strong>汕尾一餐馆被责令整顿</strong></p>{ps(A1, "　　")}</div>{related_list()}{FOOT}'),
    title=T1, published="2025-01-16", must=A1, must_not=["城区开展校园周边食品安全检查", "版权所有 汕尾民生网"],
    failure="site name in <title>")

# The date only in the byline (no <meta>, no <time>), after a related list whose items carry dates.
T2 = "陆丰一民营诊所越权开展医美项目 卫健部门介入"
page("byline-only-date.html", doc(
    f"{T2} - 汕尾民生网",
    f'{NAV}<div class="side">{related_list()}</div><div class="art"><h1>{T2}</h1>'
    f'<div class="byline"><span>汕尾民生网</span> <span>2025年03月04日 14:05</span> <span>记者 黄晓敏</span></div>'
    f'<div class="con">{ps(A2)}<p>（责编：李明）</p></div></div>{FOOT}'),
    title=T2, published="2025-03-04", must=A2, must_not=["海丰县召开春耕备耕工作会议", "责编"],
    failure="byline-only date")

# Declares GB2312, bytes are UTF-8 (a page re-saved by a CMS that kept the old <meta>).
T3 = "海丰开展烟花爆竹经营网点安全检查"
page("gb2312-declared-utf8.html", doc(
    f"{T3}_海丰新闻", f'{NAV}<h1>{T3}</h1><div class="info">发布时间：2025-01-20 11:00</div>'
                    f'<div class="TRS_Editor">{ps(A3, "　　")}</div>{FOOT}', charset="gb2312"),
    title=T3, published="2025-01-20", must=A3, must_not=["粤ICP备00000001号"], encoding="utf-8",
    failure="GB2312 declared, UTF-8 bytes")

# GBK bytes and no declaration anywhere (an old county government template).
T4 = "关于2025年春节期间食品安全工作的通知"
A4 = ["各镇人民政府、县直各有关单位：春节临近，食品生产经营活动进入旺季，为切实保障节日期间食品安全，现将有关事项通知如下。",
      "一、加强农贸市场、超市和餐饮单位的监督检查，严查过期变质食品。",
      "二、做好节日期间值班值守，畅通投诉举报渠道，及时处置突发事件。"]
page("gbk-undeclared.html", doc(
    f"{T4}--陆河县人民政府网", f'<table><tr><td class="bt"><b>{T4}</b></td></tr>'
                             f'<tr><td>发布日期：2025-01-08　来源：县市场监管局</td></tr>'
                             f'<tr><td class="nr">{ps(A4, "　　")}</td></tr></table>'
                             f'<div class="bottom">主办单位：陆河县人民政府办公室</div>', charset=""),
    title=T4, published="2025-01-08", must=A4, must_not=["主办单位"], encoding="gbk",
    failure="GBK without declaration")

# Related headlines as <p><a> lines with their dates, right after the text in the same container.
T5 = "红海湾一海鲜加工厂被查出违规添加剂"
A5 = ["红海湾开发区市场监管分局日前对一家海鲜加工厂开展突击检查，发现其在干制品中违规使用工业用漂白剂。",
      "执法人员现场封存问题产品三百余公斤，并对企业负责人依法立案调查。",
      "据了解，相关产品主要销往周边农贸市场，监管部门已启动召回程序。"]
links = "".join(f'<p><a href="/r/{i}.html">{t}</a> {d[:10]}</p>' for i, (t, d) in enumerate(RELATED))
page("related-list-with-dates.html", doc(
    f"{T5}_汕尾民生网", f'{NAV}<h1>{T5}</h1><p class="time">2025-02-11 08:00:00</p>'
                      f'<div class="content">{ps(A5)}<p><b>相关阅读</b></p>{links}</div>{FOOT}'),
    title=T5, published="2025-02-11", must=A5, must_not=["城区开展校园周边食品安全检查", "陆河县举办青梅采摘文化节"],
    failure="related list with dates")

# An article in <article>, followed by a stream of other stories whose items hold long summaries.
T6 = "城区一学校食堂被通报：留样记录缺失"
A6 = ["城区教育局与市场监管局联合检查中发现，某学校食堂未按规定留存食品样品，留样记录缺失。", "目前学校已完成整改。"]
stream = "".join(f'<li class="stream-item"><div class="sum"><p>{"。".join([t, t + "的详细情况正在进一步核实中，相关部门表示将依法依规处理"] * 3)}。</p></div></li>'
                 for t, _ in RELATED)
page("stream-after-article.html", doc(
    f"{T6}|汕尾民生网", f'{NAV}<article><header><h1>{T6}</h1><time datetime="2025-04-02T10:00:00+08:00">4月2日</time>'
                      f'</header><div class="article-body">{ps(A6)}</div></article>'
                      f'<div class="more"><h2>更多新闻</h2><ul>{stream}</ul></div>{FOOT}'),
    title=T6, published="2025-04-02", must=A6, must_not=["的详细情况正在进一步核实中"], failure="stream of other stories")

# A summary above the text and the text split over sibling sections.
T7 = "汕尾发布2025年第一季度食品抽检结果"
SUM = "核心提示：一季度全市共抽检食品一千二百批次，合格率百分之九十七点五。"
S1 = ["本次抽检覆盖粮食加工品、食用油、肉制品、乳制品等二十余个大类，重点针对节日消费量大的食品。",
      "不合格产品主要涉及微生物污染、农药残留超标和超范围使用食品添加剂等问题。"]
S2 = ["针对抽检发现的问题，市场监管部门已责令相关企业下架召回不合格产品，并依法立案查处。",
      "下一步，全市将加大对高风险食品的抽检频次，及时向社会公布抽检信息。"]
page("split-sections.html", doc(
    f"{T7}_汕尾民生网", f'{NAV}<div class="main"><h1>{T7}</h1><div class="info">2025-04-10 16:30</div>'
                      f'<div class="summary">{SUM}</div>'
                      f'<div class="sec"><h3>抽检情况</h3><div class="para">{ps(S1)}</div></div>'
                      f'<div class="sec"><h3>处置措施</h3><div class="para">{ps(S2)}</div></div>'
                      f'<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div></div>{FOOT}'),
    title=T7, published="2025-04-10", must=[SUM, *S1, *S2], must_not=["分享到"], failure="summary and split sections")

# The date only in the URL (canonical link), nowhere in the page text or metadata.
T8 = "汕尾启动城区内涝点整治工程"
A8 = ["汕尾市住房和城乡建设局介绍，城区十二处易涝点整治工程已全面开工，计划在汛期前完工。",
      "工程将新建排水管网六公里，改造雨水泵站两座，完工后将明显改善城区排涝能力。"]
page("url-only-date.html", doc(
    f"{T8}_汕尾民生网", f'{NAV}<h1>{T8}</h1><div class="content">{ps(A8)}</div>{FOOT}',
    head='<link rel="canonical" href="http://www.example.cn/sw/2025-03/18/content_1234.htm">'),
    title=T8, published="2025-03-18", must=A8, failure="date only in the URL")

# A template's placeholder date far in the future in <meta>; the real date in the byline.
T9 = "陆河县开展电动自行车消防安全专项整治"
A9 = ["陆河县消防救援大队联合多部门开展电动自行车消防安全专项整治，重点清理楼道违规停放和私拉电线充电行为。",
      "整治期间共排查住宅小区四十余个，清理违规停放车辆两百余辆。"]
page("future-meta-date.html", doc(
    f"{T9}_汕尾民生网", f'{NAV}<h1>{T9}</h1><div class="info">2025-02-27 15:10 来源：陆河县消防救援大队</div>'
                      f'<div class="content">{ps(A9)}</div>{FOOT}', head='<meta name="pubdate" content="2099-12-31 00:00">'),
    title=T9, published="2025-02-27", must=A9, failure="date in the future rejected")

# The <title> double-encoded by a CMS (UTF-8 bytes read as Latin-1 and stored again), no headline element.
T10 = "汕尾一批次散装白酒甲醇超标"
A10 = ["汕尾市市场监管局公布的抽检结果显示，一批次散装白酒甲醇含量超出国家标准，销售者已被立案调查。",
       "监管部门提醒，消费者应通过正规渠道购买酒类产品，谨慎购买来源不明的散装白酒。"]
page("mojibake-title.html", doc(
    f"{T10}_汕尾民生网".encode("utf-8").decode("latin-1"),
    f'{NAV}<div class="date">2025-03-30</div><div class="content">{ps(A10)}</div>{FOOT}'),
    title=T10, published="2025-03-30", must=A10, failure="mojibake title")

# The date only in JSON-LD (scripts), a byline with the source alone, a related list with dates above.
T11 = "城区一药店出售冒牌口罩 市监局开出罚单"
A11 = ["城区市场监管局依法查处一家药店销售假冒医用口罩的违法行为，没收违法所得并处以罚款。",
       "执法人员提醒市民，购买医用防护用品应认准正规渠道，留存购物凭证。"]
LD = '{"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2025-05-06T08:15:00+08:00"}'
page("jsonld-date.html", doc(
    f"{T11}_汕尾民生网", f'{NAV}<div class="side">{related_list()}</div><h1>{T11}</h1><div class="src">来源：城区市场监管局</div>'
                       f'<div class="content">{ps(A11)}</div>{FOOT}', head=f'<script type="application/ld+json">{LD}</script>'),
    title=T11, published="2025-05-06", must=A11, must_not=["城区开展校园周边食品安全检查", "首页"],
    failure="date only in JSON-LD")

# The time only in a script variable (the byline is rendered by JavaScript).
T12 = "海丰县查处一起无证经营小作坊"
A12 = ["海丰县市场监管局接群众举报，查处一家无证生产腐竹的小作坊，现场扣押半成品和原料四百余公斤。",
       "经查，该作坊生产环境脏乱，未取得食品生产许可，相关产品已全部封存待检。"]
JS = 'window.DATA = {"title": "%s", "pubtime": "2025-05-12 07:40:00", "media": "汕尾民生网"};' % T12
page("script-date.html", doc(
    f"{T12}_汕尾民生网", f'{NAV}<h1>{T12}</h1><div class="byline" id="byline"></div>'
                       f'<div class="content">{ps(A12)}</div>{FOOT}', head=f"<script>{JS}</script>"),
    title=T12, published="2025-05-12", must=A12, failure="date only in a script variable")

# A two-character headline (a government 通告), a whole segment of the <title>.
A13 = ["为加强节日期间食品安全监管，现就有关事项通告如下：各食品经营者应严格落实进货查验制度，不得经营过期变质食品。",
       "对违反本通告的行为，市场监管部门将依法从严查处。特此通告。"]
page("short-headline.html", doc(
    "通告_汕尾市民生质量监督局", f'{NAV}<div class="xl"><h1>通告</h1><div class="xl-info">发布日期：2025-01-27</div>'
                          f'<div class="xl-con">{ps(A13, "　　")}</div></div>{FOOT}'),
    title="通告", published="2025-01-27", must=A13, failure="short headline")

# A headline element with a counter appended by a child element.
T14 = "城区开展燃气安全入户检查"
A14 = ["城区住建部门联合燃气企业开展入户安全检查，重点检查燃气软管老化、违规使用液化气钢瓶等隐患。",
       "截至目前，已入户检查一千二百余户，整改隐患八十余处。"]
page("heading-with-counter.html", doc(
    f"{T14} _汕尾民生网", f'{NAV}<h1 class="art-title">{T14}<span class="views" data-count="1024">1024</span></h1>'
                       f'<div class="info">2025-04-21 09:30</div><div class="content">{ps(A14)}</div>{FOOT}'),
    title=T14, published="2025-04-21", must=A14, failure="heading with a counter")


def main() -> None:
    lines = []
    for file, raw, truth in PAGES:
        (HERE / file).write_bytes(raw)
        lines.append(json.dumps(truth, ensure_ascii=False))
    (HERE / "truth.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(PAGES)} pages written to {HERE}")


if __name__ == "__main__":
    main()
