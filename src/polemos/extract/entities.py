"""Step ``polemos_entities``: the named entities less the common words the small model takes for
names because they open a sentence ("Gunmen attacked …" is tagged a GPE, "Soldiers …" a PERSON).

Such a word is a participant the event and actor finders know ("gunmen", "soldiers", "police"),
not a place or a person: left an entity, the place finder makes a place of it and the attack loses
its attacker. Dropped: a one-token entity (place, person, organisation, facility) that is the
first word of its sentence, written in title case, and whose word is one of the participant words
(``extract/events``: STATE, NONSTATE, CIVILIAN, PROTESTER, MOB). Nationalities and groups (NORP:
"Fulani", "Christians") stay; so do names in capitals ("JNIM") and anything later in a sentence.
"""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from polemos.extract.events import participant_word

LABELS = frozenset({"GPE", "LOC", "PERSON", "ORG", "FAC"})


def without_common_words(doc: Doc) -> tuple[SpacySpan, ...]:
    """``doc.ents`` less the sentence-opening participant words taken for names."""
    return tuple(ent for ent in doc.ents if not _common_word(ent))


def _common_word(ent: SpacySpan) -> bool:
    if len(ent) != 1 or ent.label_ not in LABELS:
        return False
    token = ent[0]
    return token.is_sent_start and token.is_title and participant_word(token.text)
