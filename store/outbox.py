"""The search-index outbox: rows written with the data, drained to Elasticsearch in bulk with retries."""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from dataclasses import dataclass, field

from elasticsearch import ApiError, Elasticsearch, TransportError
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from store.index_documents import load_documents
from store.models import IndexOutbox, utcnow
from store.search_index import DOC_TYPES, alias_name, ensure_index, redact_url

log = logging.getLogger(__name__)

BACKOFF_BASE = 2.0  # seconds before the first retry
BACKOFF_CAP = 3600.0  # a row that keeps failing is retried at least hourly, never dropped
LEASE = dt.timedelta(minutes=5)  # a crashed drainer's rows become claimable again after this
OPS = ("index", "delete")


def enqueue(session: Session, doc_type: str, doc_id: int, op: str = "index") -> IndexOutbox:
    """Record, in the caller's transaction, that a row must be (re)indexed or deleted."""
    if doc_type not in DOC_TYPES:
        raise ValueError(f"unknown doc_type {doc_type!r}; expected one of {sorted(DOC_TYPES)}")
    if op not in OPS:
        raise ValueError(f"unknown op {op!r}; expected one of {OPS}")
    row = IndexOutbox(doc_type=doc_type, doc_id=int(doc_id), op=op)
    session.add(row)
    return row


def backoff_delay(attempts: int, *, base: float = BACKOFF_BASE, cap: float = BACKOFF_CAP,
                  rng: random.Random | None = None) -> float:
    """Seconds to wait after the `attempts`-th failure: exponential, capped, with jitter in [½, 1]."""
    if attempts < 1:
        return 0.0
    ceiling = min(cap, base * 2 ** min(attempts - 1, 62))
    # Equal jitter: never less than half the step, so retries still back off, but spread out.
    return ceiling * (0.5 + 0.5 * (rng or random).random())


@dataclass
class DrainResult:
    """What one drain did."""

    indexed: int = 0  # documents written or deleted
    rows_done: int = 0  # outbox rows marked done (several rows may collapse into one document)
    rows_failed: int = 0  # rows scheduled for a retry
    batches: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "DrainResult") -> None:
        self.indexed += other.indexed
        self.rows_done += other.rows_done
        self.rows_failed += other.rows_failed
        self.batches += other.batches
        self.errors.extend(other.errors[: max(0, 20 - len(self.errors))])


@dataclass(frozen=True)
class Claimed:
    id: int
    doc_type: str
    doc_id: int
    op: str
    attempts: int


def _ready(now: dt.datetime):
    return (
        IndexOutbox.done_at.is_(None),
        IndexOutbox.next_attempt_at <= now,
        or_(IndexOutbox.claimed_until.is_(None), IndexOutbox.claimed_until < now),
    )


def claim(db, batch_size: int, now: dt.datetime | None = None) -> list[Claimed]:
    """Lease up to `batch_size` ready rows, oldest first; a concurrent drainer never gets the same rows."""
    now = now or utcnow()
    # One WITH picked AS (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED) UPDATE ... RETURNING: atomic on
    # SQLite (one statement under the write lock) and on PostgreSQL (locked rows are skipped, the
    # outer WHERE is re-checked after any wait). The CTE runs once; a plain `IN (subquery)` may be
    # rescanned by PostgreSQL, which then leased the whole outbox to one drainer whatever the batch size.
    picked = (select(IndexOutbox.id).where(*_ready(now)).order_by(IndexOutbox.id).limit(batch_size)
              .with_for_update(skip_locked=True).cte("picked"))
    stmt = (update(IndexOutbox).where(IndexOutbox.id.in_(select(picked.c.id)), *_ready(now))
            .values(claimed_until=now + LEASE)
            .returning(IndexOutbox.id, IndexOutbox.doc_type, IndexOutbox.doc_id, IndexOutbox.op,
                       IndexOutbox.attempts)
            .execution_options(synchronize_session=False))
    with db.session() as s:
        rows = s.execute(stmt).all()
    return sorted((Claimed(*r) for r in rows), key=lambda c: c.id)


