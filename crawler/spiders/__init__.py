"""Spider kinds, registered by name: a source's `kind` picks the class that crawls it."""

from __future__ import annotations

from crawler.spiders.base import SPIDER_KINDS, SourceSpider, register_kind, spider_class_for
from crawler.spiders import board, feed, gkmlpt, jsonlist, listing, sitemap  # noqa: F401  (registers the kinds)

__all__ = ["SPIDER_KINDS", "SourceSpider", "register_kind", "spider_class_for"]
