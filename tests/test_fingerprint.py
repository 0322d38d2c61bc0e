"""The fast profile's tables on the dev corpora equal the stored fingerprint (issue 21): speed
work must not change a single value. A change that is meant (a refit, a new rule) is stored with
``python benchmarks/fingerprint.py --update`` and named in its commit."""
import json
import sys

from conftest import ROOT, eval_file

sys.path.insert(0, str(ROOT / "benchmarks"))
import fingerprint  # noqa: E402


def test_dev_corpora_profile_to_the_stored_fingerprint():
    eval_file("ner_conll03_dev.jsonl")
    eval_file("attribution_polnear_dev.jsonl")
    stored = json.loads(fingerprint.STORED.read_text(encoding="utf-8"))
    found = fingerprint.fingerprint()
    assert found["rows"] == stored["rows"]
    changed = [name for name in fingerprint.TABLES if found["tables"][name] != stored["tables"][name]]
    assert not changed, f"tables that changed: {changed}"


def test_the_fingerprint_sees_a_one_value_change():
    import pandas as pd

    table = pd.DataFrame({"article_id": ["a", "b"], "score": [0.25, -0.5], "text": ["x", "y"]})
    other = table.copy()
    other.loc[1, "score"] = -0.5000001
    assert fingerprint.table_digest(table) == fingerprint.table_digest(table.copy())
    assert fingerprint.table_digest(table) != fingerprint.table_digest(other)
    # The last bits of a float sum do not decide it.
    assert fingerprint.table_digest(table) == fingerprint.table_digest(table.assign(score=table.score + 1e-13))
