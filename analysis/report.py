"""Present: render the notebooks into self-contained HTML reports.

``build_reports(INPUT, out=DIR)`` executes ``notebooks/02-corpus-comparison`` on
INPUT into ``DIR/index.html`` and ``notebooks/01-article-profile`` once per
article into ``DIR/<article_id>.html``. Code cells are hidden, images are
embedded, and nothing is loaded from the network: nbconvert's MathJax and
require.js links are switched off.

Notebook parameters are set papermill-style: the cell tagged ``parameters``
keeps its defaults and a cell assigning the new values is inserted after it.
"""
from __future__ import annotations

import copy
import os
import re
import sys
from pathlib import Path

__all__ = ["build_reports", "execute_notebook", "notebook_to_html", "page_name", "NOTEBOOK_DIR"]

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
ARTICLE_NOTEBOOK = "01-article-profile.ipynb"
CORPUS_NOTEBOOK = "02-corpus-comparison.ipynb"


def _inject_parameters(nb, params: dict):
    nb = copy.deepcopy(nb)
    import nbformat

    lines = ["# Parameters injected by analysis.report"]
    lines += [f"{k} = {v!r}" for k, v in params.items()]
    new = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": ["injected-parameters"]})
    idx = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), -1)
    nb.cells.insert(idx + 1, new)
    return nb


def execute_notebook(path, params: dict | None = None, *, timeout: int = 600):
    """Run a notebook top to bottom in a fresh kernel (this Python), from the notebook's folder."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    if params:
        nb = _inject_parameters(nb, params)
    # The kernel is this interpreter's ipykernel, so the report uses the kit that is installed here.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    env_before = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    try:
        client.execute()
    finally:
        if env_before is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = env_before
    return nb


# The reports are static pages: every script nbconvert's template carries (MathJax,
# require.js, mermaid loaders) is dropped, and so is any stylesheet or font link to the network.
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.I | re.S)
_NETWORK_LINK = re.compile(r"<link\b[^>]*\bhref=[\"']?(?:https?:)?//[^>]*>", re.I)
_NETWORK_IMPORT = re.compile(r"@import\s+url\([\"']?(?:https?:)?//[^)]*\)\s*;?", re.I)


def notebook_to_html(nb, *, title: str = "") -> str:
    """HTML of an executed notebook: inputs hidden, no script or style from the network."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    exporter.widget_renderer_url = ""
    exporter.html_manager_semver_range = ""
    exporter.mermaid_js_url = ""
    exporter.mermaid_layout_elk_js_url = ""
    resources = {"metadata": {"name": title or "report"}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = _SCRIPT.sub("", body)
    body = _NETWORK_LINK.sub("", body)
    return _NETWORK_IMPORT.sub("", body)


def build_reports(input_path, *, out, progress: bool = True) -> dict:
    """Render the corpus index and one page per article; returns {'index': path, 'articles': {...}, 'errors': [...]}."""
    from tqdm.auto import tqdm

    from .ingest import load_articles

    input_path = Path(input_path).resolve()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    arts = load_articles(input_path)
    errors = arts.attrs.get("errors")
    written: dict = {"index": None, "articles": {}, "errors": [] if errors is None else errors.to_dict("records")}
    article_nb = NOTEBOOK_DIR / ARTICLE_NOTEBOOK
    corpus_nb = NOTEBOOK_DIR / CORPUS_NOTEBOOK
    bar = tqdm(total=len(arts) + (1 if corpus_nb.exists() else 0), desc="reports", unit="page",
               disable=not progress, file=sys.stderr)
    if corpus_nb.exists():
        nb = execute_notebook(corpus_nb, {"INPUT": str(input_path), "REPORT_LINKS": True, "INTERACTIVE": False})
        index = out / "index.html"
        index.write_text(notebook_to_html(nb, title="Corpus report"), encoding="utf-8")
        written["index"] = index
        bar.update(1)
    for row in arts.itertuples(index=False):
        try:
            nb = execute_notebook(article_nb, {"ARTICLE": row.source, "ARTICLE_ID": row.article_id, "INTERACTIVE": False})
            page = out / f"{page_name(row.article_id)}.html"
            page.write_text(notebook_to_html(nb, title=row.title or row.article_id), encoding="utf-8")
            written["articles"][row.article_id] = page
        except Exception as exc:  # one bad article must not stop the run
            written["errors"].append({"source": row.source, "error": f"{type(exc).__name__}: {exc}"})
        bar.update(1)
    bar.close()
    if written["index"] is None:
        written["index"] = _simple_index(out, written, arts)
    return written


def page_name(article_id: str) -> str:
    """File name (without .html) of an article's report page."""
    return re.sub(r"[^\w.@-]+", "_", str(article_id))


def _simple_index(out: Path, written: dict, arts) -> Path:
    import html

    items = "\n".join(
        f'<li><a href="{html.escape(p.name)}">{html.escape(str(aid))}</a></li>' for aid, p in written["articles"].items()
    )
    page = out / "index.html"
    page.write_text(f"<!doctype html><meta charset='utf-8'><title>Reports</title><h1>Reports</h1><ul>{items}</ul>",
                    encoding="utf-8")
    return page

