"""The demo gkmlpt portal behaves like a Guangdong government-information platform over real HTTP."""

from __future__ import annotations

import json
import re

from crawler.spiders.gkmlpt import embedded_detail

SID_RE = re.compile(r"SID: '(\d+)'")


def _sid(http) -> str:
    response = http.get("/zwgk/gkmlpt/index")
    assert response.status_code == 200
    assert "<li" not in response.text  # the list is not in the HTML
    return SID_RE.search(response.text).group(1)


def _api(http, column: int, page: int, sid: str):
    return http.get(f"/zwgk/gkmlpt/api/all/{column}?page={page}&sid={sid}")


def test_index_names_the_site_id_and_the_two_columns(http):
    response = http.get("/zwgk/gkmlpt/index")
    config = response.text.split("window._CONFIG = ", 1)[1]
    assert "行政处罚" in config and "抽检信息" in config and "2461" in config and "2462" in config
    assert _sid(http) == "755901"


def test_columns_page_newest_first_through_every_notice(http, site):
    sid = _sid(http)
    truth = site.gkmlpt_truth()
    for column in (2461, 2462):
        seen, page = [], 1
        while True:
            payload = _api(http, column, page, sid).json()
            if not payload["articles"]:
                break
            seen += payload["articles"]
            page += 1
        expected = [t for t in truth if t["column"] == column]
        assert payload["total"] == len(expected) and len(seen) == len(expected)
        assert [a["display_publish_time"] for a in seen] == sorted((a["display_publish_time"] for a in seen), reverse=True)
        assert {a["post_url"] for a in seen} == {t["path"] for t in expected}
        assert all(a["url"] == site.base_url + a["post_url"] for a in seen)
        assert any(t["incident"] for t in expected)


def test_wrong_site_id_or_column_is_a_json_error(http):
    assert _api(http, 2461, 1, "1").status_code == 400
    assert _api(http, 9999, 1, _sid(http)).status_code == 404
    assert json.loads(_api(http, 9999, 1, _sid(http)).text) == {"error": "no such column"}


def test_detail_pages_embed_their_record_and_attachments_are_served(http, site):
    truth = site.gkmlpt_truth()
    by_record = next(t for t in truth if t["body_in"] == "record" and t["attachments"])
    response = http.get(by_record["path"])
    record = embedded_detail(response.text)
    assert record["title"] == by_record["title"]
    assert all(f"<p>{p}</p>" in record["content"] for p in by_record["body"].splitlines() if "<" not in p)
    assert [a["url"] for a in record["attachment"]] == [site.base_url + a["path"] for a in by_record["attachments"]]
    assert http.get(by_record["attachments"][0]["path"]).status_code == 200
    in_html = next(t for t in truth if t["body_in"] == "html")
    page = http.get(in_html["path"]).text
    assert "content" not in embedded_detail(page)
    assert in_html["body"].splitlines()[0] in page
    assert http.get("/zwgk/gkmlpt/content/4/4102/post_1.html").status_code == 404


def test_news_list_as_json_links_every_page(http, site):
    listed, url = [], "/news/api/list.json?page=1"
    while url:
        payload = http.get(url).json()
        listed += payload["data"]["list"]
        url = payload["data"]["next"]
    assert [a["link"] for a in listed] == [a.path for a in site.state.portal_articles("news")]
    assert http.get("/news/api/list.json?page=x").status_code == 400
