"""End-to-end fixtures: the app under uvicorn on 127.0.0.1 (OS-picked port), seeded store, real ES, Chromium."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from store.db import Database
from trustwatch.web import create_app
from trustwatch.web.sample_data import seed
from web_e2e_helpers import CHROMIUM, CHROMIUM_ARGS, recording


class LiveServer:
    """uvicorn serving the app in a thread; `url` is where it listens."""

    def __init__(self, app):
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(recording(app), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="module")
def site(es, tmp_path_factory):
    """The seeded app, its articles indexed in the real Elasticsearch, served on 127.0.0.1."""
    from store.models import Article
    from store.outbox import drain, enqueue
    from trustwatch.configs import index_config

    home = tmp_path_factory.mktemp("web-e2e")
    settings = es.fresh_settings(env="test", home=home, db_url=f"sqlite:///{home / 'tw.db'}")
    db = Database(settings.database_url)
    db.migrate()
    ids = seed(db, settings)
    with db.session() as s:
        for (article_id,) in s.query(Article.id):
            enqueue(s, "article", article_id)
    drain(db, es.client, index_config(settings))
    es.client.indices.refresh(index=f"{settings.es_index_prefix}-*")
    server = LiveServer(create_app(settings, db=db)).start()
    yield {"url": server.url, "ids": ids, "db": db, "settings": settings}
    server.stop()
    db.dispose()


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make setup does)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) and page, wide enough for the screenshots."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()
