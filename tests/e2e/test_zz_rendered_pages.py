"""Every HTML page the app served during the e2e run, read for English status and action codes.

web_e2e_helpers.recording (around conftest's live server) keeps each text/html body the server sends;
this module is collected last (test_zz_…), so it reads the pages of every flow before it: the queue after
a decision, the enterprise page after a 约谈, search results, the regulator's alert, error pages. It also
tours the main pages itself, so that run alone it still reads something. The text a user reads is the
page's text nodes (not scripts or styles) and the attributes shown to them (title, placeholder, alt,
aria-label, a button's value)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from store.models import AuditEntry
from test_enterprise_and_search_flows import _english_codes
from web_e2e_helpers import RENDERED, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.es, pytest.mark.slow]

_SHOWN_ATTRS = ("title", "placeholder", "alt", "aria-label")
# Addresses, e-mails and a login name shown as one (登录名：admin) may hold any word.
_URL_OR_MAIL = re.compile(r"https?://\S+|[\w.+-]+@[\w.-]+|登录名[：:]\s*[\w.@-]+")


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        attrs = dict(attrs)
        self.parts.extend(str(attrs[a]) for a in _SHOWN_ATTRS if attrs.get(a))
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(str(attrs["value"]))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text of a page a person reads, with addresses, e-mails and login names blanked."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return _URL_OR_MAIL.sub(" ", "\n".join(parser.parts))


def test_the_check_finds_a_leaked_code():
    code = _english_codes()
    assert code.findall(visible_text('<main><span class="state">confirmed</span></main>')) == ["confirmed"]
    assert code.findall(visible_text('<button title="alert.sent">确认</button>')) == ["alert.sent"]
    assert not code.findall(visible_text('<td title="登录名：admin">系统管理员</td>'))
    assert not code.findall(visible_text('<a href="/queue?state=confirmed" class="pending">已确认</a>'
                                         '<script>var s = "pending";</script>'))


def test_every_page_served_in_the_e2e_run_carries_no_english_codes(site, page):
    base, ids = site["url"], site["ids"]
    event = ids["events"]["expired-food"]
    for user, paths in {
            "admin": ["/audit", "/sources", f"/events/{event}", "/dashboard", "/queue", "/users"],
            "shenhe": ["/queue", f"/events/{event}", "/enterprises", "/enterprises/海丰县鑫旺超市有限公司"],
            "haifeng": ["/inbox", f"/alerts/{ids['alerts']['overdue:haifeng-amr']}"],
            "fenxi": ["/search?q=过期", "/search?q=爆炸", "/enterprises", "/dashboard"]}.items():
        sign_in(page, base, user)
        for path in paths:
            page.goto(base + path)
    code = _english_codes()
    # and the keys of the audit details stored in this run (shown as 详情), and any snake_case identifier
    with site["db"].session() as s:
        keys = {k for (details,) in s.execute(select(AuditEntry.details)) for k in (details or {})}
    detail = re.compile(r"(?<![\w@/.:-])(?:[a-z]+_[a-z_]+|" + "|".join(map(re.escape, sorted(keys, key=len, reverse=True)))
                        + r")(?![\w@/.:-])")
    pages = list(RENDERED)
    assert len(pages) >= 16, len(pages)
    leaks = {}
    for path, html in pages:
        text = visible_text(html)
        for m in [*code.finditer(text), *detail.finditer(text)]:  # each leak with the words around it, to find where it is shown
            leaks.setdefault(path, set()).add(re.sub(r"\s+", " ", text[max(0, m.start() - 30):m.end() + 30]))
    assert not leaks, leaks
