from analysis import normalise_text, profile_article


def _check_offsets(result):
    for repair in result.repairs:
        assert result.text[repair.start:repair.end] == repair.repaired, repair.reason


def test_seed_name_is_transliterated(seed_profile):
    assert "Beloусов" not in seed_profile.text
    assert seed_profile.text.count("Belousov") == 3
    reps = seed_profile.repairs
    assert len(reps) == 3
    assert set(reps["original"]) == {"Beloусов"} and set(reps["repaired"]) == {"Belousov"}
    assert all(seed_profile.text[s:e] == "Belousov" for s, e in zip(reps["start"], reps["end"]))
    assert reps["reason"].str.contains("BGN/PCGN").all()


def test_lookalike_spoof_is_mapped_not_transliterated():
    r = normalise_text("Log in to your pаypal account at once.")   # Cyrillic а
    assert r.text == "Log in to your paypal account at once."
    assert r.repairs == [(15, 21, "pаypal", "paypal", "look-alike characters mapped")]


def test_all_lookalike_run_that_is_a_word():
    r = normalise_text("The сосk crowed.")  # Cyrillic с о с + Latin k: spoof of "cock"
    assert r.text == "The cock crowed."


def test_cyrillic_text_and_whole_cyrillic_words_left_alone():
    text = "Министр обороны встретился с коллегой. The word Минск stays in Cyrillic."
    r = normalise_text(text)
    assert r.text == text and r.repairs == []


def test_latin_lookalike_in_cyrillic_context():
    r = normalise_text("Переговоры прошли в Мoскве за закрытыми дверями.")  # Latin o in Москве
    assert r.text == "Переговоры прошли в Москве за закрытыми дверями."
    assert r.repairs[0][4] == "look-alike characters mapped"


def test_invisible_characters_and_odd_spaces():
    text = "Iskan\u00adder\u200b-M missiles\u00a0were\u2009moved."
    r = normalise_text(text)
    assert r.text == "Iskander-M missiles were moved."
    assert len(r.repairs) == 4
    _check_offsets(r)


def test_nfc():
    r = normalise_text("Gene\u0300ve talks")
    assert r.text == "Genève talks"
    _check_offsets(r)


def test_repairs_offsets_survive_several_passes():
    r = normalise_text("A\u200b Beloусов and\u00a0Жуковa said.")
    _check_offsets(r)
    assert "Belousov" in r.text


def test_clean_text_is_returned_unchanged(seed_text):
    clean = "Plain ASCII text. Nothing to repair."
    assert profile_article(clean).text == clean
    assert profile_article(clean).repairs.empty
