"""Fixtures for the service tests: settings with their own source files, and a recording task set."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from trustwatch.settings import load_settings

SOURCE_TEMPLATE = """\
sources:
  - name: {name}
    title: 测试源 {name}
    kind: rss
    start_urls: ["{{demo_base_url}}/{name}/rss.xml"]
    schedule: "{schedule}"
    allow_private: true
"""


def write_source(config_dir: Path, name: str, schedule: str = "*/30 * * * *", filename: str | None = None) -> Path:
    """Write one source file the crawler's schema accepts."""
    path = config_dir / "sources" / (filename or f"{name}.yaml")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SOURCE_TEMPLATE.format(name=name, schedule=schedule), encoding="utf-8")
    return path


@pytest.fixture
def service_settings(tmp_path, db):
    """Settings on the migrated test database with a config folder holding one source."""
    config_dir = tmp_path / "config"
    write_source(config_dir, "alpha")
    return load_settings(home=tmp_path / "home", db_url=db.url, env="test", config_dir=config_dir,
                         demo_base_url="http://127.0.0.1:9", es_url="http://127.0.0.1:9")


class RecordingTasks:
    """Task functions that record their calls; `fail[kind]` makes the next N calls of a kind raise."""

    def __init__(self):
        self.calls: list[str] = []
        self.fail: dict[str, int] = {}
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)

    def task(self, kind: str):
        def run(ctx, argument):
            with self.lock:
                self.calls.append(f"{kind}:{argument}" if argument else kind)
                self.changed.notify_all()
                if self.fail.get(kind, 0) > 0:
                    self.fail[kind] -= 1
                    raise RuntimeError(f"{kind} failed on purpose")
            return "done"
        return run

    def as_tasks(self) -> dict:
        kinds = ("crawl", "process", "outbox-drain", "dispatch", "escalations", "digest", "retrain")
        return {kind: self.task(kind) for kind in kinds}

    def wait_for(self, predicate, timeout: float = 10.0) -> bool:
        with self.lock:
            return self.changed.wait_for(lambda: predicate(list(self.calls)), timeout)


@pytest.fixture
def recording():
    return RecordingTasks()


@pytest.fixture
def add_source():
    """write_source(config_dir, name, schedule=..., filename=...) for tests that edit source files."""
    return write_source
