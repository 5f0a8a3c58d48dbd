"""Dependencies point one way: `reporting` reads the domain apps, which never import it — not
at load time, not lazily in a function, not in a migration. Shared vocabularies live in a leaf
module that imports no Tremplin app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BELOW_REPORTING = ["config", "territories", "accounts", "programmes", "partners", "beneficiaries"]
TREMPLIN_APPS = {"accounts", "territories", "programmes", "partners", "beneficiaries", "reporting"}


def imported_modules(path):
    """Every module a Python file imports, wherever the import statement sits."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("package", BELOW_REPORTING)
def test_no_module_below_reporting_imports_it(package):
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for module in imported_modules(path)
        if module == "reporting" or module.startswith("reporting.")
    ]
    assert not offenders


def test_the_vocabularies_import_no_tremplin_app():
    modules = set(imported_modules(ROOT / "config" / "vocabularies.py"))
    assert not {module.split(".")[0] for module in modules} & TREMPLIN_APPS