def _bulk_actions(db, client: Elasticsearch, settings, claimed: list[Claimed]):
    """Collapse rows to one action per document: the latest row's op, against the row's current state."""
    latest: dict[tuple[str, int], Claimed] = {}
    for row in claimed:
        latest[(row.doc_type, row.doc_id)] = row  # claimed is sorted by id: the last one wins
    docs: dict[str, dict[int, dict]] = {}
    broken: dict[tuple[str, int], str] = {}
    with db.session() as s:
        for doc_type in DOC_TYPES:
            ids = [k[1] for k, r in latest.items() if k[0] == doc_type and r.op == "index"]
            try:
                docs[doc_type] = load_documents(s, doc_type, ids)
            except Exception:  # one bad row must not block the whole outbox: find it, send the rest
                s.rollback()
                docs[doc_type] = {}
                for i in ids:
                    try:
                        docs[doc_type].update(load_documents(s, doc_type, [i]))
                    except Exception as exc:
                        s.rollback()
                        broken[(doc_type, i)] = f"cannot build the document: {exc!r}"[:500]
    operations, keys = [], []
    for key, row in latest.items():
        if key in broken:
            continue
        index = alias_name(settings, row.doc_type)
        doc = docs[row.doc_type].get(row.doc_id)
        if row.op == "index" and doc is not None:
            operations += [{"index": {"_index": index, "_id": str(row.doc_id)}}, doc]
        else:  # deleted, or gone from the store: it must leave the index too
            operations.append({"delete": {"_index": index, "_id": str(row.doc_id)}})
        keys.append(key)
    return operations, keys, broken


def _item_error(op_type: str, item: dict) -> str | None:
    status = item.get("status", 500)
    if 200 <= status < 300 or (op_type == "delete" and status == 404):
        return None
    err = item.get("error") or {}
    if isinstance(err, dict):
        return f"{status} {err.get('type', '')}: {str(err.get('reason', ''))[:300]}"
    return f"{status} {str(err)[:300]}"


def _request_error(exc: Exception, settings) -> str:
    if isinstance(exc, ApiError):
        return f"{exc.meta.status} {exc.error}: {str(exc.info)[:300]}"
    return f"{type(exc).__name__} talking to {redact_url(settings.elasticsearch_url)}: {str(exc)[:300]}"


def _finish(db, claimed: list[Claimed], failed: dict[tuple[str, int], str], now: dt.datetime,
            rng: random.Random | None) -> tuple[int, int]:
    done_ids = [r.id for r in claimed if (r.doc_type, r.doc_id) not in failed]
    retries = []
    for r in claimed:
        error = failed.get((r.doc_type, r.doc_id))
        if error is not None:
            attempts = r.attempts + 1
            retries.append({
                "id": r.id, "attempts": attempts, "last_error": error[:1000], "claimed_until": None,
                "next_attempt_at": now + dt.timedelta(seconds=backoff_delay(attempts, rng=rng)),
            })
    with db.session() as s:
        for start in range(0, len(done_ids), 500):
            s.execute(update(IndexOutbox).where(IndexOutbox.id.in_(done_ids[start:start + 500]))
                      .values(done_at=now, claimed_until=None, last_error=None)
                      .execution_options(synchronize_session=False))
        if retries:
            s.execute(update(IndexOutbox), retries)
    return len(done_ids), len(retries)


def drain_batch(db, client: Elasticsearch, settings, batch_size: int = 500,
                now: dt.datetime | None = None, rng: random.Random | None = None) -> DrainResult:
    """Claim one batch, send it as one bulk request, mark rows done or schedule their retry."""
    result = DrainResult()
    claimed = claim(db, batch_size, now)
    if not claimed:
        return result
    result.batches = 1
    failed: dict[tuple[str, int], str] = {}
    try:
        operations, keys, failed = _bulk_actions(db, client, settings, claimed)
        response = client.bulk(operations=operations) if operations else {"items": []}
        for key, item in zip(keys, response["items"]):
            ((op_type, body),) = item.items()
            error = _item_error(op_type, body)
            if error:
                failed[key] = error
            else:
                result.indexed += 1
    except (TransportError, ApiError) as exc:  # connection refused, timeout, 429, 5xx: retry all
        message = _request_error(exc, settings)
        failed = {(r.doc_type, r.doc_id): message for r in claimed}
    except BaseException:
        # Unexpected (a bug, a bad row, Ctrl-C): release the lease for a prompt retry, then re-raise.
        with db.session() as s:
            s.execute(update(IndexOutbox).where(IndexOutbox.id.in_([r.id for r in claimed]))
                      .values(claimed_until=None).execution_options(synchronize_session=False))
        raise
    result.rows_done, result.rows_failed = _finish(db, claimed, failed, now or utcnow(), rng)
    result.errors = sorted(set(failed.values()))[:20]
    if failed:
        log.warning("outbox: %d rows will be retried: %s", len(failed), result.errors[0])
    return result


