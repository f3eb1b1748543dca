"""The shape of pipelines/, read from the source with `ast` (nothing is imported or run).

- Dependencies point one way: foundation ← stages ← refresh ← wiring ← entry points
  (LAYERS, lowest first; each stage may use the stages listed before it).
- No import cycle between modules (function-level imports count: they are dependencies too).
- Only the wiring (pipelines/defs/, pipelines/definitions.py) imports Dagster.
- Only the CLI's entry point (pipelines/cli.py) writes os.environ; everything else is given
  its settings as arguments.
- Every package says in its __init__ docstring what it is for.

docs/architecture.md draws the same layers.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIPELINES = ROOT / "pipelines"

# Lowest first. A module may import modules of its own unit and of units listed before it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foundation", ("pipelines.foundation",)),
    (
        "stages",
        (
            "pipelines.extract",  # documents → facts
            "pipelines.ingest",  # landing → raw (documents through the extractor)
            "pipelines.dbt",  # raw → marts
            "pipelines.quality",  # checks of raw and marts
            "pipelines.export",  # marts → the NNS export
            "pipelines.report",  # marts → the comparison report, the KPI table
            "pipelines.sql",  # the analysts' read-only prompt
            "pipelines.synth",  # generated landings to test and benchmark with
        ),
    ),
    ("refresh", ("pipelines.refresh",)),
    ("wiring", ("pipelines.defs pipelines.definitions",)),  # one unit: definitions assembles defs
    ("entry", ("pipelines.cli", "pipelines.ui")),
)
DAGSTER_MODULES = ("pipelines.defs", "pipelines.definitions")
# entry points: `finsam`, and the dbt process that takes its environment with its command
ENVIRONMENT_WRITERS = ("pipelines.cli", "pipelines.dbt.waiting_runner")
DAGSTER_PACKAGES = ("dagster", "dagster_dbt", "dagster_webserver")


def _units() -> list[tuple[str, tuple[str, ...]]]:
    """(layer, prefixes) per unit, in order: every stage is a unit of its own."""
    return [(layer, tuple(unit.split())) for layer, units in LAYERS for unit in units]


UNITS = _units()


def unit_of(module: str) -> int | None:
    for rank, (_layer, prefixes) in enumerate(UNITS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return rank
    return None


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _describe(rank: int) -> str:
    layer, prefixes = UNITS[rank]
    return f"{' '.join(prefixes)} ({layer})"


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # what it imports, as written (absolute)
    line: int


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = ROOT) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted((root / "pipelines").rglob("*.py"))}


def imports_of(module: str, path: Path) -> list[Import]:
    """Every import in the file, at any depth (function-level ones included), made absolute."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a.b import c`: the module a.b.c if there is one, else a.b (internal_target)
            found += [Import(module, f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def internal_target(target: str, known: dict[str, Path]) -> str | None:
    """The module of pipelines/ an import names (`pipelines.x.y.name` → `pipelines.x.y`)."""
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


def dependency_graph(known: dict[str, Path]) -> dict[str, dict[str, int]]:
    """module → {module it imports: the line}; the package `pipelines` itself is left out."""
    graph: dict[str, dict[str, int]] = {}
    for module, path in known.items():
        edges = graph.setdefault(module, {})
        for item in imports_of(module, path):
            if not item.target.startswith("pipelines"):
                continue
            target = internal_target(item.target, known)
            if target and target not in (module, "pipelines"):
                edges.setdefault(target, item.line)
    return graph


def upward_imports(graph: dict[str, dict[str, int]], known: dict[str, Path]) -> list[str]:
    problems = []
    for module, edges in sorted(graph.items()):
        rank = unit_of(module)
        if rank is None:
            if module != "pipelines":
                problems.append(f"{_shown(known[module])}: {module} is in no layer of LAYERS")
            continue
        for target, line in sorted(edges.items()):
            target_rank = unit_of(target)
            if target_rank is not None and target_rank > rank:
                problems.append(
                    f"{_shown(known[module])}:{line}: {module} imports {target}, "
                    f"an upward import from {_describe(rank)} to {_describe(target_rank)}"
                )
    return problems


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def dagster_imports(known: dict[str, Path]) -> list[str]:
    problems = []
    for module, path in sorted(known.items()):
        if any(module == allowed or module.startswith(allowed + ".") for allowed in DAGSTER_MODULES):
            continue
        for item in imports_of(module, path):
            if item.target.split(".")[0] in DAGSTER_PACKAGES:
                problems.append(
                    f"{_shown(path)}:{item.line}: imports {item.target}; only pipelines/defs/ "
                    "and pipelines/definitions.py may import Dagster"
                )
    return sorted(set(problems))


_WRITING_METHODS = {"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"}


def environment_writes(path: Path) -> list[int]:
    """Lines that write the process environment: os.environ[...] = / del, its writing methods, putenv."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        if any(isinstance(t, ast.Subscript) and _is_environ(t.value) for t in targets):
            lines.append(node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method, owner = node.func.attr, node.func.value
            if (method in _WRITING_METHODS and _is_environ(owner)) or (
                method in ("putenv", "unsetenv") and isinstance(owner, ast.Name) and owner.id == "os"
            ):
                lines.append(node.lineno)
    return sorted(lines)


def _is_environ(node: ast.AST) -> bool:
    """`os.environ` or a bare `environ` (from os import environ)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "environ"


KNOWN = modules()
GRAPH = dependency_graph(KNOWN)


def test_dependencies_point_one_way():
    problems = upward_imports(GRAPH, KNOWN)
    assert not problems, "imports against the layers (tests/test_architecture.py LAYERS):\n" + "\n".join(
        problems
    )


def test_no_import_cycle():
    found = cycles(GRAPH)
    assert not found, "modules that import each other in a circle:\n" + "\n".join(
        " → ".join(group) for group in found
    )


def test_only_the_wiring_imports_dagster():
    problems = dagster_imports(KNOWN)
    assert not problems, "\n".join(problems)


def test_only_the_cli_writes_the_environment():
    problems = [
        f"{path.relative_to(ROOT)}:{line}: writes os.environ; pass the value as an argument "
        "(only an entry point, pipelines/cli.py or pipelines/dbt/waiting_runner.py, sets its environment)"
        for module, path in sorted(KNOWN.items())
        if module not in ENVIRONMENT_WRITERS
        for line in environment_writes(path)
    ]
    assert not problems, "\n".join(problems)


def test_every_package_says_what_it_is_for():
    silent = [
        str(path.relative_to(ROOT))
        for path in sorted(PIPELINES.rglob("__init__.py"))
        if not (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").strip()
    ]
    assert not silent, "packages without a docstring: " + ", ".join(silent)


# The checks themselves, on small made-up trees: each must fail where it should.


def _tree(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in {path.parent for path in tmp_path.rglob("*.py")}:
        (folder / "__init__.py").touch()
    return modules(tmp_path)


def test_an_upward_import_is_named_with_its_file_and_line(tmp_path):
    known = _tree(
        tmp_path,
        {
            "pipelines/foundation/reference.py": "import os\n\n\ndef f():\n    from pipelines.ingest import x\n",
            "pipelines/ingest/x.py": "from pipelines.foundation.reference import f\n",
        },
    )
    graph = dependency_graph(known)
    assert graph["pipelines.foundation.reference"] == {"pipelines.ingest.x": 5}
    [problem] = [p for p in upward_imports(graph, known) if "upward" in p]
    assert problem.startswith(str(tmp_path / "pipelines" / "foundation" / "reference.py:5: "))
    assert "reference.py:5: pipelines.foundation.reference imports pipelines.ingest.x" in problem
    assert "from pipelines.foundation (foundation) to pipelines.ingest (stages)" in problem


def test_a_stage_may_use_an_earlier_stage_but_not_a_later_one():
    assert unit_of("pipelines.ingest.document_facts") > unit_of("pipelines.extract.extractor")
    assert unit_of("pipelines.report.data") > unit_of("pipelines.export.package")
    assert unit_of("pipelines.defs.refresh") == unit_of("pipelines.definitions")
    assert unit_of("pipelines.cli") > unit_of("pipelines.defs.jobs") > unit_of("pipelines.refresh.lock")
    assert unit_of("tests.conftest") is None


def test_a_cycle_through_a_function_level_import_is_found(tmp_path):
    known = _tree(
        tmp_path,
        {
            "pipelines/sql/a.py": "from pipelines.sql.b import g\n",
            "pipelines/sql/b.py": "def g():\n    from pipelines.sql import a\n",
            "pipelines/sql/c.py": "from . import a\n",
        },
    )
    assert cycles(dependency_graph(known)) == [["pipelines.sql.a", "pipelines.sql.b"]]


def test_environment_writes_are_found_in_every_spelling(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(
        "import os\nfrom os import environ\n"
        "os.environ['A'] = '1'\n"
        "os.environ.setdefault('B', '1')\n"
        "os.environ.update(C='1')\n"
        "environ['D'] = '1'\n"
        "os.putenv('E', '1')\n"
        "del os.environ['F']\n"
        "os.environ.pop('G', None)\n"
        "x = os.environ.get('H')\n"
        "y = {**os.environ, 'I': '1'}\n",
        encoding="utf-8",
    )
    assert environment_writes(path) == [3, 4, 5, 6, 7, 8, 9]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("import dagster\n", True),
        ("def f():\n    from dagster_dbt import dbt_assets\n", True),
        ("from pipelines.defs import jobs\n", False),
        ("import dagster_like\n", False),
    ],
)
def test_a_dagster_import_outside_the_wiring_is_found(tmp_path, text, found):
    known = _tree(tmp_path, {"pipelines/report/m.py": text})
    assert bool(dagster_imports(known)) is found
