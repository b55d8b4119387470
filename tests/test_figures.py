"""The casualty and displacement grammar (polemos.extract.figures), rule by rule.

Every sentence here is written for these tests (no gold data). Each table row is a text and the
fields expected of the figures found in it, in text order.
"""
from __future__ import annotations

import pytest

from polemos.extract.figures import find_figures
from polemos.extract.figures._lexicon import groups, quantities, triggers

FIELDS = ("kind", "value", "low", "high", "qualifier")


def figures(nlp, text):
    return find_figures(nlp(text))


def only(nlp, text):
    found = figures(nlp, text)
    assert len(found) == 1, [(f.kind, f.value, f.number.text if f.number else None) for f in found]
    return found[0]


# --- kinds ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind"), [
    ("Gunmen killed 12 villagers on Sunday.", "killed"),
    ("At least 30 people died in the fighting.", "killed"),
    ("The clashes left 14 dead.", "killed"),
    ("Officials reported 40 deaths after the shelling.", "killed"),
    ("The bodies of 9 men were found near the road.", "killed"),
    ("Rescuers recovered 16 corpses from the rubble.", "killed"),
    ("Soldiers executed seven prisoners.", "killed"),
    ("Eleven people were wounded in the blast.", "injured"),
    ("The bombing injured 25 people.", "injured"),
    ("Three police officers were hurt in the riot.", "injured"),
    ("The strike caused 20 casualties.", "casualties"),
    ("About 3,000 people were displaced by the fighting.", "displaced"),
    ("Some 5,000 residents fled the town.", "displaced"),
    ("More than 800 families were forced from their homes.", "displaced"),
    ("Nearly 2,000 refugees arrived at the border camp.", "refugees"),
    ("Around 600 civilians remain trapped in the old city.", "trapped"),
    ("Over 10,000 people were affected by the floods and fighting.", "affected"),
    ("Six soldiers went missing after the ambush.", "missing"),
    ("Police arrested 45 protesters in the capital.", "detained"),
    ("Security forces detained 12 journalists.", "detained"),
    ("Gunmen kidnapped 20 students from the school.", "abducted"),
    ("Rebels abducted 8 aid workers.", "abducted"),
    ("About 40,000 people are besieged in the town.", "besieged"),
])
def test_kind_from_the_casualty_word(nlp, text, kind):
    assert only(nlp, text).kind == kind


@pytest.mark.parametrize("text", [
    "The army deployed 300 soldiers to the region.",
    "The attack happened on 13 November 2020 in the north.",
    "Militants seized five motorbikes and four rifles.",
    "In 2019, the group held two rallies.",
    "In 1998 civilians fled the town.",  # a year, not 1998 displaced
    "Since 2014 people have fled the region.",
    "Rebels attacked the town with 40 trucks and killed no one.",
])
def test_numbers_that_count_no_casualty_are_ignored(nlp, text):
    assert [(f.kind, f.value) for f in figures(nlp, text) if f.value] == []


def test_a_number_of_things_inside_a_casualty_clause_is_not_a_count(nlp):
    assert [(f.kind, f.value) for f in figures(nlp, "Two people were injured in 3 attacks last week.")] == [
        ("injured", 2)]


def test_a_counted_label_is_not_a_count(nlp):
    found = figures(nlp, "A motorcyclist was killed by an explosion (coded as Kaya at geoprecision 2).")
    assert [(f.kind, f.value) for f in found] == [("killed", 1)]


