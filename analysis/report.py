"""Present: render the notebooks into self-contained HTML reports.

``build_reports(INPUT, out=DIR)`` reads INPUT once, profiles every article once
(``profile_corpus`` with worker processes), saves the profiles as Parquet in a
temporary folder, and renders every page from them: ``notebooks/02-corpus-comparison``
into ``DIR/index.html`` and ``notebooks/01-article-profile`` once per article into
``DIR/<article_id>.html``. All pages run in one Jupyter kernel (one per worker when
``workers`` > 1), so the kit is imported and its lexicons loaded once per kernel,
not once per page, and no page re-reads the input or profiles again. Code cells are
hidden, images are embedded, and nothing is loaded from the network: nbconvert's
MathJax and require.js links are switched off.

Notebook parameters are set papermill-style: the cell tagged ``parameters``
keeps its defaults and a cell assigning the new values is inserted after it.
The notebooks live in the repository's top-level ``notebooks/`` folder; an
installed wheel carries them as ``analysis/notebooks/``.
"""
from __future__ import annotations

import copy
import os
import re
import sys
from pathlib import Path

__all__ = ["build_reports", "execute_notebook", "notebook_to_html", "page_name", "notebook_dir", "ReportError",
           "without_outputs"]

ARTICLE_NOTEBOOK = "01-article-profile.ipynb"
# The key of the corpus page among the pages to render (article ids are strings, even "index").
CORPUS_PAGE = None
CORPUS_NOTEBOOK = "02-corpus-comparison.ipynb"
# Cells with these tags are not on the report pages.
REMOVED_TAGS = {"remove-cell", "parameters", "injected-parameters"}
# A page that runs longer than this (seconds per cell) is recorded as failed.
CELL_TIMEOUT = 600


def notebook_dir() -> Path:
    """The notebooks: ``notebooks/`` beside the package in a source checkout (or an editable
    install), else the copy an installed wheel carries inside the package."""
    source = Path(__file__).resolve().parent.parent / "notebooks"
    if (source / ARTICLE_NOTEBOOK).exists():
        return source
    from importlib import resources as ir

    return Path(str(ir.files("analysis") / "notebooks"))


def _inject_parameters(nb, params: dict):
    nb = copy.deepcopy(nb)
    import nbformat

    lines = ["# Parameters injected by analysis.report"]
    lines += [f"{k} = {v!r}" for k, v in params.items()]
    new = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": ["injected-parameters"]})
    idx = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), -1)
    nb.cells.insert(idx + 1, new)
    return nb


def without_outputs(text: str) -> str:
    """A notebook's JSON with every output, execution count and widget state removed, in nbformat's
    own layout, so that cleaning a clean notebook changes no byte. The repository's git filter
    ``kit-notebook`` runs this on every notebook committed (``python -m analysis clean-notebook``),
    so what JupyterLab saves into a notebook never lands in a commit."""
    import nbformat

    nb = nbformat.reads(text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nbformat.writes(nb) + "\n"


def execute_notebook(path, params: dict | None = None, *, timeout: int = CELL_TIMEOUT):
    """Run one notebook top to bottom in a fresh kernel (this Python), from the notebook's folder."""
    import nbformat

    path = Path(path)
    with _Kernel(path.parent, timeout=timeout) as kernel:
        return kernel.run(nbformat.read(path, as_version=4), params)


class _Kernel:
    """One Jupyter kernel (this interpreter's ipykernel, so pages use the kit installed here)
    that runs notebook after notebook: the kit is imported and its lexicons loaded once."""

    def __init__(self, cwd: Path, *, timeout: int = CELL_TIMEOUT):
        self.cwd, self.timeout = cwd, timeout
        self.client = None
        self._setup = None
        self._language_info = None

    def __enter__(self) -> "_Kernel":
        import tempfile

        import nbformat
        from jupyter_client.manager import KernelManager
        from nbclient import NotebookClient

        self._env_before = os.environ.get("MPLBACKEND")
        os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        # Kernel and client talk over Unix sockets in a private folder, not over TCP.
        self._sockets = tempfile.TemporaryDirectory(prefix="news-analysis-kernel-")
        self._km = km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(self._sockets.name) / "k"))
        self.client = NotebookClient(nbformat.v4.new_notebook(), km=km, timeout=self.timeout,
                                     kernel_name="python3", resources={"metadata": {"path": str(self.cwd)}})
        self._setup = self.client.setup_kernel()
        self._setup.__enter__()
        reply = self.client.wait_for_reply(self.client.kc.kernel_info())
        self._language_info = (reply or {}).get("content", {}).get("language_info")
        return self

    def run(self, nb, params: dict | None = None):
        """Execute ``nb`` (with ``params`` injected) in this kernel; returns the executed notebook.
        A failing cell raises nbclient's ``CellExecutionError``."""
        if params:
            nb = _inject_parameters(nb, params)
        else:
            nb = copy.deepcopy(nb)
        client = self.client
        client.nb = nb
        client.reset_execution_trackers()
        if self._language_info:
            nb.metadata["language_info"] = self._language_info
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        return nb

    def __exit__(self, *exc) -> None:
        try:
            self._setup.__exit__(*exc)
            # The client does not own a kernel manager it was given: shut the kernel down here.
            if self.client.kc is not None:
                self.client.kc.stop_channels()
            self._km.shutdown_kernel(now=True)
        finally:
            self._sockets.cleanup()
            if self._env_before is None:
                os.environ.pop("MPLBACKEND", None)
            else:
                os.environ["MPLBACKEND"] = self._env_before


