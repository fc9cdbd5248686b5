"""Imports run one way: every import under participation/ is allowed by participation/architecture.py.

A static scan (no module is imported), counting imports inside functions too.
See docs/architecture.md for the picture and the rules in words.
"""

import ast
from pathlib import Path

from participation import architecture as arch

ROOT = Path(__file__).resolve().parents[2]


def module_of(path: str) -> str:
    """`participation/proposals/views.py` -> `participation.proposals.views` (a package is its __init__)."""
    parts = list(Path(path).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str:
    """The map's name for a module's package: `proposals`, `extensions`, or `app` for the app modules."""
    if module in arch.APP_MODULES:
        return "app"
    return module.split(".")[1]


def imports_in(path: str, source: str, known: set[str]) -> list[tuple[str, int]]:
    """(imported participation module, line) for every import statement in the file, at any depth."""
    module = module_of(path)
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source, path)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # `from a import b` imports the module a.b when there is one, else a name from a.
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for name in dict.fromkeys(resolve(name, known) for name in names):
            if name.startswith("participation") and name != module:
                found.append((name, node.lineno))
    return found


def resolve(name: str, known: set[str]) -> str:
    """The module an imported name lives in: `participation.x.y.Thing` -> `participation.x.y`."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def import_graph(files: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """Each module's imports of other participation modules, from {path: source}."""
    known = {module_of(path) for path in files}
    return {module_of(path): imports_in(path, source, known) for path, source in files.items()}


def is_allowed(importer: str, imported: str) -> bool:
    target_package = package_of(imported)
    shared = imported.count(".") == 2 and imported.rpartition(".")[2] in arch.SHARED_MODULES
    return shared or imported in arch.FACTS or arch.may_import(package_of(importer), target_package)


def violations(graph) -> list[str]:
    """`importer:line imports module (package may not import package)` for each import the map forbids."""
    return [
        f"{importer}:{line} imports {imported} ({package_of(importer)} may not import {package_of(imported)})"
        for importer, edges in sorted(graph.items())
        for imported, line in edges
        if not is_allowed(importer, imported)
    ]


def cycles(graph) -> list[frozenset[str]]:
    """Every set of modules that import each other, directly or around a loop (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target, _ in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while not component or node not in component:
                component.add(stack.pop())
            on_stack.difference_update(component)
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def project_files() -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "participation").rglob("*.py"))
    }


# --- The project ---------------------------------------------------------------


def test_every_package_is_in_the_map():
    graph = import_graph(project_files())
    assert sorted({package_of(m) for m in graph} - {p for layer in arch.LAYERS for p in layer}) == []


def test_every_import_is_allowed_by_the_map():
    assert violations(import_graph(project_files())) == []


def test_no_module_level_import_cycle():
    found = cycles(import_graph(project_files()))
    assert [sorted(c) for c in found if c not in arch.CYCLE_EXCEPTIONS] == []


def test_models_import_only_models_and_the_foundation():
    """What makes rule 2 safe: importing a models module never pulls in a domain's behaviour."""
    graph = import_graph(project_files())
    assert [
        f"{module} imports {imported}"
        for module, edges in sorted(graph.items())
        if module.count(".") == 2 and module.endswith(".models")
        for imported, _ in edges
        if not (imported.endswith(".models") or package_of(imported) in arch.LAYERS[0] + arch.LAYERS[1])
    ] == []


def test_the_architecture_page_names_every_package():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert [p for layer in arch.LAYERS for p in layer if p not in page] == []


def test_every_declared_fact_and_exception_is_still_needed():
    graph = import_graph(project_files())
    edges = {(package_of(a), package_of(b)) for a, targets in graph.items() for b, _ in targets}
    imported = {b for targets in graph.values() for b, _ in targets}
    assert sorted(set(arch.EXCEPTIONS) - edges) == []
    assert sorted(set(arch.FACTS) - imported) == []


# --- The checker fails when it should -----------------------------------------------


def test_an_illegal_import_is_reported():
    files = project_files()
    files["participation/territory/x.py"] = (
        "def late():\n    from participation.proposals.services import support\n"
    )
    assert violations(import_graph(files)) == [
        "participation.territory.x:2 imports participation.proposals.services "
        "(territory may not import proposals)"
    ]


def test_models_labels_and_facts_may_be_imported_from_below():
    files = project_files()
    files["participation/territory/x.py"] = (
        "from participation.proposals import labels\n"
        "from participation.proposals.models import Proposal\n"
        "from participation.moderation.blocks import is_posting_blocked\n"
    )
    assert violations(import_graph(files)) == []


def test_a_cycle_is_reported():
    files = project_files()
    files["participation/territory/a.py"] = "from participation.territory import b\n"
    files["participation/territory/b.py"] = "from . import a\n"
    found = cycles(import_graph(files))
    assert frozenset({"participation.territory.a", "participation.territory.b"}) in found
