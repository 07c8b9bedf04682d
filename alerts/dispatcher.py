"""The delivery dispatcher: claims due outbox rows with a lease, sends, records; retries with backoff.

Guarantees: a row is claimed (state `sending`, `claimed_until` = now + lease) in its own committed
transaction before anything is sent, and marked `sent` in another right after the channel returns.
A dispatcher killed before a send completes leaves the row `sending`; once the lease runs out another
run takes it again, so nothing is lost. The one window for a duplicate is a crash after the server
accepted the message but before `sent` was committed (milliseconds): delivery is at-least-once, and
every message carries the row's idempotency key (SMTP Message-ID, webhook Idempotency-Key header) so
a receiver can drop the repeat.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select, update

from alerts.channels.base import Channel, DeliveryError, Message, TransientDeliveryError
from alerts.channels.redact import redact
from alerts.workflow import audit
from store.models import Alert, Delivery, utcnow

log = logging.getLogger(__name__)
ACTOR = "dispatcher"


@dataclass
class DispatchResult:
    """What one dispatch pass did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    lost_lease: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(settings, attempts: int) -> dt.timedelta:
    """Delay before the next try after `attempts` failures: base * 2^(attempts-1), capped."""
    secs = min(settings.alert_backoff_max_seconds, settings.alert_backoff_seconds * 2 ** max(0, attempts - 1))
    return dt.timedelta(seconds=secs)


def _due(now: dt.datetime):
    return or_(and_(Delivery.state == "pending", Delivery.next_attempt_at <= now),
               and_(Delivery.state == "sending", Delivery.claimed_until < now))


def claim(db, settings, now: dt.datetime, limit: int) -> list[int]:
    """Lease up to `limit` due rows to this dispatcher (each claim is a conditional update)."""
    lease = dt.timedelta(seconds=settings.alert_lease_seconds)
    claimed: list[int] = []
    with db.session() as s:
        ids = list(s.scalars(select(Delivery.id).where(_due(now))
                             .order_by(Delivery.next_attempt_at, Delivery.id).limit(limit)))
        for did in ids:
            res = s.execute(update(Delivery).where(Delivery.id == did, _due(now))
                            .values(state="sending", claimed_until=now + lease, attempts=Delivery.attempts + 1))
            if res.rowcount == 1:  # another dispatcher did not get there first
                claimed.append(did)
    return claimed


def _record_success(db, did: int, now: dt.datetime, dry_run: bool = False) -> bool:
    with db.session() as s:
        res = s.execute(update(Delivery).where(Delivery.id == did, Delivery.state == "sending")
                        .values(state="sent", sent_at=now, claimed_until=None, last_error=None))
        if res.rowcount != 1:
            return False
        if dry_run:  # logged, not sent: say so where people look
            audit(s, ACTOR, "delivery.dry_run", "delivery", did, now)
        d = s.get(Delivery, did)
        al = s.get(Alert, d.alert_id)
        # the alert and any alerts grouped into the same message (same department, group, planning time)
        group = s.scalars(select(Alert).where(Alert.department_id == al.department_id, Alert.state == "pending",
                                              Alert.group_key == al.group_key,
                                              Alert.last_notified_at == al.last_notified_at)) if al.group_key else []
        for member in {al.id: al, **{m.id: m for m in group}}.values():
            if member.state == "pending":
                member.state = "sent"
                audit(s, ACTOR, "alert.sent", "alert", member.id, now, before="pending", after="sent", delivery=did)
        return True


def _record_failure(db, settings, did: int, exc: Exception, now: dt.datetime) -> str:
    retryable = getattr(exc, "retryable", True)
    with db.session() as s:
        d = s.get(Delivery, did)
        if d.state != "sending":
            return "lost"
        d.last_error = redact(f"{type(exc).__name__}: {exc}")[:1000]
        d.claimed_until = None
        if not retryable or d.attempts >= settings.alert_max_attempts:
            d.state = "dead"
            audit(s, ACTOR, "delivery.dead", "delivery", d.id, now, attempts=d.attempts, error=d.last_error)
            return "dead"
        d.state = "pending"
        d.next_attempt_at = now + backoff(settings, d.attempts)
        return "retry"


def dispatch_due(db, settings, channels: dict[str, Channel], now: dt.datetime | None = None,
                 limit: int = 100) -> DispatchResult:
    """Send every due delivery once; failures are retried later or dead-lettered. Returns counts."""
    fixed_now = now
    now = now or utcnow()
    result = DispatchResult()
    ids = claim(db, settings, now, limit)
    result.claimed = len(ids)
    for did in ids:
        with db.session() as s:
            d = s.get(Delivery, did)
            channel_name, msg = d.channel, Message(d.recipient, d.subject, d.body, d.idempotency_key)
        channel = channels.get(channel_name)
        try:
            if channel is None:
                raise TransientDeliveryError(f"channel '{channel_name}' is not configured")
            channel.send(msg)
        except DeliveryError as exc:
            outcome = _record_failure(db, settings, did, exc, fixed_now or utcnow())
        except Exception as exc:  # a bug in a channel must not stop the batch; it is recorded, and retried
            log.exception("channel %s failed unexpectedly on delivery %s", channel_name, did)
            outcome = _record_failure(db, settings, did, exc, fixed_now or utcnow())
        else:
            outcome = "sent" if _record_success(db, did, fixed_now or utcnow(), channel.dry_run) else "lost"
        if outcome == "sent":
            result.sent += 1
        elif outcome == "retry":
            result.retried += 1
        elif outcome == "dead":
            result.dead += 1
        else:
            result.lost_lease += 1
        if outcome in ("retry", "dead"):
            with db.session() as s:
                result.errors.append(f"delivery {did}: {s.get(Delivery, did).last_error}")
    if result.claimed:
        log.info("dispatch: claimed %d, sent %d, retry %d, dead %d", result.claimed, result.sent,
                 result.retried, result.dead)
    return result


def retry_delivery(db, delivery_id: int, actor: str, now: dt.datetime | None = None) -> Delivery:
    """Put a dead (or failed) delivery back in the queue, due now, with a fresh attempt count."""
    now = now or utcnow()
    with db.session() as s:
        d = s.get(Delivery, delivery_id)
        if d is None:
            raise LookupError(f"no delivery with id {delivery_id}")
        if d.state not in ("dead", "pending", "cancelled"):
            raise ValueError(f"delivery {delivery_id} is {d.state}; only dead, pending or cancelled ones can be retried")
        before = d.state
        d.state, d.attempts, d.next_attempt_at, d.claimed_until = "pending", 0, now, None
        audit(s, actor, "delivery.retry", "delivery", d.id, now, before=before)
        return d


def run_loop(db, settings, channels: dict[str, Channel], interval: float = 5.0, stop=None) -> None:
    """Dispatch until `stop()` is true (or forever), sleeping `interval` when idle."""
    failures = 0
    while not (stop and stop()):
        try:
            res = dispatch_due(db, settings, channels)
            failures = 0
        except Exception:  # the database restarting must not end the dispatcher; rows wait in the outbox
            failures += 1
            log.exception("dispatch pass failed (%d in a row); retrying", failures)
            time.sleep(min(300.0, interval * 2 ** min(failures, 6)))
            continue
        if not res.claimed:
            time.sleep(interval)
