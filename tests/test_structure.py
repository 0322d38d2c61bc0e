"""Habits that keep the code base in shape, checked on the source itself: no module reaches
into another's private names, notebooks and benchmarks use the package's public faces, and
the linter and the layer contract (run by `make test` before pytest) pass."""
import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "analysis"
# Named tuples' documented methods start with an underscore so as not to clash with field names.
NAMEDTUPLE_API = {"_make", "_fields", "_asdict", "_replace", "_field_defaults"}


def _private_uses(tree: ast.AST, *, relative_only: bool) -> list[str]:
    """Private names taken from the kit's modules: ``from .x import _y``, ``from analysis.x import _y``
    and ``mod._y`` where ``mod`` was imported from the kit."""
    found, kit_aliases = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            from_kit = node.level > 0 or (not relative_only and (node.module or "").split(".")[0] == "analysis")
            if from_kit:
                for alias in node.names:
                    if alias.name.startswith("_") and alias.name != "__version__":
                        found.append(f"line {node.lineno}: from {node.module or '.'} import {alias.name}")
                    else:
                        kit_aliases.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import) and not relative_only:
            for alias in node.names:
                if alias.name.split(".")[0] == "analysis":
                    kit_aliases.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__") \
                and node.attr not in NAMEDTUPLE_API \
                and isinstance(node.value, ast.Name) and node.value.id in kit_aliases:
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def _notebook_code(path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))


def test_no_module_imports_another_modules_private_names():
    bad = {p.name: _private_uses(ast.parse(p.read_text(encoding="utf-8")), relative_only=True)
           for p in PACKAGE.glob("*.py")}
    assert not {k: v for k, v in bad.items() if v}


def test_benchmarks_tests_and_notebooks_use_public_names():
    files = [*sorted((ROOT / "benchmarks").glob("*.py")), *sorted((ROOT / "tests").glob("*.py"))]
    bad = {p.name: _private_uses(ast.parse(p.read_text(encoding="utf-8")), relative_only=False) for p in files}
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        code = _notebook_code(nb)
        bad[nb.name] = _private_uses(ast.parse(code), relative_only=False)
        assert "benchmarks" not in code and "sys.path" not in code, f"{nb.name} reaches outside the package"
    assert not {k: v for k, v in bad.items() if v}


def test_the_check_catches_a_private_import():
    """The scan above must be able to fail."""
    tree = ast.parse("from .tokenise import _TOKEN_BRANCHES\nfrom analysis import sentiment as S\nS._mpqa()\n")
    assert len(_private_uses(tree, relative_only=False)) == 2


@pytest.mark.parametrize("tool", ["ruff", "lint-imports"])
def test_linter_and_layer_contract_pass(tool):
    # The tools of the environment running the tests (the test extra installs both).
    exe = str(Path(sys.executable).with_name(tool))
    args = [exe, "check", str(ROOT)] if tool == "ruff" else [exe]
    run = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
