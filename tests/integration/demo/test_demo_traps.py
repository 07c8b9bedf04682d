"""The demo site's traps misbehave exactly as the crawler tests expect."""

from __future__ import annotations

import re
import socket
import time
from urllib.parse import urlsplit

import httpx

from demo.corpus import traps, truth


def _raw_get(base_url: str, path: str) -> tuple[bytes, bytes]:
    """GET over a plain socket; returns the header block and whatever body arrived before the close."""
    parts = urlsplit(base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body


def test_redirect_from_a_legacy_url_to_the_canonical_article(http, site):
    redirect = traps()["redirect"]
    response = http.get(redirect["from"])
    assert response.status_code == 301
    assert response.headers["location"] == site.base_url + redirect["to"]
    assert f'href="{redirect["from"]}"' in http.get("/daily/").text


def test_broken_pages_500_and_truncated(http, site):
    assert http.get(traps()["error500"]).status_code == 500
    malformed = traps()["malformed"]
    head, body = _raw_get(site.base_url, malformed)
    declared = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    assert b"200 OK" in head and 0 < len(body) < declared
    assert not body.rstrip().endswith(b"</html>")
    try:
        http.get(malformed)
        raise AssertionError("a truncated body must fail the client")
    except httpx.RemoteProtocolError:
        pass


def test_oversized_page_is_over_3_mb_and_linked_from_a_list(http):
    path = traps()["oversized"]
    response = http.get(path)
    assert response.status_code == 200 and len(response.content) > 3 * 1024 * 1024
    listed = "".join(http.get(url).text for url in ("/daily/", "/daily/list_2.html", "/daily/list_3.html"))
    assert path in listed


def test_slow_page_waits_the_configured_seconds(http, site):
    started = time.monotonic()
    response = http.get(traps()["slow"])
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and elapsed >= site.slow_seconds
    assert elapsed < site.slow_seconds + 5


def test_tracking_parameters_and_fragments_lead_to_the_same_article(http):
    tracking = traps()["tracking"]
    bodies = {http.get(url).content for url in [tracking["canonical"], *tracking["variants"]]}
    assert len(bodies) == 1
    front = http.get("/daily/").text.replace("&amp;", "&")
    assert any(variant.split("#")[0] in front for variant in tracking["variants"])
    assert "utm_source=" in front and "#comments" in front


def test_exact_duplicate_is_served_under_two_urls(http):
    dup = traps()["duplicate"]
    copy_html = http.get(dup["path"]).content.decode("utf-8")
    original_html = http.get(dup["duplicate_of"]).content.decode("gb18030")
    record = next(r for r in truth() if r["path"] == dup["path"])
    for paragraph in record["body"].split("\n"):
        assert f"<p>{paragraph}</p>" in copy_html and f"<p>{paragraph}</p>" in original_html