# The reports are static pages: every script nbconvert's template carries (MathJax,
# require.js, mermaid loaders) is dropped, and so is any stylesheet or font link to the network.
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.I | re.S)
_NETWORK_LINK = re.compile(r"<link\b[^>]*\bhref=[\"']?(?:https?:)?//[^>]*>", re.I)
_STYLE = re.compile(r"<style\b.*?</style\s*>", re.I | re.S)
_LONG_DECIMAL = re.compile(r"(\d\.\d{3})\d+")
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
    # What only the notebook's reader needs (how to change the parameters, the parameters
    # themselves, the set-up code) is tagged in the notebooks and left out of the pages.
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=REMOVED_TAGS, enabled=True), enabled=True)
    resources = {"metadata": {"name": title or "report"}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = _SCRIPT.sub("", body)
    body = _NETWORK_LINK.sub("", body)
    body = _NETWORK_IMPORT.sub("", body)
    # The template's stylesheet writes sizes to five decimals (0.83333em); three are as exact on
    # screen, and a page then holds no long raw float for a reader or a check to trip on.
    body = _STYLE.sub(lambda m: _LONG_DECIMAL.sub(r"\1", m.group(0)), body)
    # The generator mark: loading a folder that holds reports leaves them out.
    from .version import __version__
    from .ingest import GENERATOR

    return re.sub(r"<head>", f'<head>\n<meta {GENERATOR} {__version__}">', body, count=1)


def build_reports(input_path, *, out, workers: int | None = None, progress: bool = True,
                  group_by: str | None = None, period: str | None = None, mode: str = "fast") -> dict:
    """Render the corpus index and one page per article; returns {'index': path, 'articles': {...},
    'errors': [...], 'seconds': {'profile': ..., 'render': ...}}.

    ``workers``: processes for profiling and kernels for rendering (default: all cores).
    ``group_by``: a metadata column (publisher, author, language, date with ``period``) the index
    page compares the articles by; a column the articles do not have is refused before any
    profiling, with the columns there are. ``mode``: "fast" or "accurate" sentence sentiment
    (``profile_corpus``); every page says which."""
    import tempfile
    import time

    from .engines import profile_corpus
    from .ingest import load_articles, load_errors

    input_path = Path(input_path).resolve()
    out = Path(out)
    n_workers = max(1, workers or os.cpu_count() or 1)
    started = time.perf_counter()
    arts = load_articles(input_path)
    _refuse_overwriting_inputs(arts, out)
    if group_by and group_by not in arts.columns and group_by != "language":
        shown = [c for c in arts.columns if c != "text"]
        raise ReportError(f"{input_path}: no column {group_by!r} to group by; the articles have: {', '.join(shown)}")
    out.mkdir(parents=True, exist_ok=True)
    corpus = profile_corpus(arts, workers=n_workers, progress=progress, keep_text=True, mode=mode)
    profiled = time.perf_counter()
    written: dict = {"index": None, "articles": {}, "errors": [], "seconds": {}}
    written["errors"] += load_errors(arts).to_dict("records")
    written["errors"] += [{"source": r.source, "error": r.error} for r in corpus.errors.itertuples()]
    ids = corpus.summary.index.tolist()
    titles = corpus.articles["title"] if "title" in corpus.articles.columns else {}
    with tempfile.TemporaryDirectory(prefix="news-analysis-kit-") as profiles:
        corpus.save(profiles)
        pages = [(CORPUS_PAGE, CORPUS_NOTEBOOK, {"PROFILES": profiles, "REPORT_LINKS": True, "INTERACTIVE": False,
                                                    "GROUP_BY": group_by, "PERIOD": period},
                  "Corpus report")]
        names = [str(titles.get(aid) or aid) for aid in ids]
        pages += [(aid, ARTICLE_NOTEBOOK, {"PROFILES": profiles, "ARTICLE_ID": aid, "INTERACTIVE": False,
                                           "LINKS": _links(ids, names, k)}, names[k]) for k, aid in enumerate(ids)]
        results = _render(pages, out, n_workers, progress)
    for key, page, error in results:
        if error is not None:
            source = corpus.articles["source"].get(key, key) if "source" in corpus.articles.columns else key
            written["errors"].append({"source": str(source if key is not CORPUS_PAGE else "corpus page"),
                                      "error": error})
        elif key is CORPUS_PAGE:
            written["index"] = page
        else:
            written["articles"][key] = page
    if written["index"] is None:
        written["index"] = _simple_index(out, written, arts)
    failed = [(key, error) for key, page, error in results if error is not None and key is not CORPUS_PAGE]
    if failed:
        _list_failures(written["index"], failed)
    written["failed_pages"] = [key for key, _ in failed]
    written["seconds"] = {"profile": profiled - started, "render": time.perf_counter() - profiled}
    return written


def _links(ids: list, names: list, k: int) -> dict:
    """An article page's way back to the index and on to the articles before and after it."""
    links = {"index": "index.html"}
    if k > 0:
        links["previous"] = (f"{page_name(ids[k - 1])}.html", names[k - 1])
    if k + 1 < len(ids):
        links["next"] = (f"{page_name(ids[k + 1])}.html", names[k + 1])
    return links


def _list_failures(index: Path, failed: list) -> None:
    """Name the article pages that could not be written at the end of the corpus page."""
    import html

    items = "".join(f"<li><code>{html.escape(str(key))}</code>: {html.escape(error)}</li>" for key, error in failed)
    section = (f'<section id="failed-pages"><h2>Pages that could not be written</h2>'
               f"<p>{len(failed)} article page(s) failed; the other pages were written.</p><ul>{items}</ul></section>")
    page = index.read_text(encoding="utf-8")
    at = page.rfind("</body>")
    page = page[:at] + section + page[at:] if at >= 0 else page + section
    index.write_text(page, encoding="utf-8")


def _refuse_overwriting_inputs(arts, out: Path) -> None:
    """Input files are never overwritten: refuse an output folder where a page would replace one."""
    pages = {(out / f"{page_name(aid)}.html").resolve() for aid in arts["article_id"]} | {(out / "index.html").resolve()}
    for source in arts["source"].astype(str):
        path = Path(source.split("#")[0]).resolve()
        if path in pages:
            raise ReportError(f"{out}: writing the reports here would overwrite the input file {path}; "
                              "choose another --out folder")


class ReportError(ValueError):
    """Reports that cannot be written as asked (the message names the folder and the problem)."""


def _render(pages: list, out: Path, n_workers: int, progress: bool) -> list:
    """Render (key, notebook, params, title) pages into ``out``; returns (key, path or None,
    error or None) per page, in page order. With several workers, each worker process runs
    one kernel over a share of the pages."""
    from tqdm.auto import tqdm

    bar = tqdm(total=len(pages), desc="reports", unit="page", disable=not progress, file=sys.stderr)
    try:
        if n_workers == 1 or len(pages) < 4:
            return _render_share(pages, str(out), bar.update)
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        # Pages dealt round-robin, so each kernel gets long and short articles alike; small
        # batches keep the progress bar moving.
        n = min(n_workers, len(pages))
        shares = [pages[k::n] for k in range(n)]
        batches = [share[i:i + 4] for share in shares for i in range(0, len(share), 4)]
        done: dict = {}
        ctx = mp.get_context("spawn")  # a clean interpreter: no inherited kernel sockets
        with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
            for result in pool.map(_render_batch, batches, [str(out)] * len(batches)):
                for key, page, error in result:
                    done[key] = (key, page, error)
                bar.update(len(result))
        return [done[p[0]] for p in pages]
    finally:
        bar.close()


# The kernel of a rendering worker process, started by the first batch the process renders
# and shut down when the process exits.
_WORKER_KERNEL: list = []


def _render_batch(batch: list, out: str) -> list:
    if not _WORKER_KERNEL:
        from multiprocessing.util import Finalize

        kernel = _Kernel(notebook_dir())
        kernel.__enter__()
        _WORKER_KERNEL.append(kernel)
        Finalize(kernel, kernel.__exit__, args=(None, None, None), exitpriority=10)
    return _render_with(_WORKER_KERNEL[0], batch, out, lambda n: None)


def _render_share(pages: list, out: str, update) -> list:
    with _Kernel(notebook_dir()) as kernel:
        return _render_with(kernel, pages, out, update)


def _render_with(kernel: _Kernel, pages: list, out: str, update) -> list:
    import nbformat

    folder = notebook_dir()
    sources = {}
    results = []
    for key, notebook, params, title in pages:
        try:
            if notebook not in sources:
                sources[notebook] = nbformat.read(folder / notebook, as_version=4)
            nb = kernel.run(sources[notebook], params)
            page = Path(out) / ("index.html" if key is CORPUS_PAGE else f"{page_name(key)}.html")
            page.write_text(notebook_to_html(nb, title=title), encoding="utf-8")
            results.append((key, page, None))
        except Exception as exc:  # one bad page must not stop the run
            results.append((key, None, f"{type(exc).__name__}: {_first_line(exc)}"))
        update(1)
    return results


def _first_line(exc: Exception) -> str:
    lines = [ln for ln in str(exc).splitlines() if ln.strip()]
    return lines[-1] if lines else ""


_SAFE_ID = re.compile(r"[A-Za-z0-9_@-][\w.@-]*")


def page_name(article_id: str) -> str:
    """File name (without .html) of an article's report page: the id itself when it is a safe
    file name, else a slug of it plus a short hash of the id, so that ids differing only in
    characters a file name cannot hold ("a/b", "a?b", "a b") get pages of their own, stably.
    Never "index" (the corpus page), whatever the case.

    >>> page_name("000_cfd6d3fc7ab3151e"), page_name("a/b"), page_name("a b"), page_name("index")
    ('000_cfd6d3fc7ab3151e', 'a_b-c14cddc0', 'a_b-c8687a08', 'index-1bc04b52')
    """
    import hashlib

    article_id = str(article_id)
    if _SAFE_ID.fullmatch(article_id) and article_id.lower() != "index" and len(article_id) <= 120:
        return article_id
    slug = re.sub(r"[^\w.@-]+", "_", article_id).strip("._")[:80] or "article"
    return f"{slug}-{hashlib.sha256(article_id.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def _simple_index(out: Path, written: dict, arts) -> Path:
    import html

    items = "\n".join(
        f'<li><a href="{html.escape(p.name)}">{html.escape(str(aid))}</a></li>' for aid, p in written["articles"].items()
    )
    page = out / "index.html"
    page.write_text(f"<!doctype html><meta charset='utf-8'><title>Reports</title><h1>Reports</h1><ul>{items}</ul>",
                    encoding="utf-8")
    return page

