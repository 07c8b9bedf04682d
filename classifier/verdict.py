"""The classifier's answer for one article."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Verdict:
    """Label, calibrated scores, the terms behind them, entities, district and severity."""

    label: str
    scores: dict[str, float]
    terms: list[str] = field(default_factory=list)
    enterprises: list[str] = field(default_factory=list)
    credit_codes: list[dict] = field(default_factory=list)
    district: str | None = None
    severity: str = "low"
    model_version: str = ""

    def to_dict(self) -> dict:
        """A JSON-ready dict of every field."""
        return asdict(self)
