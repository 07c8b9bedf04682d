"""The Scrapy settings module (scrapy.cfg: default = crawler.settings).

Scrapy's own command line (`scrapy list`, `scrapy crawl <source>`) starts here, so this module is
that process's composition root: it reads the Trustwatch settings once and maps them onto Scrapy's.
"""

from crawler.scrapy_settings import *  # noqa: F401,F403
from crawler.scrapy_settings import scrapy_overrides as _overrides


def _trustwatch_values() -> dict:
    from trustwatch.settings import load_settings  # composition root only; the crawler never imports it

    return _overrides(load_settings())


globals().update(_trustwatch_values())
