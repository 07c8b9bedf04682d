"""Load config/sources/*.yaml with line numbers, so every schema error names file, line and field."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from crawler.sources.schema import (
    BoardRules, BrowserRules, FieldSelectors, GkmlptRules, JsonRules, ListRules, SourceConfig, SourceFile,
)

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
RESOLVED_FIELDS = ("start_urls", "allowed_domains")


class SourceError(ValueError):
    """One or more problems in source files; each line reads `file:line: field: what was expected`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class LineDict(dict):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    lines: dict


class LineList(list):
    """A sequence that remembers the line of itself and of each item (1-based)."""

    line: int = 0
    lines: list


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that keeps node start lines and refuses duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line, result.lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {result.lines[key]})", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line, result.lines = node.start_mark.line + 1, [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

# Which model sits under a key, to list the allowed fields when an unknown one appears.
_MODEL_UNDER = {"sources": SourceConfig, "listing": ListRules, "selectors": FieldSelectors,
                "json": JsonRules, "gkmlpt": GkmlptRules, "browser": BrowserRules, "board": BoardRules}


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def _locate(data, loc: tuple) -> tuple[int, type[BaseModel]]:
    """The line of the deepest node on `loc` that exists, and the model of the mapping holding loc[-1]."""
    node, line = data, getattr(data, "line", 1)
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line, node = node.lines[part], node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.lines[part], node[part]
        else:
            if isinstance(node, LineDict):
                line = node.line  # a missing field: point at the mapping that lacks it
            break
    keys = [p for p in loc[:-1] if isinstance(p, str) and p in _MODEL_UNDER]
    return line, (_MODEL_UNDER[keys[-1]] if keys else SourceFile)


def _expected(err: dict, model: type[BaseModel]) -> str:
    kind, ctx, got = err["type"], err.get("ctx") or {}, err.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__.replace("Line", "").lower()
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        allowed = ", ".join(sorted(f.alias or name for name, f in model.model_fields.items()))
        return f"unknown field; expected one of: {allowed}"
    if kind == "literal_error":
        return f"expected {ctx.get('expected')}, got {shown}"
    if kind == "string_pattern_mismatch":
        return f"expected a value matching {ctx.get('pattern')} (lower-case letters, digits, '-' and '_'), got {shown}"
    simple = {
        "string_type": "expected a string", "int_type": "expected an integer", "int_parsing": "expected an integer",
        "bool_type": "expected true or false", "bool_parsing": "expected true or false",
        "list_type": "expected a list", "model_type": "expected a mapping", "dict_type": "expected a mapping",
        "model_attributes_type": "expected a mapping",
    }
    if kind in simple:
        return f"{simple[kind]}, got {shown}"
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length')} item(s)"
    if kind == "string_too_short":
        return "expected a non-empty string"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        op = {"greater_than_equal": ">=", "less_than_equal": "<=", "greater_than": ">", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()))
        return f"expected a number {op} {bound}, got {shown}"
    msg = err["msg"]
    return msg.removeprefix("Value error, ")


def _resolve_placeholders(data, variables: dict[str, str], path: Path) -> list[str]:
    problems = []
    for index, entry in enumerate(data.get("sources") or [] if isinstance(data, dict) else []):
        if not isinstance(entry, LineDict):
            continue
        for field in RESOLVED_FIELDS:
            values = entry.get(field)
            if not isinstance(values, list):
                continue
            for i, value in enumerate(values):
                if not isinstance(value, str):
                    continue
                unknown = [n for n in PLACEHOLDER.findall(value) if n not in variables]
                if unknown:
                    known = ", ".join("{" + k + "}" for k in sorted(variables)) or "none"
                    problems.append(f"{path}:{values.lines[i]}: sources[{index}].{field}[{i}]: "
                                    f"unknown placeholder {{{unknown[0]}}}; expected one of: {known}")
                    continue
                values[i] = PLACEHOLDER.sub(lambda m: variables[m.group(1)], value)
    return problems


def load_source_file(path: Path | str, variables: dict[str, str] | None = None) -> list[SourceConfig]:
    """The sources of one YAML file; raises SourceError naming file, line, field and expectation."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError([f"{path}: cannot read the file ({exc})"]) from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        detail = exc.problem or exc.context
        if exc.context and exc.problem and exc.context_mark:
            detail += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        raise SourceError([f"{path}:{line}: invalid YAML: {detail}"]) from None
    if not isinstance(data, LineDict):
        raise SourceError([f"{path}:1: (file): expected a mapping with a 'sources' list"])
    problems = _resolve_placeholders(data, variables or {}, path)
    if problems:
        raise SourceError(problems)
    try:
        return list(SourceFile.model_validate(data).sources)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if isinstance(p, int) or not str(p).startswith("function-"))
            line, model = _locate(data, loc)
            problems.append(f"{path}:{line}: {_field_path(loc)}: {_expected(err, model)}")
        raise SourceError(problems) from None


def load_sources(directory: Path | str, variables: dict[str, str] | None = None) -> list[SourceConfig]:
    """Every source under `directory` (*.yaml, sorted); all files' problems are reported together."""
    directory = Path(directory)
    if not directory.is_dir():
        raise SourceError([f"{directory}: no such sources folder"])
    sources: list[SourceConfig] = []
    seen: dict[str, Path] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.y*ml")):
        try:
            found = load_source_file(path, variables)
        except SourceError as exc:
            problems.extend(exc.problems)
            continue
        for source in found:
            if source.name in seen:
                problems.append(f"{path}: sources: name {source.name!r} is already used in {seen[source.name]}")
                continue
            seen[source.name] = path
            sources.append(source)
    if problems:
        raise SourceError(problems)
    return sources
