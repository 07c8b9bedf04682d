"""Quality figures on real data: eval.jsonl and the hand-labelled part of train.jsonl, with and without rules."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"


def hand_labelled(path: Path) -> list:
    """The hand-labelled rows of train.jsonl (the dev set), as Examples."""
    from classifier.dataset import Example

    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not row.get("label_reason", "").startswith("[auto]"):
                out.append(Example(row["id"], row.get("title") or "", row.get("text") or "", row["label"], "dev"))
    return out


def main() -> int:
    """Print per-label figures for the default (or given) model on eval and dev, rules on and off."""
    from classifier import artifact as artifacts
    from classifier.dataset import read_jsonl
    from classifier.engine import Classifier
    from classifier.evaluation import score

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(artifacts.DEFAULT_MODEL_DIR), help="artifact directory")
    parser.add_argument("--errors", action="store_true", help="list dev-set errors with their titles")
    args = parser.parse_args()
    if not (SHARED / "eval.jsonl").is_file():
        print(f"no real data at {SHARED}", file=sys.stderr)
        return 1
    loaded = artifacts.load(Path(args.model))
    sets = {"eval": read_jsonl(SHARED / "eval.jsonl"), "dev (train.jsonl hand-labelled)": hand_labelled(SHARED / "train.jsonl")}
    for rules in (False, True):
        clf = Classifier(loaded, use_rules=rules)
        for name, data in sets.items():
            pred = clf.label_many([(e.title, e.text) for e in data])
            r = score([e.label for e in data], pred, [e.id for e in data])
            per = "  ".join(f"{l} P{m['precision']:.2f}/R{m['recall']:.2f}" for l, m in r["per_label"].items())
            print(f"rules={'on ' if rules else 'off'} {name:<34} macro-F1 {r['macro_f1']:.3f}  {per}")
            if args.errors and rules and name.startswith("dev"):
                by_id = {e.id: e for e in data}
                for err in r["errors"]:
                    e = by_id[err["id"]]
                    print(f"   {err['truth']:>7} -> {err['pred']:<7} {(e.title or e.text)[:60]}")
    volume(loaded, SHARED / "train.jsonl")
    return 0


def volume(loaded, path: Path) -> None:
    """False-alarm share on ~17,600 general headlines (auto-labelled none) and recall on auto-labelled food."""
    from classifier.engine import Classifier

    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    clf = Classifier(loaded)
    for label in ("none", "food"):
        part = [r for r in rows if r["label"] == label and r["label_reason"].startswith("[auto]")]
        pred = clf.label_many([(r.get("title") or "", r.get("text") or "") for r in part])
        if label == "none":
            flagged = sum(p != "none" for p in pred) / len(part)
            print(f"alert volume: {flagged:.3f} of {len(part)} auto-labelled general texts flagged as events "
                  f"(labels ~4% noisy)")
        else:
            print(f"auto-labelled food texts ({len(part)}): food recall {sum(p == 'food' for p in pred) / len(part):.3f}")


if __name__ == "__main__":
    sys.exit(main())
