"""Scoring a classifier on labelled data: per-label precision/recall/F1, macro-F1, confusion matrix, errors."""

from __future__ import annotations

from classifier.model import LABELS


def score(truth: list[str], pred: list[str], ids: list[str] | None = None) -> dict:
    """A report dict: per_label, macro_f1, accuracy, confusion (truth -> pred -> count), errors."""
    ids = ids or [str(i) for i in range(len(truth))]
    per_label = {}
    for label in LABELS:
        tp = sum(1 for t, p in zip(truth, pred) if t == label and p == label)
        fp = sum(1 for t, p in zip(truth, pred) if t != label and p == label)
        fn = sum(1 for t, p in zip(truth, pred) if t == label and p != label)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_label[label] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4),
                            "support": tp + fn}
    present = [l for l in LABELS if per_label[l]["support"] > 0]
    macro = sum(per_label[l]["f1"] for l in present) / max(len(present), 1)
    confusion = {t: {p: 0 for p in LABELS} for t in LABELS}
    for t, p in zip(truth, pred):
        if t in confusion and p in confusion[t]:
            confusion[t][p] += 1
    errors = [{"id": i, "truth": t, "pred": p} for i, t, p in zip(ids, truth, pred) if t != p]
    accuracy = sum(1 for t, p in zip(truth, pred) if t == p) / max(len(truth), 1)
    return {"n": len(truth), "per_label": per_label, "macro_f1": round(macro, 4), "accuracy": round(accuracy, 4),
            "confusion": confusion, "errors": errors}


def format_report(report: dict) -> str:
    """The report as a plain-text table for the terminal."""
    lines = [f"texts: {report['n']}", "", f"{'label':<8} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for label, m in report["per_label"].items():
        lines.append(f"{label:<8} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {m['support']:>8}")
    lines += ["", f"macro-F1: {report['macro_f1']:.3f}   accuracy: {report['accuracy']:.3f}", "",
              "confusion (rows = truth, columns = predicted):", " " * 8 + "".join(f"{l:>8}" for l in LABELS)]
    for t in LABELS:
        lines.append(f"{t:<8}" + "".join(f"{report['confusion'][t][p]:>8}" for p in LABELS))
    lines += ["", f"errors ({len(report['errors'])}):"]
    lines += [f"  {e['id']}: truth={e['truth']} predicted={e['pred']}" for e in report["errors"]]
    return "\n".join(lines)
