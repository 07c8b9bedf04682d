"""The crawl command's closing report: a line per failed or unreachable source (issue 13, item 6)."""

from __future__ import annotations

from crawler.cli import problem_lines
from crawler.process import RunSummary


def _run(name, status="finished", errors=None, flags=None):
    return RunSummary(name, status, 0, 0, 0, 0, errors or {}, flags or [])


def test_a_crawled_source_says_nothing():
    assert problem_lines([_run("a", errors={"timeout": 1})]) == []


def test_unreachable_and_failed_sources_each_get_a_chinese_line():
    lines = problem_lines([_run("a", errors={"connection": 2, "dns": 1}, flags=["unreachable"]),
                           _run("b", status="failed"), _run("c")])
    assert lines == ["来源 a：无法访问（连接失败 2 次，域名解析失败 1 次）", "来源 b：抓取失败"]


def test_when_no_source_was_crawled_a_last_line_says_so():
    lines = problem_lines([_run("a", errors={"connection": 1}, flags=["unreachable"])])
    assert lines[-1] == "全部 1 个来源均未能抓取，请检查网络或来源地址"
