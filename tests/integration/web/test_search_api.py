"""Search through the API and the CSV export against the real Elasticsearch."""

import csv
import re
import io

import pytest
from fastapi.testclient import TestClient

from store.db import Database
from store.models import Article
from store.outbox import drain, enqueue
from trustwatch.configs import index_config
from trustwatch.web import create_app
from trustwatch.web.sample_data import PASSWORD, seed

pytestmark = pytest.mark.es


@pytest.fixture
def analyst(es, tmp_path):
    settings = es.fresh_settings(env="test", home=tmp_path, db_url=f"sqlite:///{tmp_path / 'tw.db'}")
    db = Database(settings.database_url)
    db.migrate()
    seed(db, settings)
    with db.session() as s:
        for (article_id,) in s.query(Article.id):
            enqueue(s, "article", article_id)
    drain(db, es.client, index_config(settings))
    es.client.indices.refresh(index=f"{settings.es_index_prefix}-*")
    client = TestClient(create_app(settings, db=db))
    assert client.post("/api/v1/login", json={"username": "fenxi", "password": PASSWORD}).status_code == 200
    yield client
    client.close()
    db.dispose()


def test_api_search_with_filters_highlights_and_facets(analyst):
    body = analyst.get("/api/v1/search", params={"q": "过期", "district": "海丰县"}).json()
    assert body["total"] >= 2
    assert all(h["district"] == "海丰县" for h in body["hits"])
    assert any("<em>过期</em>" in h["snippet_html"] or "<em>过期</em>" in h["title_html"] for h in body["hits"])
    assert {"key": "海丰县", "count": body["total"]} in body["facets"]["district"]


def test_highlights_of_hostile_text_are_escaped(analyst):
    hits = analyst.get("/api/v1/search", params={"q": "饭店"}).json()["hits"]
    hostile = [h for h in hits if "script" in h["title"]]
    assert hostile and "<script>" not in hostile[0]["title_html"] and "&lt;script&gt;" in hostile[0]["title_html"]


def test_csv_export_is_safe_for_spreadsheets(analyst):
    resp = analyst.get("/search.csv", params={"q": "饭店"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(resp.text.lstrip("\ufeff"))))
    assert rows[0][0] == "标题"
    assert any("<script>" in r[0] for r in rows[1:])  # text kept as text
    assert "'=HYPERLINK(\"http://evil.example\",\"城区饭店通报\")" in [r[0] for r in rows]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_search_page_needs_analyst_or_reviewer(analyst):
    analyst.post("/api/v1/logout", headers={"X-CSRF-Token": analyst.get("/api/v1/me").json()["csrf_token"]})
    assert analyst.post("/api/v1/login", json={"username": "haifeng", "password": PASSWORD}).status_code == 200
    assert analyst.get("/api/v1/search", params={"q": "过期"}).status_code == 403


def test_date_range_and_pagination(analyst):
    everything = analyst.get("/api/v1/search", params={"q": "过期"}).json()["total"]
    assert analyst.get("/api/v1/search", params={"q": "过期", "date_from": "2099-01-01"}).json()["total"] == 0
    assert analyst.get("/api/v1/search", params={"q": "过期", "date_to": "2099-01-01"}).json()["total"] == everything
    page2 = analyst.get("/api/v1/search", params={"q": "过期", "page": 2}).json()
    assert page2["page"] == 2 and page2["hits"] == []  # the sample fits on one page of 20


def test_search_page_highlights_and_shows_beijing_time(analyst):
    page = analyst.get("/search", params={"q": "过期"}).text
    assert "<em>过期</em>" in page
    assert "北京时间" in page
    assert "T" not in re.findall(r'<time title="北京时间">([^<]*)</time>', page)[0]


def test_csv_gives_beijing_time_with_offset_and_chinese_domains(analyst):
    rows = list(csv.reader(io.StringIO(analyst.get("/search.csv", params={"q": "过期"}).text.lstrip("\ufeff"))))
    assert rows[0][2] == "发布时间（北京时间）"
    assert rows[1:] and all(r[2].endswith("+08:00") for r in rows[1:] if r[2])
    assert {r[4] for r in rows[1:]} <= {"食品", "医疗", "安全生产", "无关", ""}
