"""The import graph: app -> cocci -> patches, and no cycle between modules.

Every import is counted, also the ones inside functions: a deferred import still ties two modules
together.  docs/ARCHITECTURE.md says why the direction is this one.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "cocci", "patches")
ALLOWED = {"app": {"app", "cocci", "patches"}, "cocci": {"cocci", "patches"}, "patches": {"patches"}}


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for f in sorted((ROOT / pkg).rglob("*.py")):
            parts = f.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return out


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module NAME refers to (a submodule's package when NAME is an attribute of it)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(mod: str, path: Path, modules: dict[str, Path]) -> set[str]:
    found: set[str] = set()
    is_pkg = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = mod.split(".") if is_pkg else mod.split(".")[:-1]
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from cocci.recipes import _evidence` imports the submodule, not the package
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for t in targets:
            if t.split(".")[0] in PACKAGES:
                r = _resolve(t, modules)
                if r and r != mod:
                    found.add(r)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: _imports(m, p, modules) for m, p in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def test_imports_go_app_to_cocci_to_patches():
    wrong = sorted(f"{m} imports {t}" for m, ts in _graph().items() for t in ts
                   if t.split(".")[0] not in ALLOWED[m.split(".")[0]])
    assert wrong == []


def test_no_module_cycles():
    assert _cycles(_graph()) == []


def test_the_checks_see_a_wrong_import_and_a_cycle():
    graph = {"patches.a": {"cocci.b"}, "cocci.b": {"patches.a"}, "app.c": set()}
    assert _cycles(graph) == [["cocci.b", "patches.a"]]
    assert [t for m, ts in graph.items() for t in ts if t.split(".")[0] not in ALLOWED[m.split(".")[0]]] \
        == ["cocci.b"]


def test_relative_and_deferred_imports_are_counted(tmp_path):
    mods = {"patches": tmp_path / "__init__.py", "patches.x": tmp_path / "x.py", "cocci.y": tmp_path / "y.py"}
    (tmp_path / "x.py").write_text("def f():\n    from cocci.y import g\n    return g\n")
    assert _imports("patches.x", mods["patches.x"], mods) == {"cocci.y"}
