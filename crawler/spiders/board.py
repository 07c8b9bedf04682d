"""Kind `board`: public message boards (留言板, 投诉): list pages of messages, each message page read as
the message and, when answered, the department's reply, so a complaint is stored with its outcome;
a thread first stored unanswered is re-visited until its reply appears (within a bounded window)."""

from __future__ import annotations

import datetime as dt
import re

from scrapy.http import TextResponse

from crawler.dates import parse_date
from crawler.extract.article import select_nodes
from crawler.extract.generic import clean_text, parse_html
from crawler.spiders.base import register_kind
from crawler.replies import record_reply, unanswered_urls
from crawler.spiders.listing import ListSpider
from store.models import utcnow

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


def board_reply(reply: list[str], replier: str | None, replied: str | None, now=None) -> dict | None:
    """The official reply as stored on the thread: department, when (ISO, UTC) and text; None when the
    page shows no reply yet."""
    if not reply:
        return None
    when = parse_date(replied, now) if replied else None
    return {"department": replier, "replied_at": when.isoformat() if when else None, "text": "\n".join(reply)}


@register_kind("board")
class BoardSpider(ListSpider):
    """Walks the board's list pages like kind `list`; reads each message page with the board rules.
    Stored threads still without a reply (posted within `board.revisit_days`) are fetched again each
    crawl, and a reply that has appeared since is recorded on the stored thread."""

    async def start(self):
        async for request in super().start():
            yield request
        for url in self.revisit_urls():
            self.requested_articles.add(url)  # the list's link to it is not followed a second time
            request = self.article_request(url)
            request.meta["tw_revisit"] = True
            yield request

    def revisit_urls(self) -> list[str]:
        """The stored threads awaiting a reply that this crawl fetches again (none without a store)."""
        rules = self.source.board
        if self.store is None or not rules.revisit_days or not rules.revisit_max:
            return []
        since = (self.reference_now or utcnow()) - dt.timedelta(days=rules.revisit_days)
        urls = unanswered_urls(self.store.db, self.source_id, since, rules.revisit_max)
        self.crawler.stats.inc_value("tw/board_revisits", len(urls))
        return urls

    def parse_article(self, response):
        """Title and date from the source's selectors (or the generic extractor); body from the board."""
        rules = self.source.board
        root = parse_html(response.text) if isinstance(response, TextResponse) else None
        message = texts(root, rules.message)
        if not message:
            self.count_error("parse")
            self.logger.warning("no message on board page %s", response.url)
            return
        replier, replied = unlabelled(texts(root, rules.replier)), unlabelled(texts(root, rules.reply_date))
        reply_lines = texts(root, rules.reply)
        reply = board_reply(reply_lines, replier, replied, self.reference_now)
        for item in super().parse_article(response):
            body = board_body(message, reply_lines, replier, replied)
            methods = dict(item.get("extraction") or {}, body="board")
            board_item = self.article_item(response, item["title"], body, None, item["published_at"], methods)
            board_item["reply"] = reply
            if response.meta.get("tw_revisit"):
                self.record_revisit(board_item)
            else:
                yield board_item

    def record_revisit(self, item) -> None:
        """A re-visited thread: its reply, if one has appeared, goes onto the stored thread."""
        if item["reply"] is None:
            self.crawler.stats.inc_value("tw/board_still_unanswered")
            return
        if record_reply(self.store.db, item["url"], item["body"], item["content_hash"], item["reply"]):
            self.crawler.stats.inc_value("tw/board_replies_found")
