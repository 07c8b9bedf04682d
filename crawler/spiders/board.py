"""Kind `board`: public message boards (留言板, 投诉): list pages of messages, each message page read as
the message and, when answered, the department's reply, so a complaint is stored with its outcome."""

from __future__ import annotations

import re

from scrapy.http import TextResponse

from crawler.extract.article import select_nodes
from crawler.extract.generic import clean_text, parse_html
from crawler.spiders.base import register_kind
from crawler.spiders.listing import ListSpider

# `答复单位：` / `留言时间:` and the like before a value
LABEL = re.compile(r"^[\u4e00-\u9fff]{1,8}\s*[:：]\s*")
MAX_PARAGRAPHS = 200


def texts(root, selector: str | None) -> list[str]:
    """The non-empty text of each node `selector` matches (a node's paragraphs, one line each)."""
    if not selector or root is None:
        return []
    out = []
    for node in select_nodes(root, selector)[:MAX_PARAGRAPHS]:
        text = clean_text(node if isinstance(node, str) else node.text_content())
        if text:
            out.append(text)
    return out


def unlabelled(values: list[str]) -> str | None:
    """The first value without its `标签：` prefix."""
    return LABEL.sub("", values[0]).strip() or None if values else None


def board_body(message: list[str], reply: list[str], replier: str | None, replied: str | None) -> str:
    """The message, then a 【答复】 line naming who replied and when, then the reply."""
    lines = list(message)
    if reply:
        when = f"（{replied}）" if replied else ""
        lines.append(f"【答复】{replier or ''}{when}")
        lines += reply
    return "\n".join(lines)


@register_kind("board")
class BoardSpider(ListSpider):
    """Walks the board's list pages like kind `list`; reads each message page with the board rules."""

    def parse_article(self, response):
        """Title and date from the source's selectors (or the generic extractor); body from the board."""
        rules = self.source.board
        root = parse_html(response.text) if isinstance(response, TextResponse) else None
        message = texts(root, rules.message)
        if not message:
            self.count_error("parse")
            self.logger.warning("no message on board page %s", response.url)
            return
        for item in super().parse_article(response):
            body = board_body(message, texts(root, rules.reply), unlabelled(texts(root, rules.replier)),
                              unlabelled(texts(root, rules.reply_date)))
            yield self.article_item(response, item["title"], body, None, item["published_at"])
