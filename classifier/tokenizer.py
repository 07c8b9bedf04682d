"""Chinese segmentation: jieba (or the identical-output rjieba backend) with the project's user dictionary."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

DEFAULT_USERDICT = Path(__file__).resolve().parent.parent / "config" / "dictionaries" / "userdict.txt"
BACKENDS = ("jieba", "rjieba")

# Only runs of Han characters go to the segmentation engine; jieba and rjieba split mixed
# alphanumeric runs differently ("2006-8-14"), so those are tokenised here, identically for both.
HAN_RUN = re.compile(r"([\u4e00-\u9fff]+)")
_OTHER_TOKEN = re.compile(r"\d+(?:\.\d+)?|[A-Za-z]+")
_init_lock = threading.Lock()


def read_userdict(path: Path | str) -> list[tuple[str, int, str | None]]:
    """Entries of a jieba user dictionary file as (word, freq, tag)."""
    entries = []
    for lineno, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        parts = raw.split()
        if not parts:
            continue
        if len(parts) > 3 or (len(parts) >= 2 and not parts[1].isdigit()):
            raise ValueError(f"{path}:{lineno}: expected 'word freq [tag]', got {raw!r}")
        freq = int(parts[1]) if len(parts) > 1 else 1000
        entries.append((parts[0], freq, parts[2] if len(parts) > 2 else None))
    return entries


class Tokenizer:
    """A loaded segmentation engine; `cut` is safe to call from many threads once built."""

    def __init__(self, engine, backend: str):
        self._engine = engine
        self.backend = backend
        if backend == "jieba":
            self._cut_han = lambda s: engine.lcut(s, HMM=True)
        else:
            self._cut_han = lambda s: engine.cut(s, True)

    def cut(self, text: str) -> list[str]:
        """Tokens of `text`: Han words from the engine, numbers and Latin words, no punctuation."""
        tokens: list[str] = []
        for i, piece in enumerate(HAN_RUN.split(text)):
            if not piece:
                continue
            if i % 2:  # a Han run
                tokens.extend(self._cut_han(piece))
            else:
                tokens.extend(_OTHER_TOKEN.findall(piece))
        return tokens

    def cut_runs(self, runs: str) -> str:
        """Han runs joined by "\\n", segmented in ONE engine call: tokens joined by spaces, runs still apart by "\\n".

        A newline is never inside a jieba block, so each run is segmented exactly as `cut` segments it
        alone (classifier.fastpath reads the runs back at the separators)."""
        return " ".join(self._cut_han(runs)) if runs else ""


def _build(userdict: str, backend: str) -> Tokenizer:
    entries = read_userdict(userdict)
    if backend == "jieba":
        import jieba

        engine = jieba.Tokenizer()
        engine.initialize()  # builds the prefix dict once, from jieba's cache when present
        for word, freq, tag in entries:
            engine.add_word(word, freq, tag)
    elif backend == "rjieba":
        import rjieba

        engine = rjieba.Jieba()
        for word, freq, tag in entries:
            engine.add_word(word, freq, tag)
    else:
        raise ValueError(f"unknown tokenizer backend {backend!r}; expected one of {BACKENDS}")
    return Tokenizer(engine, backend)


@lru_cache(maxsize=8)
def _cached(userdict: str, backend: str) -> Tokenizer:
    with _init_lock:  # jieba's own initialisation is not re-entrant across threads
        return _build(userdict, backend)


def get_tokenizer(backend: str = "rjieba", userdict: Path | str = DEFAULT_USERDICT) -> Tokenizer:
    """The process-wide tokenizer for this backend and dictionary, built on first use."""
    return _cached(str(Path(userdict).resolve()), backend)
