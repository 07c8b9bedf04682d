"""Labelled examples the project owns: the seed corpus and extra JSONL files (review decisions are read by
trustwatch.review_examples)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from classifier.model import LABELS

SEED_PATH = Path(__file__).resolve().parent / "data" / "seed.jsonl"


@dataclass(frozen=True)
class Example:
    """One labelled text."""

    id: str
    title: str
    text: str
    label: str
    source: str  # seed | extra:<file> | review


class DataError(ValueError):
    """A labelled file has a bad line; the message names file and line."""


def jsonl_rows(text: str, path: Path):
    """(line number, object) for each non-blank line of a JSONL text; a bad line raises DataError naming it."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except ValueError as exc:
            raise DataError(f"{path}:{lineno}: not JSON ({exc})") from exc


def read_jsonl(path: Path | str, source: str | None = None, require_label: bool = True) -> list[Example]:
    """Examples from a JSONL file with id, title, text and label fields."""
    path = Path(path)
    out = []
    for lineno, row in jsonl_rows(path.read_text(encoding="utf-8"), path):
        label = row.get("label")
        if require_label and label not in LABELS:
            raise DataError(f"{path}:{lineno}: label {label!r} is not one of {LABELS}")
        out.append(Example(str(row.get("id", f"{path.name}:{lineno}")), str(row.get("title") or ""),
                           str(row.get("text") or ""), label or "", source or f"extra:{path.name}"))
    return out


def fingerprint(examples: list[Example]) -> str:
    """sha256 over the examples' labels and texts, order-independent."""
    digests = sorted(hashlib.sha256(f"{e.label}\t{e.title}\t{e.text}".encode()).hexdigest() for e in examples)
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()
