"""`trustwatch run-demo` (what `make run` ends with): prints where to look and working demo passwords, stops on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest

from trustwatch.service.crawl_process import settings_env
from trustwatch.service.mailsink import free_port

pytestmark = [pytest.mark.es, pytest.mark.slow]


def test_run_demo_prints_addresses_and_accounts_that_sign_in_and_stops_cleanly(es, tmp_path):
    settings = es.fresh_settings(env="test", home=tmp_path / "home", db_url=f"sqlite:///{tmp_path / 'demo.db'}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTWATCH_")} | settings_env(settings)
    port = free_port()
    out_path = tmp_path / "out.txt"
    with open(out_path, "wb") as out, open(tmp_path / "err.txt", "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "trustwatch.cli", "run-demo", "--port", str(port),
                                 "--publish-every", "5", "--crawl-interval", "10"],
                                env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while "按 Ctrl-C 停止" not in out_path.read_text(encoding="utf-8") and time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "err.txt").read_text()[-3000:]
            time.sleep(0.5)
        banner = out_path.read_text(encoding="utf-8")
        web = f"http://127.0.0.1:{port}"
        for page in ("/queue", "/inbox", "/search", "/metrics", "/healthz"):
            assert f"{web}{page}" in banner
        site = re.search(r"演示新闻站：\s+(http://127\.0\.0\.1:\d+)/", banner).group(1)
        assert httpx.get(site + "/", timeout=10).status_code == 200
        passwords = dict(re.findall(r"^\s+(demo-\w+)\s.*?密码：(\S+)$", banner, re.M))
        assert set(passwords) == {"demo-reviewer", "demo-regulator", "demo-county", "demo-analyst"}
        assert "汕尾市应急管理局" in banner and "陆丰市应急管理局" in banner
        with httpx.Client(base_url=web, timeout=15) as client:
            login = client.post("/api/v1/login", json={"username": "demo-reviewer", "password": passwords["demo-reviewer"]})
            assert login.status_code == 200 and login.json()["role"] == "reviewer"
            assert client.get("/api/v1/events").status_code == 200
        health = httpx.get(web + "/healthz", timeout=10).json()
        assert health["checks"]["scheduler"]["ok"] and health["checks"]["database"]["ok"]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(90)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0, (tmp_path / "err.txt").read_text()[-3000:]
