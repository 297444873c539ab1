"""The package's layout shows the system: a developer adding a feature finds where it goes,
every file has one job, and imports run one way (commands → preview, site, authoring,
importer, evidence → pipeline → problems), with no import circle anywhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sevenminute"
MAX_LINES = 400

# Which parts of the package each part may import. Everything may import the package's own
# `__init__` (for the version) and `problems`.
ALLOWED = {
    "problems": set(),
    "files": set(),  # files written whole: every part may use it, it uses none
    "database": set(),  # the evidence's and the hub's data, SQLite or PostgreSQL: it uses none
    "pipeline": set(),
    "site": {"pipeline"},
    "authoring": {"pipeline"},
    "importer": {"pipeline", "authoring"},
    "preview": {"pipeline", "site", "authoring", "importer"},  # the workspace: its editor checks, imports
    "evidence": {"pipeline", "site", "database"},
    "hub": {
        "pipeline",
        "site",
        "authoring",
        "preview",
        "evidence",
        "database",
    },  # the partnership's server: the editor, signed in
    "commands": {"pipeline", "site", "authoring", "importer", "preview", "evidence", "hub", "database"},
    "cli": {"commands"},
}
# The pipeline's stages in order: a stage imports only those before it.
STAGES = [
    "sources",
    "kit",
    "characters",
    "dates",
    "language",  # the kit's own words in a briefing's language (gettext catalogues)
    "model",
    "load",
    "bank",
    "settings",
    "validate",
    "signoff",  # what a sign-off covers: readiness refuses what changed since
    "readiness",
    "versions",  # a briefing and its version in another language, checked as a pair
    "enrich",
    "figure",
    "localise",  # a page's language in the templates: their gettext, its twins' addresses
    "render",
    "printing",
    "briefing",  # one briefing from its source to what is printed: the stages joined
]
# The stages a briefing goes through, which only pipeline/briefing.py joins: a module outside
# the pipeline that needs three or more of them is rebuilding the pipeline itself.
JOINED = ("load", "validate", "readiness", "enrich", "render", "printing")
JOINED_MOST = 2


def modules(package: Path) -> dict[str, Path]:
    """Every module of `package`, by dotted name."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's own modules that `name` imports anywhere: at the top, inside functions,
    or under TYPE_CHECKING."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    root = name.split(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names if alias.name.split(".")[0] == root}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").split(".")[0] == root:
                module = node.module
            else:
                continue
            for alias in node.names:  # `from .site import output` imports the module site.output
                submodule = f"{module}.{alias.name}"
                targets.add(submodule if submodule in known else module)
    return {target for target in targets if target in known and target != name}


