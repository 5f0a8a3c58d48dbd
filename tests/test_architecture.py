"""The code keeps its shape: no slice reaches into another slice's views, and no application
function grows past what one reads in a sitting (60 lines).

A slice is a directory holding a ``views.py`` (an app, or a vertical slice inside one such as
``partners/leads``); a module belongs to the deepest slice above it. What two slices share
lives in a model's queryset or in the ``queries.py`` of the slice that owns it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "beneficiaries", "config", "demo", "partners", "programmes", "reporting"]
APPS += ["territories", "scripts"]
MAX_FUNCTION_LINES = 60

#: Functions allowed to be longer, with the reason (none today).
LONG_FUNCTIONS_ALLOWED = {}


def application_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or "data" in relative.parts[1:2]:
                continue
            yield relative


def module_name(relative):
    parts = list(relative.with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SLICES = {
    ".".join(path.relative_to(ROOT).parent.parts)
    for app in APPS
    for path in (ROOT / app).rglob("views.py")
    if "migrations" not in path.parts
}


def slice_of(module):
    """The deepest slice holding `module` (None for project modules such as ``config``)."""
    candidates = [s for s in SLICES if module == s or module.startswith(f"{s}.")]
    return max(candidates, key=len, default=None)


def imported_modules(relative):
    """The absolute names of the modules `relative` imports (``from x import y`` gives both
    ``x`` and ``x.y``, since ``y`` may be a module)."""
    package = module_name(relative).split(".")
    if relative.name != "__init__.py":
        package = package[:-1]
    tree = ast.parse((ROOT / relative).read_text(), filename=str(relative))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            source = ".".join([*base, *([node.module] if node.module else [])])
            yield source
            yield from (f"{source}.{alias.name}" for alias in node.names)


def test_slices_are_found():
    assert {"partners", "partners.leads", "partners.conventions", "programmes"} <= SLICES


def test_no_slice_imports_another_slices_views():
    offences = []
    for relative in application_modules():
        own = slice_of(module_name(relative))
        if own is None:
            continue
        for name in imported_modules(relative):
            target = name.removesuffix(".views")
            if target != name and target in SLICES and target != own:
                offences.append(f"{relative} imports {name}")
    assert offences == []


def long_functions():
    for relative in application_modules():
        tree = ast.parse((ROOT / relative).read_text(), filename=str(relative))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    yield f"{relative}::{node.name}", length


def test_no_application_function_exceeds_60_lines():
    too_long = {
        name: length for name, length in long_functions() if name not in LONG_FUNCTIONS_ALLOWED
    }
    assert too_long == {}


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("partners.leads.forms", "partners.leads"),
        ("partners.models.convention", "partners"),
        ("programmes.forms", "programmes"),
        ("config.urls", None),
    ],
)
def test_slice_of(module, expected):
    assert slice_of(module) == expected
