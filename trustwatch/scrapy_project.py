"""The Scrapy settings module of `scrapy list` and `scrapy crawl <source>` (scrapy.cfg).

This process's composition root: the crawler's Scrapy settings, then this install's CrawlerConfig.
"""

from crawler.settings import *  # noqa: F401,F403
from trustwatch.crawl_config import crawler_config as _crawler_config
from trustwatch.settings import load_settings as _load_settings

globals().update(_crawler_config(_load_settings()).scrapy_values())
# `scrapy crawl` has no caller that migrated the store first: the store pipeline does, once.
TW_DB_MIGRATE = True
