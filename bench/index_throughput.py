"""Bulk-index generated Chinese articles through the outbox into the local Elasticsearch; print docs/s.

    .venv/bin/python bench/index_throughput.py [--count 100000] [--batch-size 500]

Generates ~1 KB synthetic articles into a temporary SQLite store (each with its outbox row), then
drains the outbox in a separate indexer process and prints its documents per second and peak memory
(ru_maxrss of that process, so the generator's memory is not counted).
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


def drain_only(db_url: str, prefix: str, batch_size: int, workers: int) -> dict:
    """The indexer: drain the whole outbox, report its own throughput and peak memory."""
    from store import outbox
    from store.db import Database
    from store.index_documents import jieba_tokens
    from store.search_index import alias_name, ensure_indices, make_client
    from trustwatch.settings import load_settings

    settings = load_settings(es_index_prefix=prefix)
    db, client = Database(db_url), make_client(settings)
    jieba_tokens("预热分词词典")  # load the dictionary before the clock starts
    ensure_indices(client, settings)  # not part of the measured work
    start = time.perf_counter()
    result = outbox.drain(db, client, settings, batch_size=batch_size, workers=workers)
    drained = time.perf_counter() - start
    client.indices.refresh(index=alias_name(settings, "article"))
    count = client.count(index=alias_name(settings, "article"))["count"]
    return {"indexed": result.indexed, "rows_done": result.rows_done, "rows_failed": result.rows_failed,
            "batches": result.batches, "seconds": drained, "docs_in_index": count,
            "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="bulk requests in flight")
    parser.add_argument("--keep", action="store_true", help="keep the bench index afterwards")
    parser.add_argument("--drain-only", nargs=2, metavar=("DB_URL", "PREFIX"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.drain_only:
        print(json.dumps(drain_only(*args.drain_only, args.batch_size, args.workers)))
        return 0

    from store.es_server import LocalElasticsearch
    from store.search_index import delete_all, make_client
    from trustwatch.settings import load_settings

    settings = load_settings()
    if settings.local_es:
        print(LocalElasticsearch(settings).start())
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.perf_counter()
        populate(db_url, args.count)
        print(f"generated {args.count} articles with outbox rows in {time.perf_counter() - t0:.1f} s")
        proc = subprocess.run([sys.executable, __file__, "--batch-size", str(args.batch_size),
                               "--workers", str(args.workers),
                               "--drain-only", db_url, prefix], capture_output=True, text=True)
        if proc.returncode:
            print(proc.stdout, proc.stderr, file=sys.stderr)
            return 1
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        size = Path(tmp, "bench.db").stat().st_size
    client = make_client(settings.model_copy(update={"es_index_prefix": prefix}))
    stats = client.indices.stats(index=f"{prefix}-articles")["_all"]["primaries"]["store"]["size_in_bytes"]
    if not args.keep:
        delete_all(client, settings.model_copy(update={"es_index_prefix": prefix}))
    print(f"indexed {r['indexed']} documents ({r['rows_done']} outbox rows, {r['rows_failed']} retried, "
          f"{r['batches']} bulk requests of {args.batch_size}, {args.workers} in flight) in {r['seconds']:.1f} s")
    print(f"throughput: {r['indexed'] / r['seconds']:.0f} docs/s")
    print(f"indexer peak memory (ru_maxrss): {r['maxrss_mib']:.0f} MiB")
    print(f"documents in index: {r['docs_in_index']}; index size {stats / 2**20:.0f} MiB; "
          f"store {size / 2**20:.0f} MiB")
    return 0 if r["docs_in_index"] == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
