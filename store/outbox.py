"""The search-index outbox: rows written with the data, drained to Elasticsearch in bulk with retries."""

from __future__ import annotations

import datetime as dt
import logging
from json import dumps as _stdlib_dumps
import queue as queues
import random
import threading
from dataclasses import dataclass, field
from typing import NamedTuple

import orjson
from elasticsearch import ApiError, Elasticsearch, TransportError
from sqlalchemy import update
from sqlalchemy.orm import Session

from store import queue
from store.index_documents import TokenizerPool, load_documents, tokenize_texts
from store.models import IndexOutbox, utcnow
from store.search_index import DOC_TYPES, IndexConfig, alias_name, ensure_index, redact_url

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=5)  # a crashed drainer's rows become claimable again after this
# A row Elasticsearch rejects (or whose document cannot be built) this many times is dead until
# `trustwatch outbox retry`; an outage of the server only backs off (at least hourly), never kills.
MAX_ATTEMPTS = 10
RETRY = queue.RetryPolicy(queue.BACKOFF_BASE, queue.BACKOFF_CAP, max_attempts=MAX_ATTEMPTS)
QUEUE = queue.LeaseQueue(queue.INDEX, LEASE, RETRY)
PURGE_AFTER = dt.timedelta(days=7)  # done rows older than this are deleted by the housekeeping
OPS = ("index", "delete")
DONE_CHUNK = 5000  # ids per mark-done statement (well under SQLite's and PostgreSQL's parameter limits)


def enqueue(session: Session, doc_type: str, doc_id: int, op: str = "index") -> IndexOutbox:
    """Record, in the caller's transaction, that a row must be (re)indexed or deleted."""
    if doc_type not in DOC_TYPES:
        raise ValueError(f"unknown doc_type {doc_type!r}; expected one of {sorted(DOC_TYPES)}")
    if op not in OPS:
        raise ValueError(f"unknown op {op!r}; expected one of {OPS}")
    row = IndexOutbox(doc_type=doc_type, doc_id=int(doc_id), op=op)
    session.add(row)
    return row


@dataclass
class DrainResult:
    """What one drain did."""

    indexed: int = 0  # documents written or deleted
    rows_done: int = 0  # outbox rows marked done (several rows may collapse into one document)
    rows_failed: int = 0  # rows scheduled for a retry, or dead
    rows_dead: int = 0  # rows that failed their last allowed try (dead-lettered)
    batches: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "DrainResult") -> None:
        self.indexed += other.indexed
        self.rows_done += other.rows_done
        self.rows_failed += other.rows_failed
        self.rows_dead += other.rows_dead
        self.batches += other.batches
        self.errors.extend(other.errors[: max(0, 20 - len(self.errors))])


class Claimed(NamedTuple):
    """One leased outbox row (a tuple: building 500 of them is cheap, unlike a frozen dataclass)."""

    id: int
    doc_type: str
    doc_id: int
    op: str
    attempts: int


def claim(db, batch_size: int, now: dt.datetime | None = None, token: str | None = None) -> list[Claimed]:
    """Lease up to `batch_size` ready rows, oldest first; a concurrent drainer never gets the same rows."""
    rows = QUEUE.claim(db, batch_size, token or queue.new_token(), now,
                       columns=(IndexOutbox.doc_type, IndexOutbox.doc_id, IndexOutbox.op, IndexOutbox.attempts))
    return sorted(map(Claimed._make, rows))  # by id: the first field


