"""The demo news site's HTTP server: five portals, feeds, traps, and a loopback publish endpoint."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from demo.corpus import REFERENCE_NOW, DemoArticle, truth
from demo.board import BoardPortal
from demo.gkmlpt import GkmlptPortal
from demo.render import daily, feeds, gov, news
from demo.state import PublishError, SiteState

log = logging.getLogger(__name__)

MAX_POST_BYTES = 1_000_000
# Enough filler to push the oversized page past 3 MB.
_OVERSIZED_FILLER = (
    "<div class=\"comment-dump\">"
    + "<p class=\"c\">网友留言：支持报道，希望相关部门加强监管，守护群众身边的安全。</p>" * 36_000
    + "</div>\n"
)
_LIST_DAILY = re.compile(r"^/daily/(?:list_(\d+)\.html)?$")
_LIST_GOV = re.compile(r"^/gov/(?:index(?:_(\d+))?\.html)?$")
_LIST_NEWS = re.compile(r"^/news/(?:list/(\d+)\.html)?$")


class _QuietServer(ThreadingHTTPServer):
    """A crawler that gives up on the slow or oversized page drops the connection: not an error here."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


@dataclass
class Reply:
    """A response to send: status, body, content type, and what conditional requests compare."""

    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    last_modified: object = None  # an aware datetime, for Last-Modified
    headers: dict = field(default_factory=dict)
    truncate: bool = False  # send only part of the body, then drop the connection
    delay: bool = False  # wait slow_seconds before answering


