"""The crawler's configuration, built from the application's Settings (the only reader of Settings)."""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.config import CrawlerConfig

DEFAULT_DEMO_BASE_URL = "http://127.0.0.1:8800"


def crawler_config(settings) -> CrawlerConfig:
    """The CrawlerConfig of this process's Settings."""
    demo = (settings.demo_base_url or DEFAULT_DEMO_BASE_URL).rstrip("/")
    return CrawlerConfig(
        db_url=settings.database_url,
        sources_dir=settings.config_dir / "sources",
        variables={"demo_base_url": demo, "demo_host": urlsplit(demo).hostname or "127.0.0.1"},
        contact_email=settings.contact_email,
        page_timeout=settings.crawl_page_timeout,
        max_page_bytes=settings.crawl_max_page_bytes,
        now=settings.crawl_now,
        timezone=settings.timezone,
        redis_url=settings.redis_url,
        domain_rate=settings.crawl_domain_rate,
        domain_burst=settings.crawl_domain_burst,
    )
