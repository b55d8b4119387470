"""The event finder: PLOVER type, participants, modality, date, place and ACLED type per rule."""
from __future__ import annotations

import datetime as dt

import pytest

from polemos.errors import DataFileError
from polemos.evaluate.coders.select import primary_acled, primary_event
from polemos.extract.events import find_events
from polemos.extract.events._lexicon import lexicon, parse_lexicon, trigger_lemmas

PUBLISHED = dt.date(2019, 5, 24)


def events_of(nlp, text: str, *, published: dt.date | None = PUBLISHED):
    doc = nlp(text)
    return doc, find_events(doc, published=published)


def words(doc, heads) -> list[str]:
    return [doc[i].text for i in heads]


def only(events, plover_type: str):
    found = [e for e in events if e.type == plover_type]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in events]
    return found[0]


# (text, type, agents, patients, modality)
TYPED = [
    ("Rebels attacked an army base near Kidal on Monday.", "ASSAULT", ["Rebels"], ["base"], ()),
    ("Gunmen killed five villagers in the north.", "ASSAULT", ["Gunmen"], ["villagers"], ()),
    ("Two soldiers were killed by militants near Djibo.", "ASSAULT", ["militants"], ["soldiers"], ()),
    ("A Russian missile hit a shopping centre in Kharkiv.", "ASSAULT", ["Russian"], ["centre"], ()),
    ("Police arrested ten protesters in the capital.", "COERCE", ["Police"], ["protesters"], ()),
    ("The president demanded that the rebels release the hostages.", "REQUEST", ["president"], [], ()),
    ("The minister accused the opposition of inciting violence.", "ACCUSE", ["minister"], ["opposition"], ()),
    ("The government rejected the proposal on Tuesday.", "REJECT", ["government"], ["proposal"], ()),
    ("The group threatened to attack the convoy.", "THREATEN", ["group"], [], ()),
    ("Thousands of students protested in Ouagadougou.", "PROTEST", ["students"], [], ()),
    ("The army did not attack the town.", "ASSAULT", ["army"], ["town"], ("negated",)),
    ("The militia could attack the capital.", "ASSAULT", ["militia"], ["capital"], ("hypothetical",)),
    ("The rebels will withdraw from the city next week.", "RETREAT", ["rebels"], [], ("future",)),
    ("If talks fail, the army will attack the city.", "ASSAULT", ["army"], ["city"], ("conditional", "future")),
    ("Troops have been fighting the rebels in Mopti since March.", "ASSAULT", ["Troops"], ["rebels"], ("ongoing",)),
    ("The rebels captured the town in 2011.", "ASSAULT", ["rebels"], ["town"], ("historical",)),
    ("The minister met his French counterpart in Paris.", "CONSULT", ["minister"], ["counterpart"], ()),
    ("The UN-backed government met the envoy.", "CONSULT", ["government"], ["envoy"], ()),
    ("The meeting between the two leaders took place in Paris.", "CONSULT", ["leaders"], [], ()),
    ("The government refused to withdraw its troops.", "REJECT", ["government"], [], ()),
    ("The rebels were ready to negotiate with the government.", "AGREE", ["rebels"], ["government"], ()),
]


@pytest.mark.parametrize(("text", "plover", "agents", "patients", "modality"), TYPED)
def test_type_participants_modality(nlp, text, plover, agents, patients, modality):
    doc, events = events_of(nlp, text)
    event = only(events, plover)
    assert words(doc, event.agent_heads) == agents
    assert words(doc, event.patient_heads) == patients
    assert event.modality == modality
    assert doc.text[event.trigger.start:event.trigger.end] == event.trigger.text
    assert event.evidence.text.strip() == text
    assert 0 < event.confidence <= 1


# (text, what must not be found): no plain facts from opinion, speech, attributes or unmet conditions
NO_EVENT = [
    ("The spokesman said the weather was fine.", None),
    ("The fighting in the north is worse than ever.", None),
    ("The government declined to comment on the report.", None),
    ("Conditions for a ceasefire were not met.", None),
    ("The UN-backed government is allied with the army.", "SUPPORT"),
    ("The ministers agreed with the analysts that the economy was weak.", "AGREE"),
    ("Over 2,400 injured people were treated in hospitals.", "ASSAULT"),  # a toll, not an attack
]


