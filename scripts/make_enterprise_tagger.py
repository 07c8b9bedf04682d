"""Train the enterprise-name CRF (classifier/data/enterprise_tagger.crfsuite) and write its sidecar JSON.

    .venv/bin/python scripts/make_enterprise_tagger.py

Training text: every labelled sentence set that bench/data/enterprise_sentence_sets.yaml lists and the invented
negative sentences of classifier/data/enterprise_negatives.py (its seed). The parameters are those of
bench/enterprise_tagger_cv.py's cross-validation, fixed there before any fold was scored."""

from __future__ import annotations

import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}
NEGATIVES = 240


def main() -> int:
    import pycrfsuite

    from classifier import enterprise_tagger as tagger
    from classifier.data import enterprise_negatives

    data = ROOT / "bench" / "data"
    listed = yaml.safe_load((data / "enterprise_sentence_sets.yaml").read_text(encoding="utf-8"))["sets"]
    files = sorted(data / entry["file"] for entry in listed)
    cases = [c for path in files for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    negatives = enterprise_negatives.generate(NEGATIVES, enterprise_negatives.SEED)
    trainer = pycrfsuite.Trainer(verbose=False)
    for case in cases + negatives:
        trainer.append(tagger.features(case["text"]), tagger.labels(case["text"], case["enterprises"]))
    trainer.set_params(PARAMS)
    trainer.train(str(tagger.MODEL))
    sidecar = {
        "model_sha256": hashlib.sha256(tagger.MODEL.read_bytes()).hexdigest(),
        "python_crfsuite": version("python-crfsuite"),
        "params": PARAMS,
        "training_files": {str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files},
        "sentences": len(cases),
        "negatives": {"generator": "classifier/data/enterprise_negatives.py", "seed": enterprise_negatives.SEED,
                      "count": len(negatives)},
    }
    tagger.MODEL.with_suffix(".json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
    print(f"{tagger.MODEL.relative_to(ROOT)}: {tagger.MODEL.stat().st_size} bytes, {len(cases)} sentences "
          f"+ {len(negatives)} negatives")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
