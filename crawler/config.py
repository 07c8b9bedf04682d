"""What the crawler needs from the application: one frozen object, built by `trustwatch` and passed down."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from crawler import scrapy_settings


@dataclass(frozen=True)
class CrawlerConfig:
    """The crawler's configuration; `scrapy_values` maps it onto Scrapy settings (the TW_* keys)."""

    db_url: str
    sources_dir: Path
    # Placeholders a source file may use ({demo_base_url}, {demo_host}).
    variables: Mapping[str, str] = field(default_factory=dict)
    contact_email: str = "trustwatch@example.org"
    page_timeout: float = 30.0
    max_page_bytes: int = 2 * 1024 * 1024
    now: dt.datetime | None = None  # reference time for relative dates (3小时前); None: the clock
    timezone: str = "Asia/Shanghai"  # how times are shown to the user
    # The shared frontier (crawler/frontier.py); None: each crawl has its own scheduler.
    redis_url: str | None = None
    domain_rate: float = 2.0
    domain_burst: int = 4

    def __post_init__(self):
        object.__setattr__(self, "variables", MappingProxyType(dict(self.variables)))
        object.__setattr__(self, "sources_dir", Path(self.sources_dir))

    @property
    def user_agent(self) -> str:
        """The honest User-Agent: who crawls and how to reach them."""
        return f"TrustwatchBot/0.1 (+mailto:{self.contact_email})"

    def scrapy_values(self, polite: bool = True) -> dict:
        """Scrapy setting values that follow from this configuration (politeness off for local benches)."""
        values = {
            "TW_DB_URL": self.db_url,
            "TW_SOURCES_DIR": str(self.sources_dir),
            "TW_VARIABLES": dict(self.variables),
            "USER_AGENT": self.user_agent,
            "DOWNLOAD_TIMEOUT": self.page_timeout,
            "DOWNLOAD_MAXSIZE": self.max_page_bytes,
        }
        if self.now is not None:
            values["TW_NOW"] = self.now.isoformat()
        if self.redis_url:
            values.update({"TW_REDIS_URL": self.redis_url, "TW_DOMAIN_RATE": self.domain_rate,
                           "TW_DOMAIN_BURST": self.domain_burst})
        if not polite:
            values.update(scrapy_settings.IMPOLITE)
        return values
