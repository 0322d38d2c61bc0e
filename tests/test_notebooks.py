"""Every notebook runs top to bottom; `python -m analysis report` writes self-contained HTML."""
import re

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# Anything a page would fetch: src=, href= (except in-page anchors) and CSS url(), pointing off the page.
EXTERNAL = re.compile(r"""(?:\bsrc|\bhref)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.I)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path):
    from analysis.report import execute_notebook

    nb = execute_notebook(path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors


def test_three_notebooks_in_the_fixed_layout():
    assert [p.stem for p in NOTEBOOKS] == ["01-article-profile", "02-corpus-comparison", "03-method-validation"]


@pytest.mark.notebooks
def test_report_writes_index_and_one_page_per_article(built_reports):
    pages = sorted(p.name for p in built_reports.glob("*.html"))
    assert pages == ["000_cfd6d3fc7ab3151e.html", "hostile.html", "index.html"]
    index = (built_reports / "index.html").read_text()
    assert 'href="000_cfd6d3fc7ab3151e.html"' in index and 'href="hostile.html"' in index


@pytest.mark.notebooks
def test_seed_page_embeds_charts_and_findings(built_reports, seed_profile):
    import html

    page = (built_reports / "000_cfd6d3fc7ab3151e.html").read_text()
    assert len(re.findall(r'<img[^>]+src="data:image/png;base64,', page)) >= 4
    for finding in seed_profile.findings:
        assert html.escape(finding, quote=False) in page


@pytest.mark.notebooks
def test_article_markup_is_escaped_text(built_reports):
    page = (built_reports / "hostile.html").read_text()
    index = (built_reports / "index.html").read_text()
    for doc in (page, index):
        assert "<script" not in doc.lower()
        assert not re.search(r"<img[^>]*onerror", doc, re.I)
    # The markup is shown, as text.
    assert "&lt;script&gt;alert(" in page
    assert "&lt;img src=x onerror=" in page


@pytest.mark.notebooks
def test_reports_load_nothing_from_the_network(built_reports):
    for page in built_reports.glob("*.html"):
        found = EXTERNAL.findall(page.read_text())
        assert not found, (page.name, found[:3])


@pytest.mark.notebooks
def test_validation_notebook_falls_back_to_the_test_gold_sets(tmp_path):
    from analysis.report import execute_notebook

    nb = execute_notebook(ROOT / "notebooks" / "03-method-validation.ipynb", {"EVAL_DIR": str(tmp_path / "none")})
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = " ".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "pearson_r" in text and "newswire" in text and "PER" in text
    # Labelled as what they are: the tiny test sets only show that each method runs.
    assert text.count("smoke check, not accuracy") >= 3
    said = " ".join(str(o.get("data", {}).get("text/markdown", "")) for o in outputs)
    assert "Smoke checks, not accuracy" in said and "sentiment_nyt_dev.tsv" in said


@pytest.mark.notebooks
def test_every_article_gets_its_own_page(tmp_path):
    """Ids that differ only in characters a file name cannot hold, an id "index", an article in a
    sub-folder and a file name with "$" (mathtext in a chart) each get a page of their own, and the
    corpus page links to every one."""
    import json
    import subprocess
    import sys

    from analysis.report import page_name

    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    body = "Officials in Minsk said talks may resume on Tuesday. Sources suggest a deal could follow."
    ids = ["a/b", "a_b", "a b", "a?b", "index"]
    (src / "many.jsonl").write_text("\n".join(json.dumps({"id": i, "text": f"{body} ({i})"}) for i in ids),
                                    encoding="utf-8")
    (src / "sub" / "nested.txt").write_text(body, encoding="utf-8")
    (src / "budget_$5bn_or_$6bn.txt").write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "analysis", "report", str(src), "--out", str(out), "--no-progress",
                          "--workers", "1"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "7 article page(s)" in run.stdout
    expected = ids + ["sub__nested", "budget_$5bn_or_$6bn"]
    names = {page_name(i) for i in expected}
    assert len(names) == 7 and "index" not in names
    assert sorted(p.stem for p in out.glob("*.html")) == sorted(names | {"index"})
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in names:
        assert f'href="{name}.html"' in index.replace("&amp;", "&")
