import pytest

from analysis import n_words, paragraph_spans, sentence_spans, word_spans
from conftest import DATA


def _golden_cases():
    blocks, current = [], []
    for line in (DATA / "sentence_boundaries.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


GOLDEN = _golden_cases()


def test_golden_set_is_large_enough():
    assert len(GOLDEN) >= 40


@pytest.mark.parametrize("expected", GOLDEN, ids=[c[0][:40] for c in GOLDEN])
def test_sentence_boundaries(expected):
    text = " ".join(expected)
    got = [text[s:e] for s, e, _ in sentence_spans(text)]
    assert got == expected


def test_sentences_do_not_cross_paragraphs():
    text = "The first paragraph has no full stop\nThe second one does."
    spans = sentence_spans(text)
    assert [(text[s:e], p) for s, e, p in spans] == [
        ("The first paragraph has no full stop", 0), ("The second one does.", 1)]


def test_blank_line_paragraphs():
    text = "First paragraph,\nwrapped here.\n\nSecond paragraph.\n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["First paragraph,\nwrapped here.", "Second paragraph."]


def test_word_offsets_index_the_text():
    text = "Russia’s Iskander-M and Alma-Ata: 1,200 km, https://t.me/modmilby and @MoD_Belarus aren't split."
    toks = word_spans(text)
    assert all(text[s:e] == t for s, e, t in toks)
    words = [t for _, _, t in toks]
    for whole in ["Iskander-M", "Alma-Ata", "1,200", "https://t.me/modmilby", "@MoD_Belarus", "aren't"]:
        assert whole in words
    assert words[:2] == ["Russia", "’s"]


def test_n_words_ignores_punctuation_and_possessive():
    assert n_words("Belarus’s MoD — a ministry — said so.") == 6


def test_one_sentence_shortcut_agrees_with_punkt(seed_text):
    """A paragraph with no place before its last character where Punkt could break (".", "?"
    or "!" followed by white space or punctuation) skips Punkt as one sentence; Punkt itself
    must find exactly that one sentence there. Checked on the CoNLL dev documents too when
    ../shared/eval is here."""
    import json
    import re

    from analysis.tokenise import punkt_tokenizer
    from conftest import EVAL

    paragraphs = [" ".join(block) for block in GOLDEN] + [seed_text[s:e] for s, e in paragraph_spans(seed_text)]
    paragraphs += ["Talks resumed", "Is it over?", "He said \"no\"", "Minsk (Belarus)", "x!", ".",
                   "Prices rose 1.5 percent in the U.S", "Visit www.example.org now", "A 3.5-4.0 range",
                   "He said so.\"", "Wait?!", "It was (really.) done", "Result: 2.0:1.5 after extra time"]
    paragraphs += [p.split(". ")[0] for p in paragraphs]
    conll = EVAL / "ner_conll03_dev.jsonl"
    if conll.exists():
        with open(conll, encoding="utf-8") as fh:
            paragraphs += [" ".join(json.loads(line)["tokens"]) for line in fh]
    shortcut = [p for p in paragraphs if not re.search(r"[.?!](?!\w)", p[:-1])]
    assert len(shortcut) > 20
    for para in shortcut:
        assert list(punkt_tokenizer().span_tokenize(para)) == [(0, len(para))], para
        assert sentence_spans(para) == [(0, len(para), 0)]


def test_huge_paragraph_is_cut_before_punkt():
    """An 8 MB paragraph (no line breaks) is split into sentences without NLTK's regex timeout, and
    every sentence is a stretch of the text; ordinary paragraphs are not cut."""
    from analysis.tokenise import MAX_PARAGRAPH

    sentence = "Officials in Minsk said the talks may resume on Tuesday. "
    para = (sentence * (8_000_000 // len(sentence))).strip()
    spans = sentence_spans(para)
    assert len(spans) == para.count(". ") + 1
    assert all(para[s:e] == para[s:e].strip() and para[s:e].endswith(".") for s, e, _ in spans[:50])
    assert spans[-1][1] == len(para)
    # Without a sentence end near the limit, a slice is cut at white space, and the slices cover the text.
    from analysis.tokenise import paragraph_slices

    unpunctuated = ("word " * (3 * MAX_PARAGRAPH // 5)).strip()
    pieces = paragraph_slices(unpunctuated)
    assert len(pieces) >= 3 and all(len(p) <= MAX_PARAGRAPH for _, p in pieces)
    assert " ".join(p for _, p in pieces) == unpunctuated
    assert all(unpunctuated[o:o + len(p)] == p for o, p in pieces)


def test_token_offsets_from_known_tokens_equal_matching_the_pattern_again(seed_text):
    """The fast path (a search per known token) gives the offsets the pattern itself gives."""
    from analysis.tokenise import TOKEN_PATTERN, token_offsets, word_spans

    text = seed_text + " Odd  spacing\tand\u00a0no-break spaces: “quoted,” he said—twice… (e.g. U.S.)."
    for s, e, _ in sentence_spans(text):
        assert token_offsets(text, s, TOKEN_PATTERN.findall(text, s, e)) == word_spans(text, s, e)


def test_plain_pattern_cuts_the_same_tokens_where_no_address_can_be():
    """Text holding no "@", "#", "http" or "www." is tokenised without the address branches
    (a quarter faster); the tokens equal the full pattern's (``TOKEN_PATTERN``) on the PolNeAR dev
    articles, and text with an address still keeps it whole."""
    import json

    from analysis.tokenise import TOKEN_PATTERN, sentence_spans, sentence_tokens
    from conftest import eval_file

    texts = [json.loads(line)["text"] for line in open(eval_file("attribution_polnear_dev.jsonl"), encoding="utf-8")]
    for text in texts:
        spans = sentence_spans(text)
        assert sentence_tokens(text, spans)[0] == [TOKEN_PATTERN.findall(text, s, e) for s, e, _ in spans]
    text = "Write to press@example.org or see www.example.org/news, #budget and @reuters today."
    assert sentence_tokens(text, [(0, len(text))])[0][0] == TOKEN_PATTERN.findall(text)
    assert {"press@example.org", "www.example.org/news", "#budget", "@reuters"} <= set(TOKEN_PATTERN.findall(text))


def test_a_sites_name_is_one_word():
    from analysis.tokenise import TOKEN_PATTERN, n_words

    assert TOKEN_PATTERN.findall("Amazon.com's shares; BBC.co.uk said. It rose 3.5 com.") == [
        "Amazon.com", "'s", "shares", ";", "BBC.co.uk", "said", ".", "It", "rose", "3.5", "com", "."]
    assert n_words("Amazon.com Inc. rose.") == 3
