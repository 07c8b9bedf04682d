"""Store commands: `es up|down|status`, `db upgrade`, `outbox drain|status|retry`, `reindex`, `search`.

The application reads the settings here and hands the store its typed configs (IndexConfig, the
local server, the database URL): the store itself reads no Settings."""

from __future__ import annotations

import json
import logging
import sys
import threading

from trustwatch.configs import index_config, local_es_server
from vocabulary import Label, QueueState

log = logging.getLogger(__name__)


def _quiet_transport(args) -> None:
    # The client logs every request, and each retry with a traceback; our own messages say enough.
    if not getattr(args, "verbose", False):
        logging.getLogger("elastic_transport").setLevel(logging.ERROR)


def _es_cmd(args, settings) -> int:
    from store.es_server import EsServerError

    _quiet_transport(args)
    if not settings.local_es:
        from elasticsearch import ApiError, TransportError

        from store.search_index import make_client, redact_url

        where = redact_url(settings.elasticsearch_url)
        if args.action in ("up", "down"):
            print(f"TRUSTWATCH_ES_URL 指向现有集群 {where}：不启动也不停止本地 Elasticsearch。")
            return 0
        try:
            info = make_client(index_config(settings)).info()
            print(f"existing cluster {where}: Elasticsearch {info['version']['number']}, answering")
            return 0
        except (TransportError, ApiError) as exc:
            print(f"existing cluster {where} does not answer: {type(exc).__name__}", file=sys.stderr)
            return 1
    server = local_es_server(settings)
    try:
        if args.action == "up":
            print(server.start(timeout=args.timeout))
        elif args.action == "down":
            print(server.stop())
        else:
            running, line = server.status()
            print(line)
            return 0 if running else 3
    except EsServerError as exc:
        print(f"trustwatch es {args.action}: {exc}", file=sys.stderr)
        return 1
    return 0


def _db_upgrade(args, settings) -> int:
    from store.db import Database
    from store.search_index import redact_url

    db = Database.migrated(settings.database_url)
    print(f"database {redact_url(db.url)} is at the latest schema")
    return 0


def _outbox_cmd(args, settings) -> int:
    from store import outbox
    from store.db import Database
    from store.search_index import make_client

    _quiet_transport(args)
    db = Database(settings.database_url)
    if args.action == "status":
        return _outbox_status(db, args.queue)
    if args.action == "retry":
        return _outbox_retry(db, args)
    config = index_config(settings)
    client = make_client(config)
    if args.loop:
        stop = threading.Event()
        print("持续写入搜索索引发件箱，按 Ctrl-C 停止")
        try:
            outbox.run_forever(db, client, config, batch_size=args.batch_size, interval=args.interval, stop=stop)
        except KeyboardInterrupt:
            stop.set()
        return 0
    result = outbox.drain(db, client, config, batch_size=args.batch_size, workers=args.workers)
    print(f"已写入 {result.indexed} 个文档（{result.rows_done} 条发件箱记录）；"
          f"{result.rows_failed - result.rows_dead} 条稍后重试，{result.rows_dead} 条转为{QueueState.DEAD.display}")
    for error in result.errors[:5]:
        print(f"  error: {error}", file=sys.stderr)
    return 1 if result.rows_failed and not result.rows_done else 0


def _queues(name: str | None):
    from store import queue

    return [queue.QUEUES[name]] if name else list(queue.QUEUES.values())


def _outbox_status(db, name: str | None) -> int:
    """One line per queue: rows per state in Chinese, retrying rows, the oldest open row's age."""
    from store import queue

    for table in _queues(name):
        d = queue.depth(db, table)
        counts = "，".join(f"{state.display} {n}" for state, n in d.by_state().items())
        age = f"{d.oldest_open_age:.0f} 秒" if d.oldest_open_age is not None else "无"
        print(f"{table.title}（{table.name}）：{counts}；其中重试中 {d.retrying}；最早未完成的一条已等待 {age}")
        if d.dead:
            print(f"  有 {d.dead} 条{QueueState.DEAD.display}：查明原因后运行 "
                  f"`trustwatch outbox retry --queue {table.name}` 重新排队")
    return 0


def _outbox_retry(db, args) -> int:
    """Queue dead rows again (all of a queue, or the given ids)."""
    from store import queue

    if args.id and not args.queue:
        print("trustwatch outbox retry：指定 --id 时须同时指定 --queue（index 或 delivery）", file=sys.stderr)
        return 2
    missing = False
    for table in _queues(args.queue):
        requeued = queue.retry_dead(db, table, args.id or None, actor=args.author)
        print(f"{table.title}（{table.name}）：{len(requeued)} 条{QueueState.DEAD.display}的记录已重新排队"
              + (f"（{', '.join(map(str, requeued))}）" if requeued and len(requeued) <= 20 else ""))
        absent = sorted(set(args.id or ()) - set(requeued))
        if absent:
            missing = True
            print(f"  以下编号不是{QueueState.DEAD.display}的记录，未改动：{', '.join(map(str, absent))}",
                  file=sys.stderr)
    return 1 if missing else 0


