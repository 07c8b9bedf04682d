"""Fixtures for alert integration tests: real local SMTP and HTTP servers, small alerting config."""

from __future__ import annotations

import pytest
from alertkit import DEPARTMENTS, ROUTING, HttpReceiver, SmtpServer, free_port

from trustwatch.settings import load_settings


@pytest.fixture
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def http_receiver():
    r = HttpReceiver()
    yield r
    r.close()


@pytest.fixture
def alert_settings(tmp_path, db):
    """Settings with a small department list and routing tree (contacts are example.org mailboxes)."""
    cfg = tmp_path / "config"
    cfg.mkdir()
    (cfg / "departments.yaml").write_text(DEPARTMENTS, encoding="utf-8")
    (cfg / "routing.yaml").write_text(ROUTING, encoding="utf-8")
    return load_settings(home=tmp_path / "home", db_url=db.url, env="test", config_dir=cfg,
                         secret_key="test-secret-key-for-ack-links", alert_channels=["email"],
                         smtp_host="127.0.0.1", smtp_port=free_port(), alert_backoff_seconds=60,
                         alert_max_attempts=4, alert_event_window_days=21)
