"""The code stays easy to see: no module of the generator over 400 lines, and each one named,
with what it is for, in README's table of the code, where a newcomer looks first."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(path for path in (ROOT / "factcheck").glob("*.py") if path.name != "__init__.py")


@pytest.mark.parametrize("module", MODULES, ids=lambda path: path.name)
def test_no_module_is_over_400_lines(module: Path) -> None:
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= 400, f"{module.name} has {lines} lines; split it by responsibility"


def test_readme_names_every_module() -> None:
    code_section = (ROOT / "README.md").read_text(encoding="utf-8").split("## The code", 1)[1]
    unnamed = [path.name for path in MODULES if f"`factcheck/{path.name}`" not in code_section]
    assert not unnamed, f"README's code table does not name {unnamed}"