def _bulk_actions(db, client: Elasticsearch, config: IndexConfig, claimed: list[Claimed], tokenize=tokenize_texts):
    """Collapse rows to one action per document: the latest row's op, against the row's current state;
    returns the bulk request's body, the document key of each action in it, and the rows that cannot be built."""
    latest: dict[tuple[str, int], Claimed] = {}
    for row in claimed:
        latest[(row.doc_type, row.doc_id)] = row  # claimed is sorted by id: the last one wins
    docs: dict[str, dict[int, dict]] = {}
    broken: dict[tuple[str, int], str] = {}
    with db.session() as s:
        for doc_type in DOC_TYPES:
            ids = [k[1] for k, r in latest.items() if k[0] == doc_type and r.op == "index"]
            try:
                docs[doc_type] = load_documents(s, doc_type, ids, tokenize)
            except Exception:  # one bad row must not block the whole outbox: find it, send the rest
                s.rollback()
                docs[doc_type] = {}
                for i in ids:
                    try:
                        docs[doc_type].update(load_documents(s, doc_type, [i]))
                    except Exception as exc:
                        s.rollback()
                        broken[(doc_type, i)] = f"cannot build the document: {exc!r}"[:500]
    lines, keys = [], []
    dumps = orjson.dumps
    for key, row in latest.items():
        if key in broken:
            continue
        index = alias_name(config, row.doc_type)
        doc = docs[row.doc_type].get(row.doc_id)
        if row.op == "index" and doc is not None:
            try:
                source = dumps(doc)
            except TypeError:  # orjson is stricter (integers past 64 bits): the client's own encoding
                source = _stdlib_dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
            lines += [dumps({"index": {"_index": index, "_id": str(row.doc_id)}}), source]
        else:  # deleted, or gone from the store: it must leave the index too
            lines.append(dumps({"delete": {"_index": index, "_id": str(row.doc_id)}}))
        keys.append(key)
    # The NDJSON body, serialised once here (the builder's thread) by orjson: the same bytes as the
    # client's json serializer (compact, UTF-8), in a sixth of its time.
    return b"\n".join(lines) + b"\n" if lines else b"", keys, broken


def _item_error(op_type: str, item: dict) -> str | None:
    status = item.get("status", 500)
    if 200 <= status < 300 or (op_type == "delete" and status == 404):
        return None
    err = item.get("error") or {}
    if isinstance(err, dict):
        return f"{status} {err.get('type', '')}: {str(err.get('reason', ''))[:300]}"
    return f"{status} {str(err)[:300]}"


def _request_error(exc: Exception, config: IndexConfig) -> str:
    if isinstance(exc, ApiError):
        return f"{exc.meta.status} {exc.error}: {str(exc.info)[:300]}"
    return f"{type(exc).__name__} talking to {redact_url(config.url)}: {str(exc)[:300]}"


def _finish(db, claimed: list[Claimed], failed: dict[tuple[str, int], str], now: dt.datetime,
            rng: random.Random | None, outages: set[tuple[str, int]] = frozenset()) -> tuple[int, int, int]:
    """Mark rows done, or schedule their retry: dead after MAX_ATTEMPTS, unless the server was at fault
    (the keys in `outages`: unreachable, overloaded, 5xx)."""
    done_ids = [r.id for r in claimed if (r.doc_type, r.doc_id) not in failed]
    retries, dead = [], 0
    for r in claimed:
        error = failed.get((r.doc_type, r.doc_id))
        if error is not None:
            values, is_dead = QUEUE.failure_values(r.attempts + 1, error, now, rng=rng,
                                                   outage=(r.doc_type, r.doc_id) in outages)
            retries.append({"id": r.id, **values})
            dead += is_dead
    with db.session() as s:
        for start in range(0, len(done_ids), DONE_CHUNK):  # one statement for any usual batch
            s.execute(update(IndexOutbox).where(IndexOutbox.id.in_(done_ids[start:start + DONE_CHUNK]))
                      .values(**QUEUE.done_values(now))
                      .execution_options(synchronize_session=False))
        if retries:
            s.execute(update(IndexOutbox), retries)
    if dead:
        log.error("outbox: %d rows failed %d times and are dead (trustwatch outbox retry)", dead, MAX_ATTEMPTS)
    return len(done_ids), len(retries), dead


