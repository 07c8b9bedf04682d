"""A tiny local news site for crawler tests: pages built from a dict, a request log, switchable layout."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class LocalSite:
    """Serves `pages` {path: (status, headers, body bytes)} on 127.0.0.1 with an OS-picked port."""

    def __init__(self, pages: dict[str, tuple[int, dict, bytes]]):
        self.pages = pages
        self.log: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                path = urlsplit(self.path).path
                site.log.append(self.path)
                status, headers, body = site.pages.get(path, (404, {}, b"not found"))
                etag = headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "LocalSite":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def html_page(title: str, body: str, date: str, encoding: str = "utf-8", declared: str | None = None) -> bytes:
    """An article page in a portal-like template."""
    paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n"))
    page = (f'<html><head><meta charset="{declared or encoding}"><title>{title}_测试新闻网</title></head><body>'
            f'<div class="nav"><a href="/">首页</a><a href="/list/">本地</a></div>'
            f'<div class="main"><h1>{title}</h1><div class="info">发布时间：{date} 来源：测试新闻网</div>'
            f'<div class="content">{paragraphs}</div></div>'
            f'<div class="footer">版权所有 测试新闻网</div></body></html>')
    return page.encode(encoding)
