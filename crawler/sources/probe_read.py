"""The probe's sample articles: a proposed source's first links, read the way its spider reads them."""

from __future__ import annotations

import json
import re

from crawler.sources.probe_types import Fetched, ProbeError
from crawler.urls import canonicalize_url, url_host


def _on_source(source, url: str) -> bool:
    host = url_host(url)
    return any(host == d or host.endswith("." + d) for d in source.domains)


def article_links(source, fetch, limit: int) -> list[tuple[str, dict]]:
    """(url, hints) of the source's first `limit` article links on its first list page."""
    from crawler.extract.article import select_nodes
    from crawler.extract.links import article_links as selector_free_links
    from crawler.extract.generic import parse_html
    from crawler.sources.jsonpath import first, select
    from crawler.spiders.jsonlist import entry_date

    start = source.start_urls[0]
    links: list[tuple[str, dict]] = []
    if source.kind == "rss":
        from crawler.spiders.feed import _feed_date, feed_entries

        page = fetch(start)
        links = [(u, {"published_at": _feed_date(d)}) for u, d in feed_entries(page.body)]
    elif source.kind == "sitemap":
        from scrapy.utils.sitemap import Sitemap

        page = fetch(start)
        links = [(e["loc"], {}) for e in Sitemap(page.body) if e.get("loc")]
    elif source.kind in ("json", "gkmlpt"):
        url = start
        if source.kind == "gkmlpt":
            from crawler.spiders.gkmlpt import api_url, site_id, start_columns

            sid = (source.gkmlpt.sid if source.gkmlpt else None) or site_id(fetch(start.split("#")[0]).text)
            columns = start_columns(source, start)
            if not sid or not columns:
                return []
            url = api_url(start, columns[0], sid)
        page = fetch(url)
        rules = source.json_rules
        for entry in select(json.loads(page.text), rules.items):
            link = first(entry, rules.link)
            if isinstance(link, str) and link.strip():
                title = first(entry, rules.title) if rules.title else None
                hints = {"title": " ".join(title.split())} if isinstance(title, str) else {}
                if rules.date:
                    hints["published_at"] = entry_date(first(entry, rules.date))
                links.append((urljoin_safe(page.url, link.strip()), hints))
    else:
        if source.render == "browser" and getattr(fetch, "render", None):
            page = Fetched(start, 200, "text/html; charset=utf-8", fetch.render(start)[0].encode("utf-8"))
        else:
            page = fetch(start)
        root = parse_html(page.text)
        rules = source.list_rules
        if root is not None and not rules.article_links:
            links += [(url, {}) for url in selector_free_links(root, page.url)]
        for node in select_nodes(root, rules.article_links) if root is not None and rules.article_links else []:
            href = node if isinstance(node, str) else node.get("href")
            if href and not href.strip().startswith(("javascript:", "mailto:")):
                links.append((urljoin_safe(page.url, href.strip()), {}))
    out, seen = [], set()
    for url, hints in links:
        canonical = canonicalize_url(url)
        if canonical in seen or not _on_source(source, canonical):
            continue
        if source.article_pattern and not re.search(source.article_pattern, canonical):
            continue
        seen.add(canonical)
        out.append((canonical, hints))
        if len(out) >= limit:
            break
    return out


def urljoin_safe(base: str, href: str) -> str:
    """`href` resolved against `base`."""
    from urllib.parse import urljoin

    return urljoin(base, href)


def read_article(source, url: str, text: str, hints: dict, now=None) -> dict | None:
    """The article as the source's spider would store it (title, date, district, body), or None."""
    from crawler.districts import resolve_district
    from crawler.extract import extract_article

    title = body = published = None
    if source.kind == "gkmlpt":
        from crawler.spiders.gkmlpt import embedded_detail, read_record

        record = embedded_detail(text)
        read = read_record(record, hints, url, now) if record else None
        if read is not None:
            if not read[0] or not read[1]:
                return None
            title, body, published = read
    if body is None:
        extracted = extract_article(text, source.selectors, now=now)
        if not extracted.ok:
            return None
        listed = source.kind in ("json", "gkmlpt")
        title = (hints.get("title") if listed else None) or extracted.title
        published = (hints.get("published_at") if listed else None) or extracted.published_at \
            or hints.get("published_at")
        body = extracted.body
        if source.kind == "gkmlpt":
            from crawler.spiders.gkmlpt import attachments, with_attachments

            body = with_attachments(body, attachments(None, text, url))
        if source.kind == "board":
            from crawler.extract.generic import parse_html
            from crawler.spiders.board import board_body, texts, unlabelled

            root, rules = parse_html(text), source.board
            message = texts(root, rules.message)
            if not message:
                return None
            body = board_body(message, texts(root, rules.reply), unlabelled(texts(root, rules.replier)),
                              unlabelled(texts(root, rules.reply_date)))
    return {"url": url, "title": title, "published_at": published,
            "district": resolve_district(title, body, source.district), "body": body}


def sample_articles(source, result, fetch, now, limit: int) -> list[dict]:
    """Up to `limit` articles of `source`, or [] (with a note on `result`) when none can be read."""
    try:
        links = article_links(source, fetch, limit)
    except (ProbeError, ValueError) as exc:
        result.notes.append(f"读取列表失败：{exc}")
        return []
    samples = []
    for url, hints in links:
        try:
            page = fetch(url)
        except ProbeError as exc:
            result.notes.append(str(exc))
            continue
        article = read_article(source, url, page.text, hints, now) if page.status < 400 else None
        if article is None:
            result.notes.append(f"{url}: 未能读出标题和正文")
            continue
        samples.append(article)
    return samples
