"""Tests do not inherit the user's TRUSTWATCH_* variables (issue 13, item 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from trustwatch.settings import load_settings

ROOT = Path(__file__).resolve().parents[3]


def test_no_user_variables_reach_a_test():
    leaked = [k for k in os.environ if k.startswith("TRUSTWATCH_") and not k.startswith("TRUSTWATCH_TEST_")
              and k != "TRUSTWATCH_SCREENSHOTS_DIR"
              and not (k == "TRUSTWATCH_ES_URL" and os.environ.get("TRUSTWATCH_TEST_ES_URL"))]
    assert leaked == []
    settings = load_settings(env="test")
    assert settings.es_port == 9200 and settings.es_url in (None, os.environ.get("TRUSTWATCH_TEST_ES_URL"))


def test_a_users_es_port_and_database_do_not_change_the_defaults(tmp_path):
    env = dict(os.environ, TRUSTWATCH_ES_PORT="9333", TRUSTWATCH_DB_URL="postgresql+psycopg://nobody@127.0.0.1:1/x",
               TRUSTWATCH_CONFIG_DIR=str(tmp_path / "nowhere"))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           f"{Path(__file__).relative_to(ROOT)}::test_no_user_variables_reach_a_test"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "1 passed" in proc.stdout
