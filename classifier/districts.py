"""Which district (区/县/市) of the configured city a text is about, from district, town and landmark names.

The city is data: `config/dictionaries/districts.yaml` (a deployment's own through TRUSTWATCH_CONFIG_DIR)."""

from __future__ import annotations

from dataclasses import dataclass
import re
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_TABLE = Path(__file__).resolve().parent.parent / "config" / "dictionaries" / "districts.yaml"


@dataclass(frozen=True)
class DistrictTable:
    """Name -> district lookup; longer names win so 汕尾市城区 beats 汕尾."""

    names: tuple[tuple[str, str], ...]  # (name, district), longest first
    city: str
    city_aliases: tuple[str, ...]
    ambiguous: frozenset[str] = frozenset()
    districts: tuple[str, ...] = ()  # in the file's order
    district_aliases: tuple[str, ...] = ()  # other ways to write a district (海丰, 汕尾市城区), not towns
    province_aliases: tuple[str, ...] = ()  # how the province is written before the city

    def all_names(self) -> list[str]:
        """Every district, town and landmark name (for the tokenizer dictionary)."""
        return [n for n, _ in self.names]


def load_table(path: Path | str = DEFAULT_TABLE) -> DistrictTable:
    """Read the district table YAML; a malformed file raises ValueError naming it."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pairs: list[tuple[str, str]] = []
        district_aliases: list[str] = []
        for district, entry in data["districts"].items():
            entry = entry or {}
            pairs.append((district, district))
            district_aliases += [str(a) for a in entry.get("aliases") or []]
            for name in list(entry.get("aliases") or []) + list(entry.get("places") or []):
                pairs.append((str(name), district))
        districts = tuple(str(d) for d in data["districts"])
        city = str(data.get("city") or "")
        aliases = tuple(str(a) for a in data.get("city_aliases") or [])
        ambiguous = frozenset(str(a) for a in data.get("ambiguous") or [])
        provinces = tuple(str(a) for a in data.get("province_aliases") or [])
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{path}: bad district table ({exc})") from exc
    if not city or not districts:
        raise ValueError(f"{path}: bad district table (a city and at least one district are required)")
    pairs.sort(key=lambda p: -len(p[0]))
    return DistrictTable(tuple(pairs), city, aliases, ambiguous, districts, tuple(district_aliases), provinces)


def default_table() -> DistrictTable:
    """The shipped city's table (config/dictionaries/districts.yaml), read once."""
    return _cached_table(str(DEFAULT_TABLE))


@lru_cache(maxsize=4)
def _cached_table(path: str) -> DistrictTable:
    return load_table(path)


@lru_cache(maxsize=4)
def _pattern(table: DistrictTable) -> tuple[re.Pattern, dict[str, str]]:
    # One alternation, longest names first: 汕尾市城区 matches before 城区, 海丰县 before 海丰.
    names = dict(table.names)
    return re.compile("|".join(re.escape(n) for n, _ in table.names)), names


def find_district(text: str, table: DistrictTable | None = None) -> str | None:
    """The district most mentioned in `text` (earliest on ties), the city if only it is named, else None."""
    table = table or default_table()
    pattern, district_of = _pattern(table)
    matches = [(m.group(), m.start()) for m in pattern.finditer(text)]
    anchored = any(a in text for a in table.city_aliases) or any(n not in table.ambiguous for n, _ in matches)
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for name, start in matches:
        if not anchored and name in table.ambiguous:
            continue
        district = district_of[name]
        counts[district] = counts.get(district, 0) + 1
        first.setdefault(district, start)
    if counts:
        return max(counts, key=lambda d: (counts[d], -first[d]))
    if any(a in text for a in table.city_aliases):
        return table.city
    return None
