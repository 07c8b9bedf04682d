"""The fifth demo portal: a public complaint board (民生诉求留言板) with list pages and message pages.

`/liuyan/` (and `/liuyan/list_{n}.html`) lists messages newest first in a table with their state
(已答复 / 待答复); `/liuyan/content_{id}.html` shows the message, the masked poster, and the
department's reply when there is one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

from demo.content.board_messages import BOARD_NAME, messages
from demo.corpus import BEIJING

PREFIX = "/liuyan/"
PER_PAGE = 8
FIRST_ID = 9001
_LIST = re.compile(r"^/liuyan/(?:list_(\d+)\.html)?$")
_CONTENT = re.compile(r"^/liuyan/content_(\d+)\.html$")
SURNAMES = "陈林黄李张吴郑蔡刘许"


@dataclass
class Message:
    """One message on the board."""

    id: int
    kind: str
    title: str
    paragraphs: list[str]
    posted_at: datetime
    district: str
    label: str = "none"
    incident: str | None = None
    reply_unit: str | None = None
    replied_at: datetime | None = None
    reply: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The message page's path."""
        return f"{PREFIX}content_{self.id}.html"

    @property
    def body(self) -> str:
        """The body a board crawler stores: the message, then the reply under a 答复 line."""
        lines = list(self.paragraphs)
        if self.reply:
            lines.append(f"【答复】{self.reply_unit}（{self.replied_at:%Y-%m-%d %H:%M}）")
            lines += self.reply
        return "\n".join(lines)

    def truth(self) -> dict:
        """The truth record crawler tests compare against."""
        return {
            "portal": "board", "path": self.path, "title": self.title, "body": self.body,
            "published_at": self.posted_at.isoformat(), "author": None, "district": self.district,
            "label": self.label, "incident": self.incident, "reachable": True, "duplicate_of": None,
            "enterprises": [], "credit_codes": [], "trap": None, "answered": bool(self.reply),
        }


class BoardPortal:
    """The board's messages and its pages."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        for offset, spec in enumerate(messages()):
            self.messages.append(Message(
                id=FIRST_ID + offset, kind=spec["kind"], title=spec["title"], paragraphs=spec["paragraphs"],
                posted_at=spec["posted"].replace(tzinfo=BEIJING), district=spec["district"], label=spec["label"],
                incident=spec["incident"], reply_unit=spec["reply_unit"],
                replied_at=spec["replied"].replace(tzinfo=BEIJING) if spec["replied"] else None, reply=spec["reply"],
            ))
        self._by_id = {m.id: m for m in self.messages}

    def answer(self, message_id: int, unit: str, paragraphs: list[str], when: datetime) -> Message:
        """Give a message its department's reply (as a board does days after the message)."""
        message = self._by_id[message_id]
        message.reply_unit, message.replied_at, message.reply = unit, when, list(paragraphs)
        return message

    def newest_first(self) -> list[Message]:
        """Messages as the list shows them."""
        return sorted(self.messages, key=lambda m: (m.posted_at, m.id), reverse=True)

    def truth(self) -> list[dict]:
        """One truth record per message, oldest first."""
        return [m.truth() for m in self.messages]

    def route(self, path: str):
        """(status, body, content type, last modified) for a board path, or None when not the board's."""
        if m := _LIST.match(path):
            page = int(m.group(1) or 1)
            listed = self.newest_first()
            pages = max(1, -(-len(listed) // PER_PAGE))
            if page < 1 or page > pages:
                return None
            shown = listed[(page - 1) * PER_PAGE: page * PER_PAGE]
            return 200, self.list_page(shown, page, pages).encode("utf-8"), "text/html; charset=utf-8", \
                max(m.replied_at or m.posted_at for m in shown)
        if m := _CONTENT.match(path):
            message = self._by_id.get(int(m.group(1)))
            if message is None:
                return None
            return 200, self.message_page(message).encode("utf-8"), "text/html; charset=utf-8", \
                message.replied_at or message.posted_at
        return None

    def list_page(self, shown: list[Message], page: int, pages: int) -> str:
        """One list page: a table of title, kind, time and state, and a pager."""
        rows = "\n".join(
            f'<tr><td class="kind">[{html.escape(m.kind)}]</td>'
            f'<td class="title"><a href="{m.path}" target="_blank">{html.escape(m.title)}</a></td>'
            f'<td class="time">{m.posted_at:%Y-%m-%d}</td>'
            f'<td class="state">{"已答复" if m.reply else "待答复"}</td></tr>'
            for m in shown)
        pager = []
        if page > 1:
            pager.append(f'<a class="prev" href="{_list_url(page - 1)}">上一页</a>')
        if page < pages:
            pager.append(f'<a class="next" href="{_list_url(page + 1)}">下一页</a>')
        return (
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{BOARD_NAME}（演示）</title></head><body>\n"
            f"<div class=\"header\"><h1>{BOARD_NAME}</h1><a href=\"{PREFIX}\">我要留言</a> | <a href=\"{PREFIX}\">留言列表</a></div>\n"
            "<table class=\"msg-list\"><tr><th>类型</th><th>标题</th><th>留言时间</th><th>状态</th></tr>\n"
            f"{rows}\n</table>\n<div class=\"pager\">{' '.join(pager)} 第{page}/{pages}页</div>\n"
            "<div class=\"footer\">本栏目仅受理汕尾市范围内的民生诉求（演示站点，内容均为虚构）</div>\n</body></html>\n"
        )

    def message_page(self, message: Message) -> str:
        """A message page: title, masked poster, time, message, and the reply box when answered."""
        poster = SURNAMES[message.id % len(SURNAMES)] + "**"
        content = "\n".join(f"<p>{html.escape(p)}</p>" for p in message.paragraphs)
        if message.reply:
            reply = "\n".join(f"<p>{html.escape(p)}</p>" for p in message.reply)
            reply_box = (
                "<div class=\"reply-box\"><div class=\"reply-meta\">"
                f"<span class=\"reply-unit\">答复单位：{html.escape(message.reply_unit)}</span>"
                f"<span class=\"reply-time\">答复时间：{message.replied_at:%Y-%m-%d %H:%M}</span></div>"
                f"<div class=\"reply-content\">\n{reply}\n</div></div>\n")
        else:
            reply_box = "<div class=\"reply-box pending\"><p>该留言正在办理中，请耐心等待答复。</p></div>\n"
        return (
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(message.title)}-{BOARD_NAME}</title></head><body>\n"
            f"<div class=\"header\"><a href=\"{PREFIX}\">{BOARD_NAME}</a></div>\n"
            f"<div class=\"msg-box\"><h2 class=\"msg-title\">{html.escape(message.title)}</h2>\n"
            f"<div class=\"msg-meta\"><span class=\"poster\">留言人：{poster}</span>"
            f"<span class=\"msg-time\">留言时间：{message.posted_at:%Y-%m-%d %H:%M}</span>"
            f"<span class=\"msg-kind\">类型：{html.escape(message.kind)}</span></div>\n"
            f"<div class=\"msg-content\">\n{content}\n</div></div>\n{reply_box}"
            "<div class=\"footer\">演示站点，内容均为虚构</div>\n</body></html>\n"
        )


def _list_url(page: int) -> str:
    return PREFIX if page == 1 else f"{PREFIX}list_{page}.html"
