"""`trustwatch sources probe URL` on every demo portal: the proposed entry loads, crawls, and finds what
the shipped entry finds."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from crawl_helpers import PROJECT, crawl_env, run_crawl
from sqlalchemy import select

from crawler.sources import load_source_file
from crawler.sources.probe import ProbeError, probe
from crawler.sources.probe_report import Fetcher
from store.db import Database
from store.models import Article

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

# (URL path probed, what it is, the shipped source it must match, or None: the portal's truth)
PORTALS = [
    ("/daily/", "list", "demo-daily"),
    ("/gov/sitemap.xml", "sitemap", "demo-gov"),
    ("/news/rss.xml", "rss", "demo-news"),
    ("/zwgk/gkmlpt/index", "gkmlpt", "demo-gkmlpt"),
    ("/liuyan/", "board", "demo-board"),
    ("/news/api/list.json?page=1", "json", "demo-news"),
    # Lists built by script: the JSON endpoint the page reads, else the page rendered in Chromium.
    ("/news/app.html", "json", "demo-news"),
    ("/daily/app.html", "list", "demo-daily"),
]


def _urls(db_url: str) -> set[str]:
    db = Database(db_url)
    with db.session() as s:
        urls = {a.url for a in s.scalars(select(Article))}
    db.dispose()
    return urls


@pytest.fixture(scope="module")
def fetch():
    fetcher = Fetcher("TrustwatchBot/0.1 (+mailto:test@example.org)", allow_private=True)
    yield fetcher
    fetcher.close()


@pytest.fixture(scope="module")
def shipped(demo_site, tmp_path_factory):
    """The URLs each shipped demo entry stores."""
    out = {}
    for name in sorted({p[2] for p in PORTALS}):
        url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'tw.db'}"
        run_crawl(url, demo_site.base_url, [name])
        out[name] = _urls(url)
    return out


@pytest.mark.parametrize("path,what,name", PORTALS)
def test_proposed_entry_loads_crawls_and_finds_the_shipped_entrys_articles(demo_site, fetch, shipped, tmp_path,
                                                                          path, what, name):
    result = probe(demo_site.base_url + path, fetch, name="probed")
    assert result.what == what
    assert len(result.samples) == 3 and all(a["title"] and a["body"] for a in result.samples)
    entry = dict(result.entry, allow_private=True)
    folder = tmp_path / "config" / "sources"
    folder.mkdir(parents=True)
    (folder / "probed.yaml").write_text(yaml.safe_dump({"sources": [entry]}, allow_unicode=True), encoding="utf-8")
    assert load_source_file(folder / "probed.yaml")[0].kind == entry["kind"]
    db_url = f"sqlite:///{tmp_path / 'tw.db'}"
    summary = run_crawl(db_url, demo_site.base_url, ["probed"], config_dir=tmp_path / "config")["probed"]
    assert summary["status"] == "finished"
    found = _urls(db_url)
    expected = shipped[name]
    if path == "/daily/app.html":  # twelve stories, rendered in the browser
        assert result.entry["render"] == "browser"
        assert found <= expected and len(found) == 12
    elif name == "demo-daily":  # the shipped entry also reads the sidebar of notices
        assert found <= expected and len(found) >= len(expected) - 10
    else:
        assert found == expected
    # The samples are what the crawl stored.
    assert {a["url"] for a in result.samples} <= found


def test_probe_command_prints_what_it_found_and_the_yaml(demo_site, tmp_path):
    env = crawl_env(f"sqlite:///{tmp_path / 'tw.db'}", demo_site.base_url)
    run = subprocess.run([sys.executable, "-m", "trustwatch.cli", "sources", "probe", "--allow-private",
                          demo_site.base_url + "/zwgk/gkmlpt/index#2462"], cwd=PROJECT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "识别为：gkmlpt 政府信息公开栏目" in run.stdout and "前 3 篇文章" in run.stdout
    assert "kind: gkmlpt" in run.stdout and "allow_private: true" in run.stdout
    refused = subprocess.run([sys.executable, "-m", "trustwatch.cli", "sources", "probe", demo_site.base_url + "/liuyan/"],
                             cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "--allow-private" in refused.stderr


def test_unreadable_urls_get_a_clear_error(demo_site, fetch):
    for url, message in [("ftp://x.example/a", "http:// 或 https://"),
                         (demo_site.base_url + "/no/such/page.html", "HTTP 404")]:
        with pytest.raises(ProbeError, match=message):
            probe(url, fetch)
