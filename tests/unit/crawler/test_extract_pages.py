"""The generic extractor on pages the team wrote, one per failure class, decoded from raw bytes as a
crawl does; and the same figures on the shared real-page set when it is there."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crawler.encoding import choose_encoding, decode_html, repair_mojibake
from crawler.extract import extract_article
from crawler.extract.candidates import date_from_url, plausible

PAGES = Path(__file__).resolve().parents[2] / "pages" / "extraction"
REAL_PAGES = Path(__file__).resolve().parents[4] / "shared" / "data" / "pages"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2025, 6, 1, tzinfo=SHANGHAI)


def _truth(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _extract(folder: Path, record: dict, now=NOW):
    raw = (folder / record["file"]).read_bytes()
    return extract_article(decode_html(raw), now=now, url=record.get("url"))


OWN = {r["file"]: r for r in _truth(PAGES)}


@pytest.mark.parametrize("file", sorted(OWN))
def test_own_page(file):
    record = OWN[file]
    result = _extract(PAGES, record)
    assert result.title == record["title"], record["failure"]
    assert result.published_at.astimezone(SHANGHAI).date().isoformat() == record["published"], record["failure"]
    body = _squash(result.body)
    assert [s for s in record["must"] if _squash(s) not in body] == [], record["failure"]
    assert [s for s in record["must_not"] if _squash(s) in body] == [], record["failure"]


def test_site_name_and_bold_lead_in_are_not_the_title():
    result = _extract(PAGES, OWN["site-name-title.html"])
    assert "汕尾民生网" not in result.title and result.title.startswith("后厨冻肉超保质期")


def test_byline_date_not_the_related_lists():
    result = _extract(PAGES, OWN["byline-only-date.html"])
    assert result.published_at == dt.datetime(2025, 3, 4, 14, 5, tzinfo=SHANGHAI)
    assert result.methods["date"] == "generic:byline"
    assert result.author == "黄晓敏"


def test_gb2312_declared_utf8_and_undeclared_gbk_are_decoded_right():
    assert choose_encoding((PAGES / "gb2312-declared-utf8.html").read_bytes()) == "utf-8"
    assert choose_encoding((PAGES / "gbk-undeclared.html").read_bytes()) == "gb18030"
    text = "汕尾新闻：食品安全检查"
    for declared in ("euc-jp", "big5", "shift_jis", "gbk"):  # re-saved as UTF-8, old <meta> kept
        assert decode_html(f'<meta charset="{declared}"><p>{text}</p>'.encode()).endswith(f"{text}</p>")
    assert decode_html(text.encode("utf-8"), override="utf-8") == text  # an explicit override still wins


def test_related_headlines_with_dates_stay_out_of_body_and_date():
    result = _extract(PAGES, OWN["related-list-with-dates.html"])
    assert result.published_at.astimezone(SHANGHAI).date() == dt.date(2025, 2, 11)
    assert "相关阅读" not in result.body and "2024-" not in result.body


def test_url_date_is_the_last_resort_and_recorded():
    result = _extract(PAGES, OWN["url-only-date.html"])  # the date is in <link rel=canonical> only
    assert result.methods["date"] == "url"
    assert result.published_at == dt.datetime(2025, 3, 18, tzinfo=SHANGHAI)


def test_future_and_ancient_dates_are_rejected():
    result = _extract(PAGES, OWN["future-meta-date.html"])
    assert result.published_at == dt.datetime(2025, 2, 27, 15, 10, tzinfo=SHANGHAI)  # not the 2099 <meta>
    html = "<html><body><h1>汕尾一餐馆被查处过期食材</h1><div>发布时间：1990-01-01</div>" \
           "<div><p>市场监管部门近日查处一起使用过期食材的案件，涉事餐馆已停业整改。</p></div></body></html>"
    assert extract_article(html, now=NOW).published_at is None


@pytest.mark.parametrize("url, day", [
    ("http://www.example.cn/sw/2025-04/07/content_1.htm", dt.date(2025, 4, 7)),
    ("http://www.example.gov.cn/zwgk/202504/t20250407_123.html", dt.date(2025, 4, 7)),
    ("https://news.example.com/2025/04/07/abc.html", dt.date(2025, 4, 7)),
    ("https://news.example.com/2025/0407/abc.html", dt.date(2025, 4, 7)),
    ("https://finance.example.com/roll/2025-04-07/doc-abc.shtml", dt.date(2025, 4, 7)),
    ("https://www.example.com/a/20250407/123.html", dt.date(2025, 4, 7)),
    ("https://www.example.com/a/123456789.html", None),
    ("https://www.example.com/2099-01/01/a.html", None),  # future
    ("https://www.example.com/a.html?date=2025-04-07", None),  # the query is not the page's own
])
def test_date_from_url(url, day):
    value = date_from_url(url, NOW)
    assert (value.astimezone(SHANGHAI).date() if value else None) == day


def test_plausible_window():
    assert plausible(dt.datetime(2025, 5, 31, tzinfo=SHANGHAI), NOW)
    assert not plausible(dt.datetime(1994, 12, 31, tzinfo=SHANGHAI), NOW)
    assert not plausible(dt.datetime(2025, 6, 3, tzinfo=SHANGHAI), NOW)


def test_mojibake_titles_are_repaired():
    title = "汕尾一批次散装白酒甲醇超标"
    assert repair_mojibake(title.encode("utf-8").decode("latin-1")) == title
    assert repair_mojibake(title.encode("gbk").decode("latin-1")) == title
    assert repair_mojibake("Café au lait") == "Café au lait"  # real Latin text is left alone
    assert _extract(PAGES, OWN["mojibake-title.html"]).title == title


def test_library_body_when_the_heuristics_find_none():
    sentences = "汕尾市市场监管局近日通报一起违规使用食品添加剂案件。涉事企业已被立案调查，相关产品已下架召回。" * 3
    nav = '<div><a href="/">首页</a></div><div><a href="/sh/">社会新闻</a></div>'
    html = f"<html><head><title>通报_汕尾</title></head><body>{nav}<article>{sentences}</article></body></html>"
    result = extract_article(html, now=NOW)
    assert result.methods["body"] in ("trafilatura", "readability", "gne")
    assert "违规使用食品添加剂" in result.body
    assert "首页" not in result.body and "社会新闻" not in result.body  # link lines of a library body dropped


def test_jsonld_date_comes_before_the_byline_guess():
    result = _extract(PAGES, OWN["jsonld-date.html"])
    assert result.methods["date"] == "jsonld"
    assert result.published_at == dt.datetime(2025, 5, 6, 8, 15, tzinfo=SHANGHAI)


def test_a_day_without_year_in_body_text_is_not_the_date():
    lead = "7月29日上午，在建军节来临之际，绥德县举行双拥文艺汇演暨退役军人表彰大会。"  # a lead above the text
    text = "".join(f"<p>{s}</p>" for s in ["县委有关负责同志出席会议并讲话，为受表彰的退役军人颁发证书和奖牌。" * 2,
                                           "会议要求，要充分认识双拥工作的重要意义，推动双拥工作再上新台阶。" * 2])
    html = f"<html><body><h1>绥德县表彰退役军人</h1><div class='lead'>{lead}</div><div class='text'>{text}</div></body></html>"
    result = extract_article(html, now=NOW)
    assert result.body.startswith(lead)  # the lead is part of the body ...
    assert result.published_at is None  # ... and its "7月29日" is not the page's date


def test_the_page_day_is_the_day_in_china_stored_as_utc():
    # 00:30 in Shanghai is the previous day in UTC: stored as UTC, the day a reader sees is Shanghai's.
    html = ("<html><head><title>城区通报一起食品安全事件_汕尾民生网</title></head><body><h1>城区通报一起食品安全事件</h1>"
            "<div class='info'>发布时间：2025年4月7日 00:30</div><div class='content'>"
            "<p>城区市场监管局近日通报一起食品安全事件，涉事超市已被立案调查，相关商品全部下架。</p></div></body></html>")
    published = extract_article(html, now=NOW).published_at
    assert published.utcoffset() == dt.timedelta(0)
    assert published.date() == dt.date(2025, 4, 6) and published.astimezone(SHANGHAI).date() == dt.date(2025, 4, 7)
    url_day = date_from_url("http://www.example.gov.cn/zwgk/202504/t20250407_1.html", NOW)
    assert url_day.utcoffset() == dt.timedelta(0)
    assert url_day.astimezone(SHANGHAI) == dt.datetime(2025, 4, 7, tzinfo=SHANGHAI)


@pytest.mark.parametrize("url", [
    "http://www.example.gov.cn/zwgk/199412/t19941231_1.html",  # before 1995
    "http://www.example.cn/sw/2025-06/03/content_1.htm",  # two days after `now`
])
def test_url_dates_outside_the_window_are_not_the_date(url):
    body = "".join(f"<p>{s}</p>" for s in ["陆丰市卫生健康局近日对辖区医疗机构开展依法执业专项检查，发现问题十余项。"] * 3)
    html = f"<html><head><title>陆丰开展医疗机构执业检查</title></head><body><h1>陆丰开展医疗机构执业检查</h1><div>{body}</div></body></html>"
    result = extract_article(html, now=NOW, url=url)
    assert result.published_at is None and result.methods["date"] == "none"
