"""Sources as data: the YAML schema, the line-aware loader and the resolved source configs."""

from crawler.sources.loader import SourceError, load_source_file, load_sources
from crawler.sources.schema import SourceConfig

__all__ = ["SourceConfig", "SourceError", "load_source_file", "load_sources"]
