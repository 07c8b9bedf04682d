"""Run crawls in this process (one fresh Twisted reactor per process) and summarise them."""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass, field

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings as ScrapySettings
from sqlalchemy import select

from crawler import scrapy_settings
from crawler.config import CrawlerConfig
from crawler.spiderloader import SourceSpiderLoader
from store.db import Database
from store.models import CrawlRun, Source


@dataclass
class RunSummary:
    """What one source's run did, for the command line."""

    source: str
    status: str
    pages: int
    articles: int
    new_articles: int
    duplicates: int
    errors: dict = field(default_factory=dict)
    flags: list = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's CPU while the source's spider was open
    stats: dict = field(default_factory=dict)


def build_scrapy_settings(config: CrawlerConfig, polite: bool = True, extra: dict | None = None) -> ScrapySettings:
    """Scrapy settings: the crawler's defaults, then the configuration, then `extra`."""
    settings = ScrapySettings()
    settings.setmodule(scrapy_settings, priority="project")
    for key, value in config.scrapy_values(polite=polite).items():
        settings.set(key, value, priority="project")
    for key, value in (extra or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def source_names(settings: ScrapySettings) -> list[str]:
    """Names of every enabled source."""
    loader = SourceSpiderLoader(settings)
    return [n for n in loader.list() if loader.load(n).source.enabled]


def prepare_crawl(config: CrawlerConfig, names: list[str] | None = None, polite: bool = True,
                  extra: dict | None = None) -> tuple[ScrapySettings, list[type]]:
    """The Scrapy settings and spider classes of a crawl of the named sources (all enabled ones by
    default); KeyError for an unknown name."""
    settings = build_scrapy_settings(config, polite=polite, extra=extra)
    loader = SourceSpiderLoader(settings)
    names = names or source_names(settings)
    unknown = [n for n in names if n not in loader.list()]
    if unknown:
        raise KeyError(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(loader.list())}")
    spiders = [loader.load(n) for n in names]
    from crawler.spiders.browser import ASYNCIO_REACTOR, needs_asyncio_reactor

    if needs_asyncio_reactor(spider.source for spider in spiders):
        # scrapy-playwright runs on asyncio's reactor; the reactor is chosen once per process.
        settings.set("TWISTED_REACTOR", ASYNCIO_REACTOR, priority="cmdline")
    return settings, spiders


def run_crawl(config: CrawlerConfig, names: list[str] | None = None, polite: bool = True,
              extra: dict | None = None) -> list[RunSummary]:
    """Crawl the named sources (all enabled ones by default) concurrently; blocks until done.
    Migrates the store once, before any crawler opens it. Twisted's reactor cannot restart: call
    this at most once per process."""
    settings, spiders = prepare_crawl(config, names, polite, extra)
    db = Database(config.db_url)
    db.migrate()
    quiet = not settings.getbool("TW_LOG", True)
    if quiet:  # the caller (the trustwatch CLI) has its own log handler and shows progress itself
        settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
        for handler in logging.root.handlers:
            handler.addFilter(_only_library_warnings)
    process = CrawlerProcess(settings)
    if quiet:
        for logger_name in ("scrapy", "twisted", "py.warnings"):
            logging.getLogger(logger_name).setLevel(settings.get("LOG_LEVEL", "WARNING"))
    crawlers = {spider.name: process.create_crawler(spider) for spider in spiders}
    for crawler in crawlers.values():
        process.crawl(crawler)
    # What start-up built (modules, settings, the ORM's mappers) lives as long as the process: out of
    # the collector's way, so each full collection during the crawl scans only the crawl's own objects.
    gc.freeze()
    process.start()
    summaries = [summarize(db, name, crawler.stats.get_stats()) for name, crawler in crawlers.items()]
    db.dispose()
    return summaries


def _only_library_warnings(record: logging.LogRecord) -> bool:
    if record.name.split(".")[0] in ("scrapy", "twisted", "py", "alembic", "filelock"):
        return record.levelno >= logging.WARNING
    return True


def summarize(db: Database, name: str, stats: dict) -> RunSummary:
    """The summary of this crawl's run of source `name` (by the run id in its stats; else the latest)."""
    with db.session() as s:
        run_id = stats.get("tw/run_id")
        if run_id is not None:  # another crawl of the same source may have opened a later run
            run = s.get(CrawlRun, int(run_id))
        else:
            run = s.scalar(select(CrawlRun).join(Source, Source.id == CrawlRun.source_id)
                           .where(Source.name == name).order_by(CrawlRun.id.desc()).limit(1))
        if run is None:
            return RunSummary(name, "not-run", 0, 0, 0, 0, stats=stats)
        seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else 0.0
        return RunSummary(name, run.status, run.pages, run.articles, run.new_articles, run.duplicates,
                          dict(run.errors or {}), list(run.flags or []), seconds,
                          float(stats.get("tw/cpu_s", 0.0)), stats)
