"""Aggregate: narrative findings, plain-English sentences a journalist could quote.

Every number comes from the profile's tables (summary, sentences, cues,
entity_counts, cooccurrence, repairs, paragraphs) or from the reference figures
in ``analysis/data/reference_stats.csv`` (see ``analysis.reference``). Findings
are plain text; presentation code escapes them before putting them in HTML.

>>> import analysis
>>> prof = analysis.profile_article("Officials said the talks may resume. Sources suggest a deal could follow.")
>>> print(prof.findings[0])  # doctest: +NORMALIZE_WHITESPACE
2 of 2 sentences (100%) carry a hedge or weasel cue, 25.0 per 100 words: more hedged than any of the 106
newswire articles in the reference set (their median: 0.7 per 100 words).
"""
from __future__ import annotations

import pandas as pd

from .language import language_name
from .quotes import speaker_label
from .reference import compared, reference_table
from .schema import UNCERTAIN_KINDS
from .sentiment import NEGATIVE

__all__ = ["article_findings", "REFERENCE_CORPUS", "TYPE_NAMES"]

# Hedging, sourcing and tone are set against newswire, the register closest to the kit's users' articles.
REFERENCE_CORPUS = "newswire"
TYPE_NAMES = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other"}


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…") + "”"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _median(measure: str) -> tuple[float, int]:
    n_docs, qs = reference_table()[(REFERENCE_CORPUS, measure)]
    return float(qs[len(qs) // 2]), n_docs


def _attribution_quoted(text: str, quote, limit: int = 120) -> str:
    """An attribution as a reader finds it, quoted: from its source (or its cue, when the cue comes
    first: "According to scientists, ...") through what it says; when the source comes after ("...,
    the feds announced"), what is said (shortened) and then who said it."""
    if quote["speaker_start"] < 0:
        return _quote(str(quote["speaker"]), limit)
    if quote["speaker_start"] <= quote["start"]:
        opening = min(int(quote["speaker_start"]), int(quote["cue_start"]))
        return _quote(text[opening:int(quote["end"])], limit)
    said = _quote(text[int(quote["start"]):int(quote["end"])], limit - 40)
    source = text[int(quote["end"]):int(max(quote["speaker_end"], quote["cue_end"]))].strip(" ,;:")
    return f"{said} {source}" if len(source) <= 40 else said


def _sourcing_findings(prof, n: int) -> list[str]:
    """Who is quoted and how often, what rests on anonymous or vague sources, and whether the
    reporter's own sentences are more hedged or more negative than the quoted ones."""
    s, quotes = prof.summary, prof.quotes
    if not len(quotes):
        return ["No attribution found: the article quotes or paraphrases no source."]
    out = []
    named = quotes[quotes["speaker_type"] == "named"]
    if len(named):
        # An unresolved "We", "we" and "I’m", "I" are one speaker each (quotes.speaker_label).
        shown = named["speaker"].map(speaker_label)
        who = named["speaker_name"].where(named["speaker_name"] != "", shown).value_counts().head(3)
        listed = "; ".join(f"{name} ({_plural(int(k), 'time')})" for name, k in who.items())
        out.append(f"{_plural(len(quotes), 'attribution')}, {_plural(int(s['named_sources']), 'named source')}; "
                   f"quoted most: {listed}.")
    else:
        out.append(f"{_plural(len(quotes), 'attribution')}, none to a named source.")
    anon, vague = int(s["anonymous_sources"]), int(s["vague_sources"])
    if anon or vague:
        first = quotes[quotes["speaker_type"].isin(["anonymous", "vague"])].iloc[0]
        a_cmp = compared(REFERENCE_CORPUS, "anonymous_share", anon / n, more="more anonymous sourcing",
                         less="less anonymous sourcing")
        verb = lambda k: "rests" if k == 1 else "rest"  # noqa: E731
        rest = [f"{_plural(anon, 'attribution')} {verb(anon)} on anonymous sources"] if anon else []
        if vague:
            rest.append(f"{_plural(vague, 'attribution')} " + ("on vague ones" if anon else f"{verb(vague)} on vague sources"))
        line = (f"{' and '.join(rest)}; the first: "
                f"{_attribution_quoted(prof.text, first)}")
        out.append(line + (f" ({a_cmp})." if anon else "."))
    rep, quo = s["sentiment_reporter"], s["sentiment_quoted"]
    if not (pd.isna(rep) or pd.isna(quo)):
        h_rep, h_quo = float(s["hedged_share_reporter"]), float(s["hedged_share_quoted"])
        # Compared as shown (two decimals, whole per cent): "more negative (mean +0.09) than the quoted
        # ones (+0.09)" read as a contradiction (extraction_dev 0604).
        r_rep, r_quo = round(float(rep), 2), round(float(quo), 2)
        p_rep, p_quo = round(h_rep * 100), round(h_quo * 100)
        out.append(f"The reporter's own sentences are {_compared_to_quotes(r_rep, r_quo, p_rep, p_quo)}; "
                   f"{float(s['quoted_share']):.0%} of the text is quoted content.")
    return out


def _tone_comparative(tone: float, other: float) -> str:
    """"more positive" / "more negative", or "less negative" / "less positive" when both tones are on
    the same side of zero: "more positive (mean -0.02) ... than the quoted ones (-0.03)" read as if the
    reporter were positive (extraction_dev 0799).

    >>> _tone_comparative(-0.02, -0.03), _tone_comparative(0.09, 0.11), _tone_comparative(0.05, -0.10)
    ('less negative', 'less positive', 'more positive')
    """
    if tone <= 0 and other <= 0:
        return "less negative" if tone > other else "more negative"
    if tone >= 0 and other >= 0:
        return "more positive" if tone > other else "less positive"
    return "more positive" if tone > other else "more negative"


def _compared_to_quotes(tone: float, quoted_tone: float, hedged: int, quoted_hedged: int) -> str:
    """The reporter's sentences against the quoted ones, as shown (mean tone to two decimals,
    hedged share in whole per cent), worded so that a tie reads "as ... as" and a tie in a
    negative tone is "as negative" (a Gaza page, extraction_dev 0393, read "as positive (mean
    -0.14) and more hedged (4%) than the quoted ones (-0.14, 3%)").

    >>> _compared_to_quotes(-0.14, -0.14, 4, 3)
    'as negative (mean -0.14) as the quoted ones (-0.14) and more hedged (4% against 3%)'
    >>> _compared_to_quotes(0.05, -0.10, 2, 6)
    'more positive (mean +0.05) and less hedged (2%) than the quoted ones (-0.10, 6%)'
    """
    if tone == quoted_tone:
        level = "negative" if tone < 0 else "positive" if tone > 0 else "neutral"
        first = f"as {level} (mean {tone:+.2f}) as the quoted ones ({quoted_tone:+.2f})"
        if hedged == quoted_hedged:
            return f"{first} and as hedged ({hedged}% each)"
        more = "more" if hedged > quoted_hedged else "less"
        return f"{first} and {more} hedged ({hedged}% against {quoted_hedged}%)"
    toned = f"{_tone_comparative(tone, quoted_tone)} (mean {tone:+.2f})"
    if hedged == quoted_hedged:
        return f"{toned} than the quoted ones ({quoted_tone:+.2f}) and as hedged ({hedged}% each)"
    more = "more" if hedged > quoted_hedged else "less"
    return f"{toned} and {more} hedged ({hedged}%) than the quoted ones ({quoted_tone:+.2f}, {quoted_hedged}%)"


def _other_language_findings(prof, code: str) -> list[str]:
    """What can be said of an article not in English: its language, its size, its repairs."""
    s = prof.summary
    name = language_name(code)
    out = [f"The article is in {name} ({code}). The kit's tone, hedging, sourcing and entity measures are "
           f"built for English, so they are not reported for it; {int(s['n_words']):,} words in "
           f"{_plural(int(s['n_sentences']), 'sentence')} and {_plural(int(s['n_paragraphs']), 'paragraph')} "
           f"were read."]
    if len(prof.repairs):
        out.append(f"{_plural(len(prof.repairs), 'repair')} were made to the text before reading it "
                   f"(see the repairs table).")
    return out


def article_findings(prof) -> list[str]:
    """Five to ten findings for one ``ArticleProfile`` (fewer for a very short article)."""
    s = prof.summary
    n = int(s["n_sentences"])
    if n == 0:
        return ["The article has no sentences to profile."]
    language = str(s.get("language", "en"))
    if language != "en":
        return _other_language_findings(prof, language)
    out = []
    hedged = int(prof.sentences["hedged"].sum())
    density = float(s["hedge_density"])
    against = compared(REFERENCE_CORPUS, "hedge_density", density, more="more hedged", less="less hedged")
    med, _ = _median("hedge_density")
    lead = ("No sentence carries a hedge or weasel cue" if not hedged else
            f"{hedged} of {n} sentences ({s['hedged_share']:.0%}) {'carries' if hedged == 1 else 'carry'} a hedge or weasel cue, "
            f"{density:.1f} per 100 words")
    out.append(f"{lead}: {against} (their median: {med:.1f} per 100 words).")

    unc = prof.cues[prof.cues["kind"].isin(UNCERTAIN_KINDS)]
    if len(unc):
        top = unc["text"].str.lower().value_counts().head(3)
        listed = ", ".join(f"“{t}” ({k})" for t, k in top.items())
        lead = "The commonest uncertainty cues are" if top.iloc[0] > 1 else "Its uncertainty cues include"
        line = f"{lead} {listed}."
        # Conditionals ("if", "unless") set out a possibility; they are not the reporter's doubt.
        conditional = unc[unc["category"] == "conditional"]
        if len(conditional):
            words = ", ".join(f"“{w}”" for w in conditional["text"].str.lower().value_counts().index[:3])
            line += (f" {len(conditional)} of the {len(unc)} {'is a conditional' if len(conditional) == 1 else 'are conditionals'}"
                     f" ({words}), which set out a possibility rather than doubt what is reported.")
        out.append(line)

    out += _sourcing_findings(prof, n)

    mean = float(s["sentiment_mean"])
    s_cmp = compared(REFERENCE_CORPUS, "sentiment_mean", mean, more="more positive", less="more negative")
    line = (f"Tone: mean sentence sentiment {mean:+.2f} on a -1 to +1 scale (range {float(s['sentiment_min']):+.2f} "
            f"to {float(s['sentiment_max']):+.2f}), {s_cmp}; "
            f"{s['negative_share']:.0%} of sentences read negative")
    worst = prof.sentences.loc[prof.sentences["sentiment"].idxmin()]
    if worst["sentiment"] < NEGATIVE:  # a sentence that reads negative, not the least positive of neutral ones
        line += f". The most negative: {_quote(worst['text'])}"
    out.append(line + ".")

    counts = prof.entity_counts
    if len(counts):
        top = counts.head(3)
        listed = "; ".join(f"{r.name} ({TYPE_NAMES[r.type]}, {_plural(int(r.mentions), 'mention')})"
                           for r in top.itertuples())
        out.append(f"Most mentioned: {listed}.")
        # "What is said about whom": the most mentioned person, else the most mentioned entity.
        people = counts[counts["type"] == "PER"]
        lead = (people if len(people) else counts).iloc[0]
        out.append(f"Sentences naming {lead['name']} ({_plural(int(lead['sentences']), 'sentence')}) average "
                   f"sentiment {float(lead['sentiment_mean']):+.2f}, and {float(lead['hedged_share']):.0%} of them "
                   f"are hedged.")
    if len(prof.cooccurrence):
        pair = prof.cooccurrence.iloc[0]
        if int(pair["sentences"]) > 1:
            out.append(f"{pair['name_a']} and {pair['name_b']} appear together in "
                       f"{_plural(int(pair['sentences']), 'sentence')}, the most frequent pairing.")

    paras = prof.paragraphs
    if len(paras) > 2 and float(paras["hedge_density"].max()) > 0:
        p = paras.loc[paras["hedge_density"].idxmax()]
        out.append(f"Paragraph {int(p['para_id']) + 1} of {len(paras)} is the most hedged, "
                   f"{float(p['hedge_density']):.1f} cues per 100 words.")

    # Only mixed-script repairs are a forensic signal; odd spaces, zero-width characters and
    # Unicode forms are typesetting (they stay in the repairs table).
    repairs = prof.repairs[prof.repairs["reason"].str.contains("look-alike|mixed-script", regex=True)]
    if len(repairs):
        times = repairs["original"].value_counts()
        shown = ", ".join(f"“{r.original}” → “{r.repaired}”" + (f" ({times[r.original]} times)" if times[r.original] > 1 else "")
                          for r in repairs.drop_duplicates("original").head(3).itertuples())
        out.append(f"{_plural(len(repairs), 'word')} mixed look-alike letters from another script and "
                   f"{'was' if len(repairs) == 1 else 'were'} repaired before analysis: {shown}. A forensic signal "
                   f"worth checking: look-alikes can be an editing accident or a way past keyword filters.")
    boosters = int((prof.cues["kind"] == "booster").sum())
    if boosters:
        out.append(f"{_plural(boosters, 'booster')} (words of certainty such as "
                   f"“{prof.cues.loc[prof.cues['kind'] == 'booster', 'text'].iloc[0]}”) "
                   f"{'stands' if boosters == 1 else 'stand'} against the hedges.")
    return out[:12]
