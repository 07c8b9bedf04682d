"""Pages a user reads carry no English codes: audit actions, statuses, kinds and route keys in Chinese."""

from __future__ import annotations

import re

# Codes stored in the database that once reached the pages as they are.
CODE_RE = re.compile(r"\b(?:event|alert|user|delivery|silence|department)\.[a-z_.]+\b"
                     r"|>\s*(?:finished|running|failed|list|rss|sitemap|propaganda|food-city|medical-city|safety-city)\s*<")


def _visible(html: str) -> str:
    """The page without its scripts, styles and attribute values (what a reader sees)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r'="[^"]*"', '=""', html)


def test_audit_event_and_source_pages_speak_chinese(web):
    event_id = web.ids["events"]["expired-food"]
    web.login("shenhe")
    web.page_token(f"/events/{event_id}")
    web.post_form(f"/events/{event_id}/review", {"action": "confirm"})
    event_page = web.http.get(f"/events/{event_id}").text
    assert "确认事件" in event_page
    web.login("admin")
    pages = {path: web.http.get(path).text for path in ("/audit", f"/events/{event_id}", "/sources")}
    assert "确认事件" in pages["/audit"]
    for path, html in pages.items():
        found = CODE_RE.findall(_visible(html))
        assert not found, f"{path}: English codes {found}"
