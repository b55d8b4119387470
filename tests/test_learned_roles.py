"""The role head: who did it to whom, where the rules leave a role empty.

Unit tables for what the head reads (paths, candidates, labels of training pairs, the gold readers'
role names) and for the decisions (a forced head), then whole articles through the pipeline: the
invented sentences below are the shapes the issue names (nominal actors, passives, targets that
are places or people no name finder knows).
"""
from __future__ import annotations

import numpy as np
import pytest

from polemos.extract.actors import ActorFindings
from polemos.extract.learned import _roles, _roles_train, read_roles
from polemos.extract.learned._heads import ROLES, Head
from polemos.mentions import EventMention
from polemos.model import Actor, Span


def forced(winner: str, p: float) -> Head:
    rest = (1 - p) / (len(ROLES) - 1)
    logits = np.log(np.array([p if r == winner else rest for r in ROLES], dtype=np.float32))
    return Head(ROLES, {}, np.zeros((0, 3), np.float32), np.zeros((96, 3), np.float32), logits)


def token(doc, word: str):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text, a, b, path, preps", [
    ("Gunmen attacked the village.", "attacked", "Gunmen", "vnsubj", []),
    ("Gunmen attacked the village.", "attacked", "village", "vdobj", []),
    ("Five civilians were killed by militants.", "killed", "militants", "vagentvpobj", ["by"]),
    ("Rebels launched an attack on the base.", "attack", "base", "vprepvpobj", ["on"]),
    ("Rebels launched an attack on the base.", "attack", "Rebels", "^dobjvnsubj", []),
])
def test_the_dependency_path_between_trigger_and_candidate(nlp, text, a, b, path, preps):
    doc = nlp(text)
    assert _roles._path(token(doc, a), token(doc, b)) == (path, preps)


def test_candidates_are_phrase_heads_and_side_modifiers_not_dates_or_numbers(nlp):
    doc = nlp("Israeli jets struck five houses in Gaza on Monday.")
    found = [t.text for t in _roles.candidates(next(doc.sents), token(doc, "struck"))]
    assert "Israeli" in found and "jets" in found and "houses" in found
    assert "Monday" not in found and "five" not in found


@pytest.mark.parametrize("start, end, expected", [
    (0, 6, "agent"),      # the candidate lies inside the agent's words
    (30, 40, "none"),     # outside every argument
])
def test_a_training_pair_is_labelled_by_the_argument_holding_it(nlp, start, end, expected):
    doc = nlp("Gunmen stormed a church in Nazinon.")
    args = [_roles_train.Argument(0, 6, "agent"), _roles_train.Argument(15, 21, "patient")]
    cand = next(t for t in doc if t.idx >= start and t.idx < end) if expected != "none" else token(doc, "Nazinon")
    assert _roles_train.label_of(cand, args) == expected


def test_the_innermost_argument_wins_when_arguments_nest(nlp):
    doc = nlp("the leader of the gunmen")
    args = [_roles_train.Argument(0, 24, "patient"), _roles_train.Argument(18, 24, "agent")]
    assert _roles_train.label_of(token(doc, "gunmen"), args) == "agent"


@pytest.mark.parametrize("role, expected", [
    ("evt089arg01victim", "victim"), ("evt045arg02target", "target"), ("evt001arg01attacker", "attacker"),
])
def test_rams_role_names(role, expected):
    assert _roles_train.ROLE_NAME.sub("", role) == expected


def test_a_geneva_row_becomes_gold_events_with_character_offsets():
    row = {"wnd_id": "w1", "tokens": ["Rebels", "attacked", "the", "town", "."],
           "entity_mentions": [{"id": "m1", "start": 0, "end": 1}, {"id": "m2", "start": 2, "end": 4}],
           "event_mentions": [{"event_type": "Attack", "trigger": {"start": 1, "end": 2},
                               "arguments": [{"entity_id": "m1", "role": "Assailant"},
                                             {"entity_id": "m2", "role": "Victim"}]},
                              {"event_type": "Presence", "trigger": {"start": 1, "end": 2}, "arguments": []}]}
    [event] = _roles_train._geneva_row(row)
    assert (event.plover, event.trigger) == ("ASSAULT", (7, 15))
    assert [(a.start, a.end, a.role) for a in event.arguments] == [(0, 6, "agent"), (16, 24, "patient")]


def event_at(doc, word: str, **fields) -> EventMention:
    start = doc.text.index(word)
    sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
    return EventMention(type="ASSAULT", trigger=Span(start, start + len(word), word),
                        evidence=Span(sent.start_char, sent.end_char, sent.text), **fields)


