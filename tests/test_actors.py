"""The actor finder, rule by rule: (text, expected) tables, then the running example.

Texts are invented for these tests (names included) unless they name a real office-holder to
exercise the KB. Expected actors are written as (name, kind, country, sector, role).
"""
from __future__ import annotations

import datetime as dt

import pytest

from polemos.extract.actors import ActorFindings, find_actors
from polemos.model import Actor
from polemos.resolve.actor_kb import ActorKB

PUBLISHED = dt.date(2019, 5, 24)


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


@pytest.fixture(scope="module")
def read(nlp, kb):
    def read(text: str, published: dt.date | None = PUBLISHED) -> ActorFindings:
        return find_actors(nlp(text), kb=kb, published=published)
    return read


def named(findings: ActorFindings, name: str) -> Actor:
    matches = [a for a in findings.actors if a.name == name]
    assert matches, f"no actor named {name!r} in {[a.name for a in findings.actors]}"
    return matches[0]


def owner_of(findings: ActorFindings, word: str) -> Actor | None:
    """The actor whose mentions include ``word`` on its own (a pronoun, a surname)."""
    return next((a for a in findings.actors for m in a.mentions if m.text == word), None)


def described(actor: Actor) -> tuple:
    return actor.name, actor.kind, actor.country, actor.sector, actor.role


TITLES = [
    ("Kenyan Foreign Minister Amina Odhiambo arrived in Addis Ababa on Monday.",
     ("Amina Odhiambo", "person", "KEN", "GOV", "Foreign Minister")),
    ("French President Emmanuel Macron met reporters on Monday.",
     ("Emmanuel Macron", "person", "FRA", "GOV", "President")),
    ("Col. Idris Mansour told reporters that the road was closed.",
     ("Idris Mansour", "person", None, "MIL", "Colonel")),
    ("Opposition leader Miriam Okafor said she would contest the result.",
     ("Miriam Okafor", "person", None, "OPP", "Opposition Leader")),
    ("Tomas Varga, a spokesman for the Interior Ministry, said the border would reopen.",
     ("Tomas Varga", "person", None, "GOV", "Spokesperson")),
]


@pytest.mark.parametrize(("text", "expected"), TITLES)
def test_titles_and_appositions(read, text: str, expected: tuple) -> None:
    assert described(named(read(text), expected[0])) == expected


@pytest.mark.parametrize(("text", "person", "organization"), [
    ("Gen. Baraka Ossei, who is leading the Northern Defence Force, said the town had fallen.",
     "Baraka Ossei", "Northern Defence Force"),
    ("Tomas Varga, a spokesman for the Interior Ministry, said the border would reopen.",
     "Tomas Varga", "Interior Ministry"),
])
def test_affiliation_from_relative_clause_or_apposition(read, text: str, person: str, organization: str) -> None:
    findings = read(text)
    assert named(findings, person).affiliation == named(findings, organization).id


@pytest.mark.parametrize(("text", "name", "mention"), [
    ("The Movement for Democratic Renewal (MDR) said it would boycott the vote. The MDR accused the government "
     "of fraud.", "Movement for Democratic Renewal", "MDR"),
    ("Fighters of the Eastern Liberation Front (ELF) took the hill. The ELF later withdrew.",
     "Eastern Liberation Front", "ELF"),
])
def test_acronym_defined_in_text_is_the_same_actor(read, text: str, name: str, mention: str) -> None:
    actor = named(read(text), name)
    assert [m.text for m in actor.mentions].count(mention) == 2


@pytest.mark.parametrize(("text", "full_name", "surname", "people"), [
    ("Opposition leader Miriam Okafor said she would contest the result. Okafor added that her supporters "
     "would march on Friday.", "Miriam Okafor", "Okafor", 1),
    ("Amir Haddad met Peter Lund in Oslo on Tuesday. Haddad said he was ready to sign the deal.",
     "Amir Haddad", "Haddad", 2),
])
def test_surname_after_full_name_is_the_same_person(read, text: str, full_name: str, surname: str,
                                                    people: int) -> None:
    findings = read(text)
    assert surname in [m.text for m in named(findings, full_name).mentions]
    assert len([a for a in findings.actors if a.kind == "person"]) == people


@pytest.mark.parametrize(("text", "pronoun", "expected"), [
    ("Amir Haddad met Peter Lund in Oslo on Tuesday. Haddad said he was ready to sign the deal.", "he", "Amir Haddad"),
    ("Opposition leader Miriam Okafor said she would contest the result.", "she", "Miriam Okafor"),
    ("Peter Lund arrived late. Amir Haddad, who chairs the committee, said he had not been told.", "he", "Amir Haddad"),
    ("The Sudanese army said it had retaken the bridge.", "it", "Sudanese Armed Forces"),
])
def test_pronouns(read, text: str, pronoun: str, expected: str) -> None:
    actor = owner_of(read(text), pronoun)
    assert actor is not None and actor.name == expected


