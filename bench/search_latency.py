"""Search latency through the web API: 100,000 generated Chinese articles in the local Elasticsearch,
then a bounded loop of filtered Chinese queries against /api/v1/search, each beside the identical request
body sent straight to Elasticsearch; prints p50/p95 as "project / anchor / ratio" over 3 repeats.

    .venv/bin/python bench/search_latency.py [--docs 100000] [--queries 300] [--repeats 3] [--keep]

Both sides use urllib3 (the Elasticsearch client's own HTTP stack) and parse the JSON answer inside
the timing; each pair is checked to find the same total and the same hits in the same order. Also
printed: Elasticsearch's own `took`, how many searches Elasticsearch ran per API request (from its
index statistics), and the API server's CPU time per request beside the raw client's.

Needs the local Elasticsearch running (`trustwatch es start`, or `make` targets) or TRUSTWATCH_ES_URL.
Uses its own index prefix (twbench) so it never touches real data; --keep reuses the loaded index.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import statistics
import sys
import subprocess
import tempfile
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


PASSWORD = "Qv7-latency-probe-2031"


def settings_for(home: Path):
    """The bench's settings: its own index prefix and a SQLite store under `home`."""
    from trustwatch.settings import load_settings

    return load_settings(env="test", es_index_prefix="twbench", home=home, db_url=f"sqlite:///{home / 'bench.db'}")


def serve_child(home: str) -> None:
    """In the server process: the web app under uvicorn on an OS-picked port, printed on stdout."""
    import uvicorn

    from trustwatch.web import create_app

    # IPPROTO_TCP spelled out: asyncio turns Nagle off only on sockets whose proto says TCP, and with
    # it on every response waited ~40 ms for the client's delayed ACK (`trustwatch serve` binds by port).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    uvicorn.Server(uvicorn.Config(create_app(settings_for(Path(home))), log_level="warning")).run(sockets=[sock])


