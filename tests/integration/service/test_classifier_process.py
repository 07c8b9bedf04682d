"""`trustwatch serve` does not hold the classifier: a child process classifies, and exits when idle."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import httpx
import pytest
from sqlalchemy import select

from store.models import Article, SchedulerState, Source
from trustwatch.service.classify_process import ClassifierProcess, ClassifierUnavailable
from trustwatch.service.crawl_process import settings_env
from trustwatch.service.mailsink import free_port
from trustwatch.settings import PROJECT_ROOT, load_settings
from vocabulary import Label

pytestmark = pytest.mark.slow

# What a process maps once the classifier is loaded: its compiled fast path and the model's libraries.
CLASSIFIER_LIBS = ("/numba/", "/llvmlite/", "/sklearn/")
ARTICLES = [("城区一超市出售过期食品被立案查处", "城区市场监管局检查发现某超市货架上摆放多批次过期食品，已依法立案调查。"),
            ("陆丰市一诊所无证行医致患者受伤", "陆丰市卫生健康局接到群众举报，一家诊所长期无证行医，一名患者输液后出现不良反应。"),
            ("陆河县举办青梅文化节", "陆河县青梅文化节开幕，各地游客品尝青梅美食，现场气氛热烈。")]


def _mapped_classifier_libs(pid: int) -> list[str]:
    with open(f"/proc/{pid}/maps", encoding="ascii", errors="replace") as f:
        maps = f.read()
    return [lib for lib in CLASSIFIER_LIBS if lib in maps]


def _classifier_children(pid: int) -> list[int]:
    """Live descendants of `pid` running the classifier process module."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().decode(errors="replace")
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z" and "trustwatch.service.classify_process" in cmdline:
            found.append(int(entry))
    return found


def _wait(predicate, timeout: float, what: str, detail=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}" + (f"\n{detail()}" if detail else ""))


def _add_unclassified(db) -> list[int]:
    with db.session() as s:
        source = Source(name="classifier-process-test", kind="list")
        s.add(source)
        s.flush()
        articles = [Article(source_id=source.id, url=f"https://news.example.cn/cp/{i}", title=title, body=body,
                            content_hash=f"cp{i}") for i, (title, body) in enumerate(ARTICLES)]
        s.add_all(articles)
        s.flush()
        return [a.id for a in articles]


@pytest.fixture
def served_settings(tmp_path, db):
    """The shipped config folder without its sources (articles are added by the test), the migrated test
    database, no Elasticsearch, and a classifier process idle time of 3 s."""
    config = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config, ignore=shutil.ignore_patterns("sources"))
    (config / "sources").mkdir()
    return load_settings(home=tmp_path / "home", db_url=db.url, env="test", config_dir=config,
                         demo_base_url="http://127.0.0.1:9", es_url="http://127.0.0.1:9", classifier_idle_seconds=3.0)


def test_serve_classifies_in_a_child_process_that_exits_when_idle(served_settings, db):
    settings = served_settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")}
    env.update(settings_env(settings))
    port = free_port()
    log_path = settings.home / "serve.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "trustwatch.cli", "serve", "--port", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=log_file, stdin=subprocess.DEVNULL)

    def log_tail() -> str:
        return log_path.read_text(encoding="utf-8", errors="replace")[-3000:]

    try:
        def answers():
            try:
                return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            except httpx.TransportError:
                return None

        _wait(answers, 120, "serve to answer", log_tail)

        def process_ran():
            with db.session() as s:
                row = s.get(SchedulerState, "job:process")
                return row is not None and (row.value or {}).get("last_status") == "ok"

        _wait(process_ran, 180, "the process job to run once", log_tail)
        # Started, served a page, ran its process job with nothing to classify: no model anywhere.
        assert httpx.get(f"http://127.0.0.1:{port}/login", timeout=30).status_code == 200
        assert _mapped_classifier_libs(proc.pid) == []
        assert _classifier_children(proc.pid) == []

        ids = _add_unclassified(db)

        def classified():
            with db.session() as s:
                rows = list(s.scalars(select(Article).where(Article.id.in_(ids))))
                return rows if all(a.classified_at is not None for a in rows) else None

        rows = _wait(classified, 240, "the new articles to be classified", log_tail)
        assert {a.label for a in rows} <= {label.value for label in Label}
        assert all(a.model_version for a in rows)
        # Classified by the child: serve itself still has none of the classifier's libraries mapped.
        assert _mapped_classifier_libs(proc.pid) == []
        # The child exits after its idle time (3 s here), giving its memory back.
        _wait(lambda: not _classifier_children(proc.pid), 60, "the idle classifier process to exit", log_tail)
        assert _mapped_classifier_libs(proc.pid) == []

        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, log[-3000:]
    assert "classifier process started" in log and "classifier loaded" in log


def test_a_dead_classifier_process_is_reported_and_replaced(service_settings, db):
    # A child that dies at once, as one killed by the OOM killer would: the job fails with a Chinese
    # message (it is retried with backoff); nothing was classified, nothing is lost.
    dying = ClassifierProcess(service_settings, command=[sys.executable, "-c", "import sys; sys.exit(3)"])
    with pytest.raises(ClassifierUnavailable, match="分类进程意外退出"):
        dying.classify_pending(10)
    assert dying.pid is None
    # The real one after it. Warmed up (as a crawl starts): the model is loaded, nothing classified yet.
    ids = _add_unclassified(db)
    real = ClassifierProcess(service_settings, idle_seconds=60)
    try:
        real.warm_up()
        child = _wait(lambda: real.pid, 30, "the warm-up to start the classifier process")
        _wait(lambda: _mapped_classifier_libs(child), 180, "the warm-up to load the model")
        with db.session() as s:
            assert all(a.classified_at is None for a in s.scalars(select(Article).where(Article.id.in_(ids))))
        assert real.classify_pending(100) == len(ids)
        assert real.pid == child  # the same process, model already loaded
        assert real.classify_pending(100) == 0
    finally:
        real.stop()
    assert real.pid is None
    with db.session() as s:
        assert all(a.classified_at is not None for a in s.scalars(select(Article).where(Article.id.in_(ids))))
