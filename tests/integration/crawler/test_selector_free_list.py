"""A list source without selectors: the link extractor finds the demo portal's articles and pages."""

from __future__ import annotations

import shutil

import pytest
from crawl_helpers import PROJECT, run_crawl
from sqlalchemy import select

from store.db import Database
from store.models import Article

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

PLAIN = """sources:
  - name: daily-plain
    title: 晨潮日报（无选择器）
    kind: list
    start_urls: ["{demo_base_url}/daily/"]
    district: 城区
    allow_private: true
"""


def _stored(url: str) -> dict[str, tuple]:
    db = Database(url)
    with db.session() as s:
        rows = {a.url: (a.title, a.published_at) for a in s.scalars(select(Article))}
    db.dispose()
    return rows


def test_selector_free_list_finds_what_the_shipped_selectors_find(tmp_path, demo_site):
    folder = tmp_path / "config"
    (folder / "sources").mkdir(parents=True)
    shutil.copy(PROJECT / "config" / "sources" / "demo.yaml", folder / "sources" / "demo.yaml")
    (folder / "sources" / "plain.yaml").write_text(PLAIN, encoding="utf-8")
    shipped_db, plain_db = f"sqlite:///{tmp_path / 'shipped.db'}", f"sqlite:///{tmp_path / 'plain.db'}"
    shipped = run_crawl(shipped_db, demo_site.base_url, ["demo-daily"], config_dir=folder)["demo-daily"]
    plain = run_crawl(plain_db, demo_site.base_url, ["daily-plain"], config_dir=folder)["daily-plain"]
    assert plain["pages"] > 1 and plain["new_articles"] == shipped["new_articles"] > 20
    assert _stored(plain_db) == _stored(shipped_db)  # same articles, same titles and dates
    again = run_crawl(plain_db, demo_site.base_url, ["daily-plain"], config_dir=folder)["daily-plain"]
    assert again["new_articles"] == 0  # incremental: nothing stored twice
