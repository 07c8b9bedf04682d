"""The crawler's view of the system of record: sources, seen URLs, articles, validators and runs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from store.db import Database
from store.models import (
    Article, CrawlRun, DuplicateSighting, IndexOutbox, PageValidator, Source, utcnow,
)

try:  # the foundation's outbox helper, when present
    from store.outbox import enqueue as _enqueue
except ImportError:  # pragma: no cover - depends on the store package's progress
    _enqueue = None


def enqueue_article(session, article_id: int) -> None:
    """Queue an article for the search index in the caller's transaction."""
    if _enqueue is not None:
        _enqueue(session, "article", article_id)
    else:
        session.add(IndexOutbox(doc_type="article", doc_id=article_id))


class CrawlStore:
    """Short transactions against the store for one crawl process."""

    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def from_url(cls, url: str, migrate: bool = True) -> "CrawlStore":
        """A store on `url`, migrated to the latest schema when `migrate`."""
        db = Database(url)
        if migrate:
            db.migrate()
        return cls(db)

    def upsert_source(self, cfg) -> int:
        """The id of the Source row for `cfg`, created or updated from the YAML."""
        with self.db.session() as s:
            row = s.scalar(select(Source).where(Source.name == cfg.name))
            if row is None:
                row = Source(name=cfg.name, kind=cfg.kind, config_hash=cfg.config_hash, enabled=cfg.enabled)
                s.add(row)
            else:
                row.kind, row.config_hash, row.enabled = cfg.kind, cfg.config_hash, cfg.enabled
            s.flush()
            return row.id

    def is_known(self, url: str) -> bool:
        """True when `url` is stored as an article or recorded as a duplicate/alias of one."""
        with self.db.session() as s:
            if s.scalar(select(Article.id).where(Article.url == url)) is not None:
                return True
            return s.scalar(select(DuplicateSighting.id).where(DuplicateSighting.url == url)) is not None

    def save_article(self, item, source_id: int | None) -> tuple[str, int]:
        """Store the item in its own transaction: ('new'|'duplicate'|'known', article id)."""
        try:
            return self._save(item, source_id)
        except IntegrityError:
            # Another worker stored the same URL meanwhile: the second pass finds it.
            return self._save(item, source_id)

    def _save(self, item, source_id: int | None) -> tuple[str, int]:
        with self.db.session() as s:
            existing = s.scalar(select(Article.id).where(Article.url == item["url"]))
            if existing is not None:
                self._add_aliases(s, item, existing, source_id)
                return "known", existing
            sighting = s.scalar(select(DuplicateSighting).where(DuplicateSighting.url == item["url"]))
            if sighting is not None:
                return "known", sighting.article_id
            original = s.scalar(select(Article.id).where(Article.content_hash == item["content_hash"])
                                .order_by(Article.id).limit(1))
            if original is not None:
                s.add(DuplicateSighting(url=item["url"], article_id=original, source_id=source_id))
                self._add_aliases(s, item, original, source_id)
                return "duplicate", original
            article = Article(
                source_id=source_id, url=item["url"], title=item["title"], body=item["body"],
                author=item.get("author"), published_at=item.get("published_at"),
                fetched_at=item.get("fetched_at") or utcnow(), district=item.get("district"),
                content_hash=item["content_hash"],
            )
            s.add(article)
            s.flush()
            enqueue_article(s, article.id)
            self._add_aliases(s, item, article.id, source_id)
            return "new", article.id

    @staticmethod
    def _add_aliases(s, item, article_id: int, source_id: int | None) -> None:
        for alias in item.get("aliases") or ():
            if alias == item["url"]:
                continue
            known = s.scalar(select(DuplicateSighting.id).where(DuplicateSighting.url == alias))
            if known is None and s.scalar(select(Article.id).where(Article.url == alias)) is None:
                s.add(DuplicateSighting(url=alias, article_id=article_id, source_id=source_id))

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The stored (ETag, Last-Modified) of a list page or feed."""
        with self.db.session() as s:
            row = s.get(PageValidator, url)
            return (row.etag, row.last_modified) if row else (None, None)

    def save_validators(self, entries: dict[str, tuple[str | None, str | None]]) -> None:
        """Remember validators of list pages and feeds (called once a crawl has finished cleanly)."""
        with self.db.session() as s:
            for url, (etag, modified) in entries.items():
                row = s.get(PageValidator, url) or PageValidator(url=url)
                row.etag, row.last_modified, row.checked_at = etag, modified, utcnow()
                s.add(row)

    def start_run(self, source_id: int) -> int:
        """Open a CrawlRun; runs of this source left 'running' by a killed process become 'interrupted'."""
        with self.db.session() as s:
            for stale in s.scalars(select(CrawlRun).where(CrawlRun.source_id == source_id,
                                                          CrawlRun.status == "running")):
                stale.status = "interrupted"
            run = CrawlRun(source_id=source_id, status="running", errors={}, flags=[])
            s.add(run)
            s.flush()
            return run.id

    def update_run(self, run_id: int, **fields) -> None:
        """Write the counters (and, at the end, status and flags) of a run."""
        with self.db.session() as s:
            run = s.get(CrawlRun, run_id)
            for key, value in fields.items():
                setattr(run, key, value)

    def had_articles_before(self, source_id: int, run_id: int) -> bool:
        """True when an earlier finished run of the source found articles (to notice one gone quiet)."""
        with self.db.session() as s:
            return s.scalar(select(CrawlRun.id).where(
                CrawlRun.source_id == source_id, CrawlRun.id != run_id, CrawlRun.status == "finished",
                CrawlRun.articles + CrawlRun.new_articles > 0).limit(1)) is not None

    def mark_success(self, source_id: int, at: dt.datetime | None = None) -> None:
        """Set Source.last_success_at."""
        with self.db.session() as s:
            s.get(Source, source_id).last_success_at = at or utcnow()
