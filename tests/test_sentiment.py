"""Sentence sentiment: the defects of plain NLTK VADER that the kit fixes, and aggregation."""
from pathlib import Path

import pytest

import analysis
from analysis import resources
from analysis.sentiment import sentence_sentiment


@pytest.fixture(scope="module")
def nltk_vader():
    resources.nltk_data_dir()
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer(lexicon_file="sentiment/vader_lexicon/vader_lexicon.txt")
    return lambda s: sia.polarity_scores(s)["compound"]


# (sentence, expected sign) where plain NLTK VADER gets the sign wrong or finds nothing.
CASES = {
    "no problem": ("There was no problem with the handover.", 1),
    "no doubt": ("There is no doubt the talks helped both sides.", 1),
    "repeated word negated once": ("The first offer was not bad, but the final deal was bad for Minsk.", -1),
    "curly quotes": ("Officials called the talks “excellent”.", 1),
    "corpus quotes": ("Officials called the talks ''excellent''.", 1),
    "emoji": ("The minister left the talks 😊", 1),
    "news lexicon": ("Shelling escalated and casualties mounted.", -1),
    "news lexicon positive": ("A ceasefire and reconciliation followed.", 1),
}


@pytest.mark.parametrize("case", CASES)
def test_kit_fixes_what_plain_nltk_vader_gets_wrong(case, nltk_vader):
    text, sign = CASES[case]
    kit = sentence_sentiment(text)
    plain = nltk_vader(text)
    assert kit * sign > 0.05, f"kit {kit}"
    assert not plain * sign > 0.05, f"plain NLTK VADER already right ({plain}); the case shows nothing"


def test_plain_reporting_scores_neutral():
    """Every sentence has some induced valence, measured from the level of plain reporting, so a
    wire-style sentence lands inside the neutral band and text with no known word scores exactly 0."""
    from analysis.sentiment import NEGATIVE, POSITIVE

    for text in ("The committee met on Tuesday in Minsk.", "Parliament will vote on the bill next week.",
                 "The ministry published the figures on Monday."):
        assert NEGATIVE < sentence_sentiment(text) < POSITIVE, text
    assert sentence_sentiment("1996-08-30") == 0.0 == sentence_sentiment("Xqz vrrk.")


def test_scores_are_bounded():
    text = "Wonderful, superb, brilliant, magnificent, outstanding and glorious triumph! " * 3
    assert -1.0 <= sentence_sentiment(text) <= 1.0


def test_article_mean_does_not_saturate(nltk_vader):
    sentence = "The talks went fairly well."
    article = "\n".join([sentence] * 40)
    prof = analysis.profile_article(article)
    one = sentence_sentiment(sentence)
    assert prof.summary["sentiment_mean"] == pytest.approx(one)
    assert prof.summary["sentiment_mean"] < 0.9
    assert nltk_vader(article) > 0.99  # what scoring the whole text at once would have said


def test_summary_shares_and_range(seed_profile):
    s = seed_profile.summary
    assert s["positive_share"] + s["neutral_share"] + s["negative_share"] == pytest.approx(1.0)
    sent = seed_profile.sentences["sentiment"]
    assert s["sentiment_min"] == sent.min() and s["sentiment_max"] == sent.max()
    assert s["negative_share"] > 0.3  # the seed is a tense defence piece


def test_paragraph_means_for_the_arc(seed_profile):
    paras = seed_profile.paragraphs
    assert len(paras) == 17
    p3 = seed_profile.sentences.query("para_id == 3")["sentiment"].mean()
    assert paras.set_index("para_id").loc[3, "sentiment_mean"] == pytest.approx(p3)


