"""Model files travel through the store: a worker on another machine loads the active model."""

from __future__ import annotations

import json
import shutil

import pytest

from classifier import artifact as artifacts
from trustwatch import model_registry as registry
from trustwatch.model_registry import load_active_classifier
from store.model_artifacts import ModelArtifactFile
from trustwatch.settings import load_settings


def _version_dir(root, version: str):
    """The shipped model copied as a new version (same model file, its own metadata)."""
    directory = root / version
    shutil.copytree(artifacts.DEFAULT_MODEL_DIR, directory)
    meta = json.loads((directory / artifacts.META_FILE).read_text(encoding="utf-8"))
    meta["version"] = version
    (directory / artifacts.META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return directory, meta


def _machine(tmp_path, name: str, db):
    return load_settings(home=tmp_path / name, db_url=db.url, env="test")


def test_a_model_promoted_on_one_machine_is_loaded_on_another(any_db, tmp_path):
    trainer = _machine(tmp_path, "trainer", any_db)
    directory, meta = _version_dir(trainer.models_dir, "shared-v1")
    registry.register(any_db, "shared-v1", str(directory), meta["sha256"], {}, meta, activate=True)
    shutil.rmtree(directory)  # the trainer's disk is not the worker's
    worker = _machine(tmp_path, "worker", any_db)
    assert load_active_classifier(worker, any_db).version == "shared-v1"
    copy = worker.models_dir / "shared-v1"
    assert artifacts.sha256_file(copy / artifacts.MODEL_FILE) == meta["sha256"]
    verdict = load_active_classifier(worker, any_db).classify("海丰县一小学食堂发生食物中毒", "30名学生送医")
    assert verdict.model_version == "shared-v1"


def test_a_damaged_local_copy_is_replaced_from_the_store(any_db, tmp_path):
    trainer = _machine(tmp_path, "trainer", any_db)
    directory, meta = _version_dir(trainer.models_dir, "shared-v2")
    registry.register(any_db, "shared-v2", str(directory), meta["sha256"], {}, meta, activate=True)
    model = directory / artifacts.MODEL_FILE
    model.write_bytes(model.read_bytes()[:1000])  # the trainer's own copy broke
    assert load_active_classifier(trainer, any_db).version == "shared-v2"
    assert artifacts.sha256_file(model) == meta["sha256"]


def test_a_stored_file_that_was_altered_is_refused(db, tmp_path):
    trainer = _machine(tmp_path, "trainer", db)
    directory, meta = _version_dir(trainer.models_dir, "shared-v3")
    registry.register(db, "shared-v3", str(directory), meta["sha256"], {}, meta, activate=True)
    shutil.rmtree(directory)
    with db.session() as s:
        row = s.query(ModelArtifactFile).filter_by(version="shared-v3", name=artifacts.MODEL_FILE).one()
        row.content = row.content[:-10] + b"0123456789"
    with pytest.raises(ValueError, match="does not match its sha256"):
        load_active_classifier(_machine(tmp_path, "worker", db), db)


def test_registering_a_missing_directory_is_refused_and_records_nothing(db, tmp_path):
    with pytest.raises(registry.RegistryError, match="not found"):
        registry.register(db, "ghost", str(tmp_path / "nowhere"), "0" * 64, {}, {})
    assert registry.list_versions(db) == []
