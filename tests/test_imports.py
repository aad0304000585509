"""The project's modules import one way: no cycle among them, counting imports inside functions too, and
each layer imports only from itself and the layers before it (README.md, "How it is built")."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("generator", "mkdocs_site")
# In the order they may import each other: a module imports modules of its own layer or of earlier ones.
LAYERS = {
    "foundations": "languages characters normalize project html_blocks writer garbage_collection",
    "core": "errors models tracking labels urls page_paths",
    "reading": "loader yaml_spans edit_in_place article translation terminology related citation structured_data",
    "rules": "pydantic_messages explanations settled_renderings fidelity validate",
    "plan": "pages navigation feeds exports",
    "render": "render",
    "pipeline": "pipeline record_edits",
    "commands": "cli __main__ __init__",
}


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


def _layer_of(module: str) -> int:
    """The position of ``module``'s layer; the builder's package comes after the whole generator."""
    package, _, name = module.partition(".")
    if package == "mkdocs_site":
        return len(LAYERS)
    return next(i for i, names in enumerate(LAYERS.values()) if (name or "__init__") in names.split())


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


def test_every_generator_module_has_a_layer() -> None:
    names = {path.stem for path in (REPO / "generator").glob("*.py")}
    placed = {name for names in LAYERS.values() for name in names.split()}
    assert names - placed == set(), "add the new module to its layer in LAYERS (and to README.md)"
    assert placed - names == set()


def test_each_module_imports_only_from_its_own_layer_and_the_layers_before_it() -> None:
    upward = sorted(
        f"{module} ({list(LAYERS)[_layer_of(module)]}) imports {imported} ({list(LAYERS)[_layer_of(imported)]})"
        for module, imports in import_graph().items()
        if module.startswith("generator")
        for imported in imports
        if _layer_of(imported) > _layer_of(module)
    )
    assert upward == []