def serve(settings, home: Path):
    """The web app with one analyst in its own process, as `trustwatch serve` runs it.

    Its own process, so that the timing client does not share its GIL. The ~45 ms that the first
    figures blamed on the web layer were Nagle's algorithm on the bench's own socket (see serve_child)."""
    from store.db import Database
    from trustwatch.auth import add_user

    db = Database(settings.database_url)
    db.migrate()
    with db.session() as s:
        add_user(s, "bench", PASSWORD, "analyst")
    db.dispose()
    proc = subprocess.Popen([sys.executable, __file__, "--serve-child", str(home)], stdout=subprocess.PIPE, text=True)
    port = int(proc.stdout.readline())
    base = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(200):
        try:
            httpx.get(base + "/healthz", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return proc, base


def raw_body(params: dict) -> dict:
    """The body the API sends to Elasticsearch for `params` (built by the same functions, so identical)."""
    from store.index_search import SearchFilters, search_body
    from trustwatch.web.search import PAGE_SIZE, SearchParams

    sp = SearchParams(q=params.get("q", ""), label=params.get("label"), district=params.get("district"),
                      source=params.get("source"), enterprise=params.get("enterprise"),
                      date_from=dt.date.fromisoformat(params["date_from"]) if params.get("date_from") else None,
                      date_to=dt.date.fromisoformat(params["date_to"]) if params.get("date_to") else None,
                      page=params.get("page", 1))
    return search_body(sp.q, SearchFilters.coerce(sp.index_filters()), sp.page, PAGE_SIZE, facet_size=10)


class ApiClient:
    """The signed-in analyst's HTTP client: urllib3, the HTTP stack the Elasticsearch client itself uses,
    so that both sides of the comparison pay the same client cost and the ratio is the web layer's."""

    def __init__(self, base: str):
        import urllib3

        host, port = base.rsplit("//", 1)[1].split(":")
        self.pool = urllib3.HTTPConnectionPool(host, int(port), maxsize=1, timeout=30, retries=False)
        self.cookie = ""

    def login(self, username: str, password: str) -> None:
        resp = self.pool.request("POST", "/api/v1/login", body=json.dumps({"username": username, "password": password}),
                                 headers={"Content-Type": "application/json"})
        if resp.status != 200:
            raise SystemExit(f"bench login failed: HTTP {resp.status}")
        self.cookie = resp.headers["set-cookie"].split(";", 1)[0]

    def search(self, params: dict) -> dict:
        """GET /api/v1/search, its JSON parsed (as the raw side's client parses Elasticsearch's answer)."""
        resp = self.pool.request("GET", "/api/v1/search", fields=params, headers={"Cookie": self.cookie})
        if resp.status != 200:
            raise SystemExit(f"/api/v1/search answered HTTP {resp.status}: {resp.data[:300]!r}")
        return json.loads(resp.data)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far, from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields_ = f.read().rsplit(")", 1)[1].split()
    return (int(fields_[11]) + int(fields_[12])) / os.sysconf("SC_CLK_TCK")


def es_searches(client, alias: str) -> int:
    """Shard-level searches the index has answered so far (its one primary shard: one per request)."""
    stats = client.indices.stats(index=alias, metric="search")
    return stats["_all"]["primaries"]["search"]["query_total"]


def params_of(i: int) -> dict:
    q, flt = QUERIES[i % len(QUERIES)]
    return {"q": q, **flt, "page": 1 + (i // len(QUERIES)) % 3}


def one_repeat(api: ApiClient, client, alias: str, n: int, server_pid: int) -> dict:
    """`n` requests through the API, each followed (or preceded, alternately) by its body sent straight to ES."""
    through, raw, took, totals = [], [], [], []
    server_cpu = own_raw_cpu = 0.0
    deadline = time.monotonic() + 300  # bounded in time as well as in count
    for i in range(n):
        if time.monotonic() > deadline:
            break
        params = params_of(i)
        body = raw_body(params)
        for first in ((True, False) if i % 2 else (False, True)):
            if first:
                c0 = cpu_seconds(server_pid)
                t0 = time.perf_counter()
                answer = api.search(params)
                through.append((time.perf_counter() - t0) * 1000)
                server_cpu += cpu_seconds(server_pid) - c0
                took.append(answer["took_ms"])
            else:
                c0 = time.process_time()
                t0 = time.perf_counter()
                direct = client.search(index=alias, **body)
                raw.append((time.perf_counter() - t0) * 1000)
                own_raw_cpu += time.process_time() - c0
        total = direct["hits"]["total"]["value"]
        if total != answer["total"] or [h["_id"] for h in direct["hits"]["hits"]] != [str(h["id"]) for h in answer["hits"]]:
            raise SystemExit(f"the raw body found {total} articles, the API {answer['total']}: not the same request")
        totals.append(total)
    pct = lambda xs, k: statistics.quantiles(xs, n=100)[k - 1]  # noqa: E731
    return {"api_p50": pct(through, 50), "api_p95": pct(through, 95), "raw_p50": pct(raw, 50),
            "raw_p95": pct(raw, 95), "took_p50": pct(took, 50), "requests": len(through),
            "median_hits": statistics.median(totals), "server_cpu_ms": server_cpu / len(through) * 1000,
            "raw_client_cpu_ms": own_raw_cpu / len(raw) * 1000}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300, help="timed API requests per repeat (bounded)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the index (and reuse it next time)")
    parser.add_argument("--serve-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    from side_by_side import machine, row
    from store.search_index import alias_name, delete_all, make_client
    from trustwatch.configs import index_config
    if args.serve_child:
        serve_child(args.serve_child)
        return 0
    home = Path(tempfile.mkdtemp(prefix="twbench-"))
    settings = settings_for(home)
    index = index_config(settings)
    client = make_client(index, request_timeout=120)
    alias = alias_name(index, "article")
    have = client.count(index=alias)["count"] if client.indices.exists_alias(name=alias) else 0
    if have != args.docs:
        delete_all(client, index)
        print(f"loading {args.docs:,} generated articles into {settings.elasticsearch_url} ({alias}) ...")
        secs = load(client, index, args.docs)
        print(f"  bulk load: {secs:.1f} s ({args.docs / secs:,.0f} docs/s)")
    else:
        print(f"reusing {have:,} articles in {alias}")

    server, base = serve(settings, home)
    runs = []
    try:
        api = ApiClient(base)
        api.login("bench", PASSWORD)
        for i in range(len(QUERIES)):  # warm-up: caches and JIT, untimed
            api.search(params_of(i))
            client.search(index=alias, **raw_body(params_of(i)))
        before, probes = es_searches(client, alias), 3 * len(QUERIES)
        for i in range(probes):  # pages 1-3 of every query shape, through the API alone
            api.search(params_of(i))
        per_request = (es_searches(client, alias) - before) / probes
        for _ in range(args.repeats):
            runs.append(one_repeat(api, client, alias, args.queries, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            delete_all(client, index)
        client.close()

    print(machine())
    print(f"filtered Chinese queries over {args.docs:,} articles ({runs[0]['requests']} requests per repeat, "
          f"{len(QUERIES)} query shapes, pages 1-3, facets on page 1, highlights; median "
          f"{runs[0]['median_hits']:,.0f} hits): /api/v1/search (project) vs the identical bodies sent "
          f"straight to Elasticsearch with its Python client (anchor)")
    row("latency p50", [r["api_p50"] for r in runs], [r["raw_p50"] for r in runs], "ms")
    row("latency p95", [r["api_p95"] for r in runs], [r["raw_p95"] for r in runs], "ms")
    print(f"  ES 'took' p50 (inside Elasticsearch): {min(r['took_p50'] for r in runs):.0f} ms at best; "
          f"Elasticsearch searches per API request: {per_request:.2f}")
    print(f"  CPU per request: the API server {statistics.median(r['server_cpu_ms'] for r in runs):.2f} ms "
          f"(its Elasticsearch call included) vs the raw side's client "
          f"{statistics.median(r['raw_client_cpu_ms'] for r in runs):.2f} ms (median of repeats)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
