"""The bench is a development tool: the app never imports it, and the image leaves it
out."""

from __future__ import annotations

import ast
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_no_app_module_imports_the_bench() -> None:
    sources = [p for package in ("config", "jobs") for p in (BACKEND / package).rglob("*.py")]
    sources += [BACKEND / "manage.py", BACKEND / "conftest.py"]
    assert len(sources) > 20
    offenders = [
        str(p.relative_to(BACKEND))
        for p in sources
        if any(m == "bench" or m.startswith("bench.") for m in imported_modules(p))
    ]
    assert offenders == []


def test_the_image_leaves_the_bench_out() -> None:
    ignored = (BACKEND / ".dockerignore").read_text().splitlines()
    assert "bench/" in ignored
