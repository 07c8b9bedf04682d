"""A Scrapy spider loader whose spiders are the configured sources: `scrapy list` lists them."""

from __future__ import annotations

from crawler.sources import load_sources
from crawler.spiders import spider_class_for


class SourceSpiderLoader:
    """One spider class per source in TW_SOURCES_DIR (placeholders filled from TW_VARIABLES)."""

    def __init__(self, settings):
        sources = load_sources(settings.get("TW_SOURCES_DIR"), dict(settings.getdict("TW_VARIABLES")))
        self._spiders = {s.name: spider_class_for(s) for s in sources}

    @classmethod
    def from_settings(cls, settings):
        return cls(settings)

    def load(self, spider_name: str):
        """The spider class of the source named `spider_name`."""
        try:
            return self._spiders[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> list[str]:
        """Every source name."""
        return sorted(self._spiders)

    def find_by_request(self, request) -> list[str]:
        """Sources whose domains the request's URL belongs to."""
        return [name for name, cls in self._spiders.items() if cls.handles_request(request)]
