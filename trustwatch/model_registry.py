"""Model versions in the database (ModelVersion): register, list, promote, roll back; their files
travel through the store (store/model_artifacts.py), so any machine loads the active one.

The application's part of the classifier (the classifier itself is text in, verdict out and imports
nothing of the project): which version is active, and `load_active_classifier`, which loads it with the
dictionaries of this deployment's config folder."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from classifier.artifact import sha256_file
from store.model_artifacts import ArtifactMissing, has_directory, materialize, store_directory
from store.models import ModelVersion, utcnow


class RegistryError(ValueError):
    """A version is unknown or a promotion/rollback is impossible; the message says why."""


def register(db, version: str, path: str, sha256: str, metrics: dict, meta: dict, activate: bool = False) -> None:
    """Record a trained artifact; optionally make it the active one."""
    with db.session() as s:
        if s.scalar(select(ModelVersion).where(ModelVersion.version == version)) is not None:
            raise RegistryError(f"model version {version} is already registered")
        try:
            store_directory(db, version, Path(path))  # the files first: no version without its model
        except ArtifactMissing as exc:
            raise RegistryError(str(exc)) from exc
        s.add(ModelVersion(version=version, path=path, sha256=sha256, metrics=metrics, meta=meta, active=False))
    if activate:
        promote(db, version)


def list_versions(db) -> list[ModelVersion]:
    """All registered versions, oldest first."""
    with db.session() as s:
        return list(s.scalars(select(ModelVersion).order_by(ModelVersion.created_at, ModelVersion.id)))


def active_version(db) -> ModelVersion | None:
    """The active version, or None when the shipped default model is in use."""
    with db.session() as s:
        return s.scalar(select(ModelVersion).where(ModelVersion.active.is_(True)))


def promote(db, version: str) -> ModelVersion:
    """Make `version` the only active model."""
    with db.session() as s:
        target = s.scalar(select(ModelVersion).where(ModelVersion.version == version))
        if target is None:
            raise RegistryError(f"no model version {version!r}; see `trustwatch classifier list`")
        if not has_directory(db, version):  # registered before artifacts lived in the store
            try:
                store_directory(db, version, Path(target.path))
            except ArtifactMissing as exc:
                raise RegistryError(f"model version {version}: its files are neither in the store nor at "
                                    f"{target.path}; train it again") from exc
        for row in s.scalars(select(ModelVersion).where(ModelVersion.active.is_(True))):
            row.active = False
        target.active = True
        target.promoted_at = utcnow()
        meta = dict(target.meta or {})
        history = list(meta.get("promotions", []))
        history.append(target.promoted_at.isoformat())
        meta["promotions"] = history
        target.meta = meta
        return target


def rollback(db) -> ModelVersion | None:
    """Re-activate the previously promoted version; with none left, use the default model (returns None)."""
    with db.session() as s:
        current = s.scalar(select(ModelVersion).where(ModelVersion.active.is_(True)))
        if current is None:
            raise RegistryError("no active model to roll back from (the default model is in use)")
        earlier = [
            v for v in s.scalars(select(ModelVersion).where(ModelVersion.promoted_at.is_not(None)))
            if v.id != current.id and v.promoted_at <= current.promoted_at
        ]
        current.active = False
        current.promoted_at = None  # so a second rollback goes further back
        if not earlier:
            return None
        previous = max(earlier, key=lambda v: v.promoted_at)
        previous.active = True
        return previous


def artifact_dir(db, row: ModelVersion, cache_dir: Path) -> Path:
    """A local directory holding `row`'s artifact: its own path when that is the same model, else a
    copy written from the store into `cache_dir` (other machines, a fresh worker)."""
    local = Path(row.path)
    if (local / "metadata.json").is_file() and (local / "model.skops").is_file():
        if sha256_file(local / "model.skops") == row.sha256:
            return local
    try:
        return materialize(db, row.version, cache_dir)
    except ArtifactMissing:
        return local  # loading it names the missing file


def load_active_classifier(settings, db=None):
    """The active model from the registry when `db` has one, else the default model shipped in the
    project; dictionaries from the settings' config folder (trustwatch.configs.classifier_config)."""
    from classifier import load_classifier
    from trustwatch.configs import classifier_config

    config = classifier_config(settings)
    if db is not None:
        active = active_version(db)
        if active is not None:
            return load_classifier(config, artifact_dir(db, active, Path(settings.models_dir)), sha256=active.sha256)
    return load_classifier(config)
