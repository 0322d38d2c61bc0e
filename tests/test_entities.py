"""Entities on the seed article: the people, organisations, places and the weapon it names."""
import analysis


def _types(prof):
    return {(r.name, r.type): r.mentions for r in prof.entity_counts.itertuples()}


def test_seed_entities(seed_profile):
    got = _types(seed_profile)
    assert got[("Andrei Belousov", "PER")] == 3
    assert got[("Viktor Khrenin", "PER")] == 3
    assert ("Valerii Revenko", "PER") in got
    for org in ("NATO", "CIS", "Union State"):
        assert (org, "ORG") in got, org
    for loc in ("Moscow", "Minsk", "Alma-Ata", "Warsaw", "Poland"):
        assert (loc, "LOC") in got, loc
    assert ("Iskander-M", "MISC") in got
    # One entity per person: no stray "Belousov" or "Beloусов" entries.
    assert not any("Belo" in name and name != "Andrei Belousov" for name, _ in got)


def test_mentions_index_the_text(seed_profile):
    for row in seed_profile.entities.itertuples():
        assert seed_profile.text[row.start:row.end] == row.text


def test_acronym_tied_to_expansion(seed_profile):
    ents = seed_profile.entities
    assert set(ents.loc[ents["text"] == "COMD", "name"]) == {"Council of Ministers of Defense"}


def test_title_stripped_and_surname_resolved():
    prof = analysis.profile_article("Foreign Minister Sergei Lavrov arrived in Minsk. Lavrov spoke briefly.")
    assert prof.entities[["text", "name", "type"]].values.tolist() == [
        ["Sergei Lavrov", "Sergei Lavrov", "PER"], ["Minsk", "Minsk", "LOC"], ["Lavrov", "Sergei Lavrov", "PER"]]
