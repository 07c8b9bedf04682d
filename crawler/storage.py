"""The crawler's view of the system of record: sources, seen URLs, articles, validators and runs."""

from __future__ import annotations

import datetime as dt
import os
import socket

from sqlalchemy import insert, literal, select, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from store.db import Database
from store.models import Article, CrawlRun, DuplicateSighting, PageValidator, Source, utcnow
from store.outbox import enqueue
from vocabulary import CrawlRunState

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


LOOKUP_CHUNK = 500  # values per IN (...) list


def _chunks(values, size: int = LOOKUP_CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


class _NewArticle:
    """An article row of the batch being written; its id is known once the batch's INSERT returned."""

    __slots__ = ("id",)

    def __init__(self):
        self.id = None


def _id_of(target) -> int:
    return target.id if isinstance(target, _NewArticle) else target


class CrawlStore:
    """Short transactions against the store for one crawl process."""

    def __init__(self, db: Database):
        self.db = db
        self._articles = Article.__table__
        self._sightings = DuplicateSighting.__table__

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

    def known_urls(self, urls: list[str]) -> set[str]:
        """The subset of `urls` stored as articles or recorded as duplicates/aliases (one query per 500)."""
        found: set[str] = set()
        with self.db.engine.connect() as conn:
            for chunk in _chunks(urls):
                query = union_all(select(Article.url).where(Article.url.in_(chunk)),
                                  select(DuplicateSighting.url).where(DuplicateSighting.url.in_(chunk)))
                found.update(conn.execute(query).scalars())
        return found

    def save_article(self, item, source_id: int | None) -> tuple[str, int]:
        """Store one item in its own transaction: ('new'|'duplicate'|'known', article id)."""
        return self.save_articles([item], source_id)[0]

    def save_articles(self, items: list, source_id: int | None) -> list[tuple[str, int]]:
        """Store the items in one transaction; per item, in order: ('new'|'duplicate'|'known', article id).

        An item whose URL is stored (as an article or a sighting) is 'known'; one whose text is stored
        under another URL, or earlier in the batch, is a 'duplicate' and becomes a DuplicateSighting;
        the rest are new articles, each with its index outbox row. Redirect aliases become sightings.
        Nothing counts as stored before the transaction has committed."""
        if not items:
            return []
        try:
            return self._save_batch(items, source_id)
        except IntegrityError:
            # Another worker stored one of these URLs meanwhile: the second pass finds it.
            return self._save_batch(items, source_id)

    def _lookup(self, s, urls: set[str], hashes: set[str]):
        """(article id by URL, first article id by content hash, article id by sighting URL)."""
        by_url: dict[str, int] = {}
        by_hash: dict[str, int] = {}
        sighted: dict[str, int] = {}
        for chunk in _chunks(urls):
            # One round trip for both: (url, article id, 1 when the URL is a sighting).
            query = union_all(select(Article.url, Article.id, literal(0)).where(Article.url.in_(chunk)),
                              select(DuplicateSighting.url, DuplicateSighting.article_id, literal(1))
                              .where(DuplicateSighting.url.in_(chunk)))
            for url, article_id, is_sighting in s.execute(query):
                (sighted if is_sighting else by_url)[url] = article_id
        for chunk in _chunks(hashes):
            for article_id, digest in s.execute(select(Article.id, Article.content_hash)
                                                .where(Article.content_hash.in_(chunk)).order_by(Article.id)):
                by_hash.setdefault(digest, article_id)
        return by_url, by_hash, sighted

    def _save_batch(self, items: list, source_id: int | None) -> list[tuple[str, int]]:
        urls = {item["url"] for item in items} | {a for item in items for a in item.get("aliases") or ()}
        with self.db.session() as s:
            by_url, by_hash, sighted = self._lookup(s, urls, {item["content_hash"] for item in items})
            decided: list[tuple[str, object]] = []
            new_rows: list[tuple[_NewArticle, dict]] = []
            sightings: list[tuple[str, object]] = []  # (url, article id or _NewArticle)
            now = utcnow()
            for item in items:
                url = item["url"]
                if url in by_url:
                    outcome, target = "known", by_url[url]
                elif url in sighted:
                    decided.append(("known", sighted[url]))
                    continue
                elif item["content_hash"] in by_hash:
                    outcome, target = "duplicate", by_hash[item["content_hash"]]
                    sightings.append((url, target))
                    sighted[url] = target
                else:
                    outcome, target = "new", _NewArticle()
                    new_rows.append((target, {
                        "source_id": source_id, "url": url, "title": item["title"], "body": item["body"],
                        "author": item.get("author"), "published_at": item.get("published_at"),
                        "fetched_at": item.get("fetched_at") or now, "district": item.get("district"),
                        "content_hash": item["content_hash"], "extraction": item.get("extraction"),
                        "reply": item.get("reply"),
                    }))
                    by_url[url] = by_hash[item["content_hash"]] = target
                for alias in item.get("aliases") or ():
                    if alias != url and alias not in sighted and alias not in by_url:
                        sightings.append((alias, target))
                        sighted[alias] = target
                decided.append((outcome, target))
            if new_rows:
                # One executemany; RETURNING in parameter order gives each row its id.
                ids = s.execute(insert(self._articles).returning(self._articles.c.id, sort_by_parameter_order=True),
                                [row for _, row in new_rows]).scalars().all()
                for (target, _), article_id in zip(new_rows, ids, strict=True):
                    target.id = article_id
                    enqueue(s, "article", article_id)
            if sightings:
                s.execute(insert(self._sightings), [
                    {"url": url, "article_id": _id_of(target), "source_id": source_id, "seen_at": now}
                    for url, target in sightings])
        return [(outcome, _id_of(target)) for outcome, target in decided]

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
