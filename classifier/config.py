"""The classifier's configuration: its dictionaries, tokenizer backend and second stage, in one frozen object.

The application builds it once per process from its settings and the config folder
(trustwatch.configs.classifier_config), so a deployment's TRUSTWATCH_CONFIG_DIR reaches the user
dictionary and the city's district table; the defaults are the files shipped in config/dictionaries
(what a bare `Classifier(...)` uses in tests and benches). The classifier reads no settings itself."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from classifier.districts import DEFAULT_TABLE, DistrictTable, _cached_table
from classifier.tokenizer import BACKENDS, DEFAULT_USERDICT


@dataclass(frozen=True)
class ClassifierConfig:
    """What the classifier reads besides the model: dictionaries, tokenizer backend, second stage."""

    userdict: Path = DEFAULT_USERDICT  # jieba user dictionary (word freq [tag] per line)
    districts: Path = DEFAULT_TABLE  # the city's districts, towns and landmarks (districts.yaml)
    tokenizer: str = "rjieba"  # one of tokenizer.BACKENDS
    second_stage: bool = True  # use the model's second stage when it has one and the engine loads

    def __post_init__(self):
        if self.tokenizer not in BACKENDS:
            raise ValueError(f"unknown tokenizer backend {self.tokenizer!r}; expected one of {BACKENDS}")
        for name in ("userdict", "districts"):
            path = Path(getattr(self, name))
            if not path.is_file():
                raise ValueError(f"classifier {name} file not found: {path}")
            object.__setattr__(self, name, path)

    def district_table(self) -> DistrictTable:
        """The city's table (read once per file)."""
        return _cached_table(str(self.districts))