class DemoSite:
    """The demo site on host:port (port 0 = OS-picked), served from a background thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, slow_seconds: float = 5.0,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.host = host
        self.port = port
        self.slow_seconds = slow_seconds
        # What the news portal's relative dates (3小时前, 昨天 10:20) count back from: the corpus's own
        # instant by default; a site publishing live next to a crawler on the real clock passes the
        # real clock, as a real site writes them against the moment it serves the page.
        self.clock = clock
        self.state = SiteState()
        self.gkmlpt = GkmlptPortal()
        self.board = BoardPortal()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._publisher: threading.Thread | None = None

    def now(self) -> datetime:
        """The instant the news portal's relative dates are written against."""
        return self.clock() if self.clock is not None else REFERENCE_NOW

    @property
    def base_url(self) -> str:
        """http://host:port of the running site."""
        if self._server is None:
            raise RuntimeError("the demo site is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "DemoSite":
        """Bind and serve in a background thread; returns self."""
        handler = type("BoundDemoHandler", (DemoHandler,), {"site": self})
        self._server = _QuietServer((self.host, self.port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and publishing; wakes any slow page still waiting."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._publisher is not None:
            self._publisher.join(timeout=10)

    def __enter__(self) -> "DemoSite":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def publish(self, article: dict | None = None) -> dict:
        """Publish an article (given, or the next from the pool) at the top of its portal; returns its truth + url."""
        published = self.state.publish(article)
        record = published.truth()
        if self._server is not None:
            record["url"] = self.base_url + published.path
        return record

    def truth(self) -> list[dict]:
        """The corpus truth plus every article published so far."""
        return truth() + [a.truth() for a in self.state.published()]

    def gkmlpt_truth(self) -> list[dict]:
        """The truth of the gkmlpt portal (kept apart from the three news portals' truth)."""
        return self.gkmlpt.truth()

    def board_truth(self) -> list[dict]:
        """The truth of the complaint board (kept apart from the news portals' truth)."""
        return self.board.truth()

    def publish_every(self, seconds: float) -> None:
        """Publish from the pool every `seconds` in a background thread until stop()."""
        def loop() -> None:
            while not self._stopping.wait(seconds):
                record = self.publish()
                log.info("published %s %s", record["path"], record["title"])

        self._publisher = threading.Thread(target=loop, name="demo-publisher", daemon=True)
        self._publisher.start()

    def wait_slow(self) -> None:
        """Sleep for the slow page's delay, cut short when the site stops."""
        self._stopping.wait(self.slow_seconds)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


class DemoHandler(BaseHTTPRequestHandler):
    """Routes requests to the portal renderers and applies conditional-request and trap behaviour."""

    site: DemoSite
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes; avoid 40 ms delayed-ACK stalls
    server_version = "DemoNews/1.0"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - BaseHTTPRequestHandler's signature
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._respond(self._route(), head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(self._route(), head=True)

    def do_POST(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        if path != "/_demo/publish":
            self._respond(Reply(405, b"method not allowed\n", "text/plain; charset=utf-8", headers={"Allow": "GET"}))
            return
        if not self._from_loopback():
            self._respond(Reply(403, b"forbidden\n", "text/plain; charset=utf-8"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_POST_BYTES:
            self._respond(_json(413, {"error": f"body larger than {MAX_POST_BYTES} bytes"}))
            return
        raw = self.rfile.read(length) if length else b""
        try:
            spec = json.loads(raw.decode("utf-8")) if raw.strip() else None
            if spec is not None and not isinstance(spec, dict):
                raise PublishError("expected a JSON object describing the article, or an empty body")
            record = self.site.publish(spec)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._respond(_json(400, {"error": f"invalid JSON: {exc}"}))
            return
        except PublishError as exc:
            self._respond(_json(400, {"error": str(exc)}))
            return
        self._respond(_json(201, record))

    def _from_loopback(self) -> bool:
        try:
            return ipaddress.ip_address(self.client_address[0]).is_loopback
        except ValueError:
            return False

    def _origin(self) -> str:
        host = self.headers.get("Host")
        if host and re.fullmatch(r"[A-Za-z0-9.\-\[\]:]{1,100}", host):
            return f"http://{host}"
        return self.site.base_url

    def _route(self) -> Reply:
        parts = urlsplit(self.path)
        path = parts.path
        state = self.site.state
        if path.startswith(("/zwgk/gkmlpt/", "/zwgk/attachment/")):
            found = self.site.gkmlpt.route(path, parts.query, self._origin())
            if found is None:
                return _not_found(path)
            status, body, content_type, last_modified = found
            return Reply(status, body, content_type, last_modified=last_modified)
        if path.startswith("/liuyan/"):
            found = self.site.board.route(path)
            if found is None:
                return _not_found(path)
            status, body, content_type, last_modified = found
            return Reply(status, body, content_type, last_modified=last_modified)
        if path == "/":
            return Reply(200, _index_page().encode("utf-8"))
        if path == "/robots.txt":
            return Reply(200, _robots(self._origin()).encode("utf-8"), "text/plain; charset=utf-8")
        if path in ("/_demo/truth", "/_demo/truth/gkmlpt", "/_demo/truth/board"):
            if not self._from_loopback():
                return Reply(403, b"forbidden\n", "text/plain; charset=utf-8")
            chosen = {"/_demo/truth": self.site.truth, "/_demo/truth/gkmlpt": self.site.gkmlpt_truth,
                      "/_demo/truth/board": self.site.board_truth}[path]
            return _json(200, chosen())
        if m := _LIST_DAILY.match(path):
            return self._list("daily", int(m.group(1) or 1))
        if m := _LIST_GOV.match(path):
            return self._list("gov", int(m.group(1)) + 1 if m.group(1) else 1)
        if m := _LIST_NEWS.match(path):
            return self._list("news", int(m.group(1) or 1))
        if path == "/news/api/list.json":
            return self._news_json(parts.query)
        if path == "/news/app.html":
            return Reply(200, _NEWS_APP.encode("utf-8"))
        if path == "/daily/app.html":
            return Reply(200, _daily_app(state.portal_articles("daily")).encode("utf-8"))
        if path == "/news/rss.xml":
            items = state.portal_articles("news")
            return Reply(200, feeds.rss(items, self._origin()), "application/rss+xml; charset=utf-8",
                         last_modified=items[0].published_at)
        if path == "/gov/sitemap.xml":
            items = state.portal_articles("gov")
            return Reply(200, feeds.sitemap(items, self._origin()), "application/xml; charset=utf-8",
                         last_modified=items[0].published_at)
        if target := state.redirect_target(path):
            return Reply(301, b"", "text/html; charset=utf-8", headers={"Location": self._origin() + target})
        article = state.article(path)
        if article is None:
            return _not_found(path)
        return self._article(article)

    def _list(self, portal: str, page: int) -> Reply:
        listed = self.site.state.portal_articles(portal)
        if portal == "daily":
            internal = [a for a in listed if a.trap == "internal"]
            listed = [a for a in listed if a.trap != "internal"]
            pages = -(-len(listed) // daily.PER_PAGE)
            if page > pages:
                return _not_found(f"/daily/ page {page}")
            body = daily.list_page(listed, page, internal).encode("utf-8")
            shown = listed[(page - 1) * daily.PER_PAGE: page * daily.PER_PAGE]
            return Reply(200, body, last_modified=max(a.published_at for a in shown))
        module = gov if portal == "gov" else news
        pages = -(-len(listed) // module.PER_PAGE)
        if page > pages:
            return _not_found(f"/{portal}/ page {page}")
        shown = listed[(page - 1) * module.PER_PAGE: page * module.PER_PAGE]
        if portal == "gov":
            return Reply(200, gov.encode(gov.list_page(listed, page)), "text/html; charset=gbk",
                         last_modified=max(a.published_at for a in shown))
        return Reply(200, news.list_page(listed, page, self.site.now()).encode("utf-8"),
                     last_modified=max(a.published_at for a in shown))

    def _news_json(self, query: str) -> Reply:
        """The news portal's list as JSON (what its app reads): `data.list`, `data.next` page link."""
        from urllib.parse import parse_qs

        value = parse_qs(query).get("page", ["1"])[0]
        if not value.isdigit() or int(value) < 1:
            return _json(400, {"code": 400, "message": "page: expected a positive integer"})
        page = int(value)
        listed = [a for a in self.site.state.portal_articles("news")]
        shown = listed[(page - 1) * news.PER_PAGE: page * news.PER_PAGE]
        if not shown and page > 1:
            return _json(404, {"code": 404, "message": "no such page"})
        more = page * news.PER_PAGE < len(listed)
        payload = {"code": 0, "data": {
            "list": [{"id": a.id, "title": a.title, "link": a.path,
                      "pubtime": f"{a.published_at:%Y-%m-%d %H:%M}", "author": a.author} for a in shown],
            "next": f"/news/api/list.json?page={page + 1}" if more else None,
        }}
        reply = _json(200, payload)
        reply.last_modified = max((a.published_at for a in shown), default=None)
        return reply

    def _article(self, article: DemoArticle) -> Reply:
        if article.trap == "error500":
            return Reply(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>\n")
        same = self.site.state.portal_articles(article.portal)
        if article.portal == "gov":
            reply = Reply(200, gov.encode(gov.article_page(article)), "text/html; charset=gbk")
        elif article.portal == "news":
            reply = Reply(200, news.article_page(article, same, self.site.now()).encode("utf-8"))
        else:
            extra = _OVERSIZED_FILLER if article.trap == "oversized" else ""
            reply = Reply(200, daily.article_page(article, same, extra).encode("utf-8"))
        reply.last_modified = article.published_at
        reply.truncate = article.trap == "malformed"
        reply.delay = article.trap == "slow"
        return reply

    def _respond(self, reply: Reply, head: bool = False) -> None:
        if reply.delay:
            self.site.wait_slow()
        headers = dict(reply.headers)
        if reply.status == 200:
            etag = _etag(reply.body)
            headers["ETag"] = etag
            if reply.last_modified is not None:
                headers["Last-Modified"] = format_datetime(reply.last_modified.astimezone(timezone.utc), usegmt=True)
            if not reply.truncate and self._not_modified(etag, reply.last_modified):
                self._send_head(304, headers, None, None)
                return
        self._send_head(reply.status, headers, reply.content_type, len(reply.body), close=reply.truncate)
        if head:
            return
        if reply.truncate:
            # Cut inside a tag, well before the declared length, then drop the connection.
            cut = reply.body.rfind(b"<", 0, len(reply.body) // 2) + 3
            self.wfile.write(reply.body[:cut])
            self.wfile.flush()
            self.close_connection = True
            return
        try:
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. a size limit); nothing to do

    def _not_modified(self, etag: str, last_modified) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since and last_modified is not None:
            try:
                return last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def _send_head(self, status: int, headers: dict, content_type: str | None, length: int | None,
                   close: bool = False) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        elif status == 304:
            self.send_header("Content-Length", "0")
        for name, value in headers.items():
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
        self.end_headers()


# The news portal's mobile page: an empty shell whose script builds the list from the JSON API.
_NEWS_APP = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>潮声网·移动版</title></head><body>
<div class="app-header">潮声网</div><div id="feed" class="feed"><p class="loading">加载中……</p></div>
<script>
fetch('/news/api/list.json?page=1').then(function (r) { return r.json(); }).then(function (data) {
  var box = document.getElementById('feed');
  box.innerHTML = '';
  data.data.list.forEach(function (a) {
    var card = document.createElement('div'), link = document.createElement('a');
    card.className = 'card'; link.href = a.link; link.textContent = a.title;
    card.appendChild(link); box.appendChild(card);
  });
});
</script></body></html>
"""


def _daily_app(listed: list[DemoArticle]) -> str:
    """The daily's 要闻 app page: the latest reachable stories as data in the page, the list built by script."""
    stories = [{"t": a.title, "u": a.path} for a in listed if a.reachable and a.trap is None][:12]
    data = json.dumps(stories, ensure_ascii=False).replace("</", "<\\/")
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>晨潮日报·要闻</title></head>"
        "<body><div class=\"top\">晨潮日报·要闻</div><ul id=\"stories\" class=\"stories\"></ul>\n"
        f"<script>var STORIES = {data};\n"
        "var box = document.getElementById('stories');\n"
        "STORIES.forEach(function (s) { var li = document.createElement('li'), a = document.createElement('a');"
        " a.href = s.u; a.textContent = s.t; li.appendChild(a); box.appendChild(li); });</script>\n"
        "</body></html>\n"
    )


def _json(status: int, payload) -> Reply:
    return Reply(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")


def _not_found(what: str) -> Reply:
    log.debug("404 for %s", what)
    body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404 页面不存在</title></head>" \
           "<body><h1>404</h1><p>您访问的页面不存在或已被删除。</p></body></html>\n"
    return Reply(404, body.encode("utf-8"))


def _robots(origin: str) -> str:
    return (
        "User-agent: *\nDisallow: /daily/internal/\nDisallow: /_demo/\n\n"
        f"Sitemap: {origin}/gov/sitemap.xml\n"
    )


def _index_page() -> str:
    return (
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>演示新闻站点</title></head><body>"
        "<h1>演示新闻站点（内容均为虚构）</h1><ul>"
        "<li><a href=\"/daily/\">晨潮日报</a></li><li><a href=\"/gov/\">汕尾市民生质量监督局</a></li>"
        "<li><a href=\"/news/\">潮声网</a> （<a href=\"/news/rss.xml\">RSS</a>）</li>"
        "<li><a href=\"/zwgk/gkmlpt/index\">汕尾市市场质量综合监管局政府信息公开</a></li>"
        "<li><a href=\"/liuyan/\">汕尾市民生诉求留言板</a></li></ul></body></html>\n"
    )
