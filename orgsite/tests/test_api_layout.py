"""The REST front doors' imports run one way: ``common.rest`` (plumbing every app's
endpoints share) imports no app, and no app's REST endpoints borrow another app's."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "organizations", "plugins", "orgsite")


def imported_modules(package: Path) -> dict[str, set[str]]:
    """Each module file of the package and the absolute module names it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(ROOT))] = names
    return found


def test_the_shared_rest_plumbing_imports_no_app():
    offending = {
        module: sorted(name for name in names if name.split(".")[0] in APPS)
        for module, names in imported_modules(ROOT / "common" / "rest").items()
    }
    assert {module: names for module, names in offending.items() if names} == {}


@pytest.mark.parametrize(
    ("app", "foreign_api"),
    [("plugins", "organizations.api"), ("plugins", "accounts.api")],
)
def test_an_apps_rest_endpoints_borrow_no_other_apps(app, foreign_api):
    offending = {
        module: sorted(name for name in names if name.startswith(foreign_api))
        for module, names in imported_modules(ROOT / app).items()
    }
    assert {module: names for module, names in offending.items() if names} == {}
