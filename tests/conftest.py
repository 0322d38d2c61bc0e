from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_cfd6d3fc7ab3151e.txt"
EVAL = ROOT.parent / "shared" / "eval"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_profile(seed_text):
    import analysis

    return analysis.profile_article(seed_text)


def eval_file(name: str) -> Path:
    """A development-data file from ../shared/eval, or skip when it is not beside the repo."""
    path = EVAL / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


def page_profile(page_id: str):
    """The profile of an extraction_dev page as a user gets it: the page gunzipped to an .html file,
    loaded by ``load_articles`` and profiled (skipped when ../shared/eval is not beside the repo)."""
    import gzip
    import shutil
    import tempfile

    import analysis

    page = eval_file(f"extraction_dev/pages/{page_id}.html.gz")
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / f"{page_id}.html"
        with gzip.open(page, "rb") as src, open(html, "wb") as dst:
            shutil.copyfileobj(src, dst)
        return analysis.profile_article(analysis.load_articles(html)["text"].iloc[0])


HOSTILE_ARTICLE = """Markup in an article must stay text

Officials may announce <script>alert("pwned")</script> a deal on Friday, sources said.

An image <img src=x onerror="alert(1)"> was attached, and <b>bold</b> claims could follow.
"""


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory):
    """`python -m analysis report` on a folder holding the seed and an article full of markup."""
    import shutil
    import subprocess
    import sys

    src = tmp_path_factory.mktemp("articles")
    shutil.copy(SEED, src / SEED.name)
    (src / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    out = tmp_path_factory.mktemp("reports")
    run = subprocess.run([sys.executable, "-m", "analysis", "report", str(src), "--out", str(out), "--no-progress"],
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    return out
