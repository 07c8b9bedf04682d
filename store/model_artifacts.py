"""Model artifact files kept in the store, so every worker on every machine loads the same model.

A model version's directory (model.skops, metadata.json, ...) is copied into `model_artifact_files`
when it is registered or promoted; a process whose own disk lacks it writes it back from the store
into a local cache folder, checked file by file against the sha256 recorded with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import Integer, LargeBinary, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base, BigId, utcnow

MAX_FILE_BYTES = 256 * 1024 * 1024  # a model bigger than this belongs in object storage, not a row


class ArtifactMissing(LookupError):
    """The store holds no files for a model version (it was registered before artifacts moved here)."""


class ModelArtifactFile(Base):
    """One file of a model version's artifact directory."""

    __tablename__ = "model_artifact_files"
    __table_args__ = (UniqueConstraint("version", "name"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(300))  # path relative to the artifact directory, '/'-separated
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def _files(directory: Path) -> list[tuple[str, Path]]:
    return sorted((p.relative_to(directory).as_posix(), p) for p in directory.rglob("*") if p.is_file())


def store_directory(db, version: str, directory: Path) -> int:
    """Copy every file of `directory` into the store under `version` (files already there are kept);
    the number of files now stored for it."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ArtifactMissing(f"{directory}: model directory of version {version} not found")
    with db.session() as s:
        have = set(s.scalars(select(ModelArtifactFile.name).where(ModelArtifactFile.version == version)))
        for name, path in _files(directory):
            if name in have:
                continue
            data = path.read_bytes()
            if len(data) > MAX_FILE_BYTES:
                raise ValueError(f"{path}: {len(data)} bytes, more than the store keeps per model file")
            s.add(ModelArtifactFile(version=version, name=name, sha256=hashlib.sha256(data).hexdigest(),
                                    size=len(data), content=data))
            have.add(name)
        return len(have)


def has_directory(db, version: str) -> bool:
    """True when the store holds files of `version`."""
    with db.session() as s:
        return s.scalar(select(ModelArtifactFile.id).where(ModelArtifactFile.version == version).limit(1)) is not None


def _matches(directory: Path, rows) -> bool:
    for name, sha, _ in rows:
        path = directory / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            return False
    return True


def materialize(db, version: str, cache_dir: Path) -> Path:
    """`cache_dir/version` holding the stored files of `version` (written now unless already identical).
    The folder appears whole or not at all: it is written beside and renamed into place."""
    with db.session() as s:
        listing = s.execute(select(ModelArtifactFile.name, ModelArtifactFile.sha256, ModelArtifactFile.id)
                            .where(ModelArtifactFile.version == version)).all()
    if not listing:
        raise ArtifactMissing(f"the store holds no files of model version {version}")
    target = Path(cache_dir) / version
    if target.is_dir() and _matches(target, listing):
        return target
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=cache_dir))
    try:
        for name, sha, row_id in listing:
            with db.session() as s:
                data = s.get(ModelArtifactFile, row_id).content
            if hashlib.sha256(data).hexdigest() != sha:
                raise ValueError(f"model version {version}: stored file {name} does not match its sha256")
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if target.exists():  # an older, different copy
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(staging, target)
        except OSError:  # another process put an identical copy there meanwhile
            if not _matches(target, listing):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
