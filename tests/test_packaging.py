import json
import re
import tomllib
from pathlib import Path

import yaml

from conftest import ROOT


def _norm(req: str) -> str:
    return re.sub(r"\s+", "", req).lower()


def test_environment_yml_mirrors_pyproject():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert sorted(map(_norm, pip)) == sorted(map(_norm, deps))
    assert "python=3.11" in env["dependencies"]


def test_every_dependency_has_lower_and_upper_bounds():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = data["dependencies"] + [r for group in data["optional-dependencies"].values() for r in group]
    for req in reqs:
        assert ">=" in req and "<" in req.replace("<=", ""), req


def _committed(path: Path) -> str:
    """The notebook as git holds it (the index, which the clean filter wrote), else the file."""
    import subprocess

    found = subprocess.run(["git", "show", f":{path.relative_to(ROOT).as_posix()}"], cwd=ROOT,
                           capture_output=True, text=True)
    return found.stdout if found.returncode == 0 else path.read_text(encoding="utf-8")


def test_notebooks_are_committed_without_outputs():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = json.loads(_committed(path))
        assert nb["metadata"]["kernelspec"]["name"] == "news-analysis-kit", path.name
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, path.name


def test_git_strips_outputs_that_jupyterlab_saves(tmp_path):
    """The clean filter named in .gitattributes removes outputs and changes nothing else: a notebook
    run and saved with its outputs cleans to exactly the committed file."""
    import subprocess
    import sys

    from analysis.report import execute_notebook

    assert "notebooks/*.ipynb filter=kit-notebook" in (ROOT / ".gitattributes").read_text()
    assert "filter.kit-notebook.clean" in (ROOT / "Makefile").read_text()
    import nbformat

    path = ROOT / "notebooks" / "02-corpus-comparison.ipynb"
    ran = execute_notebook(path, {"INTERACTIVE": False})
    ran.cells = [c for c in ran.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    saved = nbformat.writes(ran)
    assert '"output_type"' in saved
    cleaned = subprocess.run([sys.executable, "-m", "analysis", "clean-notebook", str(path)], input=saved,
                             capture_output=True, text=True, cwd=tmp_path)
    assert cleaned.returncode == 0, cleaned.stderr
    committed = path.read_text(encoding="utf-8")
    strip_language = lambda text: {**json.loads(text), "metadata": {}}  # noqa: E731 (the kernel adds its version)
    assert strip_language(cleaned.stdout) == strip_language(committed)


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci and "make test" in readme and "make report" in readme


def test_an_installed_wheel_renders_reports_from_another_folder(tmp_path):
    """`pip install .` (not editable) must carry the notebooks and data: the kit is installed
    on its own into a folder (its dependencies come from the test environment), and the
    report command, run from elsewhere, writes the index and every article page."""
    import os
    import shutil
    import subprocess
    import sys

    target, out, elsewhere = tmp_path / "site", tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    build = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                            "--target", str(target), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    assert sorted(p.name for p in (target / "analysis" / "notebooks").glob("*.ipynb")) == [
        "01-article-profile.ipynb", "02-corpus-comparison.ipynb", "03-method-validation.ipynb"]
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    env = dict(os.environ, PYTHONPATH=str(target))
    run = subprocess.run([sys.executable, "-m", "analysis", "report", str(tmp_path / "seeds"), "--out", str(out),
                          "--no-progress", "--workers", "1"], cwd=elsewhere, env=env, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    where = subprocess.run([sys.executable, "-c", "import analysis; print(analysis.__file__)"], cwd=elsewhere,
                           env=env, capture_output=True, text=True)
    assert where.stdout.strip().startswith(str(target))  # the installed copy ran, not the source tree
    seeds = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
    assert sorted(p.stem for p in out.glob("*.html")) == sorted(seeds + ["index"])
