"""One lease queue for every outbox (search index, deliveries): claim, renew, back off, dead-letter, purge.

A row is claimed in one statement: `WITH picked AS (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED) UPDATE
... RETURNING`, atomic on PostgreSQL (rows another worker is claiming are skipped, the outer WHERE is
re-checked after any wait) and on SQLite (one statement under the write lock). The CTE runs once; a
plain `IN (subquery)` may be rescanned by PostgreSQL, which then leased every ready row to one worker.
The claim writes a lease (`claimed_until`) and the claimer's token (`claimed_by`): only the token's
holder records the outcome, and it renews the lease while long work runs (LeaseKeeper). A failed row
waits an exponential, capped delay (jittered where many rows hit one server); after `max_attempts`
failures of the row itself it is dead, retried no more until `trustwatch outbox retry`. An outage of
the server (the row is not at fault) backs off but never kills a row. Done rows are purged by age
from the scheduler's housekeeping.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update

from store.audit import audit
from store.models import Delivery, IndexOutbox, utcnow
from vocabulary import DeliveryState, QueueState

log = logging.getLogger(__name__)

BACKOFF_BASE = 2.0  # seconds before the first retry
BACKOFF_CAP = 3600.0  # a row that keeps failing waits at most this long between tries


def backoff_delay(attempts: int, *, base: float = BACKOFF_BASE, cap: float = BACKOFF_CAP,
                  rng: random.Random | None = None, jitter: bool = True) -> float:
    """Seconds to wait after the `attempts`-th failure: exponential, capped, with jitter in [½, 1]."""
    if attempts < 1:
        return 0.0
    ceiling = min(cap, base * 2 ** min(attempts - 1, 62))
    if not jitter:
        return ceiling
    # Equal jitter: never less than half the step, so retries still back off, but spread out.
    return ceiling * (0.5 + 0.5 * (rng or random).random())


@dataclass(frozen=True)
class RetryPolicy:
    """How a queue retries: first delay, cap, jitter, and after how many failures a row is dead."""

    base_seconds: float = BACKOFF_BASE
    cap_seconds: float = BACKOFF_CAP
    max_attempts: int | None = None  # None: retried for ever
    jitter: bool = True

    def delay(self, attempts: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after the `attempts`-th failure."""
        return backoff_delay(attempts, base=self.base_seconds, cap=self.cap_seconds, rng=rng, jitter=self.jitter)

    def gives_up(self, attempts: int) -> bool:
        """True when `attempts` failures are the last this policy allows."""
        return self.max_attempts is not None and attempts >= self.max_attempts


