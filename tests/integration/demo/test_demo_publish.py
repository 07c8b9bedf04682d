"""Publishing a new article makes it appear at the top of its portal at once."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx

from demo.corpus import truth


def _rss_links(client: httpx.Client) -> list[str]:
    return [i.findtext("link") for i in ET.fromstring(client.get("/news/rss.xml").content).iter("item")]


def test_publish_from_the_pool_appears_in_feed_and_list_and_breaks_the_304(fresh_site):
    with httpx.Client(base_url=fresh_site.base_url) as client:
        etag = client.get("/news/rss.xml").headers["etag"]
        record = fresh_site.publish()
        assert record["portal"] == "news" and record["label"] != "none" and record["incident"]
        assert record["url"] == fresh_site.base_url + record["path"]
        assert _rss_links(client)[0] == record["url"]
        assert client.get("/news/rss.xml", headers={"If-None-Match": etag}).status_code == 200
        front = client.get("/news/").text
        assert front.index(record["path"]) < front.index('class="feed-item"', front.index('class="feed-item"') + 1)
        page = client.get(record["path"])
        assert page.status_code == 200 and record["title"] in page.text
        truth_now = {r["path"]: r for r in fresh_site.truth()}
        assert truth_now[record["path"]] == {k: v for k, v in record.items() if k != "url"}
        assert record["path"] not in {r["path"] for r in truth()}


def test_publish_rotates_portals_and_reaches_sitemap_and_daily_list(fresh_site):
    with httpx.Client(base_url=fresh_site.base_url) as client:
        records = [fresh_site.publish() for _ in range(3)]
        assert {r["portal"] for r in records} == {"news", "gov", "daily"}
        gov = next(r for r in records if r["portal"] == "gov")
        assert gov["url"] in client.get("/gov/sitemap.xml").text
        assert gov["title"] in client.get("/gov/").content.decode("gb18030")
        daily = next(r for r in records if r["portal"] == "daily")
        assert daily["path"] in client.get("/daily/").text.split("<li>")[1]


def test_publish_a_given_article_over_http_from_loopback(fresh_site):
    article = {"portal": "daily", "title": "测试：某某食品厂被查", "body": "第一段。\n第二段。", "label": "food",
               "district": "陆丰市", "incident": "test-1", "enterprises": ["陆丰市某某食品厂"]}
    with httpx.Client(base_url=fresh_site.base_url) as client:
        response = client.post("/_demo/publish", json=article)
        assert response.status_code == 201
        record = response.json()
        assert record["title"] == article["title"] and record["body"] == article["body"]
        assert record["path"].startswith("/daily/") and record["incident"] == "test-1"
        html = client.get(record["path"]).text
        assert "<p>第一段。</p>" in html and "<p>第二段。</p>" in html
        assert record["path"] in client.get("/daily/").text
        pooled = client.post("/_demo/publish")
        assert pooled.status_code == 201 and pooled.json()["incident"].startswith("live-")
        assert {r["path"] for r in client.get("/_demo/truth").json()} >= {record["path"], pooled.json()["path"]}


def test_publish_rejects_bad_articles_with_the_field_named(fresh_site):
    with httpx.Client(base_url=fresh_site.base_url) as client:
        cases = [({"title": "x", "body": "y", "label": "fire"}, "label"),
                 ({"title": "", "body": "y"}, "title"),
                 ({"title": "x"}, "body"),
                 ({"title": "x", "body": "y", "district": "深圳"}, "district"),
                 ({"title": "x", "body": "y", "portal": "blog"}, "portal")]
        for spec, field in cases:
            response = client.post("/_demo/publish", json=spec)
            assert response.status_code == 400
            assert response.json()["error"].startswith(field + ":")
        assert client.post("/_demo/publish", content=b"[1]").status_code == 400
        assert client.post("/_demo/publish", content=b"{not json").status_code == 400
        assert client.post("/daily/", content=b"").status_code == 405


def test_publish_every_keeps_publishing(fresh_site):
    import time

    fresh_site.publish_every(0.2)
    deadline = time.monotonic() + 10
    while len(fresh_site.state.published()) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(fresh_site.state.published()) >= 3
