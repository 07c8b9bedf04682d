"""Memory of `trustwatch serve` at idle beside a bare FastAPI app with the Elasticsearch client, in the same run.

    .venv/bin/python bench/serve_memory.py [--repeats 3] [--settle 20]

Each repeat starts `trustwatch serve` (web app and scheduler, on a fresh SQLite store, the shipped
config folder without sources) and, beside it, a bare app: FastAPI under uvicorn with one route that asks
the local Elasticsearch for its version. Both answer one request, then sit idle for --settle seconds
(the scheduler's process job runs at start and every 5 s); then RSS and PSS are read from
/proc/PID/smaps_rollup, for the process alone and for it with its children. Prints
"project / anchor / ratio" lines (min / median / max over the repeats) and the machine's load.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BARE_APP = r"""
import sys
import uvicorn
from elasticsearch import Elasticsearch
from fastapi import FastAPI

es = Elasticsearch(sys.argv[2], request_timeout=10)
app = FastAPI()

@app.get("/healthz")
def healthz():
    return {"es": es.cluster.health()["status"]}

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""
CLASSIFIER_IDLE = 10.0  # seconds: the classifier process's idle time in this bench (shipped: 300)
# Signs that the classifier was loaded into a process: its compiled fast path and the model's libraries.
CLASSIFIER_MARKERS = ("numba", "llvmlite", "sklearn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rollup(pid: int) -> dict[str, int]:
    """Rss and Pss of one process in KiB, from /proc/PID/smaps_rollup."""
    out = {}
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                out[key] = int(rest.split()[0])
    return out


def descendants(pid: int) -> list[int]:
    """Every live descendant of `pid` (children of all its threads, recursively)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except FileNotFoundError:
            continue
        for t in tasks:
            try:
                with open(f"/proc/{p}/task/{t}/children", encoding="ascii") as f:
                    kids = [int(k) for k in f.read().split()]
            except FileNotFoundError:
                continue
            found.extend(kids)
            todo.extend(kids)
    return found


def measure(pid: int) -> dict:
    """MiB: the process alone (rss, pss) and with its descendants (tree_rss, tree_pss); classifier loaded?"""
    own = rollup(pid)
    tree = dict(own)
    for child in descendants(pid):
        try:
            r = rollup(child)
        except (FileNotFoundError, ProcessLookupError):
            continue
        tree = {k: tree[k] + r.get(k, 0) for k in tree}
    with open(f"/proc/{pid}/maps", encoding="ascii", errors="replace") as f:
        maps = f.read()
    return {"rss": own["Rss"] / 1024, "pss": own["Pss"] / 1024, "tree_rss": tree["Rss"] / 1024,
            "tree_pss": tree["Pss"] / 1024, "children": len(descendants(pid)),
            "classifier_libs": sorted(m for m in CLASSIFIER_MARKERS if f"/{m}/" in maps)}


def wait_up(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{url}: the process exited with {proc.returncode}")
        try:
            httpx.get(url + "/healthz", timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def serve_settings(home: Path, es_url: str):
    """A fresh SQLite store and the shipped config folder without its sources (no crawl runs while idle)."""
    import shutil

    from trustwatch.settings import load_settings

    config = home / "config"
    shutil.copytree(ROOT / "config", config, ignore=shutil.ignore_patterns("sources"))
    (config / "sources").mkdir()
    return load_settings(env="test", home=home, db_url=f"sqlite:///{home / 'serve.db'}", es_url=es_url,
                         es_index_prefix="twmembench", config_dir=config, classifier_idle_seconds=CLASSIFIER_IDLE)


ARTICLES = [("城区一超市出售过期食品被立案查处", "近日，城区市场监管局检查发现某超市货架上摆放多批次过期食品，已依法立案调查。"),
            ("陆丰市一诊所无证行医致患者受伤", "陆丰市卫生健康局接到群众举报，一家诊所长期无证行医，一名患者输液后出现不良反应。"),
            ("海丰县化工厂发生爆炸 两人受伤", "海丰县一化工企业车间发生爆炸，造成两人受伤，应急管理局已责令停产整顿。"),
            ("陆河县举办青梅文化节", "陆河县青梅文化节开幕，各地游客品尝青梅美食，现场气氛热烈。")]


def add_pending(db, n: int) -> None:
    """`n` crawled, not yet classified articles (as a crawl stores them)."""
    import hashlib

    from store.models import Article, Source

    with db.session() as s:
        source = Source(name="membench", kind="list")
        s.add(source)
        s.flush()
        for i in range(n):
            title, body = ARTICLES[i % len(ARTICLES)]
            url = f"http://127.0.0.1/membench/{i}.html"
            s.add(Article(source_id=source.id, url=url, title=title, body=f"{body}（第{i}篇）",
                          content_hash=hashlib.sha256(url.encode()).hexdigest()))


def wait_classified(db, timeout: float = 300) -> float:
    """Seconds until no article is left unclassified."""
    from sqlalchemy import func, select

    from store.models import Article

    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        with db.session() as s:
            if not s.scalar(select(func.count()).where(Article.classified_at.is_(None))):
                return time.monotonic() - t0
        time.sleep(0.5)
    raise SystemExit(f"articles still unclassified after {timeout:.0f} s")


def one_repeat(settle: float, es_url: str, log_dir: Path, i: int, articles: int) -> dict:
    """serve and the bare app (both running at once): idle after start; serve also right after classifying
    `articles` new articles, and once more after the classifier process's idle time has passed."""
    from store.db import Database
    from trustwatch.service.crawl_process import settings_env

    home = Path(tempfile.mkdtemp(prefix="twmem-"))
    settings = serve_settings(home, es_url)
    db = Database(settings.database_url)
    db.migrate()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
    env.update(settings_env(settings))
    serve_port, bare_port = free_port(), free_port()
    with open(log_dir / f"serve-{i}.log", "wb") as out:
        serve = subprocess.Popen([sys.executable, "-m", "trustwatch.cli", "serve", "--port", str(serve_port),
                                  "--log-format", "text"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL)
    bare = subprocess.Popen([sys.executable, "-c", BARE_APP, str(bare_port), es_url], stdin=subprocess.DEVNULL)
    try:
        wait_up(f"http://127.0.0.1:{serve_port}", serve)
        wait_up(f"http://127.0.0.1:{bare_port}", bare)
        import httpx

        httpx.get(f"http://127.0.0.1:{serve_port}/login", timeout=30)  # a page rendered once, as a user would
        time.sleep(settle)
        out = {"idle": measure(serve.pid), "bare": measure(bare.pid)}
        add_pending(db, articles)
        out["classify_seconds"] = wait_classified(db)
        out["busy"] = measure(serve.pid)
        time.sleep(CLASSIFIER_IDLE + 8)  # the child exits after its idle time (checked every 5 s)
        out["after"] = measure(serve.pid)
        out["bare_after"] = measure(bare.pid)
        return out
    finally:
        stop(serve)
        stop(bare)
        db.dispose()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--settle", type=float, default=20.0, help="idle seconds before measuring")
    parser.add_argument("--articles", type=int, default=200, help="articles classified between the idle phases")
    parser.add_argument("--es-url", default=os.environ.get("TRUSTWATCH_ES_URL", "http://127.0.0.1:9200"))
    args = parser.parse_args(argv)

    from side_by_side import machine, row

    log_dir = Path(tempfile.mkdtemp(prefix="twmem-logs-"))
    try:
        runs = [one_repeat(args.settle, args.es_url, log_dir, i, args.articles) for i in range(args.repeats)]
    finally:  # the indices serve's outbox drain created for the bench's articles (prefix twmembench)
        from store.search_index import delete_all, make_client
        from trustwatch.configs import index_config

        config = index_config(serve_settings(Path(tempfile.mkdtemp(prefix="twmem-")), args.es_url))
        client = make_client(config)
        try:
            delete_all(client, config)
        finally:
            client.close()
    print(machine())
    print(f"`trustwatch serve` (web app + scheduler, one page rendered) (project) vs a bare FastAPI app + "
          f"Elasticsearch client under uvicorn (anchor), same run; logs in {log_dir}")
    print(f"idle {args.settle:g} s after start (nothing to classify yet):")
    row("RSS", [r["idle"]["rss"] for r in runs], [r["bare"]["rss"] for r in runs], "MiB")
    row("PSS", [r["idle"]["pss"] for r in runs], [r["bare"]["pss"] for r in runs], "MiB")
    row("RSS with children", [r["idle"]["tree_rss"] for r in runs], [r["bare"]["tree_rss"] for r in runs], "MiB")
    print(f"right after classifying {args.articles} new articles "
          f"({statistics.median(r['classify_seconds'] for r in runs):.1f} s from insert to all classified, median):")
    row("RSS, serve's own process", [r["busy"]["rss"] for r in runs], [r["bare"]["rss"] for r in runs], "MiB")
    row("RSS with the classifier process", [r["busy"]["tree_rss"] for r in runs], [r["bare"]["tree_rss"] for r in runs],
        "MiB")
    print(f"idle again, {CLASSIFIER_IDLE + 8:g} s later (the classifier process's idle time is {CLASSIFIER_IDLE:g} s "
          f"here, 300 s shipped):")
    row("RSS", [r["after"]["rss"] for r in runs], [r["bare_after"]["rss"] for r in runs], "MiB")
    row("PSS", [r["after"]["pss"] for r in runs], [r["bare_after"]["pss"] for r in runs], "MiB")
    row("RSS with children", [r["after"]["tree_rss"] for r in runs], [r["bare_after"]["tree_rss"] for r in runs], "MiB")
    last = runs[-1]
    for phase in ("idle", "busy", "after"):
        m = last[phase]
        print(f"  serve {phase}: {m['children']} child process(es); classifier libraries mapped in serve itself: "
              f"{', '.join(m['classifier_libs']) or 'none'}")
    worst = max(max(r["idle"]["rss"], r["after"]["rss"]) for r in runs)
    print(f"  goal: serve idle <= 200 MiB RSS: {'met' if worst <= 200 else 'not met'} (worst idle {worst:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
