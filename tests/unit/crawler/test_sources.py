"""Source files: the shipped ones validate; each golden bad file fails with its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sources import SourceError, load_source_file, load_sources
from crawler.spiders import SPIDER_KINDS, spider_class_for

BAD = Path(__file__).parent / "bad_sources"
PROJECT = Path(__file__).resolve().parents[3]
VARIABLES = {"demo_base_url": "http://127.0.0.1:8800", "demo_host": "127.0.0.1"}

GOLDEN = {
    "unknown_kind.yaml": ["4: sources[0].kind: expected 'list', 'rss', 'sitemap', 'json', 'gkmlpt' or 'board', got 'html'"],
    "missing_title.yaml": ["2: sources[0].title: required field is missing"],
    "bad_selector.yaml": [
        "7: sources[0].listing.article_links: expected a valid CSS selector or 'xpath:' expression, "
        "got 'ul.list >> a' (Expected selector, got <DELIM '>' at 9>)"],
    "unknown_field.yaml": ["7: sources[0].selectors.titel: unknown field; expected one of: author, body, date, title"],
    "bad_schedule_and_url.yaml": [
        "5: sources[0].start_urls: expected absolute http(s) URLs, got 'example.org/rss.xml'",
        "6: sources[0].schedule: expected an interval like 'every 10m' or a 5-field cron expression like "
        "'*/30 * * * *', got 'every 30 minutes'"],
    "bad_yaml.yaml": ["5: invalid YAML: found unexpected end of stream (while scanning a quoted scalar that starts on line 3)"],
    "bad_name_and_type.yaml": [
        "2: sources[0].name: expected a value matching ^[a-z0-9][a-z0-9_-]{1,62}$ (lower-case letters, digits, "
        "'-' and '_'), got 'City Daily'",
        "6: sources[0].allow_private: expected true or false, got 'maybe'",
        "7: sources[0].depth_limit: expected a number >= 1, got 0"],
    "duplicate_key.yaml": ["5: invalid YAML: duplicate key 'kind' (first on line 4)"],
    "unknown_placeholder.yaml": [
        "5: sources[0].start_urls[0]: unknown placeholder {demo_url}; expected one of: {demo_base_url}, {demo_host}"],
    "bad_encoding.yaml": [
        "6: sources[0].encoding: expected a known text encoding such as 'gb18030' or 'utf-8', got 'big-5-ish'"],
    "json_without_section.yaml": ["2: sources[0]: kind 'json' expects a 'json' section with at least 'items' and 'link'"],
    "bad_json_path.yaml": [
        "7: sources[0].json.items: expected a JSON path such as '$.articles[*]' or 'data.list', got '$.data..list' "
        "(cannot read '..list')",
        "8: sources[0].json.link: expected a JSON path or a list of JSON paths, got ['url', 7]",
        "9: sources[0].json.page_param: expected a query parameter name such as 'page', got 'page number'"],
    "gkmlpt_without_column.yaml": [
        "2: sources[0]: kind 'gkmlpt' expects column ids: a 'gkmlpt.columns' list or a '#COLUMN' fragment on the "
        "start URL, got 'https://www.example.gov.cn/scjgj/gkmlpt/index'"],
    "gkmlpt_bad_fields.yaml": [
        "7: sources[0].gkmlpt.columns[0]: expected an integer, got '行政处罚'",
        "8: sources[0].gkmlpt.sid: expected the site id in digits, as the index page's SID: '755031', got '75-5'",
        "9: sources[0].gkmlpt.pages: unknown field; expected one of: columns, max_pages, sid"],
    "board_without_message.yaml": ["9: sources[0].board.message: required field is missing"],
    "section_of_other_kind.yaml": ["2: sources[0]: the 'gkmlpt' section only applies to kind 'gkmlpt', not 'rss'"],
    "browser_bad_fields.yaml": ["8: sources[0].browser.timeout: expected a number <= 120, got 600"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_bad_file_names_file_line_field_and_expectation(name):
    path = BAD / name
    with pytest.raises(SourceError) as info:
        load_source_file(path, VARIABLES)
    assert info.value.problems == [f"{path}:{msg}" for msg in GOLDEN[name]]


def test_every_golden_file_is_covered():
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(GOLDEN)


def test_folder_reports_all_bad_files_together():
    with pytest.raises(SourceError) as info:
        load_sources(BAD, VARIABLES)
    assert len(info.value.problems) == sum(len(v) for v in GOLDEN.values())


def test_shipped_sources_validate_and_demo_placeholders_resolve():
    sources = {s.name: s for s in load_sources(PROJECT / "config" / "sources", VARIABLES)}
    real = [s for s in sources.values() if not s.verifiable_offline]
    assert real and all("shanwei" in s.name or s.district for s in real)
    demo = [s for s in sources.values() if s.name.startswith("demo-")]
    assert {s.kind for s in demo} == {"list", "rss", "sitemap", "gkmlpt", "board"}
    for source in demo:
        assert source.allow_private and source.verifiable_offline
        assert all(u.startswith("http://127.0.0.1:8800/") for u in source.start_urls)
        assert source.domains == ["127.0.0.1"]


def test_duplicate_names_across_files(tmp_path):
    text = "sources:\n  - name: one\n    title: 一\n    kind: rss\n    start_urls: ['https://a.example/rss']\n"
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_sources(tmp_path)
    assert info.value.problems == [f"{tmp_path / 'b.yaml'}: sources: name 'one' is already used in {tmp_path / 'a.yaml'}"]


def test_spider_kinds_are_a_registry_by_name(tmp_path):
    assert set(SPIDER_KINDS) == {"list", "rss", "sitemap", "json", "gkmlpt", "board"}
    (tmp_path / "s.yaml").write_text(
        "sources:\n  - name: feed-one\n    title: 一\n    kind: rss\n    start_urls: ['https://news.example/rss']\n",
        encoding="utf-8")
    source = load_source_file(tmp_path / "s.yaml")[0]
    spider = spider_class_for(source)
    assert issubclass(spider, SPIDER_KINDS["rss"])
    assert spider.name == "feed-one" and spider.allowed_domains == ["news.example"]


def test_list_without_listing_walks_its_pages_without_selectors(tmp_path):
    (tmp_path / "s.yaml").write_text(
        "sources:\n  - name: plain-list\n    title: 列表\n    kind: list\n    start_urls: ['https://news.example/l/']\n",
        encoding="utf-8")
    source = load_source_file(tmp_path / "s.yaml")[0]
    assert source.listing is None
    assert source.list_rules.article_links is None and source.list_rules.next_page is None
