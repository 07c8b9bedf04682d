"""The import direction of issue 13: each package imports only the layers below it.

Every import statement counts, at module level or inside a function (an import inside a function is
still a dependency; hiding it there is how cycles were held together). Known violations that issue 13
is removing are listed in ALLOWED_FOR_NOW, file by file; a new forbidden arrow fails, and an entry that
is no longer needed fails too, so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Package -> the project packages it may import (its own always). `vocabulary` is the bottom.
MAY_IMPORT = {
    "vocabulary": set(),
    "classifier": {"vocabulary"},  # text in, verdict out
    "store": {"vocabulary"},
    "crawler": {"store", "classifier", "vocabulary"},
    "alerts": {"store", "classifier", "vocabulary"},
    "demo": {"vocabulary"},  # the demo site is a tool beside the product, never part of it
    "trustwatch": {"alerts", "classifier", "crawler", "store", "vocabulary"},
}

# Modules (by dotted prefix) a module may not import though the package rule allows it.
FORBIDDEN_MODULES = {
    # Access rules live in one module used by pages and API alike, not in the HTML page modules.
    "trustwatch.web.api": ("trustwatch.web.pages_",),
}

# Issue 13 ("The direction holds"): known arrows being removed. (file, imported package or module).
ALLOWED_FOR_NOW: set[tuple[str, str]] = set()  # all removed; a new entry needs a reason


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return names


def _arrows() -> set[tuple[str, str]]:
    """(file, what it imports that it may not) over every module of the project's packages."""
    found = set()
    for package, allowed in MAY_IMPORT.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            module = rel[:-3].replace("/", ".").removesuffix(".__init__")
            for name in _imports(path):
                top = name.split(".")[0]
                if top in MAY_IMPORT and top != package and top not in allowed:
                    found.add((rel, top))
                for prefix in FORBIDDEN_MODULES.get(module, ()):
                    if name.startswith(prefix):
                        found.add((rel, ".".join(name.split(".")[:prefix.count(".") + 1])))  # the module itself
    return found


def test_no_new_forbidden_import():
    new = sorted(_arrows() - ALLOWED_FOR_NOW)
    assert not new, "forbidden imports (see MAY_IMPORT; issue 13):\n" + "\n".join(f"  {f} -> {t}" for f, t in new)


def test_the_allow_list_only_shrinks():
    gone = sorted(ALLOWED_FOR_NOW - _arrows())
    assert not gone, "fixed, so remove from ALLOWED_FOR_NOW:\n" + "\n".join(f"  {f} -> {t}" for f, t in gone)


def test_vocabulary_imports_nothing_of_the_project():
    names = _imports(ROOT / "vocabulary" / "__init__.py")
    assert not {n.split(".")[0] for n in names} & (set(MAY_IMPORT) - {"vocabulary"})


def test_every_package_is_covered():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages <= set(MAY_IMPORT) | {"tests", "bench", "scripts", "docs", "config"}, packages - set(MAY_IMPORT)


# --- cycles between modules -------------------------------------------------------------------------

# Issue 13: no cycles (they were held together by imports inside functions). A new cycle, or a known one that grows,
# fails; a known one that is broken must leave this list.
KNOWN_CYCLES: list[set[str]] = []  # all broken (issue 13); keep it empty


def _module_graph() -> dict[str, set[str]]:
    modules = {}
    for package in MAY_IMPORT:
        for path in (ROOT / package).rglob("*.py"):
            modules[path.relative_to(ROOT).as_posix()[:-3].replace("/", ".").removesuffix(".__init__")] = path

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for name in _imports(path):
            target = resolve(name)
            # A module importing its own package (__init__) is not counted: packages here hold no logic.
            if target and target != module and not module.startswith(target + "."):
                graph[module].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_no_new_import_cycle():
    cycles = _cycles(_module_graph())
    new = [sorted(c) for c in cycles if not any(c <= known for known in KNOWN_CYCLES)]
    assert not new, f"new import cycles (issue 13: no cycles): {new}"
    gone = [sorted(k) for k in KNOWN_CYCLES if not any(k <= c for c in cycles)]
    assert not gone, f"broken or smaller, so update KNOWN_CYCLES: {gone}"


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


# --- one module per concern ---------------------------------------------------------------------------


def test_audit_entries_are_written_by_the_audit_module_only():
    """`audit` has its own module (store/audit.py): nothing else builds AuditEntry rows."""
    writers = set()
    for package in MAY_IMPORT:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    func = node.func
                    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                    if name == "AuditEntry":
                        writers.add(path.relative_to(ROOT).as_posix())
    assert writers == {"store/audit.py"}, writers
