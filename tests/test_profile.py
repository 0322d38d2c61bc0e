import pytest

import analysis


def test_seed_structure(seed_profile):
    s = seed_profile.sentences
    assert s["para_id"].nunique() == 17
    assert len(s) == 19
    assert int(seed_profile.summary["n_sentences"]) == 19
    assert int(seed_profile.summary["n_paragraphs"]) == 17
    assert list(s.columns[:6]) == ["sent_id", "para_id", "start", "end", "text", "n_words"]
    for row in s.itertuples():
        assert seed_profile.text[row.start:row.end] == row.text
    assert int(seed_profile.summary["n_words"]) == int(s["n_words"].sum()) > 500


def test_seed_quoted_sentences(seed_profile):
    texts = seed_profile.sentences["text"].tolist()
    assert texts[3].endswith("'strategic in nature.'")
    assert texts[4].startswith("However,")
    assert any(t.startswith("'At the meeting") and t.endswith("gravity of the situation.") for t in texts)


def test_title_is_kept_beside_text():
    p = analysis.profile_article("Talks resumed.", title="Talks")
    assert p.title == "Talks" and p.text == "Talks resumed."


def test_non_string_is_a_clear_error():
    with pytest.raises(TypeError, match="str"):
        analysis.profile_article(None)


def test_empty_text_profiles_to_zero():
    p = analysis.profile_article("")
    assert len(p.sentences) == 0 and int(p.summary["n_words"]) == 0