@pytest.mark.parametrize(("text", "forbidden"), NO_EVENT)
def test_no_event(nlp, text, forbidden):
    _, events = events_of(nlp, text)
    if forbidden is None:
        assert events == []
    else:
        assert all(e.type != forbidden for e in events)


# a rejection worded as negated cooperation is REJECT, never the cooperation itself
REJECTIONS = [
    ("Haftar tells Macron no ceasefire for now", ["Haftar"], ["Macron"], "yield"),
    ("The general told the envoy on Thursday that conditions for a ceasefire were not in place.",
     ["general"], ["envoy"], "yield"),
    ("The rebels said they would not negotiate with the government.", ["rebels"], [], "meet"),
]


@pytest.mark.parametrize(("text", "agents", "patients", "mode"), REJECTIONS)
def test_negated_cooperation_in_speech_is_reject(nlp, text, agents, patients, mode):
    doc, events = events_of(nlp, text)
    reject = only(events, "REJECT")
    assert words(doc, reject.agent_heads) == agents
    assert words(doc, reject.patient_heads) == patients
    assert reject.mode == mode and reject.modality == ()
    assert not [e for e in events if e.type in ("RETREAT", "AGREE", "CONSULT") and not e.modality]


# content of requests, threats and promises is not a fact: it sets the outer event's mode
CONTENT = [
    ("Macron asked Haftar to broker a ceasefire.", "REQUEST", "yield", "RETREAT"),
    ("The group threatened to attack the convoy.", "THREATEN", "violence", "ASSAULT"),
    ("The government urged the rebels to resume talks.", "REQUEST", "meet", "CONSULT"),
    ("The rebels threatened to launch the offensive.", "THREATEN", "violence", "ASSAULT"),  # "the", yet content
]


@pytest.mark.parametrize(("text", "outer", "mode", "inner"), CONTENT)
def test_content_sets_mode_and_is_not_emitted(nlp, text, outer, mode, inner):
    _, events = events_of(nlp, text)
    assert only(events, outer).mode == mode
    assert all(e.type != inner for e in events)


# (text, ACLED event type, sub-event type)
ACLED = [
    ("Militants attacked a military post near Djibo, killing four soldiers.", "Battles", "Armed clash"),
    ("Gunmen killed five villagers in the north.", "Violence against civilians", "Attack"),
    ("A French airstrike killed ten militants in Oudalan.", "Explosions/Remote violence", "Air/drone strike"),
    ("Two soldiers were killed when their vehicle struck an IED.", "Explosions/Remote violence",
     "Remote explosive/landmine/IED"),
    ("Militants kidnapped a teacher in Soum.", "Violence against civilians", "Abduction/forced disappearance"),
    ("Police arrested ten protesters in the capital.", "Strategic developments", "Arrests"),
    ("Thousands of students protested in Ouagadougou.", "Protests", "Peaceful protest"),
    ("Militants looted shops and burned the market.", "Strategic developments", "Looting/property destruction"),
    ("Police dispersed the protesters with tear gas.", "Protests", "Protest with intervention"),
    ("Militants seized livestock in the village.", "Strategic developments", "Looting/property destruction"),
]


@pytest.mark.parametrize(("text", "event_type", "sub_event_type"), ACLED)
def test_acled_types(nlp, text, event_type, sub_event_type):
    _, events = events_of(nlp, text)
    main = primary_acled(events)
    assert main is not None
    assert (main.acled_event_type, main.acled_sub_event_type) == (event_type, sub_event_type)


def test_no_acled_type_for_diplomacy(nlp):
    _, events = events_of(nlp, "The minister met his French counterpart in Paris.")
    assert only(events, "CONSULT").acled_event_type is None
    assert only(events, "CONSULT").cameo == "04"


# (text, expected date text, expected place words)
WHEN_WHERE = [
    ("Rebels attacked an army base near Kidal on Monday.", "on Monday", ["Kidal"]),
    ("Troops have been fighting the rebels in Mopti since March.", "since March", ["Mopti"]),
    ("The general visited Paris last week.", "last week", ["Paris"]),
]