@pytest.mark.parametrize("winner, p, filled", [
    ("agent", 0.9, True),     # sure: the empty role is filled
    ("agent", 0.45, False),   # under the threshold: left empty
    ("none", 0.9, False),     # the head reads no role
])
def test_the_head_fills_an_empty_role_only_when_sure(nlp, winner, p, filled):
    doc = nlp("Gunmen stormed the church.")
    [event], actors = read_roles(doc, [event_at(doc, "stormed")], ActorFindings(), head=forced(winner, p))
    assert bool(event.agent_heads) is filled


def test_the_rules_roles_stay_and_new_actors_are_numbered_in_text_order(nlp):
    doc = nlp("Gunmen stormed the church.")
    church = token(doc, "church").i
    rules = ActorFindings([Actor("a1", "Gunmen", "group", mentions=(Span(0, 6, "Gunmen"),))], {0: "a1"})
    event = event_at(doc, "stormed", agent_heads=(0,))
    [out], actors = read_roles(doc, [event], rules, head=forced("patient", 0.9))
    assert out.agent_heads == (0,) and out.patient_heads == (church,)
    assert [(a.id, a.name) for a in actors.actors] == [("a1", "Gunmen"), ("a2", "church")]
    assert actors.token_actor[church] == "a2"


@pytest.fixture(scope="module")
def pipeline():
    from polemos.pipeline import Pipeline
    from polemos.settings import Settings

    return Pipeline.create(Settings())


def roles_of(pipeline, text: str, trigger: str) -> tuple[list[str], list[str]]:
    from polemos.ingest import build_article
    from polemos.ingest.normalize import RawArticle
    from polemos.settings import Settings

    doc = next(iter(pipeline.analyse([build_article(RawArticle(origin="t.txt", text=text, published="2024-05-06"),
                                                    settings=Settings())])))
    event = next(e for e in doc.events if e.trigger and e.trigger.text == trigger)
    names = {a.id: a.name.lower() for a in doc.actors}
    return [names[a] for a in event.actors], [names[r] for r in event.recipients]


@pytest.mark.parametrize("text, trigger, agent, target", [
    ("Gunmen on motorbikes stormed a church in the village of Dablo on Sunday, a local official said.",
     "stormed", "gunmen", "church"),
    ("Suspected jihadists ambushed a convoy of traders near Djibo on Tuesday, security sources said.",
     "ambushed", "jihadists", "convoy"),
    ("Seven farmers were shot dead by unidentified gunmen in their fields outside Jos on Friday.",
     "shot", "gunmen", "farmers"),
])
def test_who_did_it_to_whom_in_whole_articles(pipeline, text, trigger, agent, target):
    agents, targets = roles_of(pipeline, text, trigger)
    assert any(agent in a for a in agents), agents
    assert any(target in t for t in targets), targets


@pytest.mark.parametrize("text, word, event_type, expected", [
    ("Drones hit an oil terminal near the port.", "terminal", "ASSAULT", True),     # a thing that is hit
    ("A mortar round struck a minibus on the road.", "minibus", "ASSAULT", True),
    ("Militants blew up the aqueduct overnight.", "aqueduct", "ASSAULT", True),
    ("Farmers blocked the highway with tractors.", "highway", "PROTEST", False),    # where, not what
    ("Police beat the students with batons.", "batons", "COERCE", False),          # an implement
    ("The rebels attacked the proposal in a statement.", "statement", "ASSAULT", False),  # a message
    ("The rebels rejected the proposal.", "proposal", "REJECT", False),           # talk: recipients are actors
    ("The rebels rejected the teachers.", "teachers", "REJECT", True),            # people, whatever the type
])
def test_which_role_words_may_become_actors(nlp, text, word, event_type, expected):
    from polemos.extract.learned._assign import _can_be_actor

    assert _can_be_actor(token(nlp(text), word), event_type) is expected


@pytest.mark.parametrize("text, trigger, targets", [
    ("Russian drones struck an oil terminal in Odesa overnight, regional officials said.", "struck", ["oil terminal"]),
    ("Gunmen attacked a church in Djibo on Sunday, killing five worshippers, officials said.", "attacked",
     ["church", "worshippers"]),
])
def test_every_target_and_victim_of_one_attack_in_whole_articles(pipeline, text, trigger, targets):
    assert roles_of(pipeline, text, trigger)[1] == targets
