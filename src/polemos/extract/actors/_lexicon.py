"""Words the actor finder reads: demonyms, titles, actor nouns, speech verbs, pronouns.

Used by ``extract/actors/__init__.py`` (and by ``resolve/actor_kb.py`` to read "French President").
Everything is built once into read-only look-up tables (``functools.cache``), so the finder
does dict look-ups per token and never scans the lexicon. Demonyms live in
``data/actor_demonyms.csv``; the short word lists below were written by the Polemos project
from common English usage and the PLOVER sector list (CC0).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from types import MappingProxyType

from polemos.resolve.countries import capitals, country_names, demonyms, iso2_to_iso3, state_names


@dataclass(frozen=True, slots=True)
class Title:
    """A title or role word: "President", "Gen.", "special representative"."""

    role: str
    sector: str | None
    military: bool = False


@dataclass(frozen=True, slots=True)
class ActorNoun:
    """A common noun that names an actor absent from any KB: "army", "militia", "protesters"."""

    sector: str
    kind: str        # group | organization
    name: str        # canonical word used in the actor's name ("forces", "police")


# Titles written before a name or as the head of an apposition. Keys are lower-case word sequences.
_TITLES: tuple[tuple[str, str, str | None], ...] = (
    ("president", "President", "GOV"), ("vice president", "Vice President", "GOV"),
    ("prime minister", "Prime Minister", "GOV"), ("premier", "Prime Minister", "GOV"),
    ("deputy prime minister", "Deputy Prime Minister", "GOV"),
    ("foreign minister", "Foreign Minister", "GOV"), ("defence minister", "Defence Minister", "GOV"),
    ("defense minister", "Defence Minister", "GOV"), ("interior minister", "Interior Minister", "GOV"),
    ("finance minister", "Finance Minister", "GOV"), ("minister", "Minister", "GOV"),
    ("secretary of state", "Secretary of State", "GOV"), ("secretary", "Secretary", "GOV"),
    ("defence secretary", "Defence Secretary", "GOV"), ("defense secretary", "Defence Secretary", "GOV"),
    ("foreign secretary", "Foreign Secretary", "GOV"), ("home secretary", "Home Secretary", "GOV"),
    ("deputy", "Deputy", "LEG"), ("vice-president", "Vice President", "GOV"), ("first lady", "First Lady", "ELI"),
    ("president-elect", "President-elect", "GOV"), ("chairman", "Chairman", None), ("chief", "Chief", None),
    ("ousted president", "former President", "ELI"), ("former president", "former President", "ELI"),
    ("former prime minister", "former Prime Minister", "ELI"), ("chancellor", "Chancellor", "GOV"),
    ("king", "King", "GOV"), ("queen", "Queen", "GOV"), ("emir", "Emir", "GOV"), ("sultan", "Sultan", "GOV"),
    ("crown prince", "Crown Prince", "GOV"), ("supreme leader", "Supreme Leader", "GOV"),
    ("governor", "Governor", "GOV"), ("mayor", "Mayor", "GOV"), ("ambassador", "Ambassador", "GOV"),
    ("spokesman", "Spokesperson", None), ("spokeswoman", "Spokesperson", None),
    ("spokesperson", "Spokesperson", None), ("official", "Official", None), ("leader", "Leader", None),
    ("envoy", "Envoy", None), ("special envoy", "Special Envoy", None),
    ("special representative", "Special Representative", None), ("representative", "Representative", None),
    ("secretary general", "Secretary-General", None), ("secretary-general", "Secretary-General", None),
    ("gen.", "General", "MIL"), ("general", "General", "MIL"), ("lt. gen.", "Lieutenant General", "MIL"),
    ("lieutenant general", "Lieutenant General", "MIL"), ("maj. gen.", "Major General", "MIL"),
    ("major general", "Major General", "MIL"), ("brig. gen.", "Brigadier General", "MIL"),
    ("field marshal", "Field Marshal", "MIL"), ("marshal", "Marshal", "MIL"), ("col.", "Colonel", "MIL"),
    ("colonel", "Colonel", "MIL"), ("commander", "Commander", "MIL"), ("admiral", "Admiral", "MIL"),
    ("adm.", "Admiral", "MIL"), ("maj.", "Major", "MIL"), ("capt.", "Captain", "MIL"), ("captain", "Captain", "MIL"),
    ("army chief", "Army Chief", "MIL"), ("chief of staff", "Chief of Staff", None), ("warlord", "Warlord", "REB"),
    ("rebel leader", "Rebel Leader", "REB"), ("militia leader", "Militia Leader", "PRM"),
    ("police chief", "Police Chief", "COP"), ("judge", "Judge", "JUD"), ("prosecutor", "Prosecutor", "JUD"),
    ("senator", "Senator", "LEG"), ("sen.", "Senator", "LEG"), ("rep.", "Representative", "LEG"),
    ("lawmaker", "Lawmaker", "LEG"), ("speaker", "Speaker", "LEG"), ("mp", "Member of Parliament", "LEG"),
    ("opposition leader", "Opposition Leader", "OPP"), ("journalist", "Journalist", "JRN"),
    ("reporter", "Journalist", "JRN"), ("correspondent", "Journalist", "JRN"), ("doctor", "Doctor", "MED"),
    ("dr.", "Doctor", None), ("imam", "Imam", "REL"), ("cleric", "Cleric", "REL"), ("pope", "Pope", "REL"),
    ("bishop", "Bishop", "REL"), ("archbishop", "Archbishop", "REL"),
)

# Common nouns heading a phrase that names an actor; the sector comes from the noun,
# the country from a demonym or possessive beside it ("Libyan forces", "Mali's army").
_ACTOR_NOUNS: tuple[tuple[str, str, str, str], ...] = (
    ("army", "MIL", "organization", "army"), ("military", "MIL", "organization", "military"),
    ("armed forces", "MIL", "organization", "armed forces"), ("forces", "MIL", "group", "forces"),
    ("troops", "MIL", "group", "troops"), ("soldier", "MIL", "group", "soldiers"),
    ("soldiers", "MIL", "group", "soldiers"), ("navy", "MIL", "organization", "navy"),
    ("air force", "MIL", "organization", "air force"), ("junta", "MIL", "organization", "junta"),
    ("militia", "PRM", "group", "militia"), ("militias", "PRM", "group", "militias"),
    ("militiamen", "PRM", "group", "militiamen"), ("paramilitaries", "PRM", "group", "paramilitaries"),
    ("rebels", "REB", "group", "rebels"), ("rebel", "REB", "group", "rebels"),
    ("insurgents", "REB", "group", "insurgents"),
    ("militants", "REB", "group", "militants"), ("jihadists", "REB", "group", "jihadists"),
    ("fighters", "UAF", "group", "fighters"), ("gunmen", "UAF", "group", "gunmen"),
    ("assailants", "UAF", "group", "assailants"), ("attackers", "UAF", "group", "attackers"),
    ("police", "COP", "organization", "police"), ("policemen", "COP", "group", "police"),
    ("police officers", "COP", "group", "police"), ("gendarmes", "COP", "group", "gendarmes"),
    ("security forces", "COP", "group", "security forces"),
    ("government", "GOV", "organization", "government"), ("authorities", "GOV", "group", "authorities"),
    ("officials", "GOV", "group", "officials"), ("ministry", "GOV", "organization", "ministry"),
    ("parliament", "LEG", "organization", "parliament"), ("lawmakers", "LEG", "group", "lawmakers"),
    ("court", "JUD", "organization", "court"), ("opposition", "OPP", "group", "opposition"),
    ("protesters", "CVL", "group", "protesters"), ("demonstrators", "CVL", "group", "demonstrators"),
    ("rioters", "CVL", "group", "rioters"), ("civilians", "CVL", "group", "civilians"),
    ("villagers", "CVL", "group", "villagers"), ("residents", "CVL", "group", "residents"),
    ("refugees", "REF", "group", "refugees"), ("journalists", "JRN", "group", "journalists"),
    ("students", "EDU", "group", "students"), ("farmers", "AGR", "group", "farmers"),
    ("herders", "AGR", "group", "herders"), ("workers", "LAB", "group", "workers"),
    ("intelligence", "SPY", "organization", "intelligence"),
    ("diplomats", "GOV", "group", "diplomats"), ("negotiators", "GOV", "group", "negotiators"),
    ("delegation", "GOV", "group", "delegation"), ("leaders", "GOV", "group", "leaders"),
    ("rebel leaders", "REB", "group", "rebel leaders"), ("opposition leaders", "OPP", "group", "opposition leaders"),
    ("guerrillas", "REB", "group", "guerrillas"), ("guerrilla", "REB", "group", "guerrillas"),
    ("extremists", "REB", "group", "extremists"), ("separatists", "REB", "group", "separatists"),
    ("peacekeepers", "MIL", "group", "peacekeepers"), ("warships", "MIL", "group", "warships"),
    ("doctors", "MED", "group", "doctors"), ("medics", "MED", "group", "medics"),
    ("nationals", "CVL", "group", "nationals"), ("citizens", "CVL", "group", "citizens"),
    ("youths", "CVL", "group", "youths"), ("prisoners", "CVL", "group", "prisoners"),
    ("elders", "ELI", "group", "elders"), ("politicians", "ELI", "group", "politicians"),
    ("businessman", "BUS", "group", "businessman"), ("businessmen", "BUS", "group", "businessmen"),
    ("newspaper", "JRN", "organization", "newspaper"), ("media", "JRN", "group", "media"),
    ("cabinet", "GOV", "organization", "cabinet"), ("administration", "GOV", "organization", "administration"),
    ("humanitarian actors", "NGO", "group", "humanitarian actors"), ("aid workers", "NGO", "group", "aid workers"),
    ("aid agencies", "NGO", "group", "aid agencies"), ("humanitarians", "NGO", "group", "humanitarians"),
)

# Verbs that report speech or a stance; a pronoun inside their complement is usually their subject.
SPEECH_VERBS = frozenset({
    "say", "tell", "add", "state", "announce", "claim", "declare", "insist", "warn", "report", "quote",
    "confirm", "deny", "explain", "note", "stress", "argue", "accuse", "urge", "ask", "write", "believe",
    "think", "vow", "promise", "threaten", "acknowledge", "admit", "suggest", "reiterate", "indicate", "agree",
})
# Verbs tying a person to the organisation they run ("who is leading the Libyan National Army").
LEAD_VERBS = frozenset({"lead", "head", "command", "run", "chair", "direct", "control"})
# "X-led", "X-backed": a name before these marks who leads or sponsors the noun after them.
LED_WORDS = frozenset({"led", "controlled", "commanded", "run", "allied", "aligned", "loyal"})
BACKED_WORDS = frozenset({"backed", "supported", "sponsored", "recognised", "recognized"})
# Copular and light verbs: a state as their subject is a place described, not an actor acting.
LIGHT_VERBS = frozenset({"be", "have", "become", "remain", "seem", "lie", "sit", "border", "host", "descend", "fall",
                         "face", "suffer", "experience", "see", "stay", "include", "contain", "witness", "lose",
                         "need", "rank", "cover", "stretch", "get", "go", "come"})
# Verbs whose direct object, when it is a state, is an actor on the receiving end ("warned Moscow").
RECIPIENT_VERBS = frozenset({
    "warn", "accuse", "urge", "ask", "tell", "meet", "criticise", "criticize", "condemn", "sanction", "attack",
    "invade", "support", "back", "recognise", "recognize", "threaten", "blame", "thank", "praise", "call", "help",
    "aid", "join", "fight", "defeat", "pressure", "press", "persuade", "invite", "host", "visit", "expel", "reject",
    "accept", "congratulate", "sue", "punish", "arm", "supply", "bomb", "strike", "assist", "oppose",
})
SINGULAR_PRONOUNS = MappingProxyType({
    "he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f",
})
PLURAL_SUBJECT_PRONOUNS = frozenset({"they"})
# "the French presidential office", "the Elysee": nouns and adjectives naming a presidency.
PRESIDENCY_WORDS = frozenset({"presidency", "palace"})
PRESIDENTIAL_ADJECTIVES = frozenset({"presidential"})
OFFICE_NOUNS = frozenset({"office", "palace", "administration", "staff"})
PERSON_ROLE_NOUNS = frozenset({"official", "spokesman", "spokeswoman", "spokesperson", "source", "aide", "adviser",
                               "advisor", "diplomat", "envoy", "minister", "general", "commander", "president",
                               "colonel", "officer", "representative", "leader", "prime minister", "judge",
                               "negotiator", "mediator", "emir", "king"})


# Last words of organisation names the KB does not know: "Northern Defence Force" is armed.
_ORGANIZATION_WORDS = {
    "army": "MIL", "forces": "MIL", "force": "MIL", "brigade": "MIL", "brigades": "MIL", "battalion": "MIL",
    "corps": "MIL", "guard": "MIL", "militia": "PRM", "militias": "PRM", "police": "COP", "gendarmerie": "COP",
    "ministry": "GOV", "government": "GOV", "council": "GOV", "presidency": "GOV", "cabinet": "GOV",
    "parliament": "LEG", "assembly": "LEG", "senate": "LEG", "court": "JUD", "tribunal": "JUD", "party": "PTY",
    "front": "REB", "movement": "REB", "rebels": "REB", "agency": None, "news": "JRN", "tv": "JRN",
    "television": "JRN", "radio": "JRN", "newspaper": "JRN", "times": "JRN", "post": "JRN",
    "company": "BUS", "corporation": "BUS", "bank": "BUS", "university": "EDU", "church": "REL",
}


def organization_hints(name: str) -> tuple[str | None, str | None]:
    """Country (from a demonym or state name inside) and sector (from the last word) of an unknown organisation."""
    words = name.replace("-", " ").split()
    country = next((demonyms()[w.lower()] for w in words if w[:1].isupper() and w.lower() in demonyms()), None)
    sector = _ORGANIZATION_WORDS.get(words[-1].lower()) if words else None
    return country, sector


@functools.cache
def titles() -> MappingProxyType:
    return MappingProxyType({key: Title(role, sector, sector == "MIL") for key, role, sector in _TITLES})


@functools.cache
def longest_title() -> int:
    return max(len(key.split(" ")) for key in titles())


@functools.cache
def actor_nouns() -> MappingProxyType:
    return MappingProxyType({key: ActorNoun(sector, kind, name) for key, sector, kind, name in _ACTOR_NOUNS})


__all__ = ["LEAD_VERBS", "Title", "capitals", "country_names", "demonyms", "iso2_to_iso3", "longest_title",
           "state_names", "titles"]
