"""The demo site's articles and their truth: what each page says, when, where, and what it is about."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from demo.content.incidents import incident_reports
from demo.content.negatives import NEGATIVES
from demo.content.places import DAILY_REPORTERS, NEWS_REPORTERS
from demo.content.routine import routine_articles

BEIJING = timezone(timedelta(hours=8))
# Relative dates on the news portal (`3小时前`, `昨天 10:20`) are rendered against this instant.
REFERENCE_NOW = datetime(2025, 4, 20, 18, 0, tzinfo=BEIJING)

PORTALS = {
    "daily": {
        "key": "daily", "name": "晨潮日报", "kind": "list", "prefix": "/daily/", "encoding": "utf-8",
        "list_url": "/daily/", "feed_url": None, "sitemap_url": None,
        "selectors": {"article_links": "ul.news-list li a.title::attr(href)", "next_page": "a.next::attr(href)",
                      "title": "h1.article-title", "body": "div.article-content p", "date": "span.pub-time",
                      "author": "span.author"},
    },
    "gov": {
        "key": "gov", "name": "汕尾市民生质量监督局", "kind": "sitemap", "prefix": "/gov/", "encoding": "gbk",
        "list_url": "/gov/", "feed_url": None, "sitemap_url": "/gov/sitemap.xml",
        "selectors": {"article_links": "div.list-box li a::attr(href)", "next_page": "a.next::attr(href)",
                      "title": "div.xl-title h2", "body": "div.TRS_Editor p", "date": "div.xl-info span.time",
                      "author": None},
    },
    "news": {
        "key": "news", "name": "潮声网", "kind": "rss", "prefix": "/news/", "encoding": "utf-8",
        "list_url": "/news/", "feed_url": "/news/rss.xml", "sitemap_url": None,
        "selectors": {"article_links": "div.feed-item h3 a::attr(href)", "next_page": "a.next::attr(href)",
                      "title": "h1", "body": "article.content p", "date": "div.meta time", "author": "div.meta .byline"},
    },
}

# Pages that misbehave on purpose; their articles are in the truth with reachable=False.
UNREACHABLE_TRAPS = {"internal", "malformed", "oversized", "error500", "slow"}


@dataclass
class DemoArticle:
    """One article page of the demo site (the corpus's or a live-published one)."""

    portal: str
    id: int
    title: str
    paragraphs: list[str]
    published_at: datetime
    district: str
    label: str = "none"
    incident: str | None = None
    author: str | None = None
    enterprises: list[str] = field(default_factory=list)
    credit_codes: list[dict] = field(default_factory=list)
    duplicate_of: str | None = None
    trap: str | None = None
    date_only: bool = False
    source: str = ""
    path: str = ""

    @property
    def body(self) -> str:
        """Plain-text body: paragraphs joined by newlines."""
        return "\n".join(self.paragraphs)

    @property
    def reachable(self) -> bool:
        """False when the server deliberately never serves this page whole."""
        return self.trap not in UNREACHABLE_TRAPS

    def truth(self) -> dict:
        """The truth record that crawler and clustering tests compare against."""
        return {
            "portal": self.portal, "path": self.path, "title": self.title, "body": self.body,
            "published_at": self.published_at.isoformat(), "author": self.author, "district": self.district,
            "label": self.label, "incident": self.incident, "reachable": self.reachable,
            "duplicate_of": self.duplicate_of, "enterprises": list(self.enterprises),
            "credit_codes": [dict(c) for c in self.credit_codes], "trap": self.trap,
        }


def article_path(portal: str, article_id: int, published: datetime, internal: bool = False) -> str:
    """The canonical path of an article page."""
    if portal == "daily":
        folder = "internal/" if internal else ""
        return f"/daily/{folder}{published:%Y/%m/%d}/{article_id}.html"
    if portal == "gov":
        return f"/gov/xxgk/{published:%Y-%m/%d}/content_{article_id}.html"
    return f"/news/{published:%Y/%m%d}/{article_id}.html"


def news_date_text(published: datetime, now: datetime = REFERENCE_NOW) -> str:
    """How the news portal writes a date: relative when recent and exact, else absolute."""
    delta = now - published
    if timedelta(0) < delta < timedelta(hours=1) and delta.seconds % 60 == 0:
        return f"{delta.seconds // 60}分钟前"
    if timedelta(0) < delta < timedelta(hours=24) and published.date() == now.date() and delta.seconds % 3600 == 0:
        return f"{delta.seconds // 3600}小时前"
    if published.date() == now.date() - timedelta(days=1) and delta > timedelta(0):
        return f"昨天 {published:%H:%M}"
    return f"{published:%Y-%m-%d %H:%M}"


def _internal_item() -> dict:
    return {
        "portal": "daily", "published": datetime(2025, 4, 10, 17, 0), "district": "城区",
        "title": "编辑部内部：四月下旬值班及选题安排",
        "paragraphs": [
            "为做好四月下旬新闻采编工作，确保重要时段新闻报道不断档、不缺位，现将编辑部值班及重点选题安排通知如下。",
            "一、值班安排。4月21日至4月30日，各采访部门按排班表轮流值班，值班记者须保持通讯畅通，"
            "遇突发事件第一时间赶赴现场并向值班主任报告。",
            "二、重点选题。围绕春耕生产、校园安全、滨海旅游、重点项目建设等主题策划系列报道，"
            "各部门于4月18日前报送选题计划。",
            "三、安全要求。各部门负责人要加强对采编人员的安全教育，外出采访注意交通安全，做好防暑降温和防雨准备，"
            "如遇重大突发新闻，值班主任应及时报告分管领导并统筹调度采访力量。",
            "四、其他事项。本通知仅限编辑部内部传阅，请勿对外转发。如有疑问，请与编辑部办公室联系，联系人：郭晓帆。",
        ],
        "label": "none",
    }


def _items() -> list[dict]:
    items = [dict(x, label="none") for x in routine_articles()]
    news_routine = sorted((x for x in items if x["portal"] == "news"), key=lambda x: x["published"])
    # The newest news items get times that the portal writes relatively (45分钟前, 4小时前, 昨天 16:40).
    for item, when in zip(news_routine[-3:], ["2025-04-20 17:15", "2025-04-20 14:00", "2025-04-19 16:40"]):
        item["published"] = datetime.strptime(when, "%Y-%m-%d %H:%M")
    items += incident_reports()
    for portal, published, district, title, paragraphs, enterprises in NEGATIVES:
        items.append({"portal": portal, "published": datetime.strptime(published, "%Y-%m-%d %H:%M"),
                      "district": district, "title": title, "paragraphs": paragraphs, "label": "none",
                      "enterprises": enterprises})
    items.append(dict(_internal_item(), trap="internal"))
    return items


def _source_line(portal: str, item: dict) -> str:
    if portal == "gov" and item.get("source"):
        return item["source"]
    return PORTALS[portal]["name"]


def _assign(items: list[dict]) -> list[DemoArticle]:
    articles = []
    next_id = {"daily": 1001, "gov": 2001, "news": 3001}
    for item in sorted(items, key=lambda x: (x["published"], x["title"])):
        portal = item["portal"]
        aid = next_id[portal]
        next_id[portal] += 1
        published = item["published"].replace(tzinfo=BEIJING)
        date_only = portal == "gov" and aid % 3 == 0
        if date_only:
            published = published.replace(hour=0, minute=0)
        author = None
        if portal == "daily":
            author = DAILY_REPORTERS[aid % len(DAILY_REPORTERS)]
        elif portal == "news" and item.get("kind") != "official":
            author = NEWS_REPORTERS[aid % len(NEWS_REPORTERS)]
        article = DemoArticle(
            portal=portal, id=aid, title=item["title"], paragraphs=list(item["paragraphs"]),
            published_at=published, district=item["district"], label=item.get("label", "none"),
            incident=item.get("incident"), author=author, enterprises=list(item.get("enterprises", [])),
            credit_codes=list(item.get("credit_codes", [])), trap=item.get("trap"), date_only=date_only,
            source=_source_line(portal, item),
        )
        article.path = article_path(portal, aid, published, internal=article.trap == "internal")
        articles.append(article)
    return articles


def _reprint(original: DemoArticle, article_id: int) -> DemoArticle:
    # The daily reprints a government notice verbatim the same evening: an exact duplicate.
    published = original.published_at.replace(hour=20, minute=0)
    copy = DemoArticle(
        portal="daily", id=article_id, title=original.title, paragraphs=list(original.paragraphs),
        published_at=published, district=original.district, label=original.label, incident=original.incident,
        author=None, enterprises=list(original.enterprises), credit_codes=list(original.credit_codes),
        duplicate_of=original.path, trap="duplicate", source=PORTALS["gov"]["name"],
    )
    copy.path = article_path("daily", article_id, published)
    return copy


def _mark_traps(articles: list[DemoArticle]) -> None:
    def routine(portal: str) -> list[DemoArticle]:
        chosen = [a for a in articles if a.portal == portal and a.incident is None and a.trap is None
                  and not a.enterprises]
        return sorted(chosen, key=lambda a: a.published_at, reverse=True)

    daily, gov, news = routine("daily"), routine("gov"), routine("news")
    daily[2].trap = "redirect"
    daily[6].trap = "malformed"
    daily[18].trap = "oversized"
    daily[9].trap = "tracking"
    gov[3].trap = "error500"
    news[4].trap = "slow"


@functools.lru_cache(maxsize=1)
def articles() -> tuple[DemoArticle, ...]:
    """Every article page of the corpus, oldest first (deterministic)."""
    result = _assign(_items())
    original = next(a for a in result if a.incident == "food-02" and a.portal == "gov")
    result.append(_reprint(original, 1900))
    _mark_traps(result)
    return tuple(sorted(result, key=lambda a: (a.published_at, a.path)))


def truth() -> list[dict]:
    """One truth record per article page of the corpus (live-published articles excluded)."""
    return [a.truth() for a in articles()]


def portals(base_url: str = "") -> list[dict]:
    """The three news portals (daily, gov, news): Chinese name, path prefix, encoding, list/feed/sitemap URLs
    and CSS selectors; the gkmlpt portal and the board are demo.gkmlpt and demo.board."""
    result = []
    for portal in PORTALS.values():
        entry = dict(portal, selectors=dict(portal["selectors"]))
        for key in ("list_url", "feed_url", "sitemap_url"):
            if entry[key] and base_url:
                entry[key] = base_url.rstrip("/") + entry[key]
        result.append(entry)
    return result


def old_path(article: DemoArticle) -> str:
    """The legacy URL that answers 301 to a redirect-trap article."""
    return f"/daily/content/{article.id}.shtml"


def traps() -> dict:
    """Where each trap lives, so crawler tests can assert how it was handled."""
    found = {a.trap: a for a in articles() if a.trap}
    redirect = found["redirect"]
    tracked = found["tracking"]
    return {
        "robots_disallow": "/daily/internal/",
        "internal": found["internal"].path,
        "redirect": {"from": old_path(redirect), "to": redirect.path},
        "malformed": found["malformed"].path,
        "oversized": found["oversized"].path,
        "error500": found["error500"].path,
        "slow": found["slow"].path,
        "tracking": {"canonical": tracked.path,
                     "variants": [tracked.path + "?utm_source=wechat&utm_medium=share&spm=a2c4g.11186623",
                                  tracked.path + "#comments"]},
        "duplicate": {"path": found["duplicate"].path, "duplicate_of": found["duplicate"].duplicate_of},
    }
