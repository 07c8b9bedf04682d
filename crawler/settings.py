"""The crawler's Scrapy settings module: its defaults, without any one install's configuration.

Scrapy's own command line (`scrapy list`, `scrapy crawl <source>`) reads `trustwatch.scrapy_project`
(scrapy.cfg), the application's composition root, which adds this install's CrawlerConfig to these.
"""

from crawler.scrapy_settings import *  # noqa: F401,F403
