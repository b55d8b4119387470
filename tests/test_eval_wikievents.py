"""The WikiEvents evaluation's scoring on records written here (no gold needed), and a short run
on the visible dev split when ``../shared/gold`` is present."""
from __future__ import annotations

import pytest

from polemos.cli import main
from polemos.errors import PolemosError
from polemos.evaluate import wikievents as we

ATTACKS, DEATHS = we.MEASURES
ATTACKER, TARGET = ATTACKS.roles

# An invented article, stored the way the set stores one: sentences run together, each token's
# characters counted within its sentence from a start that drifts by one per sentence.
TEXT = "Two gunmen attacked the camp.Police said they fled."
SENTENCES = [
    [[["Two", 0, 3], ["gunmen", 4, 10], ["attacked", 11, 19], ["the", 20, 23], ["camp", 24, 28], [".", 28, 29]],
     "Two gunmen attacked the camp."],
    [[["Police", 30, 36], ["said", 37, 41], ["they", 42, 46], ["fled", 47, 51], [".", 51, 52]], "Police said they fled."],
]
ROW = {
    "doc_id": "invented-1", "text": TEXT, "sentences": SENTENCES,
    "entity_mentions": [
        {"id": "T1", "sent_idx": 0, "start": 1, "end": 2, "text": "gunmen"},
        {"id": "T2", "sent_idx": 0, "start": 4, "end": 5, "text": "camp"},
        {"id": "T3", "sent_idx": 1, "start": 8, "end": 9, "text": "they"},
    ],
    "event_mentions": [
        {"id": "E1", "event_type": "Conflict.Attack.Unspecified",
         "trigger": {"start": 2, "end": 3, "text": "attacked", "sent_idx": 0},
         "arguments": [{"entity_id": "T1", "role": "Attacker", "text": "gunmen"},
                       {"entity_id": "T2", "role": "Target", "text": "camp"}]},
    ],
}
DOC = we.parse_document(ROW, [["T1", "T3"]])
GOLD = DOC.events[0]
GUNMEN = we.PredictedActor("gunmen", ((4, 10),))
THEY = we.PredictedActor("the attackers", ((41, 45),))
POLICE = we.PredictedActor("Police", ((29, 35),))
MILITIA = we.PredictedActor("militia", ((4, 10),))  # the attacker's words, under another name
FIRST = (0, 29)  # the first sentence's characters
TRIGGER = (11, 19)


def test_token_offsets_follow_the_text_not_the_drifting_offsets():
    offsets = we.token_offsets(TEXT, SENTENCES)
    assert [TEXT[a:b] for a, b in offsets] == ["Two", "gunmen", "attacked", "the", "camp", ".",
                                               "Police", "said", "they", "fled", "."]


def test_token_offsets_refuse_a_text_they_do_not_fit():
    with pytest.raises(PolemosError):
        we.token_offsets("A " + TEXT, SENTENCES)


def test_a_document_has_character_spans_and_clusters():
    assert (GOLD.trigger, DOC.mentions["T2"].start, DOC.mentions["T2"].end) == (TRIGGER, 24, 28)
    assert [m.text for m in DOC.coreferent("T1")] == ["gunmen", "they"]
    assert [m.text for m in DOC.coreferent("T2")] == ["camp"]  # in no cluster: itself


@pytest.mark.parametrize("phrase, head", [
    ("Gunmen", "gunmen"), ("the Islamic State", "state"), ("Taliban fighters", "fighters"),
    ("the group's commander", "commander"), ("al-Shabaab", "al-shabaab"), ("", ""),
])
def test_head_word(phrase, head):
    assert we.head_word(phrase) == head


@pytest.mark.parametrize("events, expected", [
    ([], None),
    ([we.PredictedEvent("ASSAULT", (29, 51), (36, 40))], None),            # another sentence
    ([we.PredictedEvent("ACCUSE", FIRST, TRIGGER)], None),                  # not an ASSAULT
    ([we.PredictedEvent("ASSAULT", FIRST, (24, 28)), we.PredictedEvent("ASSAULT", FIRST, TRIGGER)], 1),  # same trigger
    ([we.PredictedEvent("ASSAULT", FIRST, (24, 28)), we.PredictedEvent("ASSAULT", FIRST, (4, 10))], 1),   # nearest
    ([we.PredictedEvent("ASSAULT", FIRST, None)], 0),                       # no trigger, still in the evidence
])
def test_match_takes_an_assault_holding_the_trigger(events, expected):
    found = we.match(GOLD, events, ATTACKS)
    assert found is (events[expected] if expected is not None else None)


def test_a_death_may_be_matched_by_an_event_of_any_type():
    assert we.match(GOLD, [we.PredictedEvent("COERCE", FIRST, TRIGGER)], DEATHS) is not None


