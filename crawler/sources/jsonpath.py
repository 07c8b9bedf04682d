"""A small JSONPath-like selector for JSON list APIs: `$.data.list[*]`, `articles`, `items[0].url`, `['a.b']`.

Only child keys, list indexes and the `[*]` wildcard: enough to reach a list and the fields of
its entries, nothing that evaluates code. Paths are compiled when a source file is loaded.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"""\.(?P<name>[A-Za-z_][\w-]*)|\[(?P<index>-?\d+)\]|\[(?P<star>\*)\]|\[(?P<q>['"])(?P<key>.*?)(?P=q)\]""")
_WILD = object()


@lru_cache(maxsize=512)
def compile_path(path: str) -> tuple:
    """The steps of `path` (keys, indexes, wildcards); raises ValueError naming what is wrong."""
    text = path.strip()
    if not text:
        raise ValueError("expected a JSON path such as '$.articles[*]' or 'data.list', got an empty string")
    if text.startswith("$"):
        text = text[1:]
    elif not text.startswith((".", "[")):
        text = "." + text
    steps, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError(f"expected a JSON path such as '$.articles[*]' or 'data.list', got {path!r} "
                             f"(cannot read {text[pos:]!r})")
        if m.group("name") is not None:
            steps.append(m.group("name"))
        elif m.group("index") is not None:
            steps.append(int(m.group("index")))
        elif m.group("star"):
            steps.append(_WILD)
        else:
            steps.append(m.group("key"))
        pos = m.end()
    return tuple(steps)


def select(document, path: str) -> list:
    """Every value `path` reaches in `document` (a wildcard expands; a missing step yields nothing)."""
    current = [document]
    for step in compile_path(path):
        following = []
        for value in current:
            if step is _WILD:
                if isinstance(value, list):
                    following.extend(value)
                elif isinstance(value, dict):
                    following.extend(value.values())
            elif isinstance(step, int):
                if isinstance(value, list) and -len(value) <= step < len(value):
                    following.append(value[step])
            elif isinstance(value, dict) and step in value:
                following.append(value[step])
        current = following
    return current


def first(document, paths) -> object | None:
    """The first non-empty value reached by one of `paths` (tried in order), else None."""
    for path in paths or ():
        for value in select(document, path):
            if value not in (None, "", [], {}):
                return value
    return None
