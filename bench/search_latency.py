"""Search latency through the web API: 100,000 generated Chinese articles in the local Elasticsearch,
then a bounded loop of filtered Chinese queries against /api/v1/search; prints p50/p95.

    .venv/bin/python bench/search_latency.py [--docs 100000] [--queries 300] [--keep]

Needs the local Elasticsearch running (`trustwatch es start`, or `make` targets) or TRUSTWATCH_ES_URL.
Uses its own index prefix (twbench) so it never touches real data; --keep reuses the loaded index.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DISTRICTS = ["城区", "海丰县", "陆丰市", "陆河县", "红海湾开发区", "华侨管理区"]
SOURCES = ["汕尾日报", "汕尾发布", "海丰资讯", "陆丰在线", "陆河新闻", "汕尾电视台", "南方网汕尾频道", "汕尾市场监管"]
LABELS = ["food", "medical", "safety", "none"]
SHOPS = ["鑫旺超市", "好又多商行", "康宁诊所", "仁心药房", "宏达五金厂", "海鲜酒楼", "乐童母婴店", "顺发食品厂",
         "安康医院", "永兴建材", "金海湾饭店", "新城幼儿园食堂"]
TOPICS = {
    "food": ["销售过期食品", "使用地沟油", "食品添加剂超标", "无证经营小作坊", "过期牛奶仍在售", "后厨卫生堪忧",
             "奶粉来源不明", "冷冻肉品无检疫证明"],
    "medical": ["使用过期药品", "无证行医", "骗取医保基金", "虚假宣传保健品", "医疗器械未消毒", "违规开展美容手术"],
    "safety": ["发生安全生产事故", "消防通道被堵", "违规动火作业", "燃气泄漏", "工地塌方致人受伤", "危化品违规存放"],
    "none": ["举办文化节", "开展植树活动", "召开工作会议", "推进乡村振兴", "旅游人数创新高", "渔民喜获丰收"],
}
FILLER = ["记者了解到，相关部门已介入调查。", "据知情人士透露，该问题已存在一段时间。", "市民纷纷表示希望加强监管。",
          "执法人员依法对现场进行了检查。", "目前，事件仍在进一步处理中。", "有关部门提醒广大群众注意辨别。",
          "当地街道办事处表示将加强巡查。", "该企业负责人称将积极配合整改。"]
QUERIES = [("过期", {"label": "food"}), ("过期 药品", {"label": "medical"}), ("安全生产", {"district": "陆丰市"}),
           ("超市", {"district": "海丰县", "label": "food"}), ("医保", {}), ("地沟油", {"source": "汕尾日报"}),
           ("事故 受伤", {"label": "safety", "date_from": "2025-06-01"}), ("食品", {"enterprise": "海丰县鑫旺超市有限公司"}),
           ("无证", {"district": "城区"}), ("消防", {"date_from": "2025-03-01", "date_to": "2025-09-30"})]


def generate(n: int, seed: int = 7):
    """`n` article documents (as the store's indexer would write them), deterministic."""
    from store.index_documents import jieba_tokens

    rng = random.Random(seed)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    for i in range(n):
        label = rng.choices(LABELS, weights=[3, 2, 2, 5])[0]
        district = rng.choice(DISTRICTS)
        shop = f"{district[:2]}{rng.choice(SHOPS)}"
        enterprise = f"{district}{rng.choice(SHOPS)}有限公司"
        title = f"{district}{shop}{rng.choice(TOPICS[label])}"
        body = "".join([f"近日，{district}{enterprise}被曝{rng.choice(TOPICS[label])}。"]
                       + rng.sample(FILLER, 4) + [f"{rng.choice(TOPICS[label])}的问题引起关注。"])
        when = (start + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))).isoformat()
        yield {"_id": i + 1, "_source": {
            "@timestamp": when, "fetched_at": when, "title": title, "body": body,
            "title_jieba": jieba_tokens(title), "body_jieba": jieba_tokens(body),
            "url": f"http://127.0.0.1/bench/{i + 1}.html", "source": rng.choice(SOURCES), "district": district,
            "label": label, "score": round(rng.random(), 3), "terms": [], "enterprises": [enterprise],
            "severity": rng.choice(["low", "medium", "high"]), "event_id": None}}


