"""Which district of the configured city an article is about: the source's default unless the text names another."""

from __future__ import annotations

from classifier.districts import DistrictTable, default_table, find_district


def resolve_district(title: str, body: str, default: str | None, table: DistrictTable | None = None) -> str | None:
    """The district named by the article (title first, then body), else the source's default.

    `table` is the city's district table (the shipped city's when None); the city alone is no district."""
    table = table or default_table()
    for text in (title or "", (title or "") + "\n" + (body or "")[:5000]):
        found = find_district(text, table)
        if found in table.districts:
            return found
    return default
