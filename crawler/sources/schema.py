"""The schema of config/sources/*.yaml: one SourceConfig per crawled site."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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
    model_config = ConfigDict(extra="forbid", frozen=True)


class ListRules(_Strict):
    """How to walk a list page: which links are articles, which one is the next page."""

    article_links: str = Field(description="selector of <a> elements (or their href) leading to articles")
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


class SourceConfig(_Strict):
    """One crawled site."""

    name: str = Field(pattern=NAME_PATTERN)
    title: str = Field(min_length=1, max_length=200)
    kind: Literal["list", "rss", "sitemap"]
    start_urls: list[str] = Field(min_length=1)
    allowed_domains: list[str] = Field(default_factory=list)
    schedule: str = "*/30 * * * *"
    district: str | None = None
    encoding: str | None = None
    enabled: bool = True
    verifiable_offline: bool = True
    allow_private: bool = False
    listing: ListRules | None = None
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
        if self.kind == "list" and self.listing is None:
            raise ValueError("kind 'list' expects a 'listing' section with at least 'article_links'")
        if self.kind != "list" and self.listing is not None:
            raise ValueError(f"the 'listing' section only applies to kind 'list', not {self.kind!r}")
        return self

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
