"""Hedging cues: the seed article, and one test per context rule, each with an example the rule
gets right and a plain cue-word list (the same lexicon without rules) gets wrong."""
import pytest

from analysis.evaluate import hedged_predictions
from analysis.hedging import find_cues


def test_seed_is_mostly_hedged_and_rests_on_anonymous_sources(seed_profile):
    s = seed_profile.summary
    assert s["hedged_share"] >= 0.40
    assert s["anonymous_sources"] >= 1 and s["anonymous_sources"] + s["vague_sources"] >= 3
    assert s["named_sources"] >= 1
    sents = seed_profile.sentences
    anon = sents[sents["attribution"] == "anonymous"]["text"]
    assert any(t.startswith("Sources close to the discussion suggest") for t in anon)
    unnamed = sents[sents["attribution"].isin(["anonymous", "vague"])]["text"]
    assert any("speaking on condition of anonymity" in t for t in unnamed)
    named = sents[sents["attribution"] == "named"]["text"]
    assert any("he wrote" in t for t in named)
    cues = seed_profile.cues
    assert {"may signal", "has not been officially confirmed", "speaking on condition of anonymity"} <= set(cues["text"])
    for row in cues.itertuples():
        assert seed_profile.text[row.start:row.end] == row.text
        sent = sents.loc[row.sent_id]
        assert sent.start <= row.start < sent.end


def test_summary_density_matches_tables(seed_profile):
    s, cues = seed_profile.summary, seed_profile.cues
    n_unc = int(cues["kind"].isin(["hedge", "weasel"]).sum())
    assert s["hedge_density"] == pytest.approx(100 * n_unc / s["n_words"])
    assert s["hedged_share"] == pytest.approx(seed_profile.sentences["hedged"].mean())
    assert (seed_profile.sentences["hedged"] == (seed_profile.sentences["hedges"] > 0)).all()


def test_multi_word_cue_wins_over_its_parts():
    cues = find_cues("The deployment has not been officially confirmed.")
    assert [(c.text, c.kind) for c in cues] == [("has not been officially confirmed", "hedge")]


# (rule, sentence, expected hedged): each sentence is one a plain word list misjudges.
RULE_CASES = [
    ("May the month", "The summit was held in May 2024 in Minsk.", False),
    ("May the month, date first", "Troops arrived on May 9 for the parade.", False),
    ("might the noun", "Russia displayed its military might in Red Square.", False),
    ("could not is past inability", "The minister could not attend the session.", False),
    ("could be reached", "Mr. Revenko could not be reached for comment.", False),
    ("as if", "He spoke as if the deal were done.", False),
    ("approximation", "The army deployed an estimated 500 troops near the border.", False),
    ("approximation with at", "The damage was estimated at $4 million.", False),
    ("suspect the noun", "Police detained the suspect at the border.", False),
    ("as expected", "As expected, the council adopted the budget.", False),
    ("appeared in court", "The officer appeared in court on Monday.", False),
    ("possible as feasibility", "The ministry will reply as soon as possible.", False),
]


@pytest.mark.parametrize("rule,text,expected", RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_context_rule(rule, text, expected):
    assert bool(hedged_predictions([text])[0]) is expected
    assert bool(hedged_predictions([text], rules=False)[0]) is not expected  # the plain list gets it wrong


# The same words in the sense the rules keep: still hedges.
KEPT = [
    "The talks may resume next week.",
    "May the talks resume? Nobody knows.",
    "The missiles could reach Warsaw.",
    "Analysts estimated that the deal would fail.",
    "Officials suspect that the leak came from Minsk.",
    "It appears that the talks stalled.",
    "It is possible that the troops will stay.",
    "If the talks fail, sanctions follow.",
]


@pytest.mark.parametrize("text", KEPT)
def test_rules_keep_real_hedges(text):
    assert hedged_predictions([text])[0]


def test_named_and_anonymous_attribution():
    named = find_cues("Defense Minister Viktor Khrenin said the talks were useful.")
    assert [(c.text, c.category) for c in named if c.kind == "attribution"] == [("said", "named source")]
    anon = find_cues("Officials said the talks were useful.")
    assert [(c.text, c.category) for c in anon if c.kind == "attribution"] == [("said", "anonymous source")]
    acc = find_cues("According to Valerii Revenko, security was discussed.")
    assert [c.category for c in acc if c.kind == "attribution"] == ["named source"]


def test_speaker_after_a_quotation_is_named():
    """'“... people want a safe area,” said Lopiano': the anonymous-sounding word is inside the
    quotation; the source is the named speaker after the verb (a real Gothamist page had this
    reported as an anonymous source). A quotation followed by 'officials said' rests on an
    unnamed group: a vague source."""
    from analysis import profile_article

    prof = profile_article("“It’s safe over here and people want a safe area,” said Lopiano, 52. "
                           "“We will see,” officials said.")
    assert prof.sentences["attribution"].tolist() == ["named", "vague"]


def test_a_denied_doubt_is_certainty_not_a_hedge():
    for text in ("He never doubts the plan.", "Nobody doubted that he would win.", "I don't doubt it."):
        cues = find_cues(text)
        assert [(c.kind, c.category) for c in cues] == [("booster", "negated doubt")], text
    assert [c.kind for c in find_cues("Many doubted the claim.")] == ["hedge"]


def test_the_judge_drops_hedge_words_used_plainly_and_keeps_weasels():
    from analysis import hedging

    text = "The results were expected, and sources close to the talks say the bridge may reopen."
    judged = [(c.text, c.kind) for c in find_cues(text)]
    rules_only = [(c.text, c.kind) for c in find_cues(text, judge=None)]
    assert ("expected", "hedge") in rules_only and ("expected", "hedge") not in judged
    assert ("may", "hedge") in judged and ("sources close to", "weasel") in judged
    judge = hedging.default_judge()
    assert 0.0 < judge.threshold < 1.0 and len(judge.weights) > 100


def test_conditionals_are_told_apart_in_the_findings():
    import analysis

    prof = analysis.profile_article("If the talks fail, the ceasefire may collapse. Officials suggest a deal could "
                                    "follow if both sides agree.")
    line = next(f for f in prof.findings if "uncertainty cues" in f)
    assert "2 of the 5 are conditionals (“if”)" in line


def test_may_asking_leave_or_wishing_is_no_hedge():
    """"May we take this opportunity to thank each and every one of you" (a real page, extraction_dev)
    counted as a hedge; sentence-initial "May" before a pronoun asks leave or wishes. The modal of
    possibility and a question about a thing stay hedges."""
    from analysis import hedging

    def hedges(text):
        return [c.text for c in hedging.find_cues(text) if c.kind in hedging.UNCERTAIN_KINDS]

    assert hedges("May we take this opportunity to thank each of you.") == []
    assert hedges("May I ask a question?") == []
    assert hedges("The talks may resume.") == ["may"] and hedges("May prices rise soon?") == ["May"]