def test_pronoun_without_antecedent_is_left_unresolved_with_a_warning(read) -> None:
    findings = read("He said the talks had failed.")
    assert findings.actors == []
    assert any("'He'" in warning for warning in findings.warnings)


@pytest.mark.parametrize(("text", "description", "expected"), [
    ("Gen. Baraka Ossei, who is leading the Northern Defence Force, said the town had fallen. The Ossei-led force "
     "then withdrew.", "The Ossei-led force", "Northern Defence Force"),
    ("The French presidential office said the meeting had been useful.", "The French presidential office",
     "French presidency"),
    ("The Elysee said talks would continue.", "Elysee", "French presidency"),
    ("The French president said on Monday that the talks had failed.", "The French president", "Emmanuel Macron"),
])
def test_descriptions(read, text: str, description: str, expected: str) -> None:
    actor = named(read(text), expected)
    assert description in [m.text for m in actor.mentions]


def test_presidency_is_french_government(read) -> None:
    actor = named(read("The French presidential office said the meeting had been useful."), "French presidency")
    assert (actor.country, actor.sector, actor.kb_id) == ("FRA", "GOV", "fra-presidency")


@pytest.mark.parametrize(("published", "expected"), [
    (dt.date(2019, 5, 24), "Emmanuel Macron"),
    (dt.date(2015, 5, 24), "François Hollande"),
])
def test_unnamed_office_holder_depends_on_the_date(read, published: dt.date, expected: str) -> None:
    findings = read("The French president said on Monday that the talks had failed.", published)
    assert [a.name for a in findings.actors] == [expected]


def test_unnamed_official_is_a_person_with_role_and_affiliation(read) -> None:
    findings = read("An official with the French presidential office said the talks were difficult.")
    official = next(a for a in findings.actors if a.kind == "person")
    presidency = named(findings, "French presidency")
    assert (official.role, official.country, official.sector, official.affiliation) == (
        "Official", "FRA", "GOV", presidency.id)
    assert official.kb_id is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Washington warned Moscow on Tuesday against any escalation.", ("United States", "USA", "GOV")),
    ("Tripoli said on Friday that it would not negotiate.", ("Government of National Accord", "LBY", "GOV")),
    ("France condemned the attack on Sunday.", ("France", "FRA", "GOV")),
])
def test_places_acting_stand_for_their_government(read, text: str, expected: tuple) -> None:
    findings = read(text)
    assert [(a.name, a.country, a.sector) for a in findings.actors][:1] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Libyan forces shelled the town overnight.", ("Libyan forces", "group", "LBY", "MIL", None)),
    ("Gunmen killed three villagers on Sunday.", ("gunmen", "group", None, "UAF", None)),
    ("Police arrested 12 protesters in the capital.", ("police", "organization", None, "COP", None)),
    ("Police arrested 12 protesters in the capital.", ("protesters", "group", None, "CVL", None)),
    ("Rebels seized the airport at dawn.", ("rebels", "group", None, "REB", None)),
    ("Militiamen attacked a checkpoint near the border.", ("militiamen", "group", None, "PRM", None)),
    ("Malian soldiers returned fire.", ("Malian soldiers", "group", "MLI", "MIL", None)),
    ("The Sudanese army said it had retaken the bridge.",
     ("Sudanese Armed Forces", "organization", "SDN", "MIL", None)),
])
def test_actors_absent_from_the_kb_are_coded_from_context(read, text: str, expected: tuple) -> None:
    assert described(named(read(text), expected[0])) == expected


@pytest.mark.parametrize("text", [
    "It rained heavily in the valley on Monday. The bridge collapsed after the floods.",
    "Prices rose by 4 percent in March, the highest rate in a decade.",
    "The road from the coast to the mountains is long and narrow.",
])
def test_no_actor_is_invented_for_a_sentence_without_one(read, text: str) -> None:
    assert read(text).actors == []


def test_ids_follow_first_mention_and_token_actor_covers_every_mention(nlp, kb) -> None:
    text = "Amir Haddad met Peter Lund in Oslo on Tuesday. Haddad said he was ready to sign the deal."
    doc = nlp(text)
    findings = find_actors(doc, kb=kb, published=PUBLISHED)
    assert [a.id for a in findings.actors] == ["a1", "a2"]
    assert [a.name for a in findings.actors] == ["Amir Haddad", "Peter Lund"]
    for actor in findings.actors:
        for mention in actor.mentions:
            assert text[mention.start:mention.end] == mention.text
            tokens = [t.i for t in doc if mention.start <= t.idx < mention.end]
            assert all(findings.token_actor[i] == actor.id for i in tokens)