_ITEM_FIELDS = "items.*.status,items.*.error"  # what _item_error reads of a bulk response


@dataclass
class _Batch:
    """One claimed batch, built and ready to send."""

    claimed: list[Claimed]
    body: bytes  # the bulk request's NDJSON
    keys: list[tuple[str, int]]
    broken: dict[tuple[str, int], str]


def _prepare(db, client: Elasticsearch, config: IndexConfig, batch_size: int, now: dt.datetime | None,
             tokenize) -> _Batch | None:
    """Claim one batch and build its bulk operations; None when nothing is ready."""
    claimed = claim(db, batch_size, now)
    if not claimed:
        return None
    try:
        body, keys, broken = _bulk_actions(db, client, config, claimed, tokenize)
    except BaseException:
        # Unexpected (a bug, the database gone, Ctrl-C): release the lease for a prompt retry, then re-raise.
        QUEUE.release(db, [r.id for r in claimed])
        raise
    return _Batch(claimed, body, keys, broken)


def _send(db, client: Elasticsearch, config: IndexConfig, batch: _Batch, now: dt.datetime | None,
          rng: random.Random | None) -> DrainResult:
    """Send one built batch as one bulk request, mark rows done or schedule their retry."""
    result = DrainResult(batches=1)
    claimed, failed = batch.claimed, dict(batch.broken)
    outages: set[tuple[str, int]] = set()
    try:
        # Only what is read of each item comes back: less for the server to write and for us to parse.
        response = (client.bulk(operations=batch.body, filter_path=_ITEM_FIELDS) if batch.body
                    else {"items": []})
        for key, item in zip(batch.keys, response["items"]):
            ((op_type, body),) = item.items()
            error = _item_error(op_type, body)
            if error:
                failed[key] = error
                if body.get("status", 500) == 429 or body.get("status", 500) >= 500:
                    outages.add(key)  # the server is overloaded or failing, not the document
            else:
                result.indexed += 1
    except (TransportError, ApiError) as exc:  # connection refused, timeout, 429, 5xx: retry all
        message = _request_error(exc, config)
        failed = {(r.doc_type, r.doc_id): message for r in claimed}
        outages = set(failed)  # the server's fault, not the rows': back off, never dead-letter
    except BaseException:
        # Unexpected (a bug, a bad row, Ctrl-C): release the lease for a prompt retry, then re-raise.
        QUEUE.release(db, [r.id for r in claimed])
        raise
    result.rows_done, result.rows_failed, result.rows_dead = _finish(db, claimed, failed, now or utcnow(), rng,
                                                                     outages)
    result.errors = sorted(set(failed.values()))[:20]
    if failed:
        log.warning("outbox: %d rows will be retried: %s", len(failed), result.errors[0])
    return result


def drain_batch(db, client: Elasticsearch, config: IndexConfig, batch_size: int = 500,
                now: dt.datetime | None = None, rng: random.Random | None = None,
                tokenize=tokenize_texts) -> DrainResult:
    """Claim one batch, send it as one bulk request, mark rows done or schedule their retry."""
    batch = _prepare(db, client, config, batch_size, now, tokenize)
    return _send(db, client, config, batch, now, rng) if batch is not None else DrainResult()


def drain(db, client: Elasticsearch, config: IndexConfig, batch_size: int = 500, *, max_batches: int | None = None,
          now: dt.datetime | None = None, rng: random.Random | None = None, workers: int = 1,
          processes: int = 1) -> DrainResult:
    """Drain every ready row in batches; stops when the server is down.

    A pipeline: this thread claims batch k+1 and builds its documents while `workers` threads have
    batches k, k-1... in flight as bulk requests, then mark their rows. rjieba releases the GIL, so
    building overlaps sending on a second core. `processes` > 1 tokenizes the documents in that many
    processes (a backlog on a bigger machine: starting them takes a second)."""
    if processes > 1:
        with TokenizerPool(processes) as pool:
            return _drain(db, client, config, batch_size, max_batches, now, rng, workers, pool)
    return _drain(db, client, config, batch_size, max_batches, now, rng, workers, tokenize_texts)


