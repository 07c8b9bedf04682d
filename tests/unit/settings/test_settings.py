"""Settings come from TRUSTWATCH_* variables; a bad value stops the program with its name."""

import subprocess
import sys

import pytest

from trustwatch.settings import DEFAULT_SECRET, SettingsError, load_settings


def test_environment_variables_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("TRUSTWATCH_DB_URL", "postgresql+psycopg://tw@127.0.0.1/tw")
    monkeypatch.setenv("TRUSTWATCH_ES_URL", "https://es.example.org:9200")
    monkeypatch.setenv("TRUSTWATCH_HOME", str(tmp_path))
    settings = load_settings()
    assert settings.database_url == "postgresql+psycopg://tw@127.0.0.1/tw"
    assert settings.elasticsearch_url == "https://es.example.org:9200" and not settings.local_es


def test_default_database_is_a_sqlite_file_in_home(tmp_path):
    settings = load_settings(home=tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path / 'trustwatch.db'}"
    assert settings.local_es and settings.elasticsearch_url == "http://127.0.0.1:9200"


def test_a_bad_value_is_named(monkeypatch):
    monkeypatch.setenv("TRUSTWATCH_ES_PORT", "not-a-port")
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert "TRUSTWATCH_ES_PORT" in str(err.value)


def test_production_refuses_the_default_secret(monkeypatch):
    monkeypatch.setenv("TRUSTWATCH_ENV", "production")
    monkeypatch.delenv("TRUSTWATCH_SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="TRUSTWATCH_SECRET_KEY"):
        load_settings()
    monkeypatch.setenv("TRUSTWATCH_SECRET_KEY", "a-private-value-0123456789")
    assert load_settings().secret_key.get_secret_value() != DEFAULT_SECRET


def test_the_command_line_stops_with_the_variable_name(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "TRUSTWATCH_ES_HEAP": "lots", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "trustwatch.cli", "sources", "list"], env=env,
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert "TRUSTWATCH_ES_HEAP" in proc.stderr and "Traceback" not in proc.stderr
