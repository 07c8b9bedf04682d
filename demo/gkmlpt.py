"""The fourth demo portal: a government-information platform that behaves like Guangdong's gkmlpt.

`/zwgk/gkmlpt/index` is a script shell that names the site id (`SID`) and the column tree; its lists
come from `/zwgk/gkmlpt/api/all/{column}?page={n}&sid={sid}` (JSON, newest first, PER_PAGE a page);
each notice's page `/zwgk/gkmlpt/content/{id/10^6}/{id/10^3}/post_{id}.html` carries its record in
`window._CONFIG.DETAIL` and fills its body from it in the browser; attachments live under
`/zwgk/attachment/`.
"""

from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs

from demo.content.gkmlpt_notices import PENALTY_COLUMN, REGULATOR, SAMPLING_COLUMN, notices
from demo.corpus import BEIJING

PREFIX = "/zwgk/gkmlpt/"
ATTACHMENT_PREFIX = "/zwgk/attachment/"
SID = "755901"
PER_PAGE = 10
NAME = f"{REGULATOR}政府信息公开"
COLUMNS = {PENALTY_COLUMN: "行政处罚", SAMPLING_COLUMN: "抽检信息"}
FIRST_ID = 4_102_001


@dataclass
class Notice:
    """One notice of the portal."""

    id: int
    column: int
    title: str
    paragraphs: list[str]
    published_at: datetime
    district: str
    label: str = "none"
    incident: str | None = None
    enterprises: list[str] = field(default_factory=list)
    credit_codes: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    live: bool = False
    server_rendered: bool = False  # the body is in the page's HTML, not in the embedded record

    @property
    def path(self) -> str:
        """The detail page's path."""
        return f"{PREFIX}content/{self.id // 1_000_000}/{self.id // 1000}/post_{self.id}.html"

    def attachment_path(self, position: int) -> str:
        """Where attachment `position` is served."""
        suffix = self.attachments[position].rsplit(".", 1)[-1]
        return f"{ATTACHMENT_PREFIX}{self.id // 1000}/{self.id}/{position + 1}.{suffix}"

    @property
    def body(self) -> str:
        """Plain-text body: the paragraphs (a crawler adds one `附件：name（URL）` line per attachment)."""
        return "\n".join(self.paragraphs)

    def truth(self) -> dict:
        """The truth record crawler tests compare against."""
        return {
            "portal": "gkmlpt", "path": self.path, "column": self.column, "title": self.title, "body": self.body,
            "published_at": self.published_at.isoformat(), "author": None, "district": self.district,
            "label": self.label, "incident": self.incident, "reachable": True, "duplicate_of": None,
            "enterprises": list(self.enterprises), "credit_codes": list(self.credit_codes), "trap": None,
            "attachments": [{"name": name, "path": self.attachment_path(i)} for i, name in enumerate(self.attachments)],
            "body_in": "html" if self.server_rendered else "record",
        }


def _timestamp(moment: datetime) -> int:
    return int(moment.timestamp())


