"""The delivery dispatcher: claims due outbox rows with a lease, sends, records; retries with backoff.

The delivery outbox is a `store.queue` lease queue (claim, renewal, backoff, dead-letter shared with
the search-index outbox). Guarantees: a row is claimed (state `sending`, `claimed_until` = now + lease, `claimed_by` = this
pass's token) in its own committed transaction before anything is sent, one row at a time, and marked
`sent` in another right after the channel returns, only if the token still matches. While a send is
in progress its lease is renewed in the background, so a slow robot or gateway does not let a second
dispatcher take the row. A dispatcher killed (or frozen) before a send completes stops renewing; once
the lease runs out another dispatcher takes the row again, so nothing is lost, and the first one, if it
comes back, records nothing. The one window for a duplicate is a send the server accepted just before
such a crash or freeze: delivery is at-least-once, and every message carries the row's idempotency key
(SMTP Message-ID, webhook Idempotency-Key header) so a receiver can drop the repeat.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from alerts.channels.base import Channel, DeliveryError, Message, TransientDeliveryError
from alerts.channels.redact import redact
from alerts.config import AlertingConfig
from store import queue
from store.audit import audit
from store.models import Alert, Delivery, utcnow
from vocabulary import AuditAction, DeliveryState

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


def claim_one(db, config: AlertingConfig, now: dt.datetime, token: str) -> int | None:
    """Lease the next due row to `token`, or None when nothing is due (exactly one dispatcher gets a row)."""
    rows = config.delivery.queue().claim(db, 1, token, now)
    return rows[0][0] if rows else None


def _record_success(db, did: int, token: str, now: dt.datetime, dry_run: bool = False) -> bool:
    with db.session() as s:
        if queue.DELIVERY.record(s, [did], token, queue.DELIVERY.on_done(now)) != 1:
            return False  # another dispatcher holds the row now: it records the outcome
        if dry_run:  # logged, not sent: say so where people look
            audit(s, ACTOR, AuditAction.DELIVERY_DRY_RUN, "delivery", did, now)
        d = s.get(Delivery, did)
        al = s.get(Alert, d.alert_id)
        # the alert and any alerts grouped into the same message (same department, group, planning time)
        group = s.scalars(select(Alert).where(Alert.department_id == al.department_id, Alert.state == "pending",
                                              Alert.group_key == al.group_key,
                                              Alert.last_notified_at == al.last_notified_at)) if al.group_key else []
        for member in {al.id: al, **{m.id: m for m in group}}.values():
            if member.state == "pending":
                member.state = "sent"
                audit(s, ACTOR, AuditAction.ALERT_SENT, "alert", member.id, now, before="pending", after="sent", delivery=did)
        return True


def _record_failure(db, config: AlertingConfig, did: int, token: str, exc: Exception, now: dt.datetime) -> str:
    retryable = getattr(exc, "retryable", True)
    error = redact(f"{type(exc).__name__}: {exc}")[:1000]
    outbox = config.delivery.queue()
    with db.session() as s:
        attempts = s.scalar(select(Delivery.attempts).where(Delivery.id == did))  # counted at the claim
        values, dead = outbox.failure_values(attempts, error, now, retryable=retryable)
        # Conditional on the token: a dispatcher whose lease was taken over records nothing.
        if outbox.table.record(s, [did], token, values) != 1:
            return "lost"
        if dead:
            audit(s, ACTOR, AuditAction.DELIVERY_DEAD, "delivery", did, now, attempts=attempts, error=error)
            return "dead"
        return "retry"


def _send_one(db, config: AlertingConfig, channels: dict[str, Channel], did: int, token: str,
              clock: Callable[[], dt.datetime]) -> str:
    """Send one claimed row under a renewed lease and record the outcome: sent|retry|dead|lost."""
    with db.session() as s:
        d = s.get(Delivery, did)
        channel_name, msg = d.channel, Message(d.recipient, d.subject, d.body, d.idempotency_key)
    channel = channels.get(channel_name)
    try:
        if channel is None:
            raise TransientDeliveryError(f"channel '{channel_name}' is not configured")
        with queue.LeaseKeeper(config.delivery.queue(), db, [did], token, clock):
            channel.send(msg)
    except DeliveryError as exc:
        return _record_failure(db, config, did, token, exc, clock())
    except Exception as exc:  # a bug in a channel must not stop the batch; it is recorded, and retried
        log.exception("channel %s failed unexpectedly on delivery %s", channel_name, did)
        return _record_failure(db, config, did, token, exc, clock())
    return "sent" if _record_success(db, did, token, clock(), channel.dry_run) else "lost"


def dispatch_due(db, config: AlertingConfig, channels: dict[str, Channel], now: dt.datetime | None = None,
                 limit: int = 100) -> DispatchResult:
    """Send up to `limit` due deliveries, claiming each just before its send; failures are retried
    later or dead-lettered. Returns counts."""
    fixed_now = now

    def clock() -> dt.datetime:
        return fixed_now or utcnow()

    result = DispatchResult()
    token = queue.new_token()
    while result.claimed < limit:
        did = claim_one(db, config, clock(), token)
        if did is None:
            break
        result.claimed += 1
        outcome = _send_one(db, config, channels, did, token, clock)
        if outcome == "sent":
            result.sent += 1
        elif outcome == "retry":
            result.retried += 1
        elif outcome == "dead":
            result.dead += 1
        else:
            result.lost_lease += 1
            log.warning("delivery %s: lease taken over by another dispatcher; outcome left to it", did)
        if outcome in ("retry", "dead"):
            with db.session() as s:
                result.errors.append(f"delivery {did}: {s.get(Delivery, did).last_error}")
    if result.claimed:
        log.debug("dispatch: claimed %d, sent %d, retry %d, dead %d, lost %d", result.claimed, result.sent,
                 result.retried, result.dead, result.lost_lease)
    return result


def retry_delivery(db, delivery_id: int, actor: str, now: dt.datetime | None = None) -> Delivery:
    """Put a dead (or failed) delivery back in the queue, due now, with a fresh attempt count."""
    now = now or utcnow()
    with db.session() as s:
        d = s.get(Delivery, delivery_id)
        if d is None:
            raise LookupError(f"no delivery with id {delivery_id}")
        if d.state not in (DeliveryState.DEAD, DeliveryState.PENDING, DeliveryState.CANCELLED):
            raise ValueError(f"delivery {delivery_id} is {d.state}; only dead, pending or cancelled ones can be retried")
        before = d.state
        d.state, d.attempts, d.next_attempt_at, d.claimed_until, d.claimed_by = (
            DeliveryState.PENDING, 0, now, None, None)
        audit(s, actor, AuditAction.DELIVERY_RETRY, "delivery", d.id, now, before=before)
        return d


def run_loop(db, config: AlertingConfig, channels: dict[str, Channel], interval: float = 5.0, stop=None) -> None:
    """Dispatch until `stop()` is true (or forever), sleeping `interval` when idle."""
    failures = 0
    while not (stop and stop()):
        try:
            res = dispatch_due(db, config, channels)
            failures = 0
        except Exception:  # the database restarting must not end the dispatcher; rows wait in the outbox
            failures += 1
            log.exception("dispatch pass failed (%d in a row); retrying", failures)
            time.sleep(min(300.0, interval * 2 ** min(failures, 6)))
            continue
        if not res.claimed:
            time.sleep(interval)
