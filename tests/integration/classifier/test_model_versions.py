"""Versioned models: train, register, promote, roll back; review decisions as data; broken files refused."""

from __future__ import annotations

import json
import shutil

import pytest

from classifier import artifact as artifacts
from trustwatch import model_registry as registry
from trustwatch.model_registry import load_active_classifier
from classifier.dataset import read_jsonl
from trustwatch.review_examples import review_examples
from classifier.training import train
from store.models import Article, Event, ReviewDecision


def test_corrupted_model_file_gives_a_clear_error_naming_it(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(artifacts.DEFAULT_MODEL_DIR, copy)
    model = copy / artifacts.MODEL_FILE
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))
    with pytest.raises(artifacts.ModelLoadError, match=r"model\.skops.*sha256.*corrupted"):
        artifacts.load(copy)


def test_truncated_model_with_matching_hash_still_fails_clearly(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(artifacts.DEFAULT_MODEL_DIR, copy)
    model = copy / artifacts.MODEL_FILE
    model.write_bytes(model.read_bytes()[:5000])
    meta = json.loads((copy / artifacts.META_FILE).read_text())
    meta["sha256"] = artifacts.sha256_file(model)
    (copy / artifacts.META_FILE).write_text(json.dumps(meta))
    with pytest.raises(artifacts.ModelLoadError, match=r"model\.skops: cannot load model"):
        artifacts.load(copy)


def test_registry_hash_mismatch_is_refused(tmp_path):
    with pytest.raises(artifacts.ModelLoadError, match="model registry"):
        artifacts.load(artifacts.DEFAULT_MODEL_DIR, expected_sha256="0" * 64)


def test_train_promote_rollback_and_the_pipeline_follows(db, settings, small_labelled):
    examples = read_jsonl(small_labelled, source="seed")
    assert load_active_classifier(settings, db).version == "default"
    dirs = []
    for version in ("v1", "v2"):
        directory, meta = train(examples, {"test": True}, settings.models_dir, version=version, progress=lambda _: None)
        assert (directory / "model.skops").is_file() and meta["thresholds"] and meta["scores"]["heldout"]["n"] > 0
        assert "scikit-learn" in meta["libraries"] and meta["data"]["fingerprint"]
        registry.register(db, version, str(directory), meta["sha256"], meta["scores"], meta)
        dirs.append(directory)
    registry.promote(db, "v1")
    registry.promote(db, "v2")
    assert load_active_classifier(settings, db).version == "v2"
    verdict = load_active_classifier(settings, db).classify("海丰县一小学食堂发生食物中毒", "30名学生送医")
    assert verdict.model_version == "v2"
    assert registry.rollback(db).version == "v1"
    assert load_active_classifier(settings, db).version == "v1"
    assert registry.rollback(db) is None
    assert load_active_classifier(settings, db).version == "default"
    with pytest.raises(registry.RegistryError, match="no model version"):
        registry.promote(db, "v9")


def test_review_decisions_become_training_examples(db):
    with db.session() as s:
        event = Event(title="某酒楼食物中毒", label="food")
        s.add(event)
        s.flush()
        s.add(Article(url="http://127.0.0.1/a1", title="酒楼婚宴后32人腹泻", body="疾控判断为食物中毒", content_hash="h1",
                      event_id=event.id))
        s.add(ReviewDecision(event_id=event.id, action="confirm", label="food", actor="reviewer"))
        s.add(ReviewDecision(event_id=event.id, action="relabel", label="none", actor="reviewer"))
    examples = review_examples(db)
    assert [(e.title, e.label, e.source) for e in examples] == [("酒楼婚宴后32人腹泻", "none", "review")]
