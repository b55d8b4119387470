"""PLOVER, the native event ontology, and its crosswalks to CAMEO root codes and ACLED types.

The event finder (``extract/events/__init__.py``) types every trigger with a PLOVER type and mode; this
module turns that into the other codebooks every event carries (``contract.md``): the CAMEO
root code, the PLOVER quad class, and ACLED's event type and sub-event type, with ACLED's
exact names. Sources: openeventdata/PLOVER ``PLOVER_MANUAL.tex`` (draft 2.0, commit 5e0c24f)
for types, modes, contexts and quad classes; the PLOVER README's CAMEO→PLOVER table read
backwards for CAMEO roots; acledR ``acled_event_categories`` and ACLED's 2019 definitions for
the ACLED names (see ``shared/design/ontologies.md``).
"""
from __future__ import annotations

from dataclasses import dataclass

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

PLOVER_MODES: dict[str, tuple[str, ...]] = {
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                "unconventional"),
}

PLOVER_CONTEXTS: tuple[str, ...] = (
    "military", "intelligence", "executive", "legislative", "election", "political_institutions",
    "pro_democracy", "pro_autocracy", "economic", "legal", "reparations", "human_rights",
    "rights_freedoms", "repression", "human_security", "gender", "lgbt", "religion_ethnicity",
    "inequality", "diplomatic", "territory", "peacekeeping", "health", "asylum", "migration",
    "disasters", "natural_resource", "environment", "technology", "terrorism", "cbrn", "cyber",
    "misinformation", "crime", "corruption", "illegal_drugs", "trafficking",
)

# The manual's quad table (SANCTION is verbal conflict there; its summary table disagrees).
QUAD_CLASS: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
QUAD_NAMES = {0: "neutral", 1: "verbal cooperation", 2: "material cooperation",
              3: "verbal conflict", 4: "material conflict"}

_CAMEO_ROOT: dict[str, str] = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07",
    "CONCEDE": "08", "RETREAT": "08", "REQUEST": "10", "ACCUSE": "11", "REJECT": "12",
    "THREATEN": "13", "PROTEST": "14", "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17",
    "ASSAULT": "18",
}

# PLOVER's older names, used by the PLOVER gold-standard records (CAMEO-derived).
LEGACY_TYPES: dict[str, str] = {
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
    "YIELD": "RETREAT",
}

ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
}
ACLED_EVENT_OF: dict[str, str] = {sub: event for event, subs in ACLED_TYPES.items() for sub in subs}

# ACLED sub-event chosen by a lexicon hint alone, whoever the actors are.
_HINT_SUB: dict[str, str] = {
    "air": "Air/drone strike", "shell": "Shelling/artillery/missile attack",
    "ied": "Remote explosive/landmine/IED", "suicide": "Suicide bomb", "grenade": "Grenade",
    "chemical": "Chemical weapon", "abduct": "Abduction/forced disappearance",
    "sexual": "Sexual violence", "loot": "Looting/property destruction", "arrest": "Arrests",
    "peaceful": "Peaceful protest", "riot": "Violent demonstration", "mob": "Mob violence",
    "weapons": "Disrupted weapons use", "agreement": "Agreement", "base": "Headquarters or base established",
    "transfer": "Non-violent transfer of territory", "clash": "Armed clash",
    "intervention": "Protest with intervention", "excessive": "Excessive force against protesters",
}
_MODE_SUB: dict[str, str] = {
    "aerial": "Air/drone strike", "drone": "Air/drone strike", "heavy-weapons": "Shelling/artillery/missile attack",
    "explosives": "Remote explosive/landmine/IED", "suicide-attack": "Suicide bomb",
    "unconventional": "Chemical weapon", "abduct": "Abduction/forced disappearance", "sexual": "Sexual violence",
    "destroy": "Looting/property destruction", "riot": "Violent demonstration", "vandalize": "Violent demonstration",
    "arrest": "Arrests", "crowd-control": "Protest with intervention",  # tear gas, baton charges
}


@dataclass(frozen=True, slots=True)
class Crosswalk:
    """Every codebook's name for one PLOVER event."""

    cameo: str | None
    quad: int
    acled_event_type: str | None
    acled_sub_event_type: str | None


def normalise_type(name: str) -> str | None:
    """A PLOVER type from a current or legacy name (``DEMAND`` → ``REQUEST``); None if unknown."""
    upper = name.strip().upper()
    upper = LEGACY_TYPES.get(upper, upper)
    return upper if upper in QUAD_CLASS else None


def quad_class(plover_type: str | None) -> int:
    """PLOVER quad class 1–4, or 0 (neutral) for no event."""
    return QUAD_CLASS.get(plover_type or "", 0)


