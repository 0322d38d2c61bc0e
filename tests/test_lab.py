"""JupyterLab as users use it: a real server on loopback, notebook 01 opened in headless Chromium,
every cell run from the Run menu, and the article picker switching every section below it.

The notebook is a copy in a temporary folder (Lab saves into the file it opens), pointed at a file of
three articles so the picker appears; Lab's own settings live there too (no windowing, so every
cell stays in the page; no news fetched)."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser_check import CHROMIUM_ARGS, chromium_path
from conftest import DATA, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.notebooks]

TOKEN = "news-analysis-kit-test"
# Error output and anything a cell wrote to stderr: both carry this MIME type in Lab.
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lab_settings(folder: Path) -> None:
    for plugin, setting in (("notebook-extension/tracker", '{"windowingMode": "none"}'),
                            ("apputils-extension/notification", '{"fetchNews": "false"}')):
        path = folder / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(setting, encoding="utf-8")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server (this environment's, with the kit's kernel) on a free loopback port."""
    import nbformat

    if chromium_path() is None:
        pytest.fail("chromium is not installed: `make test` installs it through `make browser`")
    root = tmp_path_factory.mktemp("lab")
    nb = nbformat.read(ROOT / "notebooks" / "01-article-profile.ipynb", as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source = params.source.replace("ARTICLE = None", f"ARTICLE = {str(DATA / 'three_articles.jsonl')!r}", 1)
    nbformat.write(nb, root / "01-article-profile.ipynb")
    _lab_settings(root / ".settings")
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(root / ".settings"), JUPYTER_RUNTIME_DIR=str(root / ".runtime"),
               JUPYTER_CONFIG_DIR=str(root / ".config"))
    port = _free_port()
    jupyter = Path(sys.executable).with_name("jupyter")
    command = [str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}", "--LabApp.news_url=",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI containers run as root
    log = (root / "server.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"jupyter lab exited: {(root / 'server.log').read_text()[-2000:]}")
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", root
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _run_all_cells(page, root) -> None:
    """Run > Run All Cells, until the notebook has started (its header drawn): a click that lands
    while Lab is still laying out its menus is lost, so it is tried again (a page picture is kept
    in the test's folder for each miss)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(4):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_selector(".kit-header", state="attached", timeout=45_000)
            return
        except PlaywrightTimeout:
            page.screenshot(path=str(root / f"run-all-miss-{attempt}.png"))
            page.keyboard.press("Escape")
    raise AssertionError(f"Run All Cells never started the notebook; pictures in {root}")


@pytest.fixture(scope="module")
def ran_notebook(lab):
    """Notebook 01 after Run > Run All Cells, then after picking the third article; what the page
    showed at each step."""
    from playwright.sync_api import sync_playwright

    url, root = lab
    seen = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.goto(f"{url}/lab/tree/01-article-profile.ipynb?token={TOKEN}")
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
            try:
                _run_all_cells(page, root)
                page.wait_for_selector(".kit-glossary", state="attached", timeout=180_000)
            except Exception as exc:
                # What the page and the server showed, so a failure in CI can be read from its log.
                shown = page.locator("body").inner_text()[-1500:]
                log = (root / "server.log").read_text(errors="replace")[-1500:]
                raise AssertionError(f"{exc}\n--- page ---\n{shown}\n--- server log ---\n{log}") from None
            seen["kernel"] = page.locator(".jp-KernelName").first.inner_text()
            seen["errors"] = page.locator(STDERR).all_inner_texts()
            seen["options"] = page.locator(".widget-dropdown select").first.evaluate(
                "s => Array.from(s.options).map(o => o.value)")

            def shown() -> dict:
                return {"heading": page.locator(".kit-header h1").inner_text(),
                        "tables": page.locator(".kit-table").all_inner_texts(),
                        "findings": page.locator(".jp-OutputArea-output ul").first.inner_text()}

            seen["before"] = shown()
            page.locator(".widget-dropdown select").first.select_option(index=2)
            # Sections redraw in reading order; the table of all sentences is among the last.
            page.wait_for_function("() => { const t = document.querySelectorAll('.kit-table');"
                                   " return t.length && t[t.length - 1].innerText.includes('Kessel'); }",
                                   timeout=60_000)
            seen["after"] = shown()
            seen["errors_after"] = page.locator(STDERR).all_inner_texts()
        finally:
            browser.close()
    return seen


def test_notebook_runs_in_lab_with_the_kits_kernel_and_no_error_output(ran_notebook):
    assert ran_notebook["kernel"] == "News analysis kit"
    assert ran_notebook["errors"] == []
    assert [o.split(" · ")[0] for o in ran_notebook["options"]] == ["ferry-strike", "library-award", "bridge-delay"]


def test_picking_another_article_changes_every_table_below(ran_notebook):
    before, after = ran_notebook["before"], ran_notebook["after"]
    assert before["heading"] == "Ferry crews walk out over rotas"
    assert after["heading"] == "Bridge repairs could slip into summer"
    assert after["findings"] != before["findings"]
    # Every table drawn from the article (headline figures, entities, sources, sentences) changed.
    assert len(after["tables"]) >= 4
    changed = [a != b for a, b in zip(after["tables"], before["tables"])]
    assert sum(changed) >= 4, changed
    assert "Kessel Bridge" in " ".join(after["tables"]) and "Kessel Bridge" not in " ".join(before["tables"])
    assert ran_notebook["errors_after"] == []
