"""The crawler's view of the system of record: sources, seen URLs, articles, validators and runs."""

from __future__ import annotations

import datetime as dt
import os
import socket

from sqlalchemy import bindparam, or_, select, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from store.db import Database
from store.models import (
    Article, CrawlRun, DuplicateSighting, IndexOutbox, PageValidator, Source, utcnow,
)
from vocabulary import CrawlRunState

try:  # the foundation's outbox helper, when present
    from store.outbox import enqueue as _enqueue
except ImportError:  # pragma: no cover - depends on the store package's progress
    _enqueue = None

# A run whose process has written no progress for this long is taken for dead (the monitor writes
# every few seconds); one of a process on this host that is gone is taken for dead at once.
STALE_RUN = dt.timedelta(minutes=10)
# A run that wrote progress this recently is being crawled now: a scheduled crawl of its source waits.
LIVE_RUN = dt.timedelta(seconds=60)


def process_id() -> str:
    """This process as host:pid (the owner of the runs it opens)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_gone(owner: str | None) -> bool:
    """True when `owner` names a process on this host that no longer exists."""
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


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
        # Built once: statement construction costs more than the SQLite round trip itself.
        self._match = (select(Article.id, Article.url)
                       .where(or_(Article.url == bindparam("url"), Article.content_hash == bindparam("hash")))
                       .order_by(Article.id))
        self._sighting = select(DuplicateSighting.article_id).where(DuplicateSighting.url == bindparam("url"))

    @classmethod
    def from_url(cls, url: str, migrate: bool = True) -> "CrawlStore":
        """A store on `url`, migrated to the latest schema when `migrate`."""
        db = Database(url)
        if migrate:
            db.migrate()
        return cls(db)

    def upsert_source(self, cfg) -> int:
        """The id of the Source row for `cfg`, created or updated from the YAML.

        One INSERT ... ON CONFLICT (name) DO UPDATE: two crawls of a new source starting together
        both get the one row instead of one of them failing on UNIQUE sources.name."""
        values = {"name": cfg.name, "kind": cfg.kind, "config_hash": cfg.config_hash, "enabled": cfg.enabled}
        with self.db.session() as s:
            dialect = s.get_bind().dialect.name
            if dialect in ("postgresql", "sqlite"):
                insert = (pg_insert if dialect == "postgresql" else sqlite_insert)(Source).values(
                    created_at=utcnow(), **values)
                stmt = insert.on_conflict_do_update(
                    index_elements=["name"], set_={k: insert.excluded[k] for k in ("kind", "config_hash", "enabled")})
                return s.scalar(stmt.returning(Source.id))
            row = s.scalar(select(Source).where(Source.name == cfg.name))
            if row is None:
                row = Source(**values)
                s.add(row)
            else:
                row.kind, row.config_hash, row.enabled = cfg.kind, cfg.config_hash, cfg.enabled
            s.flush()
            return row.id

    def is_known(self, url: str) -> bool:
        """True when `url` is stored as an article or recorded as a duplicate/alias of one."""
        return url in self.known_urls([url])

    def known_urls(self, urls: list[str]) -> set[str]:
        """The subset of `urls` stored as articles or recorded as duplicates/aliases (one query per 500)."""
        found: set[str] = set()
        with self.db.engine.connect() as conn:
            for start in range(0, len(urls), 500):
                chunk = urls[start:start + 500]
                query = union_all(select(Article.url).where(Article.url.in_(chunk)),
                                  select(DuplicateSighting.url).where(DuplicateSighting.url.in_(chunk)))
                found.update(conn.execute(query).scalars())
        return found

    def save_article(self, item, source_id: int | None) -> tuple[str, int]:
        """Store the item in its own transaction: ('new'|'duplicate'|'known', article id)."""
        try:
            return self._save(item, source_id)
        except IntegrityError:
            # Another worker stored the same URL meanwhile: the second pass finds it.
            return self._save(item, source_id)

    def _save(self, item, source_id: int | None) -> tuple[str, int]:
        with self.db.session() as s:
            # One query answers both "is this URL stored?" and "is this text stored under another URL?".
            matches = s.execute(self._match, {"url": item["url"], "hash": item["content_hash"]}).all()
            existing = next((row.id for row in matches if row.url == item["url"]), None)
            if existing is not None:
                self._add_aliases(s, item, existing, source_id)
                return "known", existing
            sighting = s.scalar(self._sighting, {"url": item["url"]})
            if sighting is not None:
                return "known", sighting
            original = matches[0].id if matches else None
            if original is not None:
                s.add(DuplicateSighting(url=item["url"], article_id=original, source_id=source_id))
                self._add_aliases(s, item, original, source_id)
                return "duplicate", original
            article = Article(
                source_id=source_id, url=item["url"], title=item["title"], body=item["body"],
                author=item.get("author"), published_at=item.get("published_at"),
                fetched_at=item.get("fetched_at") or utcnow(), district=item.get("district"),
                content_hash=item["content_hash"], extraction=item.get("extraction"), reply=item.get("reply"),
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

    def start_run(self, source_id: int, now: dt.datetime | None = None) -> int:
        """Open a CrawlRun owned by this process; runs of this source left 'running' by a killed process
        become 'interrupted'. A run another live crawl is writing (its process here exists, or it wrote
        progress within STALE_RUN) is left alone: two crawls of one source keep their own records."""
        now = now or utcnow()
        with self.db.session() as s:
            for other in s.scalars(select(CrawlRun).where(CrawlRun.source_id == source_id,
                                                          CrawlRun.status == CrawlRunState.RUNNING)):
                last = other.heartbeat_at or other.started_at
                if _process_gone(other.owner) or last is None or now - last > STALE_RUN:
                    other.status = CrawlRunState.INTERRUPTED
            run = CrawlRun(source_id=source_id, status=CrawlRunState.RUNNING, errors={}, flags=[], started_at=now,
                           owner=process_id(), heartbeat_at=now)
            s.add(run)
            s.flush()
            return run.id

    def live_run(self, source_name: str, now: dt.datetime | None = None,
                 within: dt.timedelta = LIVE_RUN) -> int | None:
        """The id of a run of `source_name` another crawl is writing now (progress within `within`)."""
        now = now or utcnow()
        with self.db.session() as s:
            for run in s.scalars(select(CrawlRun).join(Source, Source.id == CrawlRun.source_id)
                                 .where(Source.name == source_name, CrawlRun.status == CrawlRunState.RUNNING,
                                        CrawlRun.heartbeat_at >= now - within).order_by(CrawlRun.id.desc())):
                if not _process_gone(run.owner):
                    return run.id
        return None

    def update_run(self, run_id: int, **fields) -> None:
        """Write the counters (and, at the end, status and flags) of a run; each write is its heartbeat."""
        with self.db.session() as s:
            run = s.get(CrawlRun, run_id)
            for key, value in fields.items():
                setattr(run, key, value)
            run.heartbeat_at = utcnow()

    def had_articles_before(self, source_id: int, run_id: int) -> bool:
        """True when an earlier finished run of the source found articles (to notice one gone quiet)."""
        with self.db.session() as s:
            return s.scalar(select(CrawlRun.id).where(
                CrawlRun.source_id == source_id, CrawlRun.id != run_id, CrawlRun.status == CrawlRunState.FINISHED,
                CrawlRun.articles + CrawlRun.new_articles > 0).limit(1)) is not None

    def mark_success(self, source_id: int, at: dt.datetime | None = None) -> None:
        """Set Source.last_success_at."""
        with self.db.session() as s:
            s.get(Source, source_id).last_success_at = at or utcnow()