_DONE = object()  # tells a sender thread that no more batches come


def _drain(db, client, config, batch_size, max_batches, now, rng, workers, tokenize) -> DrainResult:
    for doc_type in DOC_TYPES:
        try:
            ensure_index(client, config, doc_type)
        except (TransportError, ApiError):
            break  # server unreachable: the batch below records the failure on the rows
    total, lock = DrainResult(), threading.Lock()
    stop = threading.Event()  # the server refuses everything, or a thread failed: claim no more
    errors: list[BaseException] = []
    workers = max(1, workers)
    # At most `workers` built batches wait for a sender: their leases (minutes) stay far from running out.
    ready: queues.Queue = queues.Queue(maxsize=workers)

    def send_loop() -> None:
        while (batch := ready.get()) is not _DONE:
            if stop.is_set():  # not tried: claimable again at once (else when the lease runs out)
                try:
                    QUEUE.release(db, [r.id for r in batch.claimed])
                except Exception:
                    log.warning("outbox: could not release %d unsent rows", len(batch.claimed), exc_info=True)
                continue
            try:
                result = _send(db, client, config, batch, now, rng)
            except BaseException as exc:  # _send released the batch's leases
                errors.append(exc)
                stop.set()
                continue
            with lock:
                total.add(result)
            if result.rows_done == 0 and result.rows_failed:
                stop.set()  # nothing got through: the server is down or rejects everything

    senders = [threading.Thread(target=send_loop, name=f"outbox-send-{i}", daemon=True) for i in range(workers)]
    for t in senders:
        t.start()
    claimed_batches = 0
    try:
        while not stop.is_set() and (max_batches is None or claimed_batches < max_batches):
            batch = _prepare(db, client, config, batch_size, now, tokenize)
            if batch is None:
                break
            claimed_batches += 1
            ready.put(batch)
    except BaseException as exc:
        errors.append(exc)
        stop.set()
    finally:
        for _ in senders:
            ready.put(_DONE)
        for t in senders:
            t.join()
    if errors:
        raise errors[0]
    return total


def run_forever(db, client: Elasticsearch, config: IndexConfig, *, batch_size: int = 500, interval: float = 2.0,
                stop: threading.Event | None = None) -> None:
    """Drain, sleep `interval` when idle, repeat until `stop` is set (the indexer service)."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            result = drain(db, client, config, batch_size)
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

    pending: int  # not yet indexed (waiting or leased), not dead
    retrying: int  # pending rows that failed at least once
    oldest_pending_age: float | None  # seconds
    done: int
    dead: int = 0  # failed MAX_ATTEMPTS times: waiting for `trustwatch outbox retry`


def depth(db, now: dt.datetime | None = None) -> OutboxDepth:
    """Counts of pending, retrying, done and dead rows, and the age of the oldest pending one."""
    d = queue.depth(db, queue.INDEX, now)
    return OutboxDepth(d.pending + d.leased, d.retrying, d.oldest_open_age, d.done, d.dead)


def purge_done(db, older_than: dt.timedelta = PURGE_AFTER, now: dt.datetime | None = None) -> int:
    """Delete rows indexed more than `older_than` ago; returns how many."""
    return queue.purge_done(db, queue.INDEX, older_than, now)


def requeue_done_since(db, doc_type: str, since: dt.datetime) -> int:
    """Mark rows indexed since `since` pending again (reindex: they may have reached only the old index)."""
    with db.session() as s:
        return s.execute(
            update(IndexOutbox)
            .where(IndexOutbox.doc_type == doc_type, IndexOutbox.done_at >= since)
            .values(done_at=None, next_attempt_at=utcnow(), claimed_until=None)
            .execution_options(synchronize_session=False)
        ).rowcount or 0
