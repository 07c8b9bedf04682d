"""Command line of alerting: route-test, silences, departments, events, dispatch, deliveries."""

from __future__ import annotations

import sys

from alerts.matchers import LABELS, MatcherError
from alerts.yamlconf import ConfigError
from vocabulary import EventState


def register(sub) -> None:
    """Add the alerting sub-commands to the `trustwatch` parser."""
    p = sub.add_parser("route-test", help="按标签打印事件将送达的部门（每行一个）",
                       description="例: trustwatch route-test domain=food district=海丰县 severity=high")
    p.add_argument("labels", nargs="+", metavar="LABEL=VALUE", help="标签：" + ", ".join(LABELS))
    p.add_argument("--names", action="store_true", help="打印部门名称而不是代码")
    p.add_argument("--verbose-routes", action="store_true", help="同时打印选中该部门的路由")
    p.set_defaults(handler=cmd_route_test)

    p = sub.add_parser("departments", help="检查 config/departments.yaml 并同步到数据库")
    p.add_argument("action", choices=["check", "sync", "list"])
    p.set_defaults(handler=cmd_departments)

    p = sub.add_parser("silence", help="静默规则：添加、列出、提前结束")
    ssub = p.add_subparsers(dest="silence_action", required=True)
    a = ssub.add_parser("add", help="在一段时间内静默匹配的预警")
    a.add_argument("matchers", nargs="+", help="e.g. 'district = 海丰县' 'department = haifeng-amr'")
    a.add_argument("--duration", default="2h", help="how long, e.g. 30m, 2h, 1d (default 2h)")
    a.add_argument("--author", required=True)
    a.add_argument("--reason", required=True)
    a.set_defaults(handler=cmd_silence_add)
    a = ssub.add_parser("list", help="列出生效中的静默（--all 列出全部）")
    a.add_argument("--all", action="store_true")
    a.set_defaults(handler=cmd_silence_list)
    a = ssub.add_parser("expire", help="立即结束一条静默")
    a.add_argument("id", type=int)
    a.add_argument("--author", default="cli")
    a.set_defaults(handler=cmd_silence_expire)

    p = sub.add_parser("events", help="事件：处理新文章（分类、聚类、路由、计划通知）或列出事件")
    esub = p.add_subparsers(dest="events_action", required=True)
    a = esub.add_parser("process", help="分类新文章、聚类成事件、路由并计划通知（一次）")
    a.set_defaults(handler=cmd_events_process)
    a = esub.add_parser("list", help="列出最近的事件")
    a.add_argument("--limit", type=int, default=30)
    a.add_argument("--state", choices=[s.value for s in EventState])
    a.set_defaults(handler=cmd_events_list)

    from trustwatch.delivery_cli import register_delivery

    register_delivery(sub)


def _err(msg: str) -> int:
    print(f"trustwatch: {msg}", file=sys.stderr)
    return 2


def cmd_route_test(args, settings) -> int:
    """Print the receivers of an event with the given labels, one per line."""
    from alerts.routing import parse_labels
    from trustwatch.configs import alerting_config

    try:
        cfg = alerting_config(settings)
        labels = parse_labels(args.labels)
    except (ConfigError, ValueError) as exc:
        return _err(str(exc))
    unknown = [k for k in labels if k not in LABELS]
    if unknown:
        return _err(f"unknown label '{unknown[0]}'; expected one of " + ", ".join(LABELS))
    for r in cfg.routing.receivers(labels):
        line = cfg.departments[r.department].name if args.names else r.department
        if args.verbose_routes:
            line += f"\t{r.route.name}"
        print(line)
    return 0


def _db(settings):
    from store.db import Database

    return Database.migrated(settings.database_url)


def cmd_departments(args, settings) -> int:
    """Check, sync or list the configured departments."""
    from alerts.departments import sync_departments
    from trustwatch.configs import alerting_config

    try:
        cfg = alerting_config(settings)
    except ConfigError as exc:
        return _err(str(exc))
    if args.action == "check":
        print(f"ok: {len(cfg.departments)} departments, routing tree valid")
        return 0
    if args.action == "list":
        for d in cfg.departments.values():
            channels = ",".join(c for c, r in d.contacts.items() if r)
            print(f"{d.code}\t{d.name}\t{d.district or '全市'}\t{channels}")
        return 0
    with _db(settings).session() as s:
        counts = sync_departments(s, cfg.departments, actor="cli")
    print("departments: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_events_process(args, settings) -> int:
    """One pass of the alerting pipeline with the active classifier."""
    from alerts.pipeline import process_pending
    from trustwatch.configs import alerting_config
    from trustwatch.model_registry import load_active_classifier

    db = _db(settings)
    try:
        counts = process_pending(db, load_active_classifier(settings, db), alerting_config(settings))
    except ConfigError as exc:
        return _err(str(exc))
    print(", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_events_list(args, settings) -> int:
    """Print recent events with their spread."""
    from sqlalchemy import select

    from alerts.messages import DOMAIN_NAMES, SEVERITY_NAMES, clean
    from store.models import Event

    with _db(settings).session() as s:
        q = select(Event).order_by(Event.last_seen.desc()).limit(args.limit)
        if args.state:
            q = q.where(Event.state == args.state)
        rows = list(s.scalars(q))
        for e in rows:
            print(f"#{e.id}\t{e.state}\t{DOMAIN_NAMES.get(e.label, e.label)}\t{e.district or '-'}\t"
                  f"{SEVERITY_NAMES.get(e.severity, e.severity)}\t{e.article_count}篇/{e.source_count}源\t"
                  f"{e.last_seen:%Y-%m-%d %H:%M}\t{clean(e.title, 60)}")
    if not rows:
        print("no events", file=sys.stderr)
    return 0


def cmd_silence_add(args, settings) -> int:
    """Create a silence."""
    from alerts.routing import parse_duration
    from alerts.silences import SilenceError, add_silence
    from store.models import utcnow

    try:
        duration = parse_duration(args.duration)
    except ValueError as exc:
        return _err(f"--duration: {exc}; expected e.g. 30m, 2h, 1d")
    now = utcnow()
    try:
        with _db(settings).session() as s:
            row = add_silence(s, args.matchers, now + duration, args.author, args.reason, now=now)
            sid, ends = row.id, row.ends_at
    except (SilenceError, MatcherError) as exc:
        return _err(str(exc))
    print(f"silence {sid} until {ends.isoformat(timespec='seconds')}")
    return 0


def cmd_silence_list(args, settings) -> int:
    """Print silences."""
    from alerts.silences import list_silences

    with _db(settings).session() as s:
        rows = list_silences(s, include_expired=args.all)
        for r in rows:
            ms = " ".join(f"'{m}'" for m in r.matchers.get("matchers", []))
            print(f"{r.id}\t{r.starts_at:%Y-%m-%d %H:%M}\t{r.ends_at:%Y-%m-%d %H:%M}\t{r.author}\t{ms}\t{r.reason}")
    if not rows:
        print("no silences", file=sys.stderr)
    return 0


def cmd_silence_expire(args, settings) -> int:
    """End a silence now."""
    from alerts.silences import SilenceError, expire_silence

    try:
        with _db(settings).session() as s:
            expire_silence(s, args.id, args.author)
    except SilenceError as exc:
        return _err(str(exc))
    print(f"silence {args.id} expired")
    return 0


