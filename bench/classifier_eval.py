"""Quality figures on real news: the cross-source folds, eval.jsonl, the alert volume, beside the anchor.

python bench/classifier_eval.py [--model DIR] [--cv] [--errors]

Without --cv it prints the shipped (or given) model's cross-source figures as recorded when it was
trained (classifier/README.md protocol), its eval.jsonl scores with rules on and off, and the alert
volume on the general-news stream. With --cv it also re-runs the cross-validation over the real
sources for the shipped configuration, the anchor (jieba + TF-IDF + LinearSVC on train.jsonl) and the
second stage on every article (E7) and where unsure (E8). eval.jsonl and the volume are printed with
and without the second stage when the model has one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO))


def _per_label(report: dict) -> str:
    return "  ".join(f"{label} P{m['precision']:.2f}/R{m['recall']:.2f}/F{m['f1']:.2f}"
                     for label, m in report["per_label"].items())


def recorded(meta: dict) -> None:
    """The cross-source figures stored in the model's metadata at training time."""
    scores = meta.get("scores", {})
    held = scores.get("heldout")
    print(f"model {meta.get('version')}: {scores.get('heldout_method', 'no cross-source figures recorded')}")
    if not held or "folds" not in scores:
        return
    worst = scores.get("worst_fold", {})
    print(f"  real folds (pooled)  macro-F1 {held['macro_f1']:.3f}  mean fold {scores['mean_fold_macro_f1']:.3f}  "
          f"worst {worst.get('macro_f1', 0):.3f} ({worst.get('name')})")
    print(f"  {_per_label(held)}")
    for name, f in sorted(scores["folds"].items()):
        print(f"    {name:<22} n={f['n']:<4} macro-F1 {f['macro_f1']:.3f}  volume {f['volume']:.2%}  cuts {f['cuts']}")
    vol = scores.get("alert_volume", {})
    print(f"  shipped cuts {meta.get('thresholds')}: alert volume {vol.get('share', 0):.2%} of "
          f"{vol.get('stream_rows')} general texts")


def main() -> int:
    """Print the figures; exit 1 when the real data is absent."""
    from classifier import artifact as artifacts
    from classifier import sourcecv
    from classifier.dataset import read_jsonl
    from classifier.engine import Classifier
    from classifier.evaluation import score

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(artifacts.DEFAULT_MODEL_DIR), help="artifact directory")
    parser.add_argument("--cv", action="store_true", help="re-run the cross-source comparison (minutes)")
    parser.add_argument("--errors", action="store_true", help="list eval errors with their titles")
    args = parser.parse_args()
    if not (SHARED / "eval.jsonl").is_file():
        print(f"no real data at {SHARED}", file=sys.stderr)
        return 1
    loaded = artifacts.load(Path(args.model))
    recorded(loaded.metadata)
    data = read_jsonl(SHARED / "eval.jsonl")
    for rules in (False, True):
        clf = Classifier(loaded, use_rules=rules, second_stage=False)
        pred = clf.label_many([(e.title, e.text) for e in data])
        r = score([e.label for e in data], pred, [e.id for e in data])
        print(f"eval.jsonl ({len(data)}), first stage, rules {'on ' if rules else 'off'}: macro-F1 {r['macro_f1']:.3f}  "
              f"{_per_label(r)}")
        if args.errors and rules:
            by_id = {e.id: e for e in data}
            for err in r["errors"]:
                print(f"   {err['truth']:>7} -> {err['pred']:<7} {(by_id[err['id']].title or by_id[err['id']].text)[:60]}")
    stages = [False] + ([True] if "second_stage" in loaded.metadata else [])
    if len(stages) == 2:
        clf = Classifier(loaded)
        pred = clf.label_many([(e.title, e.text) for e in data])
        r = score([e.label for e in data], pred, [e.id for e in data])
        print(f"eval.jsonl ({len(data)}), with the second stage: macro-F1 {r['macro_f1']:.3f}  {_per_label(r)}")
    else:
        print("this model has no second stage (classifier train --second-stage)")
    auto, _ = sourcecv.read_real(SHARED / "train.jsonl", hand_only=False, auto_only=True)
    general = [e for e in auto if e.label == "none"]
    lab, _ = sourcecv.read_real(SHARED / "labelled.jsonl")
    lab_none = [e for e in lab if e.label == "none"]
    for stage in stages:
        clf = Classifier(loaded, second_stage=stage)
        flagged = sum(p != "none" for p in clf.label_many([(e.title, e.text) for e in general])) / len(general)
        flagged_lab = sum(p != "none" for p in clf.label_many([(e.title, e.text) for e in lab_none])) / len(lab_none)
        print(f"alert volume {'with' if stage else 'without'} the second stage: {flagged:.2%} of {len(general)} "
              f"general texts (THUCNews/DuEE, auto-labelled none, ~4 % noisy); {flagged_lab:.2%} of the "
              f"{len(lab_none)} hand-labelled none texts of labelled.jsonl (in-domain, trained on)")
    if args.cv:
        import subprocess

        return subprocess.call([sys.executable, str(REPO / "bench" / "classifier_select.py"),
                                "--only", "E1,shipped,E7,E8,anchor"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