@pytest.mark.parametrize("actor, expected", [
    (GUNMEN, True),                                           # its mention overlaps the argument
    (THEY, True),                                             # a mention of the same cluster
    (we.PredictedActor("Armed gunmen"), True),                # the head word, no span needed
    (POLICE, False),
    (we.PredictedActor("camp guards", ((20, 28),)), False),   # overlaps another entity only
])
def test_an_actor_names_the_attacker(actor, expected):
    assert we.names(actor, GOLD.arguments[0], DOC) is expected


@pytest.mark.parametrize("event, attacker, target", [
    (we.PredictedEvent("ASSAULT", FIRST, TRIGGER, (GUNMEN,), ()), True, False),
    (we.PredictedEvent("ASSAULT", FIRST, TRIGGER, (), (GUNMEN,)), False, False),   # attacker attached as target
    (we.PredictedEvent("ASSAULT", FIRST, TRIGGER, (THEY,), (we.PredictedActor("camp", ((24, 28),)),)), True, True),
    (None, False, False),
])
def test_roles_are_read_from_sources_and_targets(event, attacker, target):
    args = GOLD.arguments
    assert we.role_right(event, [a for a in args if a.role == "Attacker"], ATTACKER, DOC) is attacker
    assert we.role_right(event, [a for a in args if a.role == "Target"], TARGET, DOC) is target


@pytest.mark.parametrize("events, actors, cause", [
    ((), (), "event not found"),
    ((we.PredictedEvent("ASSAULT", FIRST, TRIGGER, (), (GUNMEN,)),), (GUNMEN,), "actor attached on the other side"),
    ((we.PredictedEvent("ASSAULT", FIRST, TRIGGER), we.PredictedEvent("ASSAULT", FIRST, (24, 28), (GUNMEN,))),
     (GUNMEN,), "actor on another event of the sentence"),
    ((we.PredictedEvent("ASSAULT", TRIGGER, TRIGGER),), (), "argument outside the event's sentence"),
    ((we.PredictedEvent("ASSAULT", FIRST, TRIGGER),), (POLICE,), "not made an actor (nominal)"),
    ((we.PredictedEvent("ASSAULT", FIRST, TRIGGER),), (MILITIA,),
     "actor in the sentence, side empty"),
    ((we.PredictedEvent("ASSAULT", FIRST, TRIGGER, (POLICE,)),), (POLICE, MILITIA),
     "actor in the sentence, other actor attached"),
])
def test_why_an_attacker_was_missed(events, actors, cause):
    predicted = we.Prediction(events, actors)
    outcome = we.score_event(GOLD, predicted, ATTACKS, DOC)
    assert outcome.roles[0].role == "attacker" and outcome.roles[0].cause == cause


@pytest.mark.parametrize("text, span, expected", [
    ("The guard was shot by two gunmen.", (26, 32), True),
    ("The guard was shot, two gunmen fled.", (24, 30), False),
    ("Gunmen shot the guard.", (0, 6), False),
])
def test_a_passive_by_agent(text, span, expected):
    assert we.after_by(text, span) is expected


@pytest.mark.parametrize("text, kind", [("they", "pronoun"), ("Taliban", "name"), ("gunmen", "nominal")])
def test_mention_kind(text, kind):
    assert we.mention_kind(text) == kind


def test_figures_count_found_and_roles_over_all_and_found_only():
    other = we.parse_document({**ROW, "doc_id": "invented-2"}, [])
    predictions = [we.Prediction((we.PredictedEvent("ASSAULT", FIRST, TRIGGER, (GUNMEN,)),), (GUNMEN,)),
                   we.Prediction((), ())]
    report = we.score([DOC, other], predictions, split="dev")
    figures = report.figures
    assert (figures["attacks found"], figures["attacks found n"]) == (0.5, 2)
    assert (figures["attacker right"], figures["attacker right n"]) == (0.5, 2)
    assert (figures["attacker right, found only"], figures["attacker right, found only n"]) == (1.0, 1)
    assert (figures["target right"], figures["target right n"]) == (0.0, 2)
    assert figures["attacks not found: no event holds the trigger"] == 1
    assert figures["polemos ASSAULT events holding a gold attack"] == 1
    assert figures["deaths found n"] == 0 and "attacks found: 0.500" in report.format()


def test_a_missing_gold_folder_says_what_to_do(tmp_path):
    with pytest.raises(PolemosError, match="gold data not found"):
        we.load(tmp_path, split="dev")


def test_dev_split_loads_and_scores_with_a_limit(gold_dir, capsys):
    documents = we.load(gold_dir, split="dev")  # every token's characters are checked as it loads
    assert len(documents) == 20
    assert all(d.text[slice(*e.trigger)].replace(" ", "") for d in documents for e in d.events)
    # rules only: this checks the evaluation's plumbing, not the learned heads
    assert main(["evaluate", "wikievents", "--limit", "2", "--gold", str(gold_dir), "--rules-only"]) == 0
    out = capsys.readouterr().out
    assert "wikievents — split dev — 2 items" in out and "attacks found:" in out and "attacker right n:" in out