def test_faster_analyser_scores_as_the_reference(seed_profile):
    """The kit's analyser reimplements vaderSentiment's hot paths for speed; on real sentences
    (and ones with emoji, negation, capitals, "least", "no", idioms and "!!") it must score
    exactly as an untouched reference analyser does with the same lexicon."""
    import csv

    from vaderSentiment import vaderSentiment as vs

    from analysis.sentiment import prepare
    from analysis.vader import NewsAnalyzer

    with open(Path(__file__).parent / "data" / "gold_sentiment.tsv", encoding="utf-8") as fh:
        texts = [row["text"] for row in csv.DictReader(fh, delimiter="\t")]
    texts += list(seed_profile.sentences["text"])
    texts += ["Not bad at all \U0001F600 , kind of great .", "  It was no problem , but the talks failed !  ",
              "He isn't happy , and they never said it was so good .", "It is NOT GOOD at all!!",
              "no good or bad", "This is not the least bit bad", "at least it is fine", "He is SO HAPPY and sad ??",
              "cut the mustard is good", "without doubt good", "NO, GREAT", "The bad, the good and the ugly?!?!?",
              " ".join(["good but bad"] * 40), "bad bad good but good good bad but bad", "but good", "good but"]
    sia = NewsAnalyzer()
    reference = vs.SentimentIntensityAnalyzer()
    reference.lexicon = sia.lexicon
    for text in map(prepare, texts):
        expected = reference.polarity_scores(text)
        assert sia.polarity_scores(text) == expected, text
        assert sia.compound(text) == expected["compound"], text


def test_shifters_and_negation_reverse_the_other_lexicons():
    """A word after "reduce"/"prevent" or "not" counts the other way round in the blended
    lexicon signals, and evidence before "but" counts less than after it."""
    from analysis.sentiment import lexicon_signals, sentence_sentiment

    plain, shifted = lexicon_signals("Corruption is rampant."), lexicon_signals("The reform will reduce corruption.")
    # (MPQA for, MPQA against, AFINN for, AFINN against, Warriner mean, induced mean)
    assert plain[1] < 0 and shifted[1] == 0 and shifted[0] > 0
    good, not_good = lexicon_signals("The plan is good."), lexicon_signals("The plan is not good.")
    assert good[0] > 0 and good[1] == 0 and not_good[0] == 0 and not_good[1] < 0
    assert sentence_sentiment("The reform will reduce corruption.") > sentence_sentiment("Corruption is rampant.")
    assert sentence_sentiment("The talks failed, but the ceasefire held.") > \
        sentence_sentiment("The ceasefire held, but the talks failed.")
    assert lexicon_signals("The committee met on Tuesday.")[:4] == (0.0, 0.0, 0.0, 0.0)
    # The induced valence is reversed by negation too.
    assert good[5] > 0 > not_good[5]
    # A shifter at work is not evidence of its own: AFINN's -1 for "prevents" does not count here.
    assert lexicon_signals("The new vaccine prevents deaths.")[3] == 0 < lexicon_signals("It prevents.")[3] * -1


def test_inflected_forms_take_their_lemmas_entries():
    """MPQA, AFINN and Warriner list lemmas; "deficits" and "wounded" read as "deficit" and "wound",
    while auxiliaries ("is", "was") do not inherit the valence readers gave "be"."""
    from analysis.sentiment import lexicon_signals

    assert lexicon_signals("Deficits grew.")[:5] == lexicon_signals("Deficit grew.")[:5] != (0.0,) * 5
    assert lexicon_signals("Two were wounded.")[1] < 0
    assert lexicon_signals("It is.")[:5] == lexicon_signals("It was.")[:5] == (0.0,) * 5


def test_induced_valence_agrees_with_lexicons_it_was_not_fitted_on():
    """The induced valences were fitted to the Warriner norms only. On the words VADER rates
    strongly (|valence| >= 2) and Warriner does not list, their sign should mostly agree with
    VADER's: the check that the file carries word meaning, not noise."""
    import numpy as np
    from vaderSentiment import vaderSentiment as vs

    from analysis import resources

    induced, norms = resources.induced_valence(), resources.warriner_norms()
    pairs = np.array([(induced[w], v) for w, v in vs.SentimentIntensityAnalyzer().lexicon.items()
                      if w in induced and w not in norms and abs(v) >= 2])
    assert len(pairs) > 1000
    assert np.mean(np.sign(pairs[:, 0]) == np.sign(pairs[:, 1])) > 0.8
    assert np.corrcoef(pairs.T)[0, 1] > 0.7


