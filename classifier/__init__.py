"""Chinese news -> verdict: food / medical / safety / none, with terms, entities, district and severity."""

from __future__ import annotations


def load_classifier(config=None, directory=None, sha256=None):
    """The model in `directory` (a ClassifierConfig's dictionaries), else the default model shipped in the project."""
    from classifier.engine import load_classifier as _load

    return _load(config, directory, sha256)


def __getattr__(name):
    # Classifier and Verdict are imported lazily so `import classifier.creditcode` stays light.
    if name == "Classifier":
        from classifier.engine import Classifier

        return Classifier
    if name == "Verdict":
        from classifier.verdict import Verdict

        return Verdict
    raise AttributeError(name)


__all__ = ["load_classifier", "Classifier", "Verdict"]