def load(client, settings, n: int) -> float:
    """Bulk-load `n` generated documents behind the article alias; returns seconds taken."""
    from elasticsearch.helpers import bulk

    from store.search_index import alias_name, ensure_index

    ensure_index(client, settings, "article")
    alias = alias_name(settings, "article")
    t0 = time.monotonic()
    actions = ({"_index": alias, **doc} for doc in generate(n))
    done = 0
    for ok, _ in _chunks(bulk, client, actions):
        done += ok
        print(f"\r  loaded {done:,}/{n:,}", end="", flush=True)
    client.indices.refresh(index=alias)
    print()
    return time.monotonic() - t0


def _chunks(bulk, client, actions, size: int = 5000):
    batch = []
    for a in actions:
        batch.append(a)
        if len(batch) >= size:
            yield bulk(client.options(request_timeout=120), batch)
            batch = []
    if batch:
        yield bulk(client.options(request_timeout=120), batch)


def serve(settings):
    """The web app with one analyst, under uvicorn on an OS-picked 127.0.0.1 port."""
    import uvicorn

    from store.db import Database
    from trustwatch.auth import add_user
    from trustwatch.web import create_app

    db = Database(settings.database_url)
    db.migrate()
    with db.session() as s:
        add_user(s, "bench", "bench-password", "analyst")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings, db=db), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{sock.getsockname()[1]}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300, help="number of timed API requests (bounded)")
    parser.add_argument("--keep", action="store_true", help="keep the index (and reuse it next time)")
    args = parser.parse_args(argv)

    import httpx

    from store.search_index import alias_name, delete_all, make_client
    from trustwatch.settings import load_settings

    home = Path(tempfile.mkdtemp(prefix="twbench-"))
    settings = load_settings(env="test", es_index_prefix="twbench", home=home,
                             db_url=f"sqlite:///{home / 'bench.db'}")
    client = make_client(settings, request_timeout=120)
    alias = alias_name(settings, "article")
    have = client.count(index=alias)["count"] if client.indices.exists_alias(name=alias) else 0
    if have != args.docs:
        delete_all(client, settings)
        print(f"loading {args.docs:,} generated articles into {settings.elasticsearch_url} ({alias}) ...")
        secs = load(client, settings, args.docs)
        print(f"  bulk load: {secs:.1f} s ({args.docs / secs:,.0f} docs/s)")
    else:
        print(f"reusing {have:,} articles in {alias}")

    server, thread, base = serve(settings)
    latencies, es_took, totals = [], [], []
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            http.post("/api/v1/login", json={"username": "bench", "password": "bench-password"}).raise_for_status()
            for q, flt in QUERIES:  # warm-up: caches and JIT, untimed
                http.get("/api/v1/search", params={"q": q, **flt})
            deadline = time.monotonic() + 300  # bounded in time as well as in count
            for i in range(args.queries):
                if time.monotonic() > deadline:
                    break
                q, flt = QUERIES[i % len(QUERIES)]
                params = {"q": q, **flt, "page": 1 + (i // len(QUERIES)) % 3}
                t0 = time.perf_counter()
                resp = http.get("/api/v1/search", params=params)
                latencies.append((time.perf_counter() - t0) * 1000)
                resp.raise_for_status()
                body = resp.json()
                es_took.append(body["took_ms"])
                totals.append(body["total"])
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        if not args.keep:
            delete_all(client, settings)
        client.close()

    q = statistics.quantiles(latencies, n=100)
    print(f"filtered Chinese queries through /api/v1/search over {args.docs:,} articles "
          f"({len(latencies)} requests, {len(QUERIES)} query shapes, page 1-3, facets + highlights):")
    print(f"  API latency  p50 {q[49]:.1f} ms   p95 {q[94]:.1f} ms   max {max(latencies):.1f} ms")
    eq = statistics.quantiles(es_took, n=100)
    print(f"  ES 'took'    p50 {eq[49]:.1f} ms   p95 {eq[94]:.1f} ms")
    print(f"  hits per query: median {statistics.median(totals):,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
