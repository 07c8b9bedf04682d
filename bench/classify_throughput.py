"""Articles per second on one core for ~1 KB articles, end to end, plain jieba vs rjieba; plus the anchor and peak memory."""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def make_articles(n: int, size: int = 1000, seed: int = 1) -> list[tuple[str, str]]:
    """n (title, body) pairs of about `size` characters, stitched from the project's seed corpus."""
    from classifier.dataset import SEED_PATH

    rows = [json.loads(line) for line in SEED_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    long = [r for r in rows if len(r["text"]) > 120]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        first = rng.choice(long)
        body = first["text"]
        while len(body) < size:
            body += rng.choice(long)["text"]
        out.append((first["title"], body[:size]))
    return out


def rate(fn, articles, batch: int = 256, repeat: int = 2) -> float:
    """Best articles/s over `repeat` runs of fn on batches."""
    best = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        for i in range(0, len(articles), batch):
            fn(articles[i:i + batch])
        best = max(best, len(articles) / (time.perf_counter() - start))
    return best


def anchor(articles):
    """The anchor from DESIGN.md: jieba.lcut + TfidfVectorizer + LinearSVC, trained on a seed subset."""
    import jieba
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    from classifier.dataset import SEED_PATH, read_jsonl

    data = read_jsonl(SEED_PATH)[::5]
    pipe = make_pipeline(TfidfVectorizer(tokenizer=jieba.lcut, token_pattern=None), LinearSVC())
    pipe.fit([e.title + e.text for e in data], [e.label for e in data])
    return lambda batch: pipe.predict([t + x for t, x in batch])


def main() -> int:
    """Print the figures."""
    from threadpoolctl import threadpool_limits

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=3000, help="articles per run")
    parser.add_argument("--no-anchor", action="store_true")
    args = parser.parse_args()
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    from classifier import artifact as artifacts
    from classifier.engine import Classifier

    articles = make_articles(args.n)
    avg = sum(len(t) + len(x) for t, x in articles) / len(articles)
    print(f"{len(articles)} articles, {avg:.0f} characters on average; one thread")
    loaded = artifacts.load(artifacts.DEFAULT_MODEL_DIR)
    with threadpool_limits(1):
        for backend in ("jieba", "rjieba"):
            clf = Classifier(loaded, backend)
            clf.classify_many(articles[:50])  # warm up: engine and dictionary loaded once per process
            r = rate(clf.classify_many, articles)
            tok = rate(lambda b: [clf.tokenizer.cut(t + x) for t, x in b], articles)
            print(f"{backend:>7}: {r:8.0f} articles/s end to end (tokenize, vectorise, predict, rules, terms, "
                  f"entities, codes, district, severity); tokenizer alone {tok:8.0f}/s")
        if not args.no_anchor:
            fn = anchor(articles)
            print(f" anchor: {rate(fn, articles):8.0f} articles/s (jieba + TF-IDF + LinearSVC, labels only)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
