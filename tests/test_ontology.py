"""PLOVER and its crosswalks: CAMEO roots, quad classes and ACLED's exact type names."""
from __future__ import annotations

import pytest

from polemos.model import PLOVER_TYPES as CONTRACT_TYPES
from polemos.resolve.ontology import (
    ACLED_EVENT_OF,
    ACLED_TYPES,
    PLOVER_CONTEXTS,
    PLOVER_MODES,
    PLOVER_TYPES,
    acled_type,
    cameo_root,
    crosswalk,
    normalise_type,
    quad_class,
)


def test_types_match_the_contract():
    assert PLOVER_TYPES == CONTRACT_TYPES
    assert set(PLOVER_MODES) <= set(PLOVER_TYPES)
    assert len(PLOVER_CONTEXTS) == 37


def test_acled_names_are_acleds():
    assert len(ACLED_EVENT_OF) == 25
    assert ACLED_TYPES["Explosions/Remote violence"][1] == "Air/drone strike"


# (PLOVER type, keyword options, CAMEO root)
CAMEO = [
    ("AGREE", {}, "03"), ("CONSULT", {}, "04"), ("SUPPORT", {}, "05"), ("COOPERATE", {}, "06"), ("AID", {}, "07"),
    ("CONCEDE", {}, "08"), ("RETREAT", {}, "08"), ("ACCUSE", {"mode": "investigate"}, "09"),
    ("REQUEST", {}, "10"), ("REQUEST", {"appeal": True}, "02"), ("ACCUSE", {}, "11"), ("REJECT", {}, "12"),
    ("THREATEN", {}, "13"), ("PROTEST", {}, "14"), ("MOBILIZE", {}, "15"), ("SANCTION", {}, "16"),
    ("COERCE", {}, "17"), ("ASSAULT", {}, "18"), ("ASSAULT", {"two_sided": True}, "19"),
    ("ASSAULT", {"mode": "unconventional"}, "20"),
]


@pytest.mark.parametrize(("plover", "options", "root"), CAMEO)
def test_cameo_root(plover, options, root):
    assert cameo_root(plover, **options) == root


# (type, quad class)
QUADS = [("AGREE", 1), ("RETREAT", 2), ("SANCTION", 3), ("PROTEST", 4), ("ASSAULT", 4), (None, 0)]


@pytest.mark.parametrize(("plover", "quad"), QUADS)
def test_quad_class(plover, quad):
    assert quad_class(plover) == quad


@pytest.mark.parametrize(("name", "plover"), [("DEMAND", "REQUEST"), ("fight", "ASSAULT"), ("DISAPPROVE", "ACCUSE"),
                                               ("INVESTIGATE", "ACCUSE"), ("AGREE", "AGREE"), ("DOCUMENT", None)])
def test_legacy_names(name, plover):
    assert normalise_type(name) == plover


# (type, options, expected ACLED pair or None)
ACLED = [
    ("ASSAULT", {"hint": "clash"}, ("Battles", "Armed clash")),
    ("ASSAULT", {"patient_kind": "civilian", "agent_kind": "armed"}, ("Violence against civilians", "Attack")),
    ("ASSAULT", {"patient_kind": "state"}, ("Battles", "Armed clash")),
    ("ASSAULT", {"mode": "aerial"}, ("Explosions/Remote violence", "Air/drone strike")),
    ("ASSAULT", {"hint": "ied"}, ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("ASSAULT", {"mode": "abduct"}, ("Violence against civilians", "Abduction/forced disappearance")),
    ("ASSAULT", {"hint": "capture", "agent_kind": "state"}, ("Battles", "Government regains territory")),
    ("ASSAULT", {"hint": "capture", "agent_kind": "armed"}, ("Battles", "Non-state actor overtakes territory")),
    ("ASSAULT", {"patient_kind": "protester"}, ("Protests", "Excessive force against protesters")),
    ("ASSAULT", {"agent_kind": "protester"}, ("Riots", "Violent demonstration")),
    ("PROTEST", {}, ("Protests", "Peaceful protest")),
    ("PROTEST", {"mode": "riot"}, ("Riots", "Violent demonstration")),
    ("COERCE", {"mode": "arrest"}, ("Strategic developments", "Arrests")),
    ("COERCE", {"hint": "intervention"}, ("Protests", "Protest with intervention")),
    ("RETREAT", {"mode": "ceasefire"}, ("Strategic developments", "Agreement")),
    ("ASSAULT", {}, ("Violence against civilians", "Attack")),  # unknown sides: ACLED's commonest reading
    ("COERCE", {"mode": "curfew"}, ("Strategic developments", "Change to group/activity")),
    ("MOBILIZE", {"mode": "troops"}, ("Strategic developments", "Change to group/activity")),
    ("MOBILIZE", {"hint": "base"}, ("Strategic developments", "Headquarters or base established")),
    ("CONSULT", {}, None),
    ("REJECT", {}, None),
    ("SANCTION", {}, None),
]


@pytest.mark.parametrize(("plover", "options", "expected"), ACLED)
def test_acled_crosswalk(plover, options, expected):
    assert acled_type(plover, **options) == expected
    if expected:
        assert ACLED_EVENT_OF[expected[1]] == expected[0]


def test_crosswalk_bundles_everything():
    walk = crosswalk("ASSAULT", hint="clash", two_sided=True)
    assert (walk.cameo, walk.quad, walk.acled_event_type, walk.acled_sub_event_type) == (
        "19", 4, "Battles", "Armed clash")
