"""The schema of config/sources/*.yaml: one SourceConfig per crawled site."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from crawler.sources.jsonpath import compile_path
from crawler.sources.schedule import check_schedule
from crawler.urls import url_host

NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{1,62}$"


def check_selector(value: str) -> str:
    """Compile a CSS selector (or `xpath:` expression) so a typo fails at load, not mid-crawl."""
    from lxml import etree
    from parsel.csstranslator import HTMLTranslator

    try:
        if value.startswith("xpath:"):
            etree.XPath(value[len("xpath:"):])
        else:
            HTMLTranslator().css_to_xpath(value)
    except Exception as exc:  # cssselect and lxml raise several unrelated types
        raise ValueError(f"expected a valid CSS selector or 'xpath:' expression, got {value!r} ({exc})")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ListRules(_Strict):
    """How to walk a list page: which links are articles, which one is the next page."""

    article_links: str | None = Field(default=None, description="selector of <a> elements (or their href) leading "
                                      "to articles; without it, the link extractor finds them and the next page")
    next_page: str | None = Field(default=None, description="selector of the next-page link")
    max_pages: int = Field(default=50, ge=1, le=10_000)

    _check = field_validator("article_links", "next_page")(lambda v: v if v is None else check_selector(v))


class FieldSelectors(_Strict):
    """Optional per-field selectors on article pages; a missing one falls back to the generic extractor."""

    title: str | None = None
    body: str | None = None
    date: str | None = None
    author: str | None = None

    _check = field_validator("title", "body", "date", "author")(lambda v: v if v is None else check_selector(v))


def check_paths(value):
    """One JSON path or a list of them (tried in order), each compiled so a typo fails at load."""
    paths = [value] if isinstance(value, str) else value
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
        raise ValueError(f"expected a JSON path or a list of JSON paths, got {value!r}")
    for path in paths:
        compile_path(path)
    return paths


def _paths(value):
    return value if value is None else check_paths(value)


class JsonRules(_Strict):
    """How to read a list that comes from a JSON endpoint: where the entries are, and in each entry
    the article link, title and date (JSON paths; a list of paths is tried in order)."""

    items: str = Field(description="JSON path of the entries, e.g. '$.articles[*]'")
    link: list[str] = Field(description="path(s), inside an entry, of the article URL")
    title: list[str] | None = None
    date: list[str] | None = Field(default=None, description="path(s) of a date text or Unix timestamp")
    next_page: str | None = Field(default=None, description="JSON path of the next page's URL")
    page_param: str | None = Field(default=None, description="query parameter counting pages, e.g. 'page'")
    total: str | None = Field(default=None, description="JSON path of the number of entries in all pages")
    max_pages: int = Field(default=20, ge=1, le=10_000)
    stop_at_known: bool = Field(default=True, description="stop paging at a page whose oldest entry is stored")

    @field_validator("items", "next_page", "total")
    @classmethod
    def _path(cls, value: str | None) -> str | None:
        if value is not None:
            compile_path(value)
        return value

    _check_paths = field_validator("link", "title", "date", mode="before")(lambda v: _paths(v))

    @field_validator("page_param")
    @classmethod
    def _param(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z_][\w.-]{0,40}", value):
            raise ValueError(f"expected a query parameter name such as 'page', got {value!r}")
        return value


class GkmlptRules(_Strict):
    """A column (or several) of a Guangdong gkmlpt government-information portal."""

    columns: list[int] = Field(default_factory=list, description="column ids; default: the start URL's #fragment")
    sid: str | None = Field(default=None, description="site id; default: read from the index page")
    max_pages: int = Field(default=10, ge=1, le=10_000)

    @field_validator("sid", mode="before")
    @classmethod
    def _sid(cls, value):
        if value is not None and not re.fullmatch(r"\d{1,12}", str(value)):
            raise ValueError(f"expected the site id in digits, as the index page's SID: '755031', got {value!r}")
        return value if value is None else str(value)

    def json_rules(self) -> JsonRules:
        """The JSON list preset every gkmlpt API answers with."""
        return JsonRules(
            items="$.articles[*]", link=["url", "post_url"], title=["title"],
            date=["display_publish_time", "publish_time", "create_time", "created_at"],
            page_param="page", total="$.total", max_pages=self.max_pages,
        )


class BoardRules(_Strict):
    """A public message board (留言板, 投诉): where a message page shows the message and the reply."""

    message: str = Field(description="selector of the message text (its paragraphs)")
    reply: str | None = Field(default=None, description="selector of the reply text")
    replier: str | None = Field(default=None, description="selector of who replied (答复单位)")
    reply_date: str | None = Field(default=None, description="selector of when the reply was given")
    revisit_days: int = Field(default=30, ge=0, le=365, description="stored threads without a reply, posted "
                              "within this many days, are fetched again each crawl until answered")
    revisit_max: int = Field(default=200, ge=0, le=5000, description="at most this many such threads per crawl")

    _check = field_validator("message", "reply", "replier", "reply_date")(
        lambda v: v if v is None else check_selector(v))


class BrowserRules(_Strict):
    """How to render a source's pages in headless Chromium (`render: browser`)."""

    articles: bool = Field(default=False, description="render article pages too, not only list pages")
    wait_for: str | None = Field(default=None, description="CSS selector a rendered list page waits for")
    timeout: int = Field(default=20, ge=1, le=120, description="seconds a page may take to render")

    _check = field_validator("wait_for")(lambda v: v if v is None else check_selector(v))


