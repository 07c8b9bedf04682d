"""The item a spider yields for each article page."""

from __future__ import annotations

import scrapy


class ArticleItem(scrapy.Item):
    """One extracted article, ready for the store pipeline."""

    url = scrapy.Field()            # canonical URL of the page that was read
    aliases = scrapy.Field()        # other canonical URLs that led here (redirects)
    source = scrapy.Field()         # source name
    title = scrapy.Field()
    body = scrapy.Field()
    author = scrapy.Field()
    published_at = scrapy.Field()   # aware UTC datetime or None
    district = scrapy.Field()
    content_hash = scrapy.Field()
    extraction = scrapy.Field()     # {field: method} as crawler.extract.article.Extracted.methods
    reply = scrapy.Field()          # a board thread's official reply (crawler.spiders.board), or None
    fetched_at = scrapy.Field()
    outcome = scrapy.Field()        # set by the store pipeline: new|duplicate|known
    article_id = scrapy.Field()
