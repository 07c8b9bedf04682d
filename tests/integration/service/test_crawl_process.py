"""Crawl subprocesses: output kept in a log, failures explicit, SIGTERM lets the crawl finish its work."""

from __future__ import annotations

import sys
import textwrap
import threading
import time

import pytest

from trustwatch.service.crawl_process import CrawlFailed, CrawlProcesses, ShuttingDown, settings_env

FAKE_CRAWL = textwrap.dedent("""
    import signal, sys, time, pathlib
    out = pathlib.Path(sys.argv[1])
    source = sys.argv[-1]
    mode = sys.argv[2]
    def finish(signum, frame):
        out.write_text(f"flushed {source}")   # what Scrapy does on SIGTERM: finish in-flight work, close
        sys.exit(0)
    signal.signal(signal.SIGTERM, finish)
    print(f"crawling {source}", flush=True)
    if mode == "fail":
        print("Traceback: spider exploded", flush=True)
        sys.exit(3)
    if mode == "ok":
        out.write_text(f"done {source}")
        sys.exit(0)
    time.sleep(60)
""")


@pytest.fixture
def fake_crawl(tmp_path):
    script = tmp_path / "fake_crawl.py"
    script.write_text(FAKE_CRAWL, encoding="utf-8")
    return script


def _processes(settings, script, marker, mode, grace=10.0):
    return CrawlProcesses(settings, grace_seconds=grace, command=[sys.executable, str(script), str(marker), mode])


def test_a_crawl_runs_in_a_subprocess_and_logs_to_a_file(settings, fake_crawl, tmp_path):
    marker = tmp_path / "marker"
    outcome = _processes(settings, fake_crawl, marker, "ok").run("alpha")
    assert outcome.returncode == 0 and marker.read_text() == "done alpha"
    assert "crawling alpha" in outcome.log_path.read_text()


def test_a_failed_crawl_raises_with_the_end_of_its_log(settings, fake_crawl, tmp_path):
    with pytest.raises(CrawlFailed, match="(?s)exited with status 3.*spider exploded"):
        _processes(settings, fake_crawl, tmp_path / "m", "fail").run("alpha")


def test_stop_all_sends_sigterm_and_the_crawl_finishes_its_work(settings, fake_crawl, tmp_path):
    marker = tmp_path / "marker"
    crawls = _processes(settings, fake_crawl, marker, "hang")
    errors = []

    def run():
        try:
            crawls.run("alpha")
        except Exception as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 10
    while not crawls.running() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # let the child install its handler
    crawls.stop_all()
    thread.join(10)
    assert marker.read_text() == "flushed alpha"  # it was asked to stop, not killed
    assert not errors  # a crawl that stopped cleanly is not an error
    with pytest.raises(ShuttingDown):
        crawls.run("beta")  # no new crawls once stopping


def test_children_get_the_same_settings_including_secrets_and_overrides(settings, monkeypatch):
    env = settings_env(settings.model_copy(update={"demo_base_url": "http://127.0.0.1:1234"}))
    assert env["TRUSTWATCH_DEMO_BASE_URL"] == "http://127.0.0.1:1234"
    assert env["TRUSTWATCH_DB_URL"] == settings.database_url
    assert env["TRUSTWATCH_SECRET_KEY"] == settings.secret_key.get_secret_value()
    from trustwatch.settings import load_settings

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    rebuilt = load_settings()
    assert rebuilt.alert_channels == settings.alert_channels and rebuilt.home == settings.home
