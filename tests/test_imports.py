"""The project's modules import one way: no cycle among them, counting imports inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("generator", "mkdocs_site")


def _modules() -> dict[str, Path]:
    return {
        package if path.stem == "__init__" else f"{package}.{path.stem}": path
        for package in PACKAGES
        for path in sorted((REPO / package).glob("*.py"))
    }


def _project_module(name: str, modules: dict[str, Path]) -> str | None:
    """The project's module that importing ``name`` runs (``generator.pages.X`` -> ``generator.pages``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imported(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every project module ``module`` imports, at module level or inside a function."""
    package = module if path.stem == "__init__" else module.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {_project_module(alias.name, modules) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            # `from . import x` and `from generator import x` import the module x when there is one.
            found |= {_project_module(f"{base}.{alias.name}", modules) for alias in node.names}
    return {name for name in found if name is not None and name != module}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {module: _imported(module, path, modules) for module, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as the list of its modules (the first repeated at the end), or None."""
    done: set[str] = set()
    for start in sorted(graph):
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        on_path = [start]
        while stack:
            module, pending = stack[-1]
            if not pending:
                stack.pop()
                on_path.pop()
                done.add(module)
                continue
            following = pending.pop()
            if following in on_path:
                return [*on_path[on_path.index(following) :], following]
            if following not in done:
                stack.append((following, sorted(graph[following])))
                on_path.append(following)
    return None


def test_the_graph_sees_absolute_relative_and_function_level_imports(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("import pkg.d.e\nfrom pkg import f\n\n\ndef g():\n    from .b import x\n    from . import c\n")
    modules = dict.fromkeys(["pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.d"], path)
    assert _imported("pkg.a", path, modules) == {"pkg", "pkg.b", "pkg.c", "pkg.d"}
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_project_module_imports_itself_through_others() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "an import cycle: " + " -> ".join(cycle or [])