def test_without_a_kb_argument_the_shipped_kb_is_used(nlp) -> None:
    findings = find_actors(nlp("French President Emmanuel Macron spoke."), published=PUBLISHED)
    assert findings.actors[0].kb_id == "macron"


# --- the running example ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(nlp, kb, running_example):
    doc = nlp(running_example)
    return doc, find_actors(doc, kb=kb, published=PUBLISHED)


@pytest.mark.parametrize(("name", "expected"), [
    ("Khalifa Haftar", ("person", "LBY", "MIL")),
    ("Emmanuel Macron", ("person", "FRA", "GOV")),
    ("Fayez al-Serraj", ("person", "LBY", "GOV")),
    ("Ghassan Salame", ("person", None, "IGO")),
    ("Libyan National Army", ("organization", "LBY", "MIL")),
    ("Government of National Accord", ("organization", "LBY", "GOV")),
    ("France 24", ("organization", "FRA", "JRN")),
    ("French presidency", ("organization", "FRA", "GOV")),
    ("UN Security Council", ("organization", None, "IGO")),
])
def test_running_example_actors(example, name: str, expected: tuple) -> None:
    actor = named(example[1], name)
    assert (actor.kind, actor.country, actor.sector) == expected


def test_running_example_roles_and_affiliations(example) -> None:
    findings = example[1]
    haftar, lna = named(findings, "Khalifa Haftar"), named(findings, "Libyan National Army")
    assert haftar.role in ("General", "Commander") and haftar.affiliation == lna.id
    assert named(findings, "Emmanuel Macron").role == "President"
    assert named(findings, "Fayez al-Serraj").role == "Prime Minister"
    assert named(findings, "Ghassan Salame").affiliation == named(findings, "United Nations").id
    assert "The Haftar-led army" in [m.text for m in lna.mentions]
    assert "GNA" in [m.text for m in named(findings, "Government of National Accord").mentions]
    assert {"Elysee"} <= {m.text for m in named(findings, "French presidency").mentions}


def test_running_example_pronouns(example, running_example) -> None:
    doc, findings = example
    paragraph3 = running_example.index("But Haftar")
    last = running_example.rindex("he said")
    he3 = next(t.i for t in doc if t.text == "he" and t.idx > paragraph3)
    he_last = next(t.i for t in doc if t.idx == last)
    assert findings.token_actor[he3] == named(findings, "Khalifa Haftar").id
    assert findings.token_actor[he_last] == named(findings, "Ghassan Salame").id


def test_running_example_official_is_one_person(example) -> None:
    officials = [a for a in example[1].actors if a.role == "Official"]
    assert len(officials) == 1
    assert {m.text for m in officials[0].mentions} >= {"an official", "the French presidential official"}


def test_shared_surname_is_not_guessed(read) -> None:
    findings = read("Amir Haddad and Layla Haddad met in Beirut. Haddad said the talks went well.")
    assert all("Haddad" not in [m.text for m in a.mentions] for a in findings.actors)
    assert any("share this surname" in warning for warning in findings.warnings)


@pytest.mark.parametrize(("text", "expected"), [
    ("Rebels seized the airport at dawn. They later withdrew to the hills.", "rebels"),
    ("Rebels fought soldiers near the airport. They later withdrew to the hills.", None),
])
def test_they_only_when_a_single_group_fits(read, text: str, expected: str | None) -> None:
    actor = owner_of(read(text), "They")
    assert (actor.name if actor else None) == expected


def test_metonyms_from_the_place_finder(nlp, kb) -> None:
    from polemos.extract.places import PlaceFindings
    from polemos.model import Place

    doc = nlp("Tripoli insists the talks are over.")
    places = PlaceFindings(places=[Place("p1", "Tripoli", country="LY", feature="city")], token_place={0: "p1"},
                           metonyms=[(0, 1)])
    findings = find_actors(doc, kb=kb, published=PUBLISHED, places=places)
    assert [(a.name, a.country, a.sector, a.mentions[0].text) for a in findings.actors] == [
        ("Government of National Accord", "LBY", "GOV", "Tripoli")]


