"""Article extraction: per-source field selectors first, the generic heuristic extractor for the rest."""

from crawler.extract.article import Extracted, extract_article

__all__ = ["Extracted", "extract_article"]