class GkmlptPortal:
    """The portal's notices (the corpus plus any added while the site runs) and its responses."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._notices: list[Notice] = []
        for offset, spec in enumerate(notices()):
            self._notices.append(Notice(
                id=FIRST_ID + offset * 37, column=spec["column"], title=spec["title"],
                paragraphs=list(spec["paragraphs"]), published_at=spec["published"].replace(tzinfo=BEIJING),
                district=spec["district"], label=spec["label"], incident=spec["incident"],
                enterprises=list(spec["enterprises"]), credit_codes=list(spec["credit_codes"]),
                attachments=list(spec.get("attachments", [])), server_rendered=offset % 6 == 5,
            ))
        self._next_id = FIRST_ID + 500_000
        self._by_path = {n.path: n for n in self._notices}

    def column_notices(self, column: int) -> list[Notice]:
        """The notices of a column, newest first."""
        with self._lock:
            chosen = [n for n in self._notices if n.column == column]
        return sorted(chosen, key=lambda n: (n.published_at, n.id), reverse=True)

    def truth(self) -> list[dict]:
        """One truth record per notice, oldest first."""
        with self._lock:
            return [n.truth() for n in sorted(self._notices, key=lambda n: (n.published_at, n.id))]

    def add(self, column: int, title: str, paragraphs: list[str], published_at: datetime, district: str = "城区",
            label: str = "none", incident: str | None = None) -> dict:
        """Publish a notice at the top of `column`; returns its truth record."""
        if column not in COLUMNS:
            raise ValueError(f"column: expected one of {sorted(COLUMNS)}, got {column!r}")
        with self._lock:
            notice = Notice(id=self._next_id, column=column, title=title, paragraphs=list(paragraphs),
                            published_at=published_at.astimezone(BEIJING), district=district, label=label,
                            incident=incident, live=True)
            self._next_id += 1
            self._notices.append(notice)
            self._by_path[notice.path] = notice
        return notice.truth()

    # -- responses: (status, body, content type, last modified) or None when the path is not ours ----

    def route(self, path: str, query: str, origin: str):
        """The response for a portal path, or None when `path` is not the portal's."""
        if path in (PREFIX + "index", PREFIX + "index.html", PREFIX):
            return 200, self.index_page().encode("utf-8"), "text/html; charset=utf-8", None
        if path.startswith(PREFIX + "api/all/"):
            return self.api(path.removeprefix(PREFIX + "api/all/"), parse_qs(query), origin)
        if path.startswith(ATTACHMENT_PREFIX):
            notice = next((n for n in self._notices for i in range(len(n.attachments))
                           if n.attachment_path(i) == path), None)
            if notice is None:
                return None
            return 200, b"%PDF-1.4\n% demo attachment\n", "application/octet-stream", notice.published_at
        with self._lock:
            notice = self._by_path.get(path)
        if notice is None:
            return None
        return 200, self.detail_page(notice, origin).encode("utf-8"), "text/html; charset=utf-8", notice.published_at

    def api(self, column_text: str, query: dict, origin: str):
        """A page of a column's JSON list; wrong site id or column: a JSON error."""
        if query.get("sid", [None])[0] != SID:
            return 400, _dumps({"error": "invalid sid"}), "application/json; charset=utf-8", None
        if not column_text.isdigit() or int(column_text) not in COLUMNS:
            return 404, _dumps({"error": "no such column"}), "application/json; charset=utf-8", None
        try:
            page = max(1, int(query.get("page", ["1"])[0]))
        except ValueError:
            return 400, _dumps({"error": "invalid page"}), "application/json; charset=utf-8", None
        listed = self.column_notices(int(column_text))
        shown = listed[(page - 1) * PER_PAGE: page * PER_PAGE]
        payload = {
            "total": len(listed), "page": page, "page_size": PER_PAGE,
            "articles": [self.list_entry(n, origin) for n in shown],
        }
        newest = max((n.published_at for n in shown), default=None)
        return 200, _dumps(payload), "application/json; charset=utf-8", newest

    def list_entry(self, notice: Notice, origin: str) -> dict:
        """A notice as the list API describes it (absolute `url`, relative `post_url`, Unix dates)."""
        return {
            "id": notice.id, "title": notice.title, "url": origin + notice.path, "post_url": notice.path,
            "publisher": REGULATOR, "identifier": f"11441500MB2C{notice.id % 100000:05d}/2025-{notice.id % 1000:05d}",
            "create_time": _timestamp(notice.published_at) - 600,
            "display_publish_time": _timestamp(notice.published_at),
            "classify_main_name": COLUMNS[notice.column],
        }

    def record(self, notice: Notice, origin: str) -> dict:
        """The record a detail page embeds."""
        content = "".join(f"<p>{html.escape(p)}</p>" for p in notice.paragraphs)
        links = [{"name": name, "url": origin + notice.attachment_path(i)} for i, name in enumerate(notice.attachments)]
        record = {
            "id": notice.id, "title": notice.title, "content": content, "publisher": REGULATOR,
            "display_publish_time": _timestamp(notice.published_at),
            "created_at": f"{notice.published_at:%Y-%m-%d %H:%M:%S}",
            "document_number": f"汕市质〔2025〕{notice.id % 1000}号",
            "classify_main_name": COLUMNS[notice.column], "attachment": links,
        }
        if notice.server_rendered:  # older pages: the record holds the metadata only
            del record["content"], record["attachment"]
        return record

    def index_page(self) -> str:
        """The index: a shell whose script names SID and columns and would load lists from the API."""
        tree = [{"id": cid, "name": name, "parent": 0} for cid, name in COLUMNS.items()]
        return (
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(NAME)}（演示）</title>\n"
            f"<script>window._CONFIG = {{SID: '{SID}', TREE: {_script_json(tree)}, PAGE_SIZE: {PER_PAGE}}};</script>\n"
            "</head><body><div id=\"app\"><div class=\"header\">"
            f"<h1>{html.escape(NAME)}</h1></div><div class=\"tree\" id=\"tree\"></div>"
            "<div class=\"list\" id=\"list\"><p class=\"loading\">正在加载……</p></div></div>\n"
            f"<script>{LIST_SCRIPT}</script>\n"
            "</body></html>\n"
        )

    def detail_page(self, notice: Notice, origin: str) -> str:
        """A notice page: header, an empty body filled by script from the embedded record (or, for
        server-rendered notices, the body and attachment links in the HTML)."""
        if notice.server_rendered:
            files = "".join(f'<li><a href="{html.escape(origin + notice.attachment_path(i))}">{html.escape(name)}</a></li>'
                            for i, name in enumerate(notice.attachments))
            paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in notice.paragraphs)
            return (
                "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(notice.title)}-{html.escape(NAME)}</title>\n"
                f"<script>window._CONFIG = {{SID: '{SID}', DETAIL: {_script_json(self.record(notice, origin))}}};</script>\n"
                "</head><body><div class=\"header\"><a href=\"/zwgk/gkmlpt/index\">政府信息公开</a></div>"
                f"<div class=\"detail\"><h1 class=\"title\">{html.escape(notice.title)}</h1>"
                f"<div class=\"info\">发布日期：{notice.published_at:%Y-%m-%d %H:%M} 来源：{html.escape(REGULATOR)}</div>"
                f"<div class=\"article-content\">\n{paragraphs}\n</div>"
                + (f"<div class=\"files\"><ul>{files}</ul></div>" if files else "") +
                "</div>\n</body></html>\n"
            )
        return (
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(notice.title)}-{html.escape(NAME)}</title>\n"
            f"<script>window._CONFIG = {{SID: '{SID}', DETAIL: {_script_json(self.record(notice, origin))}}};</script>\n"
            "</head><body><div class=\"header\"><a href=\"/zwgk/gkmlpt/index\">政府信息公开</a></div>"
            "<div class=\"detail\"><h1 class=\"title\" id=\"title\"></h1><div class=\"info\" id=\"info\"></div>"
            "<div class=\"article-content\" id=\"content\"></div></div>\n"
            f"<script>{DETAIL_SCRIPT}</script>\n"
            "</body></html>\n"
        )