def drain(db, client: Elasticsearch, settings, batch_size: int = 500, *, max_batches: int | None = None,
          now: dt.datetime | None = None, rng: random.Random | None = None, workers: int = 1) -> DrainResult:
    """Drain every ready row in batches (`workers` bulk requests in flight); stops when the server is down."""
    for doc_type in DOC_TYPES:
        try:
            ensure_index(client, settings, doc_type)
        except (TransportError, ApiError):
            break  # server unreachable: the batch below records the failure on the rows
    total, lock = DrainResult(), threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if max_batches is not None and total.batches >= max_batches:
                    return
            batch = drain_batch(db, client, settings, batch_size, now=now, rng=rng)
            with lock:
                total.add(batch)
            if batch.batches == 0 or (batch.rows_done == 0 and batch.rows_failed):
                return

    if workers <= 1:
        work()
        return total
    # Claims are leases, so parallel drainers never send a row twice; the client is thread-safe.
    threads = [threading.Thread(target=work, name=f"outbox-drain-{i}") for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return total


def run_forever(db, client: Elasticsearch, settings, *, batch_size: int = 500, interval: float = 2.0,
                stop: threading.Event | None = None) -> None:
    """Drain, sleep `interval` when idle, repeat until `stop` is set (the indexer service)."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            result = drain(db, client, settings, batch_size)
        except Exception:  # keep the service alive; the rows are still in the outbox
            log.exception("outbox drain failed; retrying in %.0f s", interval)
            result = DrainResult()
        if result.indexed:
            log.info("outbox: indexed %d documents", result.indexed)
        if not result.indexed:
            stop.wait(interval)


@dataclass(frozen=True)
class OutboxDepth:
    """How much is waiting: for `trustwatch outbox status` and metrics."""

    pending: int  # not yet indexed
    retrying: int  # pending rows that failed at least once
    oldest_pending_age: float | None  # seconds
    done: int


def depth(db, now: dt.datetime | None = None) -> OutboxDepth:
    """Counts of pending, retrying and done rows, and the age of the oldest pending one."""
    now = now or utcnow()
    with db.session() as s:
        pending, retrying, oldest = s.execute(
            select(func.count(), func.count().filter(IndexOutbox.attempts > 0), func.min(IndexOutbox.created_at))
            .where(IndexOutbox.done_at.is_(None))
        ).one()
        done = s.scalar(select(func.count()).where(IndexOutbox.done_at.is_not(None)))
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.timezone.utc)
    age = (now - oldest).total_seconds() if oldest else None
    return OutboxDepth(pending, retrying, age, done or 0)


def purge_done(db, older_than: dt.timedelta = dt.timedelta(days=7)) -> int:
    """Delete rows indexed more than `older_than` ago; returns how many."""
    cutoff = utcnow() - older_than
    with db.session() as s:
        return s.execute(delete(IndexOutbox).where(IndexOutbox.done_at < cutoff)).rowcount or 0


def requeue_done_since(db, doc_type: str, since: dt.datetime) -> int:
    """Mark rows indexed since `since` pending again (reindex: they may have reached only the old index)."""
    with db.session() as s:
        return s.execute(
            update(IndexOutbox)
            .where(IndexOutbox.doc_type == doc_type, IndexOutbox.done_at >= since)
            .values(done_at=None, next_attempt_at=utcnow(), claimed_until=None)
            .execution_options(synchronize_session=False)
        ).rowcount or 0


def wait_until_empty(db, timeout: float, poll: float = 0.2) -> bool:
    """True once nothing is pending (tests and `make run` use it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if depth(db).pending == 0:
            return True
        time.sleep(poll)
    return False