@pytest.mark.parametrize(("text", "date", "places"), WHEN_WHERE)
def test_date_and_place(nlp, text, date, places):
    doc, events = events_of(nlp, text)
    event = events[0]
    assert event.date_text is not None and event.date_text.text == date
    assert words(doc, event.place_heads) == places


def test_historical_needs_publication_date(nlp):
    _, events = events_of(nlp, "The rebels captured the town in 2011.", published=None)
    assert "historical" not in only(events, "ASSAULT").modality


def test_primary_event_is_the_main_clause(nlp):
    doc, events = events_of(nlp, "The minister condemned the attack on the convoy.")
    assert {e.type for e in events} == {"ACCUSE", "ASSAULT"}  # the attack is presupposed, so kept
    assert primary_event(doc, events).type == "ACCUSE"


def test_running_example(nlp, running_example):
    doc, events = events_of(nlp, running_example)
    plain = [e for e in events if not e.modality]
    assert {e.type for e in plain} <= {"REJECT", "REQUEST", "CONSULT", "ASSAULT"}
    assert all(e.type != "RETREAT" for e in events)  # "no ceasefire" is never a ceasefire
    consult = [e for e in plain if e.type == "CONSULT"]
    assert any(words(doc, e.agent_heads) == ["Macron"] and words(doc, e.patient_heads) == ["Haftar"] for e in consult)
    request = only(events, "REQUEST")
    assert (words(doc, request.agent_heads), words(doc, request.patient_heads)) == (["Macron"], ["Haftar"])
    told = [e for e in events if e.type == "REJECT" and e.trigger.text == "told"]
    assert told and told[0].date_text.text == "on Thursday" and words(doc, told[0].agent_heads) == ["Haftar"]
    agree = only(events, "AGREE")
    assert "conditional" in agree.modality
    fighting = [e for e in events if e.trigger.text == "fighting"][0]
    assert fighting.modality == ("ongoing",) and fighting.date_text.text == "since early April"
    assert (fighting.acled_event_type, fighting.acled_sub_event_type) == ("Battles", "Armed clash")
    assert words(doc, fighting.place_heads) == ["Tripoli"]
    hypothetical_or_past = [e for e in events if e.evidence.text.startswith(("The politically", "“Libya"))]
    assert all(e.modality for e in hypothetical_or_past)


def test_lexicon_loads_and_precheck_covers_it():
    table = lexicon()
    assert ("attack", "V") in table and ("airstrike", "N") in table
    assert {lemma for lemma, _ in table} == trigger_lemmas()


BAD_ROWS = [
    ("attack,V,ATTACK,,,0.8", "unknown PLOVER type"),
    ("attack,V,ASSAULT,bombing,,0.8", "not a PLOVER mode"),
    ("attack,X,ASSAULT,,,0.8", "pos must be"),
    ("attack,V,ASSAULT,,,high", "not a number"),
    ("attack,V,ASSAULT,,", "expected 6 columns"),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS)
def test_bad_lexicon_row_names_file_and_line(row, reason):
    text = "# header comment\nlemma,pos,type,mode,hint,conf\nkill,V,ASSAULT,,,0.8\n" + row + "\n"
    with pytest.raises(DataFileError, match=reason) as caught:
        parse_lexicon(text, path="lexicon.csv")
    assert caught.value.line == 4 and caught.value.path == "lexicon.csv"


