"""The Trustwatch crawler: config-driven Scrapy spiders for Chinese local news."""