# --- numbers and qualifiers ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Militants killed 2,400 civilians.", ("killed", 2400, 2400, 2400, "exact")),
    ("Twenty-one people were killed.", ("killed", 21, 21, 21, "exact")),
    ("Two thousand people were displaced.", ("displaced", 2000, 2000, 2000, "exact")),
    ("Three people died in the fire.", ("killed", 3, 3, 3, "exact")),
    ("The explosion killed over 460 people.", ("killed", 460, 461, None, "over")),
    ("More than 1,000 refugees crossed the border.", ("refugees", 1000, 1001, None, "over")),
    ("At least 12 people were killed.", ("killed", 12, 12, None, "at least")),
    ("About 300 people fled their homes.", ("displaced", 300, None, None, "about")),
    ("Around 50 people were wounded.", ("injured", 50, None, None, "about")),
    ("Nearly 100 people were injured.", ("injured", 100, None, 100, "about")),
    ("Almost 70 soldiers were killed.", ("killed", 70, None, 70, "about")),
    ("Up to 50 people were abducted.", ("abducted", 50, None, 50, "up to")),
    ("Fewer than 10 people were hurt.", ("injured", 10, None, 9, "fewer than")),
    ("Less than 20 people died.", ("killed", 20, None, 19, "fewer than")),
    ("Between 10 and 15 people died.", ("killed", 10, 10, 15, "range")),
    ("The raid killed 10 to 15 fighters.", ("killed", 10, 10, 15, "range")),
    ("The attack killed 10-15 soldiers.", ("killed", 10, 10, 15, "range")),
    ("Dozens of people were killed.", ("killed", 12, 12, None, "vague")),
    ("Hundreds of people were arrested.", ("detained", 100, 100, None, "vague")),
    ("Thousands of people have fled.", ("displaced", 1000, 1000, None, "vague")),
    ("Hundreds of thousands of people were displaced.", ("displaced", 100000, 100000, None, "vague")),
    ("A dozen people were kidnapped.", ("abducted", 12, None, None, "about")),
    ("The shelling killed 1.5 million cattle herders.", ("killed", 1500000, 1500000, 1500000, "exact")),
    # a four-digit number before a counted noun is a count, even when it looks like a year
    ("1023 families fled the fighting in Gao, the UN said.", ("displaced", 1023, 1023, 1023, "exact")),
    ("Fighting in Gao forced 1023 families to flee.", ("displaced", 1023, 1023, 1023, "exact")),
    ("Some 1950 people were displaced by the floods.", ("displaced", 1950, None, None, "about")),
    ("1999 civilians fled the town on Tuesday.", ("displaced", 1999, 1999, 1999, "exact")),
    ("The army said 2024 households were displaced.", ("displaced", 2024, 2024, 2024, "exact")),
    ("In 2011, 1500 people were killed in Misrata.", ("killed", 1500, 1500, 1500, "exact")),
])
def test_value_bounds_and_qualifier(nlp, text, expected):
    fig = only(nlp, text)
    assert tuple(getattr(fig, f) for f in FIELDS) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("The explosion killed over 460 people.", "over 460"),
    ("At least 12 people were killed.", "At least 12"),
    ("Between 10 and 15 people died.", "Between 10 and 15"),
    ("Twenty-one people were killed.", "Twenty-one"),
    ("Dozens of people were killed.", "Dozens"),
])
def test_number_span_includes_the_qualifier(nlp, text, words):
    fig = only(nlp, text)
    assert fig.number.text == words
    assert text[fig.number.start:fig.number.end] == words


@pytest.mark.parametrize(("text", "kind"), [
    ("No casualties were reported.", "casualties"),
    ("No one was killed in the blast.", "killed"),
    ("Nobody was hurt in the attack.", "injured"),
    ("There were no deaths.", "killed"),
    ("The militants opened fire without causing any casualties.", "casualties"),
])
def test_zero(nlp, text, kind):
    fig = only(nlp, text)
    assert (fig.kind, fig.value, fig.low, fig.high, fig.qualifier) == (kind, 0, 0, 0, "exact")


@pytest.mark.parametrize(("text", "kind"), [
    ("Several civilians were killed.", "killed"),
    ("Many people were wounded in the clashes.", "injured"),
    ("The army killed an unspecified number of militants.", "killed"),
    ("A number of people were arrested.", "detained"),
    ("Gunmen killed civilians in the village.", "killed"),
])
def test_no_count_is_never_invented(nlp, text, kind):
    fig = only(nlp, text)
    assert (fig.kind, fig.value, fig.low, fig.high, fig.qualifier) == (kind, None, None, None, "unspecified")


@pytest.mark.parametrize(("text", "kind"), [
    ("Militants assassinated a village chief.", "killed"),
    ("Gunmen killed a Koglweogo member and fled.", "killed"),
    ("Unknown assailants abducted the mayor of the town.", "abducted"),
    ("A soldier was wounded in the ambush.", "injured"),
    ("A mob beat a suspected thief to death.", "killed"),
    ("A soldier died of his wounds on Monday.", "killed"),
    ("A farmer was tortured and killed by the militia.", "killed"),
])
def test_one_named_victim_counts_one(nlp, text, kind):
    fig = only(nlp, text)
    assert (fig.kind, fig.value, fig.qualifier) == (kind, 1, "exact")


