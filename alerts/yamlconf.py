"""YAML loading that remembers line numbers, and the one error type for bad configuration files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[Any, ...]
MAX_FILE_BYTES = 1_000_000
# Aliases let a few hundred bytes name billions of nodes ("billion laughs"): bound the expansion.
MAX_NODES = 100_000


class ConfigError(ValueError):
    """A configuration file is wrong: names the file, line, field and what was expected."""

    def __init__(self, file: str, line: int | None, field: str, problem: str, expected: str | None = None):
        self.file, self.line, self.field, self.problem, self.expected = file, line, field, problem, expected
        where = f"{file}:{line}" if line else file
        text = f"{where}: {field}: {problem}"
        if expected:
            text += f"; expected {expected}"
        super().__init__(text)


def field_name(path: Path_) -> str:
    """`('route', 'routes', 0, 'matchers')` -> `route.routes[0].matchers`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


class LocatedYaml:
    """A parsed YAML document plus the line of every mapping key and sequence item."""

    def __init__(self, file: str, data: Any, lines: dict[Path_, int]):
        self.file, self.data, self.lines = file, data, lines

    def line(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def error(self, path: Path_, problem: str, expected: str | None = None) -> ConfigError:
        """A ConfigError located at `path`."""
        return ConfigError(self.file, self.line(path), field_name(path), problem, expected)


def _convert(node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise ConfigError(file, node.start_mark.line + 1, field_name(path),
                          f"more than {MAX_NODES} values (aliases expanded too far)", "a plain configuration file")
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.safe_load(yaml.serialize(key_node)) if not isinstance(key_node, yaml.ScalarNode) else None
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
            if key in out:
                raise ConfigError(file, key_node.start_mark.line + 1, field_name(path + (key,)), "duplicate key")
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, path + (key,), lines, file, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), lines, file, budget) for i, item in enumerate(node.value)]
    # Scalars: let the safe constructor resolve ints, bools and nulls.
    return yaml.SafeLoader(yaml.serialize(node)).get_single_data() if node.tag != "tag:yaml.org,2002:str" else node.value


def load_located(path: str | Path, text: str | None = None) -> LocatedYaml:
    """Parse `path` (or `text`, reported as `path`) keeping line numbers; syntax errors become ConfigError."""
    file = str(path)
    if text is None:
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise ConfigError(file, None, "(file)", "file not found") from None
        if len(raw) > MAX_FILE_BYTES:
            raise ConfigError(file, None, "(file)", f"larger than {MAX_FILE_BYTES} bytes")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            raise ConfigError(file, line, "(file)", f"not UTF-8 at byte {exc.start}", "UTF-8 text") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(file, mark.line + 1 if mark else None, "(syntax)", f"invalid YAML: {problem}") from None
    lines: dict[Path_, int] = {}
    data = None if node is None else _convert(node, (), lines, file, [MAX_NODES])
    return LocatedYaml(file, data, lines)


def check_keys(doc: LocatedYaml, path: Path_, mapping: Any, allowed: dict[str, str], required: tuple[str, ...] = ()):
    """Refuse a non-mapping, unknown keys and missing required keys at `path`."""
    if not isinstance(mapping, dict):
        raise doc.error(path, f"is {_kind(mapping)}", "a mapping")
    for key in mapping:
        if key not in allowed:
            raise doc.error(path + (key,), "unknown field", "one of " + ", ".join(allowed))
    for key in required:
        if key not in mapping:
            raise doc.error(path, f"missing required field '{key}'", allowed.get(key))


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def expect_type(doc: LocatedYaml, path: Path_, value: Any, kind: type | tuple, expected: str) -> Any:
    """Return `value` if it is of `kind` (bools are never numbers), else raise a located error."""
    ok = isinstance(value, kind) and not (isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)))
    if not ok:
        raise doc.error(path, f"is {_kind(value)}", expected)
    return value
