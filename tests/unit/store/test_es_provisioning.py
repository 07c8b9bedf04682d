"""Provisioning of the local server: the Maven cache is used first and the JDK matches the version."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import es_server
from store.es_server import Distribution, EsServerError, java_home_for
from trustwatch.configs import local_es_server
from trustwatch.settings import load_settings


def test_a_cached_artifact_is_used_without_maven(tmp_path, monkeypatch):
    monkeypatch.setattr(es_server, "maven_repository", lambda: tmp_path)
    zip_path = tmp_path / "org/elasticsearch/distribution/integ-test-zip/elasticsearch/9.2.0/elasticsearch-9.2.0.zip"
    zip_path.parent.mkdir(parents=True)
    zip_path.write_bytes(b"PK")
    monkeypatch.setattr(es_server.shutil, "which", lambda name: pytest.fail("mvn must not run"))
    dist = es_server.resolve_distribution("9.2.0")
    assert dist == Distribution("elasticsearch", "9.2.0", zip_path)


def _fake_jdk(root: Path, name: str, version: str) -> Path:
    home = root / name
    (home / "bin").mkdir(parents=True)
    (home / "bin" / "java").touch()
    (home / "release").write_text(f'JAVA_VERSION="{version}"\n')
    return home


def test_jdk_matches_major_version(tmp_path, monkeypatch):
    monkeypatch.setattr(es_server, "JDK_FOR_MAJOR", {"9": tmp_path / "missing"})
    monkeypatch.setattr(es_server, "JVM_DIR", tmp_path)
    _fake_jdk(tmp_path, "java-17", "17.0.9")
    with pytest.raises(EsServerError, match="no supported JDK"):
        java_home_for(Distribution("elasticsearch", "9.2.0", Path("x.zip")))  # 9.x needs 21+
    jdk21 = _fake_jdk(tmp_path, "java-21", "21.0.2")
    assert java_home_for(Distribution("elasticsearch", "9.2.0", Path("x.zip"))) == jdk21
    with pytest.raises(EsServerError, match="no supported JDK"):
        java_home_for(Distribution("elasticsearch", "7.17.0", Path("x.zip")))


def test_instances_live_under_the_cache_dir(tmp_path):
    server = local_es_server(load_settings(es_cache_dir=tmp_path, es_port=9311), name="unit")
    assert server.home == es_server.service_root(tmp_path) / "instances" / "unit"
    assert server.url == "http://127.0.0.1:9311"
    assert server.pid() is None and server.status() == (False, "not running (would listen on http://127.0.0.1:9311)")
    assert "no log output" in server.log_tail()


def test_a_private_checkout_keeps_server_files_where_the_service_user_reaches(tmp_path):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    private.chmod(0o700)
    fallback = es_server.service_root(private / "checkout" / ".cache")
    assert str(fallback).startswith("/var/cache/trustwatch-es/")
    assert fallback == es_server.service_root(private / "checkout" / ".cache")  # stable across runs
    open_dir = tmp_path / "open"
    open_dir.mkdir()
    tmp_path.chmod(0o755)
    open_dir.chmod(0o755)
    if es_server._searchable_by_others(open_dir):
        assert es_server.service_root(open_dir / ".cache") == open_dir.resolve() / ".cache" / "elasticsearch"