@pytest.mark.parametrize("text", [
    "Five people were not killed in the attack.",
    "An angry mob nearly lynched a priest.",
    "Militants tried to kill 10 soldiers.",
    "The gunman attempted to assassinate the mayor.",
])
def test_casualties_that_did_not_happen_are_no_figures(nlp, text):
    assert figures(nlp, text) == []


def test_a_victim_takes_the_verbs_kind(nlp):
    assert only(nlp, "Gunmen killed a displaced man near the camp.").kind == "killed"


# --- several figures in one sentence ------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("At least 12 people were killed and dozens wounded.", [("killed", 12), ("injured", 12)]),
    ("The attack left 7 dead and 20 wounded.", [("killed", 7), ("injured", 20)]),
    ("Gunmen killed five soldiers and three civilians.", [("killed", 5), ("killed", 3)]),
    ("Four gendarmes were killed and four others went missing.", [("killed", 4), ("missing", 4)]),
    ("3 people were killed, 2 wounded, 1 reported missing.", [("killed", 3), ("injured", 2), ("missing", 1)]),
    ("Militants killed 24 soldiers and wounded seven others.", [("killed", 24), ("injured", 7)]),
    ("One attacker killed, and two attackers wounded.", [("killed", 1), ("injured", 2)]),
    ("Gunmen raided the post, killing three and stealing weapons.", [("killed", 3)]),
    ("Police said one of the assailants was killed.", [("killed", 1)]),
    ("Two presumed foreign refugees were killed in the crossfire.", [("killed", 2)]),
])
def test_each_number_gets_its_own_kind(nlp, text, expected):
    assert [(f.kind, f.value) for f in figures(nlp, text)] == expected


@pytest.mark.parametrize(("text", "group"), [
    ("Gunmen killed five soldiers.", "soldiers"),
    ("Twelve civilians were wounded.", "civilians"),
    ("Police detained 30 protesters.", "protesters"),
    ("The raid killed 8 militants.", "militants"),
    ("Over 100,000 men, women and children remain trapped.", None),
    ("At least 40 people were killed.", None),
])
def test_group(nlp, text, group):
    assert only(nlp, text).group == group


# --- subsets and shares -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The war has killed over 460 people, 29 of them civilians.",
     [("killed", 460, None, None, None), ("killed", 29, 0, "civilians", None)]),
    ("Twenty-one people were killed, including five children.",
     [("killed", 21, None, None, None), ("killed", 5, 0, "children", None)]),
    ("Over 2,400 were injured, the majority of them civilians.",
     [("injured", 2400, None, None, None), ("injured", None, 0, "civilians", "majority")]),
    ("Over 75,000 people were forced from their homes, all of them civilians.",
     [("displaced", 75000, None, None, None), ("displaced", None, 0, "civilians", 1.0)]),
    ("The fighting killed 50 people, most of them soldiers.",
     [("killed", 50, None, None, None), ("killed", None, 0, "soldiers", "most")]),
    ("At least 10 militants were killed (7 bodies were recovered).",
     [("killed", 10, None, "militants", None), ("killed", 7, 0, None, None)]),
])
def test_subsets_point_at_their_whole(nlp, text, expected):
    found = figures(nlp, text)
    assert [(f.kind, f.value, f.part_of, f.group, f.share) for f in found] == expected


def test_a_share_in_a_later_sentence_finds_its_whole_by_kind(nlp):
    text = ("The army said 2,000 people were killed and over 75,000 were displaced. "
            "Over half of the displaced are women and children, officials said.")
    found = figures(nlp, text)
    share = found[-1]
    assert (share.kind, share.share, share.qualifier, share.group) == ("displaced", 0.5, "over", "women and children")
    assert found[share.part_of].value == 75000


def test_a_share_of_something_else_is_no_figure(nlp):
    assert figures(nlp, "Half of the city was without power after 3 people were killed.")[0].value == 3
    assert len(figures(nlp, "Half of the city was without power after 3 people were killed.")) == 1


# --- scope, updates, sources --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "scope"), [
    ("Gunmen killed 12 villagers on Sunday.", "incident"),
    ("Some 300 people have been killed since early April.", "cumulative"),
    ("So far 45 people have died in the clashes.", "cumulative"),
    ("The death toll from the attack rose to 19.", "cumulative"),
    ("In total, 2,000 people were displaced.", "cumulative"),
    ("The war has already killed over 460 people.", "cumulative"),
    ("Over 5,000 people remain displaced.", "cumulative"),
])
def test_scope(nlp, text, scope):
    assert only(nlp, text).scope == scope


