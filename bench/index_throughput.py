"""Bulk-index generated Chinese articles through the outbox beside helpers.bulk / parallel_bulk; print docs/s.

    .venv/bin/python bench/index_throughput.py [--count 20000] [--batch-size 500] [--repeats 3]

Generates ~1 KB synthetic articles into a temporary SQLite store (each with its outbox row). Each
repeat drains the outbox in a separate indexer process (project), and sends the same documents,
built before the clock starts, with the client's helpers.bulk and parallel_bulk (anchors), and
parallel_bulk given the client's orjson serializer (the drainer encodes its bodies with orjson), each
into a fresh index; odd repeats run the anchors first. Prints "project / anchor / ratio" (min / median /
max) for the rates and for the client's CPU per document (what it takes from Elasticsearch on a
shared machine), and the machine's load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DISTRICTS = ["城区", "海丰县", "陆丰市", "陆河县", "红海湾开发区", "华侨管理区"]
SOURCES = ["汕尾日报", "汕尾发布", "陆丰新闻网", "海丰资讯", "陆河发布", "汕尾市场监管", "汕尾应急管理"]
SUBJECTS = ["某超市", "一家餐馆", "某食品厂", "一家诊所", "某医院", "某药店", "一家化工厂", "某建筑工地",
            "某加油站", "一家网吧", "某学校食堂", "某养殖场", "一家美容院", "某物流仓库", "一家酒店"]
EVENTS = {
    "food": ["出售过期食品", "使用地沟油", "食品添加剂超标", "无证生产食品", "售卖病死猪肉", "餐具消毒不合格"],
    "medical": ["无证行医", "非法行医", "虚假宣传医疗广告", "骗取医保基金", "销售假药", "违规开展医美项目"],
    "safety": ["发生爆炸", "发生火灾", "燃气泄漏", "违规储存危险化学品", "脚手架坍塌", "消防通道堵塞"],
    "none": ["举办文化节", "开展志愿服务", "召开工作会议", "迎来旅游高峰", "举行开学典礼", "推进乡村振兴"],
}
AGENCIES = {"food": "市场监督管理局", "medical": "卫生健康局", "safety": "应急管理局", "none": "宣传部"}
FILLER = [
    "据了解，相关部门接到群众举报后迅速组织执法人员赶赴现场核查。",
    "执法人员现场查扣了相关物品，并对负责人进行了询问调查。",
    "目前，案件正在进一步调查处理中，相关责任人已被依法控制。",
    "该局提醒广大市民，如发现类似问题请及时拨打投诉举报电话。",
    "记者从有关部门获悉，此次专项整治行动将持续到年底。",
    "周边居民表示，希望有关部门加强日常监管，切实保障群众权益。",
    "当天下午，区领导带队到现场督导，要求全面排查安全隐患。",
    "此前，该单位曾因类似问题被责令整改，但未按要求落实。",
    "专家指出，消费者在购买商品时应注意查看生产日期和保质期。",
    "下一步，将建立长效机制，推动形成齐抓共管的良好局面。",
]


def generate_article(rng: random.Random, i: int) -> dict:
    """One synthetic ~1 KB article (about 330 Chinese characters)."""
    label = rng.choice(list(EVENTS))
    district, subject, event = rng.choice(DISTRICTS), rng.choice(SUBJECTS), rng.choice(EVENTS[label])
    title = f"{district}{subject}{event}" + rng.choice(["", "被查处", "引关注", "，官方回应", "（图）"])
    parts = [f"{dt.date(2025, 1, 1) + dt.timedelta(days=i % 365):%Y年%m月%d日}，{district}{subject}{event}，"
             f"{district}{AGENCIES[label]}已介入调查。"]
    while sum(len(p) for p in parts) < 330:
        parts.append(rng.choice(FILLER))
    published = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=rng.randrange(525_600))
    return {"title": title, "body": "".join(parts), "label": label, "district": district,
            "published_at": published, "enterprises": [f"汕尾市{subject}有限公司"] if label != "none" else []}


def populate(db_url: str, count: int, seed: int = 7) -> None:
    """Write `count` articles and their outbox rows into the store in large transactions."""
    from sqlalchemy import insert

    from store.db import Database
    from store.models import Article, IndexOutbox, Source, utcnow

    db = Database(db_url)
    db.migrate()
    rng = random.Random(seed)
    with db.session() as s:
        s.execute(insert(Source), [{"name": n, "kind": "list", "enabled": True, "created_at": utcnow()}
                                   for n in SOURCES])
    now = utcnow()
    for start in range(1, count + 1, 5000):
        rows = []
        for i in range(start, min(start + 5000, count + 1)):
            a = generate_article(rng, i)
            rows.append({**a, "id": i, "url": f"https://news.example.cn/{i}.html",
                         "source_id": rng.randrange(1, len(SOURCES) + 1), "content_hash": f"{i:064x}",
                         "fetched_at": now, "scores": {a["label"]: round(rng.uniform(0.5, 1), 3)},
                         "severity": rng.choice(["low", "medium", "high"])})
        with db.session() as s:
            s.execute(insert(Article), rows)
            s.execute(insert(IndexOutbox), [{"doc_type": "article", "doc_id": r["id"], "op": "index",
                                             "created_at": now, "attempts": 0, "next_attempt_at": now}
                                            for r in rows])
    db.dispose()


def _fresh(client, settings) -> None:
    from store.search_index import delete_all, ensure_indices

    delete_all(client, settings)
    ensure_indices(client, settings)  # not part of the measured work


def drain_only(db_url: str, prefix: str, batch_size: int, workers: int, processes: int) -> dict:
    """The indexer (project): drain the whole outbox into a fresh index; its throughput and peak memory."""
    from sqlalchemy.orm import configure_mappers

    from store import outbox
    from store.db import Database
    from store.index_documents import jieba_tokens
    from store.search_index import alias_name, make_client
    from trustwatch.configs import index_config
    from trustwatch.settings import load_settings

    settings = index_config(load_settings(es_index_prefix=prefix))  # the store takes an IndexConfig
    db, client = Database(db_url), make_client(settings, request_timeout=120)
    jieba_tokens("预热分词词典")  # load the dictionary before the clock starts
    # The ORM's mappers are configured on a process's first query (~0.15 s, once per process, not per
    # document): before the clock, as the anchors' process has run its query before theirs.
    configure_mappers()
    _fresh(client, settings)
    outbox.requeue_done_since(db, "article", dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    start, cpu = time.perf_counter(), _cpu()
    result = outbox.drain(db, client, settings, batch_size=batch_size, workers=workers, processes=processes)
    drained, cpu = time.perf_counter() - start, _cpu() - cpu
    client.indices.refresh(index=alias_name(settings, "article"))
    count = client.count(index=alias_name(settings, "article"))["count"]
    return {"indexed": result.indexed, "rows_done": result.rows_done, "rows_failed": result.rows_failed,
            "batches": result.batches, "seconds": drained, "cpu_seconds": cpu, "docs_in_index": count,
            "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def anchors_only(db_url: str, prefix: str, batch_size: int, workers: int) -> dict:
    """The anchors: the same documents built before the clock, sent with helpers.bulk and parallel_bulk."""
    from elasticsearch.helpers import bulk, parallel_bulk
    from elasticsearch.serializer import OrjsonSerializer
    from sqlalchemy import select

    from store.db import Database
    from store.index_documents import load_documents
    from store.models import Article
    from store.search_index import alias_name, make_client
    from trustwatch.configs import index_config
    from trustwatch.settings import load_settings

    settings = index_config(load_settings(es_index_prefix=prefix))  # the store takes an IndexConfig
    db, client = Database(db_url), make_client(settings, request_timeout=120)
    # The drainer encodes its bulk bodies with orjson: the third anchor is parallel_bulk given it too.
    orjson_client = make_client(settings, request_timeout=120, serializer=OrjsonSerializer())
    with db.session() as s:
        ids = s.scalars(select(Article.id).order_by(Article.id)).all()
        docs = load_documents(s, "article", ids)
    alias = alias_name(settings, "article")
    actions = [{"_index": alias, "_id": str(i), "_source": docs[i]} for i in ids]
    out = {}
    for name in ("bulk", "parallel_bulk", "parallel_bulk_orjson"):
        _fresh(client, settings)
        start, cpu = time.perf_counter(), _cpu()
        if name == "bulk":
            ok, errors = bulk(client, actions, chunk_size=batch_size, raise_on_error=False)
        else:
            results = list(parallel_bulk(orjson_client if name == "parallel_bulk_orjson" else client, actions,
                                         thread_count=workers, chunk_size=batch_size, raise_on_error=False))
            ok = sum(1 for good, _ in results if good)
        out[name] = {"seconds": time.perf_counter() - start, "cpu_seconds": _cpu() - cpu, "indexed": ok}
    return out


def _cpu() -> float:
    """CPU seconds of this process (every thread) and of its finished children (a tokenizer pool)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _child(args_: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args_], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="bulk requests in flight (project and parallel_bulk)")
    parser.add_argument("--processes", type=int, default=1,
                        help="processes tokenizing documents (project); 1: a thread of the drainer")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--drain-only", nargs=2, metavar=("DB_URL", "PREFIX"), help=argparse.SUPPRESS)
    parser.add_argument("--anchors-only", nargs=2, metavar=("DB_URL", "PREFIX"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.drain_only:
        print(json.dumps(drain_only(*args.drain_only, args.batch_size, args.workers, args.processes)))
        return 0
    if args.anchors_only:
        print(json.dumps(anchors_only(*args.anchors_only, args.batch_size, args.workers)))
        return 0

    from side_by_side import machine, row
    from store.search_index import delete_all, make_client
    from trustwatch.configs import index_config, local_es_server
    from trustwatch.settings import load_settings

    settings = load_settings()
    if settings.local_es:
        print(local_es_server(settings).start())
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    bench_settings = settings.model_copy(update={"es_index_prefix": prefix})
    opts = ["--batch-size", str(args.batch_size), "--workers", str(args.workers), "--processes", str(args.processes)]
    project, bulk_rate, parallel_rate, project_cpu, parallel_cpu = [], [], [], [], []
    orjson_rate, orjson_cpu = [], []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            t0 = time.perf_counter()
            populate(db_url, args.count)
            print(f"generated {args.count} articles with outbox rows in {time.perf_counter() - t0:.1f} s")
            for n in range(args.repeats):  # project and anchors alternate (who goes first too), on fresh indices
                if n % 2:
                    a = _child(opts + ["--anchors-only", db_url, prefix])
                r = _child(opts + ["--drain-only", db_url, prefix])
                if r["docs_in_index"] != args.count or r["rows_failed"]:
                    print(f"the drain left {r['docs_in_index']} of {args.count} documents in the index", file=sys.stderr)
                    return 1
                if not n % 2:
                    a = _child(opts + ["--anchors-only", db_url, prefix])
                project.append(r["indexed"] / r["seconds"])
                bulk_rate.append(a["bulk"]["indexed"] / a["bulk"]["seconds"])
                parallel_rate.append(a["parallel_bulk"]["indexed"] / a["parallel_bulk"]["seconds"])
                project_cpu.append(r["cpu_seconds"] / r["indexed"] * 1e6)
                parallel_cpu.append(a["parallel_bulk"]["cpu_seconds"] / a["parallel_bulk"]["indexed"] * 1e6)
                fast = a["parallel_bulk_orjson"]
                orjson_rate.append(fast["indexed"] / fast["seconds"])
                orjson_cpu.append(fast["cpu_seconds"] / fast["indexed"] * 1e6)
    finally:
        delete_all(make_client(index_config(bench_settings)), index_config(bench_settings))
    print(machine())
    print(f"{args.count:,} ~1 KB Chinese articles into the local Elasticsearch, bulk requests of {args.batch_size}: "
          f"the outbox drain (project: claim, read the rows, build the documents "
          f"{'in the drainer' if args.processes <= 1 else f'on {args.processes} processes'} while "
          f"{args.workers} requests are in flight, mark done) vs the same documents built beforehand (anchors)")
    row("docs/s vs helpers.bulk", project, bulk_rate, "docs/s", lower_is_better=False)
    row(f"docs/s vs parallel_bulk ({args.workers} threads)", project, parallel_rate, "docs/s", lower_is_better=False)
    row(f"docs/s vs parallel_bulk ({args.workers} threads) with the client's orjson serializer", project,
        orjson_rate, "docs/s", lower_is_better=False)
    row("client CPU per document vs parallel_bulk (the cores Elasticsearch does not get)", project_cpu,
        parallel_cpu, "us")
    row("client CPU per document vs parallel_bulk with orjson", project_cpu, orjson_cpu, "us")
    print(f"indexer peak memory (ru_maxrss of the drain process, last repeat): {r['maxrss_mib']:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