# (text, type, mode) for the phrasal and object-conditioned lexicon entries
PHRASAL = [
    ("The rebels laid down their arms on Sunday.", "RETREAT", "disarm"),
    ("Israel established diplomatic ties with Bhutan.", "SUPPORT", None),
    ("A court found the former minister guilty of fraud.", "SANCTION", "convict"),
    ("Teachers staged a sit-in in front of the ministry.", "PROTEST", "demo"),
    ("Residents blocked the road to the mine.", "PROTEST", "obstruct"),
    ("Ghana closed its borders with Togo.", "COERCE", "restrict"),
    # easing an administrative restriction is a concession (CAMEO 081); easing sanctions stays RETREAT (085)
    ("The government lifted the curfew in the capital.", "CONCEDE", None),
    ("The president lifted the state of emergency in the north.", "CONCEDE", None),
    ("Washington eased economic sanctions on Havana.", "RETREAT", None),
    ("Union leaders called off the general strike.", "CONCEDE", None),
    ("The cabinet gave in to the demands of the striking miners.", "CONCEDE", None),
    ("The junta made concessions to the opposition.", "CONCEDE", None),
    ("The militia allowed UN inspectors into the depots.", "RETREAT", "access"),
    ("The government called up 5,000 reservists.", "MOBILIZE", "troops"),
    ("Delhi put its air force on high alert.", "MOBILIZE", "troops"),
    ("Beijing increased its military presence near the islands.", "MOBILIZE", "troops"),
    ("The authorities expelled three foreign reporters.", "COERCE", "deport"),
    ("Moscow expelled two British diplomats.", "SANCTION", "expel"),
    ("The regime blocked access to social media websites.", "COERCE", "censor"),
    ("The army declared martial law in the province.", "COERCE", "martial-law"),
    ("The minister voiced solidarity with the flood victims.", "SUPPORT", None),
    ("The president defended the decision to reopen the talks.", "SUPPORT", None),
    ("The EU imposed sanctions on three banks.", "SANCTION", None),
    ("Washington cut aid to the military government.", "SANCTION", "discontinue"),
    ("The governor imposed a curfew on the city.", "COERCE", "curfew"),
    ("The president declared a state of emergency in the region.", "COERCE", "restrict"),
    ("Police beefed up security around the parliament.", "MOBILIZE", "troops"),
    ("Japan sent aid to the flood victims.", "AID", None),
    ("The army sent troops to the border.", "MOBILIZE", "troops"),
]


@pytest.mark.parametrize(("text", "plover", "mode"), PHRASAL)
def test_phrasal_and_object_conditioned_entries(nlp, text, plover, mode):
    _, events = events_of(nlp, text)
    assert only(events, plover).mode == mode


# the same words without the object that makes them events
NOT_PHRASAL = [
    ("The minister gave a long speech.", "AID"),
    ("The government cut aid to the region.", "RETREAT"),
    ("Soldiers blocked the road to the capital.", "PROTEST"),
    ("The shop closed early.", "COERCE"),
    ("The company established a new factory.", "SUPPORT"),
    ("The victims were taken to hospital.", "PROTEST"),
    ("The new law allows companies to hire foreign workers.", "RETREAT"),
    ("The city issued a terror alert on Monday.", "MOBILIZE"),
    ("Prices increased sharply last year.", "MOBILIZE"),
    ("Soldiers defended the town against the rebels.", "SUPPORT"),
    ("Workers called a general strike.", "CONCEDE"),
    ("The company cut costs last year.", "SANCTION"),
    ("The prime minister declared his candidacy.", "COERCE"),
]


@pytest.mark.parametrize(("text", "forbidden"), NOT_PHRASAL)
def test_object_conditions(nlp, text, forbidden):
    _, events = events_of(nlp, text)
    assert all(e.type != forbidden for e in events)


# A note tells one event across clauses: (note, ACLED event type, sub-event type)
NOTES = [
    ("Students protested in Koudougou and burned the police station.", "Riots", "Violent demonstration"),
    ("Hundreds of people protested in Bobo-Dioulasso against the shooting of a boy by police.",
     "Protests", "Peaceful protest"),
    ("Gunmen abducted a village chief near Djibo. His body was found two days later.",
     "Violence against civilians", "Attack"),
    ("Soldiers arrested six men at the market. The men were later found dead.", "Violence against civilians", "Attack"),
    ("The army discovered and defused an IED on the road to Djibo.", "Strategic developments", "Disrupted weapons use"),
    ("Militants attacked the village of Sikende and burned houses. No casualties were reported.",
     "Strategic developments", "Looting/property destruction"),
    ("Militants attacked the village and clashed with volunteer fighters who repelled the attack.",
     "Battles", "Armed clash"),
    ("Mutinying soldiers fired shots in the air in Po.", "Riots", "Violent demonstration"),
    ("Thousands of people gathered at the stadium in Ouagadougou to pray for peace.", "Protests", "Peaceful protest"),
    ("On March 31, militants ambushed and killed one gendarme near Djibo.", "Battles", "Armed clash"),
    ("Policemen staged a sit-in in Ouagadougou.", "Protests", "Peaceful protest"),
    ("Thousands of Palestinians protested in Ramallah on Monday.", "Protests", "Peaceful protest"),
    ("On 4 June, the army killed 26 presumed militants near Markoye.", "Battles", "Armed clash"),
    ("The governor extended the nightly curfew in the Est region.", "Strategic developments",
     "Change to group/activity"),
]