class SourceConfig(_Strict):
    """One crawled site."""

    name: str = Field(pattern=NAME_PATTERN)
    title: str = Field(min_length=1, max_length=200)
    kind: Literal["list", "rss", "sitemap", "json", "gkmlpt", "board"]
    start_urls: list[str] = Field(min_length=1)
    allowed_domains: list[str] = Field(default_factory=list)
    schedule: str = "*/30 * * * *"
    district: str | None = None
    encoding: str | None = None
    enabled: bool = True
    verifiable_offline: bool = True
    allow_private: bool = False
    listing: ListRules | None = None
    json_list: JsonRules | None = Field(default=None, alias="json")
    gkmlpt: GkmlptRules | None = None
    board: BoardRules | None = None
    render: Literal["http", "browser"] = "http"
    browser: BrowserRules | None = None
    article_pattern: str | None = Field(default=None, description="regex an article URL must match")
    selectors: FieldSelectors = FieldSelectors()
    depth_limit: int = Field(default=100, ge=1, le=100_000)
    notes: str | None = None

    @field_validator("start_urls")
    @classmethod
    def _urls(cls, urls: list[str]) -> list[str]:
        for url in urls:
            if not re.match(r"^https?://[^/\s]+", url):
                raise ValueError(f"expected absolute http(s) URLs, got {url!r}")
        return urls

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str) -> str:
        return check_schedule(value)

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, value: str | None) -> str | None:
        import codecs

        if value is not None:
            try:
                codecs.lookup(value)
            except LookupError:
                raise ValueError(f"expected a known text encoding such as 'gb18030' or 'utf-8', got {value!r}")
        return value

    @field_validator("article_pattern")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"expected a valid regular expression, got {value!r} ({exc})")
        return value

    @model_validator(mode="after")
    def _kind_rules(self) -> "SourceConfig":
        if self.kind == "board" and self.board is None:
            raise ValueError("kind 'board' expects a 'board' section with at least 'message'")
        if self.kind == "json" and self.json_list is None:
            raise ValueError("kind 'json' expects a 'json' section with at least 'items' and 'link'")
        for section, field, kinds in (("listing", "listing", ("list", "board")), ("json", "json_list", ("json",)),
                                      ("gkmlpt", "gkmlpt", ("gkmlpt",)), ("board", "board", ("board",))):
            if self.kind not in kinds and getattr(self, field) is not None:
                names = " or ".join(f"'{k}'" for k in kinds)
                raise ValueError(f"the '{section}' section only applies to kind {names}, not {self.kind!r}")
        if self.render == "browser" and self.kind not in ("list", "board"):
            raise ValueError(f"'render: browser' applies to kind 'list' (pages whose list is built by "
                             f"JavaScript), not {self.kind!r}")
        if self.browser is not None and self.render != "browser":
            raise ValueError("the 'browser' section applies only with 'render: browser'")
        if self.kind == "gkmlpt":
            for url in self.start_urls:
                if "/gkmlpt/" not in url:
                    raise ValueError(f"kind 'gkmlpt' expects start URLs of a gkmlpt index page "
                                     f"(…/gkmlpt/index#COLUMN), got {url!r}")
                if not (self.gkmlpt and self.gkmlpt.columns) and not re.search(r"#\d+$", url):
                    raise ValueError(f"kind 'gkmlpt' expects column ids: a 'gkmlpt.columns' list or a "
                                     f"'#COLUMN' fragment on the start URL, got {url!r}")
        return self

    @property
    def list_rules(self) -> ListRules:
        """How to walk the source's list pages: its `listing` section, else selector-free defaults."""
        return self.listing or ListRules()

    @property
    def browser_rules(self) -> BrowserRules | None:
        """How to render the source in a browser, or None when it is fetched over plain HTTP."""
        return (self.browser or BrowserRules()) if self.render == "browser" else None

    @property
    def json_rules(self) -> JsonRules | None:
        """How to read the source's JSON list: its `json` section, or the gkmlpt preset."""
        if self.kind == "gkmlpt":
            return (self.gkmlpt or GkmlptRules()).json_rules()
        return self.json_list

    @property
    def domains(self) -> list[str]:
        """The hosts the spider may visit: allowed_domains, else the hosts of the start URLs."""
        return sorted(set(self.allowed_domains or [url_host(u) for u in self.start_urls]))

    @property
    def config_hash(self) -> str:
        """A stable hash of the resolved configuration (to notice edits)."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


class SourceFile(_Strict):
    """The top level of one YAML file."""

    sources: list[SourceConfig] = Field(min_length=1)
