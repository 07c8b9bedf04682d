"""Settings come from TRUSTWATCH_* variables; a bad value stops the program with its name."""

import subprocess
import sys

import pytest

from trustwatch.settings import DEFAULT_SECRET, SettingsError, generate_secret_key, load_settings, secret_key_problem


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
    key = generate_secret_key()
    monkeypatch.setenv("TRUSTWATCH_SECRET_KEY", key)
    assert load_settings().secret_key.get_secret_value() == key


@pytest.mark.parametrize("weak", ["", "a", "changeme", "CHANGE-ME", " " + DEFAULT_SECRET, DEFAULT_SECRET + " ",
                                  "a" * 64, "ab" * 32, "abcdefghijklmnopqrstuvwxyz0123456789",
                                  "a-private-value-0123456789", "secret-key"])
def test_production_refuses_a_weak_secret(monkeypatch, weak):
    monkeypatch.setenv("TRUSTWATCH_ENV", "production")
    monkeypatch.setenv("TRUSTWATCH_SECRET_KEY", weak)
    with pytest.raises(SettingsError, match="TRUSTWATCH_SECRET_KEY"):
        load_settings()


def test_development_key_is_per_install_and_private(tmp_path):
    first = load_settings(home=tmp_path / "a").secret_key.get_secret_value()
    assert first != DEFAULT_SECRET and secret_key_problem(first) is None
    assert load_settings(home=tmp_path / "a").secret_key.get_secret_value() == first  # kept under home
    assert load_settings(home=tmp_path / "b").secret_key.get_secret_value() != first  # another install
    assert (tmp_path / "a" / "secret_key").stat().st_mode & 0o077 == 0
    # The published default is never used, even when set explicitly in development.
    assert load_settings(home=tmp_path / "a", secret_key=DEFAULT_SECRET).secret_key.get_secret_value() == first


def test_secret_generate_needs_no_valid_settings(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TRUSTWATCH_ENV": "production",
           "TRUSTWATCH_SECRET_KEY": "changeme"}
    proc = subprocess.run([sys.executable, "-m", "trustwatch.cli", "users", "list"], env=env,
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "TRUSTWATCH_SECRET_KEY" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "trustwatch.cli", "secret", "generate"], env=env,
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    key = proc.stdout.strip()
    assert proc.returncode == 0 and secret_key_problem(key) is None


def test_the_command_line_stops_with_the_variable_name(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "TRUSTWATCH_ES_HEAP": "lots", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "trustwatch.cli", "sources", "list"], env=env,
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert "TRUSTWATCH_ES_HEAP" in proc.stderr and "Traceback" not in proc.stderr