@pytest.mark.parametrize(("text", "event_type", "sub_event_type"), NOTES)
def test_whole_note_decides_the_acled_sub_event(nlp, text, event_type, sub_event_type):
    doc, events = events_of(nlp, text)
    main = primary_acled(events, doc=doc)
    assert main is not None, [(e.type, e.trigger.text) for e in events]
    assert (main.acled_event_type, main.acled_sub_event_type) == (event_type, sub_event_type)


# what a protest is not: (text, forbidden type)
NOT_PROTEST = [
    ("The police gathered evidence at the scene.", "PROTEST"),
    ("He gathered his belongings and left.", "PROTEST"),
    ("France protested the decision.", "PROTEST"),  # a government's protest is a complaint (ACCUSE)
]


@pytest.mark.parametrize(("text", "forbidden"), NOT_PROTEST)
def test_not_a_street_protest(nlp, text, forbidden):
    _, events = events_of(nlp, text)
    assert all(e.type != forbidden for e in events)


# (text, expected quad class) from the trained sentence head, with the rules' mentions
QUADS = [
    ("Rebels attacked an army base near Kidal on Monday, killing four soldiers.", 4),
    ("The two presidents met in Paris to discuss cooperation.", 1),
    ("The minister accused the opposition of inciting violence.", 3),
]


@pytest.mark.parametrize(("text", "quad"), QUADS)
def test_sentence_quad_head(nlp, text, quad):
    from polemos.evaluate.coders.classifier import text_quad

    doc = nlp(text)
    guess = text_quad(doc, find_events(doc))
    assert guess.quad == quad
    assert 0.2 <= guess.probability <= 1.0


def test_quad_weights_load_with_a_source_header():
    from importlib import resources

    from polemos.evaluate.coders.classifier import WEIGHTS_FILE, model

    text = resources.files("polemos.data").joinpath(WEIGHTS_FILE).read_text("utf-8")
    assert "cameo_class TRAIN split" in text and "GPL-3.0" in text
    assert len(model().weights) > 100


@pytest.mark.parametrize(("text", "reason"), [
    ("bias\t0\t0\t0\t0\t0\nL=attack\t1\t2\n", "expected a feature and 5 weights"),
    ("bias\t0\t0\t0\t0\t0\nL=attack\t1\t2\tx\t4\t5\n", "bad weight"),
    ("L=attack\t1\t2\t3\t4\t5\n", "no bias row"),
])
def test_bad_weights_row_names_file_and_line(text, reason):
    from polemos.evaluate.coders.classifier import parse_weights

    with pytest.raises(DataFileError) as caught:
        parse_weights(text, path="weights.tsv")
    assert reason in str(caught.value) and "weights.tsv" in str(caught.value)


# (sentence, police labels expected by the india-police evaluation's reading of the mentions)
POLICE_LABELS = [
    ("Police registered a case against the accused.", {"ANY_ACTION"}),
    ("Police arrested ten people in Ahmedabad.", {"ARREST", "ANY_ACTION"}),
    ("Police said the situation was under control.", set()),
    ("Police did not reach the spot.", set()),
    ("Police could deploy more men in the area.", set()),
    ("Police failed to stop the mob.", {"FAIL"}),
]


@pytest.mark.parametrize(("text", "labels"), POLICE_LABELS)
def test_police_action_labels(nlp, text, labels):
    from polemos.evaluate.india_police import predict

    doc = nlp(text)
    assert predict(doc, find_events(doc)) == labels


# A violent incident named as known ("the", a possessive, "recent") happened, whatever noun it hangs
# from, and the clause above that noun ("denied", "are hunting") says nothing of whether it happened
PRESUPPOSED = [
    ("Police are hunting the ringleader of Saturday's attack.", "attack"),
    ("Investigators studied the scale of the attack.", "attack"),
    ("A man was arrested in connection with the explosion.", "explosion"),
    ("The council discussed the cost of the recent bombings.", "bombings"),
    ("Witnesses reported a shooting incident near the school.", "shooting"),
    ("The militia refused to accept responsibility for the bombings.", "bombings"),
    ("The army denied responsibility for the killings.", "killings"),
    ("The ministers condemned the attack and vowed to punish its authors.", "attack"),
]