def cameo_root(plover_type: str, *, mode: str | None = None, two_sided: bool = False,
               appeal: bool = False) -> str | None:
    """The CAMEO root code: ACCUSE:investigate → 09, two-sided fighting → 19, CBRN → 20, and a
    request worded as an appeal ("urged", "called on") → 02 APPEAL rather than 10 DEMAND."""
    if plover_type == "REQUEST" and appeal:
        return "02"
    if plover_type == "ACCUSE" and mode == "investigate":
        return "09"
    if plover_type == "ASSAULT":
        if mode == "unconventional":
            return "20"
        if two_sided:
            return "19"
    return _CAMEO_ROOT.get(plover_type)


def acled_type(plover_type: str, *, mode: str | None = None, hint: str | None = None,
               agent_kind: str | None = None, patient_kind: str | None = None,
               two_sided: bool = False) -> tuple[str, str] | None:
    """ACLED ``(event_type, sub_event_type)`` for a PLOVER event, or None when ACLED has no type.

    ``agent_kind`` and ``patient_kind`` are ``armed`` (state or non-state forces), ``civilian``,
    ``protester`` or None (unknown); ACLED decides Battles against Violence against civilians
    by who was hit, so the finder passes what it could tell about the target.
    """
    sub = _acled_sub(plover_type, mode=mode, hint=hint, agent_kind=agent_kind,
                     patient_kind=patient_kind, two_sided=two_sided)
    return (ACLED_EVENT_OF[sub], sub) if sub else None


def _acled_sub(plover_type: str, *, mode: str | None, hint: str | None, agent_kind: str | None,
               patient_kind: str | None, two_sided: bool) -> str | None:
    if hint in ("gov_regains", "nonstate_overtakes", "capture"):
        if plover_type != "ASSAULT":
            return None
        if agent_kind == "state" or hint == "gov_regains":
            return "Government regains territory"
        return "Non-state actor overtakes territory"
    if plover_type == "ASSAULT":
        if agent_kind == "protester":
            return "Violent demonstration"
        if hint in _HINT_SUB and hint not in ("peaceful", "agreement", "arrest", "transfer", "base", "clash"):
            return _HINT_SUB[hint]
        if mode in _MODE_SUB:
            return _MODE_SUB[mode]
        if patient_kind == "protester":
            return "Excessive force against protesters"
        if agent_kind == "mob" or agent_kind == "civilian" and patient_kind not in ("armed", "state"):
            return "Mob violence"  # unorganised people attacking others: villagers, residents, a crowd
        if hint == "clash" or two_sided or patient_kind in ("armed", "state"):
            return "Armed clash"
        if patient_kind == "civilian":
            return "Attack"
        return "Attack" if agent_kind in ("armed", "state", None) else "Armed clash"
    if plover_type == "PROTEST":
        if hint in ("riot", "mob", "intervention", "excessive"):
            return _HINT_SUB[hint]
        if mode in ("riot", "vandalize"):
            return "Violent demonstration"
        return "Peaceful protest"
    if plover_type == "COERCE":
        if hint == "intervention":
            return "Protest with intervention"
        if mode == "arrest" or hint == "arrest":
            return "Arrests"
        if hint == "weapons":
            return "Disrupted weapons use"
        if hint == "loot":
            return "Looting/property destruction"
        if mode in ("curfew", "restrict", "martial-law"):
            return "Change to group/activity"  # ACLED: curfews, bans and movement restrictions
        return None
    if plover_type in ("AGREE", "RETREAT") and (hint == "agreement" or mode == "ceasefire"):
        return "Agreement"
    if plover_type == "RETREAT" and hint == "transfer":
        return "Non-violent transfer of territory"
    if plover_type == "MOBILIZE" and hint == "base":
        return "Headquarters or base established"
    if plover_type == "MOBILIZE":
        return "Change to group/activity"  # troops deployed, an operation launched
    return None


def crosswalk(plover_type: str, *, mode: str | None = None, hint: str | None = None,
              agent_kind: str | None = None, patient_kind: str | None = None,
              two_sided: bool = False, appeal: bool = False) -> Crosswalk:
    """CAMEO root, quad class and ACLED types of one PLOVER event in one call."""
    acled = acled_type(plover_type, mode=mode, hint=hint, agent_kind=agent_kind,
                       patient_kind=patient_kind, two_sided=two_sided)
    return Crosswalk(cameo=cameo_root(plover_type, mode=mode, two_sided=two_sided, appeal=appeal),
                     quad=quad_class(plover_type),
                     acled_event_type=acled[0] if acled else None,
                     acled_sub_event_type=acled[1] if acled else None)
