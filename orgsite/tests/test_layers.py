"""The project's dependency rule, checked on its own source (README, "Where things are").

Layers, bottom to top: ``common`` (the kernel, then the front-door plumbing), the domains of
``outbox``, ``accounts``, ``organizations`` and ``plugins``, their front doors, and ``orgsite``.
A module imports only from its own layer or below, an app never imports an app above it
(outbox < accounts < organizations < plugins), and no import cycle runs between modules.
"""

import ast
from pathlib import Path

from django.conf import settings

APPS = ("outbox", "accounts", "organizations", "plugins")
PACKAGES = ("common", *APPS, "orgsite")
KERNEL = ("errors", "localized", "hashing", "request_context", "images", "ids")
# The parts of an app that speak to people, scripts or the worker, and its wiring into Django
# (apps.py); everything else of it is domain.
FRONT_DOORS = (
    "admin",
    "apps",
    "api",
    "coreapi",
    "forms",
    "management",
    "tasks",
    "templatetags",
    "urls",
    "views",
)


def _modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (settings.BASE_DIR / package).rglob("*.py"):
            parts = path.relative_to(settings.BASE_DIR).with_suffix("").parts
            if "tests" in parts or "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def layer(module: str) -> tuple[int, int]:
    """(layer, app order) of a module: lower may be imported by higher."""
    parts = module.split(".")
    if parts[0] == "common":
        return (0, 0) if len(parts) > 1 and parts[1] in KERNEL else (1, 0)
    if parts[0] == "orgsite":
        return (3 + len(APPS), 0)
    order = APPS.index(parts[0])
    if len(parts) > 1 and parts[1] in FRONT_DOORS:
        return (2 + len(APPS), order)
    return (2 + order, order)


def imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Every project module each module imports, at any depth of its code."""
    found = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        # A package that gathers its own modules (models/__init__, admin/__init__) is not a
        # dependency of theirs.
        found[name] = {
            target
            for target in targets
            if target in modules and target != name and not target.startswith(name + ".")
        }
    return found


def upward_imports() -> list[str]:
    graph = imports(_modules())
    wrong = []
    for module, targets in graph.items():
        for target in targets:
            (own_layer, own_app), (target_layer, target_app) = layer(module), layer(target)
            app_above = target.split(".")[0] in APPS and module.split(".")[0] in APPS
            if target_layer > own_layer or (app_above and target_app > own_app):
                wrong.append(f"{module} -> {target}")
    return sorted(wrong)


def cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    graph = imports(_modules())
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
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
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_from_a_layer_above_its_own():
    assert upward_imports() == []


def test_no_import_cycle_between_modules():
    assert cycles() == []


def test_the_layers_are_read_as_the_readme_says():
    assert layer("common.errors") < layer("common.rest.schema") < layer("accounts.services")
    assert layer("accounts.services") < layer("organizations.services.team")
    assert layer("organizations.selectors.members") < layer("plugins.services")
    assert layer("plugins.services") < layer("accounts.views") < layer("organizations.api")
    assert layer("organizations.api") < layer("plugins.coreapi") < layer("orgsite.urls")


def test_reads_and_models_never_import_writes():
    """Inside a domain, models and selectors sit below the services: a read that needs a
    permission check asks roles.py, not a service module."""
    graph = imports(_modules())
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if module.split(".")[1:2] in (["models"], ["selectors"])
        and target.split(".")[1:2] == ["services"]
    )
    assert wrong == []