def test_but_rule_equals_the_reference_on_repeated_values():
    """The kit's "but" rule runs in n log n; on lists full of repeated values (where the reference's
    list.index touches first copies again and again) it must give exactly the reference's output."""
    import random

    from vaderSentiment import vaderSentiment as vs

    from analysis.vader import NewsAnalyzer

    rng = random.Random(7)
    for _ in range(500):
        n = rng.randint(1, 30)
        values = [rng.choice([0, 0.0, 1.5, -2.0, 0.75, 3.0, -0.75]) for _ in range(n)]
        words = [rng.choice(["good", "bad", "x"]) for _ in range(n)]
        words[rng.randrange(n)] = rng.choice(["but", "BUT", "x"])
        expected = vs.SentimentIntensityAnalyzer._but_check(words, list(values))
        assert NewsAnalyzer.but_rule(words, list(values)) == expected, (words, values)


def test_article_batch_scores_equal_the_sentence_by_sentence_reference():
    """``sentiment_scores`` reads a whole article's lexicon signals in one compiled pass; its
    scores and signals equal ``sentence_sentiment`` / ``lexicon_signals`` one sentence at a time,
    on real sentences (the dev ratings set) and on the awkward ones: negation written in capitals
    (``_signals`` reverses "n't" only as written), shifters at work, "but", nothing known, empty."""
    import numpy as np

    from analysis.evaluate import read_sentiment_dev
    from analysis.sentiment import default_signal_table, lexicon_signals, prepare, sentiment_scores
    from conftest import eval_file

    awkward = ["DON'T do it. It isn't good.", "He doesn't fail, but won't win.", "", "1996-08-30",
               "The vaccine prevents deaths but not all.", "Not bad at all!", "no", "Xqz\x00vrrk bad."]
    texts = awkward + list(read_sentiment_dev(eval_file("sentiment_nyt_dev.tsv"))["text"])
    batch = sentiment_scores(texts)
    plain = np.array([sentence_sentiment(t) for t in texts])
    assert np.array_equal(batch, plain) and np.array_equal(np.signbit(batch), np.signbit(plain))
    signals = default_signal_table().signals(list(map(prepare, texts)))
    assert np.array_equal(signals, np.array([lexicon_signals(t) for t in texts]))
    # Every word of the table, the last one too ("zzz", whose row the sentence mark once overwrote).
    table = default_signal_table()
    probes = [f"it was {w}" for w in table.ids if w != "\x00"]
    assert np.array_equal(table.signals(list(map(prepare, probes))), np.array([lexicon_signals(t) for t in probes]))
    # Negation by "n't" changes the signals, so a batch that missed the rule would fail above.
    assert lexicon_signals("it isn't good") != lexicon_signals("it is good")


def test_compiled_vader_equals_compound_sentence_by_sentence():
    """``NewsAnalyzer.compounds`` runs VADER's per-word rules for many sentences in one compiled
    loop; every score equals ``compound`` (itself tested against the reference analyser) on the
    dev sentences and on each rule's own case: "but" with repeated values, idioms, multi-word
    boosters, "least", capitals, negation by "n't" and by "never so", emphasis, emoji."""
    from vaderSentiment import vaderSentiment as vs

    from analysis.evaluate import read_sentiment_dev
    from analysis.vader import default_analyzer
    from conftest import eval_file

    rules = ["It was kind of good.", "NOT GOOD AT ALL", "This is the bomb, yeah right", "a kiss of death for them",
             "He is never so happy", "Without doubt great", "at least not bad", "very least good", "no good",
             "nor good or bad", "It's the shit!!!", "Wow?? Good???", "good :) great 😀", "she was sort of happy",
             "just enough good", "good good bad but bad good good", "but good", "good but", "It isn't bad, but ok.",
             "The VERY bad deal", "", "   ", "no"]
    texts = rules + list(read_sentiment_dev(eval_file("sentiment_nyt_dev.tsv"))["text"])
    sia = default_analyzer()
    # Every lexicon word, booster and negator in a plain and in a negated, boosted context.
    words = [*sia.lexicon, *vs.BOOSTER_DICT, *vs.NEGATE]
    texts += [f"it was {w}" for w in words] + [f"not very {w} at all" for w in words]
    assert sia.compounds(texts) == [sia.compound(t) for t in texts]
    assert sia.compounds(["good but bad"]) != sia.compounds(["good and bad"])  # the rule is not a no-op
