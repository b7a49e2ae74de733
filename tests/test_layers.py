"""The packages import one way (docs/architecture.md): each only the layers below it, and no
engine imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

import akasse

ROOT = Path(akasse.__file__).parent
# Each package and what it may import of akasse (docs/architecture.md, "The parts").
ALLOWED = {
    "dataset": set(),
    "rules": {"dataset.yamlcheck"},
    "stats": {"rules", "dataset"},
    "sim": {"stats", "rules", "dataset"},
    "profiling": {"sim", "stats", "rules", "dataset"},
    "matching": {"stats", "dataset"},
    "sessions": {"dataset"},
}
ENGINES = set(ALLOWED)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _allowed(module: str, package: str) -> bool:
    if not module.startswith("akasse."):
        return True
    inside = module.removeprefix("akasse.")
    if inside.split(".")[0] == package:
        return True
    return any(inside == a or inside.startswith(a + ".") for a in ALLOWED[package])


def test_each_engine_imports_only_the_layers_below_it() -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for package in ENGINES
        for path in sorted((ROOT / package).rglob("*.py"))
        for module in sorted(_imports(path))
        if not _allowed(module, package)
    ]
    assert wrong == []


def test_no_engine_imports_django() -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for package in ENGINES
        for path in sorted((ROOT / package).rglob("*.py"))
        for module in sorted(_imports(path))
        if module == "django" or module.startswith("django.")
    ]
    assert wrong == []


def test_the_check_sees_an_import_against_the_layers() -> None:
    assert not _allowed("akasse.web.access", "stats")
    assert not _allowed("akasse.dataset.read", "rules")
    assert _allowed("akasse.dataset.yamlcheck", "rules")
    assert _allowed("akasse.stats.survey", "sim")
