"""Model versions in the database (ModelVersion): register, list, promote, roll back."""

from __future__ import annotations

from sqlalchemy import select

from store.models import ModelVersion, utcnow


class RegistryError(ValueError):
    """A version is unknown or a promotion/rollback is impossible; the message says why."""


def register(db, version: str, path: str, sha256: str, metrics: dict, meta: dict, activate: bool = False) -> None:
    """Record a trained artifact; optionally make it the active one."""
    with db.session() as s:
        if s.scalar(select(ModelVersion).where(ModelVersion.version == version)) is not None:
            raise RegistryError(f"model version {version} is already registered")
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
