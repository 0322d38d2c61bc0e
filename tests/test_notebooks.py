"""Every notebook runs top to bottom; `python -m analysis report` writes HTML."""
import subprocess
import sys

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path):
    from analysis.report import execute_notebook

    nb = execute_notebook(path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors


@pytest.mark.notebooks
def test_report_command_writes_html(tmp_path):
    out = tmp_path / "reports"
    run = subprocess.run([sys.executable, "-m", "analysis", "report", str(ROOT / "seeds"), "--out", str(out),
                          "--no-progress"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    page = out / "000_cfd6d3fc7ab3151e.html"
    assert (out / "index.html").exists() and page.exists()
    html = page.read_text()
    assert "Belousov" in html and "<script" not in html
    assert "https://" not in html.split("<body", 1)[0].split("<style", 1)[0]