@pytest.mark.parametrize(("text", "trigger"), PRESUPPOSED)
def test_presupposed_attack_under_a_noun_is_a_plain_event(nlp, text, trigger):
    _, events = events_of(nlp, text)
    attack = only(events, "ASSAULT")
    assert attack.trigger.text == trigger
    assert attack.modality == ()


# (text, type that must not be found): what is only planned, a naming, or no weapon at all
NOT_AN_ATTACK = [
    ("The army discovered plans for the attack on the base.", "ASSAULT"),
    ("The alarm went off at six.", "ASSAULT"),
    ("The militia refused to accept responsibility for the bombings.", "AGREE"),
    ("On Monday, the mayor called the shooting an act of terror.", "REQUEST"),  # no "call on"
]


@pytest.mark.parametrize(("text", "forbidden"), NOT_AN_ATTACK)
def test_not_an_attack_or_not_that_type(nlp, text, forbidden):
    _, events = events_of(nlp, text)
    assert all(e.type != forbidden for e in events), [(e.type, e.trigger.text) for e in events]


# whoever claims an attack is its author; a denial or "no group" names nobody: (text, agents)
CLAIMS = [
    ("The group claimed responsibility for the bombing.", ["group"]),
    ("No group has claimed responsibility for the explosion.", []),
    ("The rebels did not claim responsibility for the attack.", []),
    ("The army denied responsibility for the killings.", []),
    ("The militia refused to accept responsibility for the bombings.", []),
]


@pytest.mark.parametrize(("text", "agents"), CLAIMS)
def test_claim_of_responsibility_names_the_attacker(nlp, text, agents):
    doc, events = events_of(nlp, text)
    assert words(doc, only(events, "ASSAULT").agent_heads) == agents


# everyday words for attacks: (text, trigger, PLOVER mode)
ATTACK_WORDS = [
    ("Residents fled after the drone strike.", "drone strike", "drone"),
    ("Residents fled after the missile strike.", "missile strike", "heavy-weapons"),
    ("Three bombs went off in the market on Friday.", "went off", "explosives"),
    ("Militants blew up a bridge on the main road.", "blew up", "explosives"),
    ("Gunmen gunned down a judge outside his home.", "gunned down", "firearms"),
    ("A firefight broke out between police and smugglers.", "firefight", "firearms"),
    ("Rebels downed an army helicopter over the valley.", "downed", None),
    ("Troops came under sniper fire in the old town.", "sniper fire", "firearms"),
    ("Jets strafed the convoy on the highway.", "strafed", "aerial"),
    ("Mobs razed dozens of homes in the district.", "razed", "destroy"),
    ("Police are investigating a stabbing at the station.", "stabbing", "primitive"),
    # a quote mark the tokenizer left on the word (text run together without spaces)
    ('He said it was over."Shootings continued in the north overnight.', "Shootings", "firearms"),
]


@pytest.mark.parametrize(("text", "trigger", "mode"), ATTACK_WORDS)
def test_attack_vocabulary(nlp, text, trigger, mode):
    doc, events = events_of(nlp, text)
    attack = only(events, "ASSAULT")
    assert (attack.trigger.text, attack.mode) == (trigger, mode)
    assert doc.text[attack.trigger.start:attack.trigger.end] == trigger


def test_drone_strike_is_an_air_strike_not_a_labour_strike(nlp):
    _, events = events_of(nlp, "A drone strike killed five militants in the valley.")
    assert all(e.type != "PROTEST" for e in events)
    main = primary_acled(events)
    assert (main.acled_event_type, main.acled_sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")


def test_what_is_commemorated_happened_long_ago(nlp):
    _, events = events_of(nlp, "Students marched to mark the tenth anniversary of the massacre.")
    massacre = only(events, "ASSAULT")
    assert massacre.trigger.text == "massacre" and massacre.modality == ("historical",)
