"""The commands a user runs: scrapy list / crawl, trustwatch crawl and sources check."""

from __future__ import annotations

import subprocess
import sys

import pytest
from crawl_helpers import PROJECT, crawl_env

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def _run(args, env, timeout=180):
    return subprocess.run(args, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=timeout)


def test_scrapy_list_and_crawl_work_in_the_project(demo_site, tmp_path):
    env = crawl_env(f"sqlite:///{tmp_path / 'tw.db'}", demo_site.base_url)
    scrapy = [sys.executable, "-m", "scrapy"]
    listed = _run(scrapy + ["list"], env)
    assert listed.returncode == 0, listed.stderr
    assert {"demo-daily", "demo-gov", "demo-news", "shanwei-gov-news"} <= set(listed.stdout.split())
    crawled = _run(scrapy + ["crawl", "demo-gov", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
                             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"], env)
    assert crawled.returncode == 0, crawled.stderr[-2000:]
    assert "'tw/new_articles': 44" in crawled.stderr


def test_trustwatch_crawl_prints_progress_and_a_summary(demo_site, tmp_path):
    env = crawl_env(f"sqlite:///{tmp_path / 'tw.db'}", demo_site.base_url)
    result = _run([sys.executable, "-m", "trustwatch.cli", "crawl", "--source", "demo-news"], env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "[demo-news] 页面" in result.stderr  # progress
    summary = [line for line in result.stdout.splitlines() if line.startswith("demo-news")]
    assert len(summary) == 1 and "finished" in summary[0] and "timeout=1" in summary[0]
    status = _run([sys.executable, "-m", "trustwatch.cli", "sources", "status"], env)
    assert status.returncode == 0 and "demo-news" in status.stdout and "timeout 1" in status.stdout


def test_sources_check(tmp_path):
    env = crawl_env(f"sqlite:///{tmp_path / 'tw.db'}", "http://127.0.0.1:8800")
    ok = _run([sys.executable, "-m", "trustwatch.cli", "sources", "check"], env)
    assert ok.returncode == 0 and "来源配置有效" in ok.stdout
    bad = _run([sys.executable, "-m", "trustwatch.cli", "sources", "check", "--dir",
                str(PROJECT / "tests" / "unit" / "crawler" / "bad_sources")], env)
    assert bad.returncode == 1
    assert "unknown_kind.yaml:4: sources[0].kind: expected 'list', 'rss', 'sitemap', 'json', 'gkmlpt' or 'board', got 'html'" in bad.stderr
    # the newer kinds get the same file:line: field: expectation errors
    for line in ("gkmlpt_bad_fields.yaml:7: sources[0].gkmlpt.columns[0]: expected an integer, got '行政处罚'",
                 "bad_json_path.yaml:9: sources[0].json.page_param: expected a query parameter name such as 'page', "
                 "got 'page number'",
                 "board_without_message.yaml:9: sources[0].board.message: required field is missing",
                 "browser_bad_fields.yaml:8: sources[0].browser.timeout: expected a number <= 120, got 600"):
        assert line in bad.stderr, line
