"""The same crawl into PostgreSQL: articles stored once, a re-crawl adds nothing."""

from __future__ import annotations

import pytest
from crawl_helpers import run_crawl
from sqlalchemy import func, select

from store.models import Article, IndexOutbox

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(300)]


def test_gbk_sitemap_source_into_postgres(pg_db, demo_site):
    first = run_crawl(pg_db.url, demo_site.base_url, ["demo-gov"])
    second = run_crawl(pg_db.url, demo_site.base_url, ["demo-gov"])
    expected = len([t for t in demo_site.truth() if t["portal"] == "gov" and t["reachable"]])
    assert first["demo-gov"]["new_articles"] == expected and second["demo-gov"]["new_articles"] == 0
    with pg_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == expected
        assert s.scalar(select(func.count()).select_from(IndexOutbox)) == expected
