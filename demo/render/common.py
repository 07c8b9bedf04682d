"""Helpers shared by the portal renderers: escaping, pagination, link variants."""

from __future__ import annotations

import html
import math

from demo.corpus import DemoArticle, old_path

TRACKING_QUERY = "?utm_source=wechat&utm_medium=share&spm=a2c4g.11186623"


def esc(text: str) -> str:
    """HTML-escape text and attribute values."""
    return html.escape(text, quote=True)


def page_count(total: int, per_page: int) -> int:
    """Number of list pages for `total` items (at least one)."""
    return max(1, math.ceil(total / per_page))


def page_slice(items: list, page: int, per_page: int) -> list:
    """Items shown on 1-based list page `page`."""
    return items[(page - 1) * per_page: page * per_page]


def list_href(article: DemoArticle, position: int) -> str:
    """The link a list page uses for an article: canonical, legacy (301) or with tracking parameters."""
    if article.trap == "redirect":
        return old_path(article)
    if article.trap == "tracking" or position % 4 == 3:
        return article.path + TRACKING_QUERY
    return article.path


def paragraphs_html(article: DemoArticle, indent: str = "") -> str:
    """The body as <p> elements."""
    return "\n".join(f"{indent}<p>{esc(p)}</p>" for p in article.paragraphs)


def neighbours(article: DemoArticle, pool: list[DemoArticle], count: int = 5) -> list[DemoArticle]:
    """Other articles of the same portal near this one, for related-article blocks."""
    others = [a for a in pool if a.path != article.path and a.trap not in ("internal",)]
    others.sort(key=lambda a: (abs(a.id - article.id), a.id))
    return others[:count]
