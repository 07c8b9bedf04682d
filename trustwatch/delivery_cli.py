"""Command line for the delivery outbox: dispatch, and listing / retrying deliveries."""

from __future__ import annotations

import sys

from sqlalchemy import select

DELIVERY_STATES = ("pending", "sending", "sent", "dead", "cancelled")


def register_delivery(sub) -> None:
    """Add `dispatch` and `deliveries` sub-commands."""
    p = sub.add_parser("dispatch", help="发送投递发件箱中到期的通知")
    p.add_argument("--loop", action="store_true", help="持续派发直到中断")
    p.add_argument("--interval", type=float, default=5.0, help="空闲时轮询间隔秒数（配合 --loop）")
    p.add_argument("--limit", type=int, default=100, help="每批投递条数")
    p.add_argument("--dry-run", action="store_true", help="只记录将发送的内容，不实际发送")
    p.set_defaults(handler=cmd_dispatch)

    p = sub.add_parser("deliveries", help="查看与重试投递发件箱（含死信）")
    dsub = p.add_subparsers(dest="deliveries_action", required=True)
    a = dsub.add_parser("list", help="列出投递记录（最新在前）")
    a.add_argument("--state", choices=DELIVERY_STATES)
    a.add_argument("--limit", type=int, default=50)
    a.set_defaults(handler=cmd_deliveries_list)
    a = dsub.add_parser("retry", help="将死信投递重新排队")
    a.add_argument("id", type=int)
    a.add_argument("--author", default="cli")
    a.set_defaults(handler=cmd_deliveries_retry)


def _db(settings):
    from store.db import Database

    return Database.migrated(settings.database_url)


def cmd_dispatch(args, settings) -> int:
    """Dispatch once, or in a loop."""
    from alerts.channels import build_channels
    from alerts.dispatcher import dispatch_due, run_loop
    from trustwatch.configs import alerting_config

    config = alerting_config(settings)
    if args.dry_run:
        config = config.replace(dry_run=True)
    channels, problems = build_channels(config)
    for name, why in problems.items():
        print(f"trustwatch: {why}; its deliveries wait", file=sys.stderr)
    db = _db(settings)
    if args.loop:
        run_loop(db, config, channels, interval=args.interval)
        return 0
    res = dispatch_due(db, config, channels, limit=args.limit)
    print(f"claimed {res.claimed}, sent {res.sent}, retry later {res.retried}, dead {res.dead}")
    for err in res.errors:
        print(err, file=sys.stderr)
    return 0 if not res.dead else 1


def cmd_deliveries_list(args, settings) -> int:
    """Print deliveries; recipients and errors are redacted."""
    from alerts.channels.redact import redact
    from store.models import Delivery

    with _db(settings).session() as s:
        q = select(Delivery).order_by(Delivery.id.desc()).limit(args.limit)
        if args.state:
            q = q.where(Delivery.state == args.state)
        rows = list(s.scalars(q))
        for d in rows:
            err = redact(d.last_error or "")[:120]
            print(f"{d.id}\t{d.state}\t{d.channel}\t{redact(d.recipient)}\talert {d.alert_id}\t{d.kind}\t"
                  f"attempts {d.attempts}\t{err}")
    if not rows:
        print("no deliveries", file=sys.stderr)
    return 0


def cmd_deliveries_retry(args, settings) -> int:
    """Queue a delivery again."""
    from alerts.dispatcher import retry_delivery

    try:
        retry_delivery(_db(settings), args.id, args.author)
    except (LookupError, ValueError) as exc:
        print(f"trustwatch: {exc}", file=sys.stderr)
        return 2
    print(f"delivery {args.id} queued again")
    return 0