def new_token() -> str:
    """A claim token: who holds a lease (one per worker pass)."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class QueueTable:
    """Where one queue lives: its table, and what open, done and dead mean in its columns."""

    name: str  # as `trustwatch outbox --queue` names it
    title: str  # what `trustwatch outbox status` shows
    model: Any
    open: ColumnElement  # not done, not dead: waiting for a worker or leased to one
    dead: ColumnElement
    done: ColumnElement
    finished_at: Any  # the column saying when a row was done (purge age)
    order_by: tuple
    on_claim: Mapping[str, Any] = field(default_factory=dict)  # extra values written by a claim
    on_done: Callable[[dt.datetime], dict] = lambda now: {}
    on_dead: Callable[[dt.datetime], dict] = lambda now: {}
    on_open: Mapping[str, Any] = field(default_factory=dict)  # values of a row waiting again
    audit_entity: str | None = None  # rows of this queue are audited under this entity type

    def ready(self, now: dt.datetime) -> ColumnElement:
        """Rows a worker may claim at `now`: open, due, and not leased (or their lease ran out)."""
        m = self.model
        return and_(self.open, m.next_attempt_at <= now, or_(m.claimed_until.is_(None), m.claimed_until < now))

    def owned(self, ids: Sequence[int], token: str) -> ColumnElement:
        """Rows among `ids` still leased to `token` (claimed by it, outcome not yet recorded)."""
        m = self.model
        return and_(m.id.in_(list(ids)), m.claimed_by == token, m.claimed_until.is_not(None), self.open)

    def record(self, session, ids: Sequence[int], token: str, values: Mapping[str, Any]) -> int:
        """Write an outcome on the rows `token` still holds (in the caller's transaction); how many."""
        return session.execute(update(self.model).where(self.owned(ids, token))
                               .values(**{"claimed_until": None, **values})
                               .execution_options(synchronize_session=False)).rowcount or 0


INDEX = QueueTable(
    name="index", title="搜索索引发件箱", model=IndexOutbox,
    open=and_(IndexOutbox.done_at.is_(None), IndexOutbox.dead_at.is_(None)),
    dead=IndexOutbox.dead_at.is_not(None), done=IndexOutbox.done_at.is_not(None),
    finished_at=IndexOutbox.done_at, order_by=(IndexOutbox.id,),
    on_done=lambda now: {"done_at": now, "last_error": None},
    on_dead=lambda now: {"dead_at": now, "done_at": None}, on_open={"dead_at": None, "done_at": None},
)
DELIVERY = QueueTable(
    name="delivery", title="通知投递发件箱", model=Delivery,
    open=Delivery.state.in_((DeliveryState.PENDING, DeliveryState.SENDING)),
    dead=Delivery.state == DeliveryState.DEAD, done=Delivery.state == DeliveryState.SENT,
    finished_at=Delivery.sent_at, order_by=(Delivery.next_attempt_at, Delivery.id),
    # A delivery counts its tries when claimed: a send cut off by a crash was a try too.
    on_claim={"state": DeliveryState.SENDING, "attempts": Delivery.attempts + 1},
    on_done=lambda now: {"state": DeliveryState.SENT, "sent_at": now, "last_error": None},
    on_dead=lambda now: {"state": DeliveryState.DEAD}, on_open={"state": DeliveryState.PENDING},
    audit_entity="delivery",
)
QUEUES = {q.name: q for q in (INDEX, DELIVERY)}


@dataclass(frozen=True)
class LeaseQueue:
    """One queue with its lease and retry policy: what workers claim from and record into."""

    table: QueueTable
    lease: dt.timedelta
    policy: RetryPolicy

    def claim(self, db, limit: int, token: str, now: dt.datetime | None = None,
              columns: Sequence = ()) -> list:
        """Lease up to `limit` ready rows to `token` in one statement; returns (id, *columns) rows."""
        now = now or utcnow()
        t, m = self.table, self.table.model
        picked = (select(m.id).where(t.ready(now)).order_by(*t.order_by).limit(limit)
                  .with_for_update(skip_locked=True).cte("picked"))
        stmt = (update(m).where(m.id.in_(select(picked.c.id)), t.ready(now))
                .values(claimed_until=now + self.lease, claimed_by=token, **t.on_claim)
                .returning(m.id, *columns).execution_options(synchronize_session=False))
        with db.session() as s:
            return list(s.execute(stmt).all())

    def renew(self, db, ids: Sequence[int], token: str, now: dt.datetime | None = None) -> int:
        """Extend the lease of the rows `token` still holds; returns how many it holds."""
        now = now or utcnow()
        with db.session() as s:
            return s.execute(update(self.table.model).where(self.table.owned(ids, token))
                             .values(claimed_until=now + self.lease)
                             .execution_options(synchronize_session=False)).rowcount or 0

    def done_values(self, now: dt.datetime) -> dict:
        """The values of a row done at `now`."""
        return {"claimed_until": None, **self.table.on_done(now)}

    def failure_values(self, attempts: int, error: str, now: dt.datetime, *, retryable: bool = True,
                       outage: bool = False, rng: random.Random | None = None) -> tuple[dict, bool]:
        """(values, dead) for a row that failed its `attempts`-th try.

        Dead when the failure cannot be retried or the policy gives up; an `outage` (the server, not
        the row) only backs off. Both outcomes carry the same keys, so rows can be written in bulk."""
        dead = not retryable or (not outage and self.policy.gives_up(attempts))
        state = self.table.on_dead(now) if dead else dict(self.table.on_open)
        wait = 0.0 if dead else self.policy.delay(attempts, rng)
        return {"attempts": attempts, "last_error": error[:1000], "claimed_until": None,
                "next_attempt_at": now + dt.timedelta(seconds=wait), **state}, dead

    def release(self, db, ids: Sequence[int], token: str | None = None) -> None:
        """Drop the lease of claimed rows (unexpected error): they are claimable again at once."""
        m = self.table.model
        where = self.table.owned(ids, token) if token else m.id.in_(list(ids))
        with db.session() as s:
            s.execute(update(m).where(where).values(claimed_until=None).execution_options(synchronize_session=False))


def retry_dead(db, table: QueueTable, ids: Sequence[int] | None = None, actor: str = "cli",
               now: dt.datetime | None = None) -> list[int]:
    """Put dead rows (all, or those of `ids`) back in the queue, due now, with a fresh count; their ids."""
    now = now or utcnow()
    m = table.model
    where = [table.dead] + ([m.id.in_(list(ids))] if ids is not None else [])
    with db.session() as s:
        stmt = (update(m).where(*where)
                .values(attempts=0, next_attempt_at=now, claimed_until=None, claimed_by=None, **table.on_open)
                .returning(m.id).execution_options(synchronize_session=False))
        requeued = sorted(s.scalars(stmt))
        if table.audit_entity:
            for i in requeued:
                audit(s, actor, f"{table.audit_entity}.retry", table.audit_entity, i, now=now, before="dead")
    return requeued


def purge_done(db, table: QueueTable, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Delete rows done more than `older_than` ago; returns how many."""
    cutoff = (now or utcnow()) - older_than
    with db.session() as s:
        return s.execute(delete(table.model).where(table.done, table.finished_at < cutoff)
                         .execution_options(synchronize_session=False)).rowcount or 0


@dataclass(frozen=True)
class QueueDepth:
    """How much one queue holds: for `trustwatch outbox status` and metrics."""

    pending: int  # open, waiting for a worker
    leased: int  # open, under a live lease
    dead: int
    done: int
    retrying: int  # open rows that failed at least once
    oldest_open_age: float | None  # seconds

    def by_state(self) -> dict[QueueState, int]:
        """Counts keyed by the vocabulary's queue states."""
        return {QueueState.PENDING: self.pending, QueueState.LEASED: self.leased,
                QueueState.DEAD: self.dead, QueueState.DONE: self.done}


def depth(db, table: QueueTable, now: dt.datetime | None = None) -> QueueDepth:
    """Counts of pending, leased, dead and done rows, and the age of the oldest open one."""
    now = now or utcnow()
    m = table.model
    leased = and_(m.claimed_until.is_not(None), m.claimed_until >= now)
    with db.session() as s:
        total, live, retrying, oldest = s.execute(
            select(func.count(), func.count().filter(leased), func.count().filter(m.last_error.is_not(None)),
                   func.min(m.created_at)).where(table.open)).one()
        dead = s.scalar(select(func.count()).where(table.dead)) or 0
        done = s.scalar(select(func.count()).where(table.done)) or 0
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.timezone.utc)
    age = (now - oldest).total_seconds() if oldest else None
    return QueueDepth(total - live, live, dead, done, retrying, age)


class LeaseKeeper:
    """Renews the lease of claimed rows every third of the lease while their work is in progress."""

    def __init__(self, queue: LeaseQueue, db, ids: Sequence[int], token: str,
                 clock: Callable[[], dt.datetime] = utcnow):
        self.queue, self.db, self.ids, self.token, self.clock = queue, db, list(ids), token, clock
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{queue.table.name}-{self.ids[:1]}",
                                        daemon=True)

    def _run(self) -> None:
        period = max(0.05, self.queue.lease.total_seconds() / 3)
        while not self._stop.wait(period):
            try:
                if self.queue.renew(self.db, self.ids, self.token, self.clock()) < len(self.ids):
                    self.lost = True
                    log.warning("%s: lease of %s lost during its work", self.queue.table.name, self.ids)
                    return
            except Exception:  # the database blinked: try again next period, the lease still runs
                log.warning("%s: could not renew the lease of %s", self.queue.table.name, self.ids, exc_info=True)

    def __enter__(self) -> "LeaseKeeper":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