# The index builds its list in the browser from the JSON API (column from ?column= or #fragment).
LIST_SCRIPT = """
(function () {
  var query = new URLSearchParams(location.search);
  var column = query.get('column') || location.hash.slice(1) || '%d';
  var page = parseInt(query.get('page') || '1', 10);
  var box = document.getElementById('list');
  fetch('/zwgk/gkmlpt/api/all/' + column + '?page=' + page + '&sid=' + window._CONFIG.SID)
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var ul = document.createElement('ul');
      ul.className = 'gk-list';
      data.articles.forEach(function (a) {
        var li = document.createElement('li'), link = document.createElement('a'), when = document.createElement('span');
        link.href = a.post_url; link.textContent = a.title;
        when.textContent = new Date(a.display_publish_time * 1000).toISOString().slice(0, 10);
        li.appendChild(link); li.appendChild(when); ul.appendChild(li);
      });
      box.innerHTML = '';
      box.appendChild(ul);
      if (page * data.page_size < data.total) {
        var next = document.createElement('a');
        next.className = 'next'; next.textContent = '下一页';
        next.href = '?column=' + column + '&page=' + (page + 1);
        box.appendChild(next);
      }
      box.setAttribute('data-ready', '1');
    });
})();
""" % PENALTY_COLUMN

# A detail page shows its record's title, date and content (pages without content keep their HTML).
DETAIL_SCRIPT = """
(function () {
  var d = window._CONFIG.DETAIL;
  if (!d.content) { return; }
  document.getElementById('title').textContent = d.title;
  document.getElementById('info').textContent = '发布日期：' + d.created_at.slice(0, 16) + ' 来源：' + d.publisher;
  document.getElementById('content').innerHTML = d.content;
})();
"""


def _dumps(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _script_json(value) -> str:
    # JSON inside <script>: "</" must not end the element early.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
