"""The kit runs with an empty NLTK_DATA, a fresh HOME and no network."""
import os
import subprocess
import sys
import textwrap

from conftest import ROOT, SEED

SCRIPT = textwrap.dedent(f"""
    import socket
    def _refuse(*a, **k):
        raise OSError("network disabled by test")
    socket.socket.connect = _refuse
    socket.create_connection = _refuse
    import nltk
    nltk.download = lambda *a, **k: (_ for _ in ()).throw(AssertionError("nltk.download called"))
    import analysis
    from analysis import resources
    arts = analysis.load_articles({str(SEED)!r})
    prof = analysis.profile_article(arts.text[0])
    assert len(prof.sentences) == 19, len(prof.sentences)
    root = resources.nltk_data_dir()
    assert str(root) in nltk.data.path
    from nltk.sentiment.vader import SentimentIntensityAnalyzer
    sia = SentimentIntensityAnalyzer(lexicon_file="sentiment/vader_lexicon/vader_lexicon.txt")
    assert sia.polarity_scores("good")["compound"] > 0
    print("OK", root)
""")


def test_profiles_offline_with_empty_nltk_data(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "ANALYSIS_KIT"))}
    env.update(NLTK_DATA=str(empty), HOME=str(tmp_path / "home"), ANALYSIS_KIT_DATA=str(tmp_path / "kit"),
               no_proxy="*", http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("OK")
    assert not any(empty.iterdir())  # nothing was fetched into NLTK's own path
