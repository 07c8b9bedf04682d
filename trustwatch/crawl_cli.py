"""`trustwatch crawl` and `trustwatch sources …`: the crawler's commands, given the crawler's configuration."""

from __future__ import annotations

from trustwatch.crawl_config import crawler_config


def register(subparsers) -> None:
    """Add the crawler's sub-commands; their handlers get a CrawlerConfig built from the Settings."""
    from crawler.cli import register as register_crawler

    register_crawler(subparsers, crawler_config)
