"""The demo complaint board: list pages in a table, message pages with masked posters and replies."""

from __future__ import annotations

import re


def test_list_pages_link_every_message_newest_first(http, site):
    links, url = [], "/liuyan/"
    while url:
        page = http.get(url)
        assert page.status_code == 200
        links += re.findall(r'<td class="title"><a href="([^"]+)"', page.text)
        nxt = re.search(r'<a class="next" href="([^"]+)">下一页</a>', page.text)
        url = nxt.group(1) if nxt else None
    assert links == [m.path for m in site.board.newest_first()]
    assert http.get("/liuyan/list_99.html").status_code == 404


def test_message_pages_mask_the_poster_and_show_the_reply_when_answered(http, site):
    truth = site.board_truth()
    answered = next(t for t in truth if t["answered"])
    pending = next(t for t in truth if not t["answered"])
    page = http.get(answered["path"]).text
    assert re.search(r"留言人：.\*\*", page) and "答复单位：" in page
    assert "正在办理中" in http.get(pending["path"]).text
    assert any(t["incident"] for t in truth) and any(t["label"] == "none" for t in truth)
    assert http.get("/liuyan/content_1.html").status_code == 404