def _reindex_cmd(args, settings) -> int:
    from store.db import Database
    from store.index_reindex import reindex
    from store.search_index import make_client

    _quiet_transport(args)
    db = Database(settings.database_url)
    config = index_config(settings)
    client = make_client(config)
    doc_types = ["article", "event"] if args.doc_type == "all" else [args.doc_type]
    for doc_type in doc_types:
        result = reindex(db, client, config, doc_type, progress=lambda n: print(f"  {n} documents …"))
        print(f"{result.new_index}: {result.documents} documents in {result.seconds:.1f} s; alias moved "
              f"from {', '.join(result.old_indices) or '(none)'}; {result.requeued} outbox rows requeued")
    return 0


def _search_cmd(args, settings) -> int:
    from store.index_search import SearchFilters, search_articles
    from store.search_index import ensure_index, make_client

    _quiet_transport(args)
    config = index_config(settings)
    client = make_client(config)
    ensure_index(client, config, "article")
    filters = SearchFilters(label=args.label, district=args.district, source=args.source,
                            enterprises=args.enterprise, severity=args.severity,
                            published_from=args.date_from, published_to=args.date_to)
    result = search_articles(client, config, " ".join(args.query), filters, page=args.page, size=args.size)
    if args.json:
        from dataclasses import asdict

        print(json.dumps(asdict(result), ensure_ascii=False, indent=2))
        return 0
    print(f"共 {result.total} 条结果（第 {result.page}/{max(result.pages, 1)} 页，用时 {result.took_ms} ms；"
          f"时间为北京时间）")
    for hit in result.hits:
        print(f"\n[{hit.id}] {_plain(hit.title_html)}")
        print(f"    {_local(hit.published_at, settings.timezone)} · {hit.source or '-'} · {hit.district or '-'} · "
              f"{_LABELS.get(hit.label, hit.label or '-')} · {hit.url or ''}")
        print(f"    {_plain(hit.snippet_html)}")
    for name, buckets in result.facets.items():
        if buckets:
            shown = [(_LABELS.get(k, k) if name == "label" else k, n) for k, n in buckets[:10]]
            print(f"\n{_FACET_NAMES.get(name, name)}: " + ", ".join(f"{k} ({n})" for k, n in shown))
    return 0


_FACET_NAMES = {"label": "领域", "district": "区县", "source": "来源", "enterprises": "企业"}
_LABELS = Label.names()


def _local(value: str | None, tz: str) -> str:
    """An index time (UTC ISO) in the configured zone, "2025-04-07 18:30 北京时间"."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    if not value:
        return "-"
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M") + " 北京时间"


def _plain(fragment: str) -> str:
    """A highlighted HTML fragment for a terminal: <em> as 【】, entities decoded."""
    import html

    return html.unescape(fragment.replace("<em>", "【").replace("</em>", "】"))


def register(subparsers) -> None:
    """Add the store's sub-commands to the `trustwatch` command line."""
    es = subparsers.add_parser("es", help="本地 Elasticsearch：启动、停止、状态")
    es.add_argument("action", choices=["up", "down", "status"])
    es.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for start-up")
    es.set_defaults(handler=_es_cmd)

    db = subparsers.add_parser("db", help="数据库迁移")
    db.add_argument("action", choices=["upgrade"])
    db.set_defaults(handler=_db_upgrade)

    ob = subparsers.add_parser("outbox", help="发件箱：写入 Elasticsearch（drain）、各队列状态（status）、死信重新排队（retry）")
    ob.add_argument("action", choices=["drain", "status", "retry"])
    ob.add_argument("--queue", choices=["index", "delivery"], help="只看或只重试这个队列（status、retry）")
    ob.add_argument("--id", type=int, action="append", help="只重试这条记录（retry，可重复；须同时指定 --queue）")
    ob.add_argument("--author", default="cli", help="审计记录中的操作人（retry）")
    ob.add_argument("--loop", action="store_true", help="持续写入直到中断（Ctrl-C）")
    ob.add_argument("--batch-size", type=int, default=500, help="每批写入的记录数")
    ob.add_argument("--workers", type=int, default=2, help="同时进行的批量请求数（drain，不带 --loop）")
    ob.add_argument("--interval", type=float, default=2.0, help="空闲时轮询间隔秒数（--loop）")
    ob.set_defaults(handler=_outbox_cmd)

    rx = subparsers.add_parser("reindex", help="从数据库重建搜索索引并切换别名")
    rx.add_argument("--doc-type", choices=["articles", "events", "all"], default="all")
    rx.set_defaults(handler=_reindex_cmd)

    se = subparsers.add_parser("search", help="全文检索文章（中文）")
    se.add_argument("query", nargs="*", help="查询词，空格分隔的词都须出现")
    se.add_argument("--label", action="append", choices=["food", "medical", "safety", "none"])
    se.add_argument("--district", action="append")
    se.add_argument("--source", action="append")
    se.add_argument("--enterprise", action="append")
    se.add_argument("--severity", action="append")
    se.add_argument("--from", dest="date_from", help="published on or after (YYYY-MM-DD)")
    se.add_argument("--to", dest="date_to", help="published on or before (YYYY-MM-DD)")
    se.add_argument("--page", type=int, default=1)
    se.add_argument("--size", type=int, default=10)
    se.add_argument("--json", action="store_true", help="machine-readable output")
    se.set_defaults(handler=_search_cmd)