def graph(package: Path) -> dict[str, set[str]]:
    known = modules(package)
    return {name: imports(name, path, known) for name, path in known.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, as the modules on it (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in edges.get(node, ()):
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def part_of(module: str) -> str:
    """`sevenminute.site.output` → `site`; the package's `__init__` → ``."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else ""


def wrong_way(edges: dict[str, set[str]]) -> list[str]:
    """Imports that break the contract in ALLOWED and STAGES, worded for a developer."""
    found = []
    for module, targets in sorted(edges.items()):
        part = part_of(module)
        for target in sorted(targets):
            other = part_of(target)
            if other in ("", "problems", "files", part):
                if part == other == "pipeline":
                    stage, before = module.split(".")[2], target.split(".")[2]
                    if stage in STAGES and before in STAGES and STAGES.index(before) > STAGES.index(stage):
                        found.append(f"{module} imports {target}: the stage '{before}' comes after '{stage}'")
                continue
            if other not in ALLOWED.get(part, set()):
                found.append(f"{module} imports {target}: {part or 'the package'} may not import {other}")
    return found


def joins_stages(edges: dict[str, set[str]]) -> list[str]:
    """Modules outside the pipeline that import more than JOINED_MOST of its stages, worded for
    a developer."""
    found = []
    for module, targets in sorted(edges.items()):
        if part_of(module) == "pipeline":
            continue
        stages = sorted({t.split(".")[2] for t in targets if t.count(".") >= 2 and part_of(t) == "pipeline"})
        stages = [stage for stage in stages if stage in JOINED]
        if len(stages) > JOINED_MOST:
            found.append(
                f"{module} imports the stages {', '.join(stages)}: go through pipeline/briefing.py, "
                "which joins them"
            )
    return found


def test_no_module_outside_the_pipeline_joins_its_stages_itself():
    assert joins_stages(graph(PACKAGE)) == []


def test_a_module_joining_three_stages_itself_is_reported(tangled):
    for stage in ("load", "validate", "readiness"):
        (tangled / "pipeline" / f"{stage}.py").write_text(f'"""{stage.title()}."""\n')
    (tangled / "site" / "checking.py").write_text(
        '"""Checking."""\ndef check(path):\n'
        "    from ..pipeline.load import load\n    from ..pipeline.validate import validate\n"
        "    from ..pipeline import readiness\n"
    )
    assert joins_stages(graph(tangled)) == [
        "sevenminute.site.checking imports the stages load, readiness, validate: go through "
        "pipeline/briefing.py, which joins them"
    ]
    (tangled / "site" / "checking.py").write_text(
        '"""Checking."""\nfrom ..pipeline.load import load\nfrom ..pipeline.validate import validate\n'
    )
    assert joins_stages(graph(tangled)) == []


def test_no_file_in_the_package_does_several_jobs():
    sizes = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in modules(PACKAGE).values()}
    too_long = {str(path.relative_to(PACKAGE)): lines for path, lines in sizes.items() if lines > MAX_LINES}
    assert too_long == {}, f"split these files, each over {MAX_LINES} lines: {too_long}"


def test_every_module_says_its_job_in_its_first_docstring_line():
    silent = []
    for name, path in modules(PACKAGE).items():
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        if name != "sevenminute.templates" and not (docstring and docstring.splitlines()[0].strip()):
            silent.append(name)
    assert silent == []


def test_every_part_of_the_kit_is_a_folder_a_newcomer_can_see():
    folders = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert {"pipeline", "site", "authoring", "importer", "preview", "commands"} <= folders
    assert set(ALLOWED) - {"problems", "files", "cli"} <= folders


def test_there_is_no_import_circle():
    assert circles(graph(PACKAGE)) == []


def test_imports_run_one_way_down_the_parts_and_the_pipeline():
    assert wrong_way(graph(PACKAGE)) == []


@pytest.fixture
def tangled(tmp_path) -> Path:
    """A package whose card module reads the handout, and whose handout reads the card."""
    package = tmp_path / "sevenminute"
    for folder in ("pipeline", "site"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text('"""A part."""\n')
    (package / "__init__.py").write_text('"""The kit."""\n')
    (package / "problems.py").write_text('"""Problems."""\n')
    (package / "site" / "cards.py").write_text(
        '"""Cards."""\nfrom typing import TYPE_CHECKING\n'
        "if TYPE_CHECKING:\n    from ..pipeline.enrich import Handout\n"
    )
    (package / "pipeline" / "enrich.py").write_text(
        '"""Enrich."""\ndef enrich():\n'
        "    from ..site.cards import Card\n    from ..problems import BriefingError\n"
    )
    return package


def test_a_circle_hidden_in_a_function_or_under_type_checking_is_still_found(tangled):
    assert circles(graph(tangled)) == [["sevenminute.pipeline.enrich", "sevenminute.site.cards"]]


def test_the_pipeline_reaching_up_into_the_site_is_reported(tangled):
    assert wrong_way(graph(tangled)) == [
        "sevenminute.pipeline.enrich imports sevenminute.site.cards: pipeline may not import site"
    ]


def test_a_stage_importing_a_later_stage_is_reported(tangled):
    (tangled / "pipeline" / "enrich.py").write_text('"""Enrich."""\n')
    (tangled / "pipeline" / "load.py").write_text('"""Load."""\nfrom .enrich import enrich\n')
    assert wrong_way(graph(tangled)) == [
        "sevenminute.pipeline.load imports sevenminute.pipeline.enrich: the stage 'enrich' comes after 'load'"
    ]


def _calls(name: str) -> dict[str, list[str]]:
    """Each module that calls one of the functions in `name` ("module.function" each), with
    where: `sys.exit`, say, written as `sys.exit(...)`."""
    wanted = {tuple(item.split(".")) for item in name.split()}
    found: dict[str, list[str]] = {}
    for module, path in modules(PACKAGE).items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr) in wanted
            ):
                called = f"{node.func.value.id}.{node.func.attr}"
                found.setdefault(module, []).append(f"{called}, line {node.lineno}")
    return found


def test_only_the_command_line_ends_the_process():
    """A command says its problems, or raises BriefingError; cli.py turns either into the exit
    status. Nothing else calls sys.exit (a worker process ending itself uses os._exit)."""
    assert set(_calls("sys.exit")) <= {"sevenminute.cli"}


def test_only_one_module_replaces_files():
    """Writing a file whole (a temporary file, then a rename) is done in sevenminute/files.py
    alone, so every file the kit keeps is written the same careful way."""
    assert set(_calls("os.replace os.rename tempfile.mkstemp")) <= {"sevenminute.files"}


# A briefing's file paths written out by hand: "{slug}/index.html", "{{ card.slug }}/...",
# "{slug}.pdf", `slug ~ "/..."`.
HAND_MADE_PATH = re.compile(r"slug\s*\}{1,2}\s*(/|\.(pdf|pptx|docx))|slug\s*~\s*['\"]/")


def hand_made_paths(package: Path, templates: Path) -> list[str]:
    """Where a briefing's output paths are worked out other than by pipeline/sources.Outputs."""
    files = [
        path
        for path in package.rglob("*.py")
        if path.relative_to(package).as_posix() != "pipeline/sources.py"
    ]
    files += [path for path in templates.glob("*") if path.suffix in (".html", ".xml")]
    return [
        f"{path.name}:{number}"
        for path in sorted(files)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_MADE_PATH.search(line)
    ]


def test_a_briefings_output_paths_are_worked_out_in_one_place():
    """Its page, facilitator page, handout, slides and Word file: pipeline/sources.Outputs says
    where each goes, for the build, the library, the feed, the templates and the workspace."""
    assert hand_made_paths(PACKAGE, PACKAGE.parent / "templates") == []


def test_a_path_made_by_hand_is_found(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "cards.py").write_text('pdf = out / f"{card.slug}/{card.slug}.pdf"\n')
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "feed.xml").write_text(
        "<id>{{ site.absolute(card.slug ~ '/index.html') }}</id>\n"
    )
    (tmp_path / "templates" / "index.html").write_text('<a href="{{ card.outputs.page }}">\n')
    assert hand_made_paths(tmp_path / "pkg", tmp_path / "templates") == ["cards.py:1", "feed.xml:1"]