def test_an_updated_toll_supersedes_the_earlier_one(nlp):
    found = figures(nlp, "The death toll rose from 12 to 15, according to the health ministry.")
    assert [(f.kind, f.value, f.superseded) for f in found] == [("killed", 12, True), ("killed", 15, False)]


@pytest.mark.parametrize(("text", "source"), [
    ("At least 12 people were killed, police said.", "police"),
    ("At least 12 people were killed, said Salame.", "Salame"),
    ("At least 12 people were killed, he said.", "he"),
    ("The governor said 12 people were killed.", "governor"),
    ("According to the UN, 12,000 people have fled.", "UN"),
    ("Aid agencies estimate that over 100,000 people remain trapped, he said.", "agencies"),
    ("Gunmen killed 12 villagers on Sunday.", None),
])
def test_source_is_the_speaker_in_the_figures_sentence(nlp, text, source):
    doc = nlp(text)
    fig = find_figures(doc)[0]
    assert (doc[fig.source_head].text if fig.source_head is not None else None) == source


def test_a_closing_attribution_covers_the_paragraph(nlp):
    text = ("The toll is heavy: over 460 dead. Over half of them are civilians, said Salame.\n\n"
            "Separately, 12 people were killed in the south.")
    doc = nlp(text)
    found = find_figures(doc)
    assert doc[found[0].source_head].text == "Salame"
    assert found[-1].source_head is None  # a new paragraph


def test_evidence_is_the_sentence_and_offsets_hold(nlp):
    text = "The town was quiet.\n\nAt least 12 people were killed, police said. Markets reopened."
    fig = only(nlp, text)
    assert fig.evidence.text == "At least 12 people were killed, police said."
    assert text[fig.evidence.start:fig.evidence.end] == fig.evidence.text
    assert fig.sentence_start == text.index("At least")


def test_sentences_without_casualty_words_are_skipped(nlp):
    assert figures(nlp, "The ministers met for 3 hours and signed 2 agreements.") == []


# --- the running example ------------------------------------------------------------------------

def test_running_example(nlp, running_example):
    doc = nlp(running_example)
    found = find_figures(doc)
    whole = [(f.kind, f.value, f.low, f.qualifier, f.scope) for f in found if f.part_of is None]
    assert whole == [
        ("killed", 460, 461, "over", "cumulative"),
        ("injured", 2400, 2401, "over", "cumulative"),
        ("displaced", 75000, 75001, "over", "cumulative"),
        ("trapped", 100000, 100001, "over", "cumulative"),
        ("affected", 400000, 400001, "over", "cumulative"),
    ]
    parts = [(f.kind, f.value, found[f.part_of].value, f.group, f.share) for f in found if f.part_of is not None]
    assert parts == [
        ("killed", 29, 460, "civilians", None),
        ("injured", None, 2400, "civilians", "majority"),
        ("displaced", None, 75000, "civilians", 1.0),
        ("displaced", None, 75000, "women and children", 0.5),
    ]
    sources = {doc[f.source_head].text for f in found if f.kind in {"killed", "injured", "displaced"}}
    assert sources == {"Salame"}
    assert {doc[f.source_head].text for f in found if f.kind in {"trapped", "affected"}} == {"actors"}


# --- data tables --------------------------------------------------------------------------------

def test_tables_load_and_cover_the_contract_kinds():
    kinds = {t.kind for t in triggers().values()}
    assert {"killed", "injured", "displaced", "trapped", "affected", "missing", "detained", "abducted",
            "besieged", "refugees"} <= kinds
    assert groups()["civilians"] == "civilians" and groups()["people"] is None
    assert quantities()[("dozens",)] == ("vague", 12)


# --- evaluation against ACLED (skipped without the gold data) -----------------------------------

def test_acled_fatalities_on_a_sample(nlp, gold_dir):
    from polemos.evaluate import acled_fatalities

    class Stub:
        pass

    pipeline = Stub()
    pipeline.nlp = nlp
    report = acled_fatalities.run(pipeline, gold_dir=gold_dir, split="2020", limit=150)
    assert report.items == 150
    assert report.figures["honest exact"] >= 0.85
