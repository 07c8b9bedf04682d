"""`trustwatch sources probe URL`: tell what a URL is and propose a source entry for it.

It recognises RSS/Atom feeds, sitemaps, gkmlpt portals, JSON lists, complaint boards and HTML lists
(or a lone article), proposes the entry (kind, link rules, next page), and reads the first three
articles the way a crawl would store them. Nothing is written: the YAML is printed to paste.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from crawler.sources.probe_types import Fetched, ProbeError  # noqa: F401  (re-exported)
from crawler.urls import canonicalize_url, url_host

MAX_BYTES = 2 * 1024 * 1024
SAMPLES = 3
NEXT_TEXTS = ("下一页", "下页", "下一頁", "next", "Next", ">", "›", "»")
BOARD_STATES = ("已答复", "已回复", "待答复", "待回复", "办理中", "已办结", "已受理")
URL_KEYS = ("url", "link", "href", "post_url", "detail_url", "article_url", "path")
TITLE_KEYS = ("title", "name", "subject", "headline")
DATE_KEYS = ("display_publish_time", "publish_time", "pubtime", "pub_time", "pubDate", "published_at",
             "date", "created_at", "create_time", "time", "ctime")
PAGE_PARAMS = ("page", "pageNo", "pageNum", "pageIndex", "p", "pn", "page_no")


@dataclass
class Probe:
    """What a URL is, the proposed entry, and the first articles as they would be stored."""

    url: str
    what: str
    entry: dict
    samples: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# -- recognising the document ----------------------------------------------------------------------


def probe(url: str, fetch, name: str | None = None, now=None) -> Probe:
    """Recognise `url`, propose an entry, and read up to three of its articles with `fetch`."""
    if not re.match(r"^https?://[^/\s]+", url):
        raise ProbeError(f"{url}: 需要以 http:// 或 https:// 开头的完整网址")
    page = fetch(url)
    if page.status >= 400:
        raise ProbeError(f"{url}: 服务器返回 HTTP {page.status}")
    head = page.body.lstrip()[:200]
    entry = {"name": name or _name(url), "title": "", "kind": None, "start_urls": [url]}
    if head[:1] in (b"{", b"[") or "json" in page.content_type:
        result = _json(page, entry)
    elif head.startswith(b"<?xml") or b"<rss" in head or b"<urlset" in head or b"<sitemapindex" in head \
            or b"<feed" in head or "xml" in page.content_type:
        result = _xml(page, entry)
    else:
        result = _html(page, entry, fetch)
    if not result.entry.get("title"):
        found = re.search(r"<title[^>]*>([^<]{1,200})</title>", page.text[:20000], re.I) if head[:1] not in (b"{", b"[") \
            else None
        result.entry["title"] = (" ".join(found.group(1).split())[:60] if found else "") or url_host(url)
    result.samples = _samples(result, fetch, now)
    if not result.samples and result.what != "article":
        result.notes.append("未能读出文章：请检查链接规则，或该页面的列表由脚本生成（可试 render: browser）")
    return result


def _name(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "site").removeprefix("www.")
    words = [host.split(".")[0]] + [w for w in re.split(r"[^a-z0-9]+", parts.path.lower()) if w][:2]
    name = "-".join(w for w in words if w not in ("index", "html", "shtml", "htm", "json", "xml"))
    name = re.sub(r"[^a-z0-9_-]+", "-", name).strip("-") or "site"
    return name[:62] if re.match(r"^[a-z0-9]", name) else f"s-{name}"[:62]


def _json(page: Fetched, entry: dict) -> Probe:
    try:
        document = json.loads(page.text)
    except ValueError:
        raise ProbeError(f"{page.url}: 声明为 JSON 但无法解析") from None
    if m := re.search(r"^(.*?/gkmlpt/)api/all/(\d+)", page.url):
        entry.update(kind="gkmlpt", start_urls=[f"{m.group(1)}index#{m.group(2)}"])
        return Probe(page.url, "gkmlpt", entry, notes=["这是 gkmlpt 栏目接口；站点编号（SID）每次从首页读取"])
    found = _best_list(document)
    if found is None:
        raise ProbeError(f"{page.url}: JSON 中没有找到含链接的条目列表")
    path, items = found
    rules = {"items": f"{path}[*]", "link": _key(items, URL_KEYS, _looks_like_link)}
    title = _key(items, TITLE_KEYS, lambda v: isinstance(v, str) and len(v) >= 4)
    date = _key(items, DATE_KEYS, lambda v: isinstance(v, int | str) and bool(str(v).strip()))
    if title:
        rules["title"] = title
    if date:
        rules["date"] = date
    nxt = _next_path(document)
    param = next((p for p in PAGE_PARAMS if re.search(rf"[?&]{p}=\d+", page.url)), None)
    if nxt:
        rules["next_page"] = nxt
    elif param:
        rules["page_param"] = param
    if isinstance(document, dict) and isinstance(document.get("total"), int):
        rules["total"] = "$.total"
    entry.update(kind="json", json=rules)
    return Probe(page.url, "json", entry)


def _best_list(document, path: str = "$", depth: int = 0):
    """(path, items) of the largest list of objects that carry a link."""
    best = None
    if isinstance(document, list) and len(document) >= 2 and all(isinstance(i, dict) for i in document[:20]):
        if _key(document, URL_KEYS, _looks_like_link) is not None:
            best = (path, document)
    if depth < 5:
        children = document.items() if isinstance(document, dict) else []
        for key, value in children:
            if not re.fullmatch(r"[A-Za-z_][\w-]*", str(key)):
                continue
            found = _best_list(value, f"{path}.{key}", depth + 1)
            if found and (best is None or len(found[1]) > len(best[1])):
                best = found
    return best


def _looks_like_link(value) -> bool:
    return isinstance(value, str) and bool(re.match(r"^(?:https?://|/)[^\s]+$", value.strip()))


def _key(items: list[dict], preferred: tuple, test) -> str | None:
    """The entry key that holds the wanted value: a preferred name first, then any key whose values pass."""
    counts = Counter(k for item in items[:20] if isinstance(item, dict) for k, v in item.items() if test(v))
    for key in preferred:
        if counts.get(key):
            return key
    return counts.most_common(1)[0][0] if counts else None


def _next_path(document) -> str | None:
    stack = [("$", document, 0)]
    while stack:
        path, value, depth = stack.pop()
        if isinstance(value, dict) and depth < 3:
            for key, child in value.items():
                if not re.fullmatch(r"[A-Za-z_][\w-]*", str(key)):
                    continue
                if key.lower() in ("next", "next_page", "nextpage", "next_url") and (child is None or _looks_like_link(child)):
                    return f"{path}.{key}"
                stack.append((f"{path}.{key}", child, depth + 1))
    return None


def _xml(page: Fetched, entry: dict) -> Probe:
    from scrapy.utils.sitemap import Sitemap

    from crawler.spiders.feed import feed_entries

    if feed_entries(page.body):
        entry.update(kind="rss")
        return Probe(page.url, "rss", entry)
    try:
        sitemap = Sitemap(page.body)
    except Exception:  # lxml raises several types on garbage
        raise ProbeError(f"{page.url}: 既不是 RSS/Atom 也不是站点地图") from None
    locs = [e.get("loc", "") for e in sitemap if e.get("loc")]
    if not locs:
        raise ProbeError(f"{page.url}: 站点地图中没有网址")
    entry.update(kind="sitemap")
    if sitemap.type == "urlset":
        pattern = _path_pattern(locs)
        if pattern:
            entry["article_pattern"] = pattern
    return Probe(page.url, "sitemap", entry)


def _signature(url: str) -> str:
    path = urlsplit(url).path
    return re.sub(r"\d+", "N", path.rsplit("/", 1)[0]) + "/" + re.sub(r"\d+", "N", path.rsplit("/", 1)[-1])


def _path_pattern(urls: list[str]) -> str | None:
    """A regex for the most common URL shape (digits generalised), if most URLs share it."""
    shapes = Counter(_signature(u) for u in urls)
    shape, count = shapes.most_common(1)[0]
    if count < max(2, len(urls) // 2):
        return None
    escaped = re.escape(shape).replace("N", r"\d+")
    return escaped.replace(r"\-", "-").replace(r"\/", "/") + "$"


def _scripted(page: Fetched, entry: dict, fetch) -> Probe:
    """A page whose list is built by script: the JSON endpoint it reads when there is one (no browser
    needed), else the list as rendered in the browser (`render: browser`)."""
    html, responses = fetch.render(page.url)
    for api_url, body in responses:
        try:
            document = json.loads(body)
        except ValueError:
            continue
        if _best_list(document) is not None:
            api = _json(Fetched(api_url, 200, "application/json", body), dict(entry, start_urls=[api_url]))
            api.url = page.url
            api.notes.append(f"列表由页面脚本从接口读取：{api_url}；直接读接口，无需浏览器")
            return api
    result = _html(Fetched(page.url, page.status, "text/html; charset=utf-8", html.encode("utf-8")), entry, fetch,
                   rendered=True)
    result.entry["render"] = "browser"
    result.notes.append("列表由脚本生成，且未找到其数据接口：用 render: browser 在浏览器中渲染")
    return result


def _html(page: Fetched, entry: dict, fetch, rendered: bool = False) -> Probe:
    from crawler.extract import extract_article
    from crawler.extract.generic import clean_text, parse_html
    from crawler.spiders.gkmlpt import site_id

    text = page.text
    if "/gkmlpt/" in page.url and site_id(text):
        fragment = urlsplit(page.url).fragment
        column = re.search(r"[?&]column=(\d+)", page.url)
        start = page.url.split("?")[0].split("#")[0]
        if fragment.isdigit() or column:
            entry.update(kind="gkmlpt", start_urls=[f"{start}#{fragment if fragment.isdigit() else column.group(1)}"])
            notes = []
        else:
            ids = sorted(set(re.findall(r'"id"\s*:\s*(\d+)', text.split("TREE", 1)[-1][:20000])))
            entry.update(kind="gkmlpt", start_urls=[start], gkmlpt={"columns": [int(i) for i in ids[:10]] or [0]})
            notes = ["栏目编号取自首页的 TREE；只保留需要的栏目（如 行政处罚、抽检信息）"]
        return Probe(page.url, "gkmlpt", entry, notes=notes)
    root = parse_html(text)
    if root is None:
        raise ProbeError(f"{page.url}: 空白页面")
    anchors = [(a, urljoin(page.url, a.get("href").strip())) for a in root.iter("a")
               if a.get("href") and not a.get("href").strip().startswith(("javascript:", "mailto:", "#"))]
    host = url_host(page.url)
    candidates = [(a, u) for a, u in anchors if url_host(u) == host and len(clean_text(a.text_content())) >= 6
                  and canonicalize_url(u) != canonicalize_url(page.url)]
    shapes = Counter(_signature(u) for _, u in candidates)
    shape, count = shapes.most_common(1)[0] if shapes else ("", 0)
    if count < 3:
        extracted = extract_article(text)
        if extracted.ok:
            entry.update(kind="list", listing={"article_links": "a::attr(href)"})
            return Probe(page.url, "article", entry, notes=["这是一篇文章而非列表：请对它所在的列表页、RSS 或站点地图运行 probe"])
        if "<script" in text.lower() and getattr(fetch, "render", None) and not rendered:
            return _scripted(page, entry, fetch)
        raise ProbeError(f"{page.url}: 页面中没有成组的文章链接（列表可能由脚本生成：可试 render: browser）")
    group = [(a, u) for a, u in candidates if _signature(u) == shape]
    listing = {"article_links": _container_selector([a for a, _ in group]) + " a::attr(href)"}
    pattern = re.escape(shape).replace("N", r"\d+").replace(r"\-", "-").replace(r"\/", "/") + "$"
    nxt = _next_selector(root)
    if nxt:
        listing["next_page"] = nxt
        listing["max_pages"] = 20
    states = sum(text.count(s) for s in BOARD_STATES)
    entry.update(listing=listing, article_pattern=pattern)
    if states >= 3:
        board = _board_rules(group[0][1], fetch)
        if board:
            entry.update(kind="board", board=board["board"], selectors=board["selectors"])
            return Probe(page.url, "board", entry, notes=["留言板：留言与答复分别按 board 规则读取"])
    entry["kind"] = "list"
    return Probe(page.url, "list", entry)


def _css_class(node) -> str:
    classes = (node.get("class") or "").split()
    ident = node.get("id")
    if classes and re.fullmatch(r"[A-Za-z_][\w-]*", classes[0]):
        return f"{node.tag}.{classes[0]}"
    if ident and re.fullmatch(r"[A-Za-z_][\w-]*", ident):
        return f"{node.tag}#{ident}"
    return ""


def _container_selector(nodes) -> str:
    """The nearest named ancestor (tag.class or tag#id) that holds most of `nodes`."""
    counts: Counter = Counter()
    for node in nodes:
        seen = set()
        for ancestor in node.iterancestors():
            name = _css_class(ancestor)
            if name and name not in seen:
                seen.add(name)
                counts[name] += 1
                break
    for name, count in counts.most_common():
        if count >= max(3, len(nodes) * 0.8):
            return name
    return "body"


def _next_selector(root) -> str | None:
    from crawler.extract.generic import clean_text

    for a in root.iter("a"):
        label = clean_text(a.text_content())
        if label in NEXT_TEXTS and a.get("href") and not a.get("href").startswith("javascript:"):
            classes = (a.get("class") or "").split()
            if classes and re.fullmatch(r"[A-Za-z_][\w-]*", classes[0]):
                return f"a.{classes[0]}::attr(href)"
            return f"xpath://a[normalize-space(.)='{label}']/@href"
    return None


REPLIER_LABELS = ("答复单位", "回复单位", "办理单位", "答复部门", "回复部门")
REPLY_DATE_LABELS = ("答复时间", "回复时间", "办理时间")
DATE_LABELS = ("留言时间", "提问时间", "来信时间", "投诉时间", "发布时间")


def _board_rules(message_url: str, fetch) -> dict | None:
    """Selectors for a board's message page, found on one message: labelled spans (答复单位：, 留言时间：),
    the message block and the reply block (by their class names)."""
    from crawler.extract.generic import clean_text, parse_html

    try:
        root = parse_html(fetch(message_url).text)
    except ProbeError:
        return None
    if root is None:
        return None
    labelled: dict[str, str] = {}
    for node in root.iter("span", "em", "td", "div", "p", "li"):
        name = _css_class(node)
        text = clean_text(node.text_content())
        if sum(label in text for label in REPLIER_LABELS + REPLY_DATE_LABELS + DATE_LABELS) != 1:
            continue  # a block holding several labelled values: its parts are the selectors
        for key, labels in (("replier", REPLIER_LABELS), ("reply_date", REPLY_DATE_LABELS), ("date", DATE_LABELS)):
            if name and key not in labelled and text.startswith(labels) and len(text) < 80:
                labelled[key] = name
    message = reply = None
    for node in root.iter("div", "td", "section"):
        name = _css_class(node)
        lowered = (node.get("class") or "").lower()
        paragraphs = node.findall(".//p")
        if not name or len(clean_text(node.text_content())) < 10:
            continue
        target = f"{name} p" if paragraphs else name
        if any(w in lowered for w in ("reply", "answer", "hf", "dfnr")) and "content" in lowered and reply is None:
            reply = target
        elif any(w in lowered for w in ("content", "question", "ask", "msg-content", "lynr")) \
                and not any(w in lowered for w in ("reply", "answer")) and message is None:
            message = target
    if message is None:
        return None
    title = next((_css_class(h) for tag in ("h1", "h2", "h3") for h in root.iter(tag) if _css_class(h)), None)
    board = {"message": message}
    if reply:
        board["reply"] = reply
    board.update({k: labelled[k] for k in ("replier", "reply_date") if k in labelled})
    selectors = {k: v for k, v in (("title", title), ("date", labelled.get("date"))) if v}
    return {"board": board, "selectors": selectors}



# -- articles as they would be stored --------------------------------------------------------------


def _samples(result: Probe, fetch, now) -> list[dict]:
    """Up to three articles of the proposed entry, read the way its crawl would read them."""
    from crawler.sources.schema import SourceConfig

    entry = dict(result.entry, title=result.entry.get("title") or "待填写")
    try:
        source = SourceConfig.model_validate(entry)
    except ValueError as exc:
        result.notes.append(f"建议的配置未通过校验：{exc}")
        return []
    from crawler.sources.probe_read import sample_articles

    return sample_articles(source, result, fetch, now, SAMPLES)
