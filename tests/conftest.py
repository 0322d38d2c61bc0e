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
