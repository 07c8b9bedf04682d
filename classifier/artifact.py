"""Model artifacts on disk: model.skops (no pickle) plus metadata.json, verified by sha256 when loaded."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

MODEL_FILE = "model.skops"
META_FILE = "metadata.json"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "default_model"

# Types skops does not trust by default that our pipeline legitimately contains; anything else
# in a model file is refused rather than loaded.
ALLOWED_TYPES = {
    "numpy.dtype", "numpy.float32", "numpy.float64", "numpy.int64", "numpy.int32",
    "builtins.float", "builtins.int", "builtins.str",
    "sklearn.calibration._CalibratedClassifier", "sklearn.calibration._SigmoidCalibration",
}


class ModelLoadError(RuntimeError):
    """A model artifact is missing, corrupted or not what its metadata says."""


@dataclass
class Artifact:
    """A loaded artifact: the fitted pipeline and its metadata."""

    pipeline: object
    metadata: dict
    path: Path


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def save(pipeline, metadata: dict, directory: Path) -> Path:
    """Write model.skops and metadata.json (with the model's sha256) into `directory`."""
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    model_path = directory / MODEL_FILE
    sio.dump(pipeline, model_path, compression=8)  # zipfile.ZIP_DEFLATED keeps the default model small
    metadata = dict(metadata, sha256=sha256_file(model_path), model_file=MODEL_FILE)
    (directory / META_FILE).write_text(json.dumps(metadata, ensure_ascii=False, indent=2), encoding="utf-8")
    return directory


def read_metadata(directory: Path) -> dict:
    """The metadata.json of an artifact directory."""
    return json.loads((Path(directory) / META_FILE).read_text(encoding="utf-8"))


def load(directory: Path, expected_sha256: str | None = None) -> Artifact:
    """Load an artifact; any problem raises ModelLoadError naming the file."""
    import skops.io as sio

    directory = Path(directory)
    model_path = directory / MODEL_FILE
    meta_path = directory / META_FILE
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"{meta_path}: cannot read model metadata ({exc})") from exc
    if not model_path.is_file():
        raise ModelLoadError(f"{model_path}: model file is missing")
    actual = sha256_file(model_path)
    for source, wanted in (("metadata.json", metadata.get("sha256")), ("model registry", expected_sha256)):
        if wanted and wanted != actual:
            raise ModelLoadError(
                f"{model_path}: sha256 {actual[:12]}… does not match {source} ({wanted[:12]}…); "
                "the file is corrupted or was replaced"
            )
    try:
        untrusted = set(sio.get_untrusted_types(file=model_path))
        refused = untrusted - ALLOWED_TYPES
        if refused:
            raise ModelLoadError(f"{model_path}: refusing to load unexpected types {sorted(refused)}")
        pipeline = sio.load(model_path, trusted=sorted(untrusted))
    except ModelLoadError:
        raise
    except Exception as exc:  # skops/zipfile raise many types for a damaged file
        raise ModelLoadError(f"{model_path}: cannot load model ({type(exc).__name__}: {exc})") from exc
    return Artifact(pipeline, metadata, directory)