def token_owner(findings: ActorFindings, doc, word: str) -> Actor | None:
    """The actor ``token_actor`` maps the first token ``word`` to."""
    index = next(t.i for t in doc if t.text == word)
    actor_id = findings.token_actor.get(index)
    return next((a for a in findings.actors if a.id == actor_id), None)


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("A Russian missile hit an apartment block in Kharkiv on Monday.", "Russian", ("Russia", "country", "RUS", "GOV")),
    ("Turkish warplanes struck villages near the border.", "Turkish", ("Turkey", "country", "TUR", "GOV")),
    ("The Greek and Turkish sides agreed to resume talks.", "Turkish", ("Turkey", "country", "TUR", "GOV")),
    ("The Russian economy shrank by two percent last year.", "Russian", None),
    ("A Russian speaker read the statement aloud.", "Russian", None),
])
def test_demonym_of_a_weapon_or_side_stands_for_its_state(nlp, kb, text: str, word: str,
                                                          expected: tuple | None) -> None:
    doc = nlp(text)
    actor = token_owner(find_actors(doc, kb=kb, published=PUBLISHED), doc, word)
    assert ((actor.name, actor.kind, actor.country, actor.sector) if actor else None) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Sudan's army rejected the truce proposal on Tuesday.", ("Sudanese Armed Forces", "SDN", "MIL")),
    ("The army of Sudan rejected the truce proposal on Tuesday.", ("Sudanese Armed Forces", "SDN", "MIL")),
    ("Russia's military said it had shot down two drones.", ("Russian Armed Forces", "RUS", "MIL")),
    ("Ukraine's foreign ministry accused Russia of targeting civilians.", ("Ukraine's foreign ministry", "UKR", "GOV")),
    ("Ivory Coast rebels rejected the peace plan on Friday.", ("Ivory Coast rebels", "CIV", "REB")),
    ("Some 800 Iraqi Kurds sought refuge across the border.", ("Kurds", "IRQ", "CVL")),
    ("Israel's Cabinet met on Sunday and approved the plan.", ("Cabinet", "ISR", "GOV")),
    ("Moroccan diplomats held talks with their hosts.", ("Moroccan diplomats", "MAR", "GOV")),
])
def test_a_states_bodies_named_through_the_state(read, text: str, expected: tuple) -> None:
    actor = named(read(text), expected[0])
    assert (actor.name, actor.country, actor.sector) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Finland will give Tanzania a grant of 580 million shillings.", ("Tanzania", "TZA")),
    ("Libya has offered to hand over to Great Britain two suspects.", ("United Kingdom", "GBR")),
    ("France is ready to contribute up to 4,000 troops to the force.", ("France", "FRA")),
    ("Portugal will support Turkey's efforts to join the bloc.", ("Turkey", "TUR")),
    ("Bosnia and Slovenia agreed to a ceasefire after two days of fighting.", ("Bosnia and Herzegovina", "BIH")),
])
def test_states_as_objects_receivers_and_owners_of_deeds(read, text: str, expected: tuple) -> None:
    assert expected in [(a.name, a.country) for a in read(text).actors]


@pytest.mark.parametrize("text", [
    "The delegation flew to France on Monday.",
    "Thousands of refugees left Syria last year.",
    "The delegation arrived in Tanzania on Monday.",
    "Syria's capital was quiet on Friday.",
    "The militia has been fighting since April to take over western Libya.",
    "Rebels hoped to control eastern Congo by the end of the year.",
])
def test_states_as_destinations_or_places_are_not_actors(read, text: str) -> None:
    assert [a for a in read(text).actors if a.kind == "country"] == []


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("President Bouteflika said he was prepared to lift the ban.", dt.date(2000, 3, 1),
     ("Abdelaziz Bouteflika", "DZA", "GOV", "President")),
    ("Palestinian leader Yasser Arafat defended the plan on Friday.", dt.date(1995, 3, 1),
     ("Yasser Arafat", "PSE", "GOV", "Leader")),
    ("Foreign Secretary Robin Cook flew to Belgrade.", dt.date(1999, 3, 1),
     ("Robin Cook", "GBR", "GOV", "Foreign Secretary")),
])
def test_office_holders_of_the_1990s_and_2000s(read, text: str, published: dt.date, expected: tuple) -> None:
    actor = named(read(text, published), expected[0])
    assert (actor.name, actor.country, actor.sector, actor.role) == expected


@pytest.mark.parametrize(("published", "expected"), [
    (dt.date(1998, 6, 1), "Benjamin Netanyahu"),
    (dt.date(2004, 6, 1), "Ariel Sharon"),
])
def test_the_prime_minister_of_the_articles_state(nlp, kb, published: dt.date, expected: str) -> None:
    from polemos.extract.places import PlaceFindings
    from polemos.model import Place, Span

    text = "Police in Jerusalem closed the road. The prime minister said the closure would last a week."
    doc = nlp(text)
    start = text.index("Jerusalem")
    places = PlaceFindings(places=[Place("p1", "Jerusalem", country="IL", feature="city",
                                         mentions=(Span(start, start + 9, "Jerusalem"),))])
    findings = find_actors(doc, kb=kb, published=published, places=places)
    assert expected in [a.name for a in findings.actors]
