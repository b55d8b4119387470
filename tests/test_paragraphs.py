"""Paragraph breaks start sentences, whatever character the text uses for them (``polemos_paragraphs``).

The offsets never change: the separators stay in the text; only sentence starts are set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, starts", [
    ("Gunmen attacked Gao\n\nPolice said nothing", "Police"),            # a blank line
    ("Gunmen attacked Gao\u2029Police said nothing", "Police"),          # the Unicode paragraph separator
    ("Gunmen attacked Gao\u2028\u2028Police said nothing", "Police"),    # two Unicode line separators
    ("Gunmen attacked Gao\x85\x85Police said nothing", "Police"),        # two NELs
    ("Gunmen attacked Gao\r\n\r\nPolice said nothing", "Police"),        # Windows line endings
    ("Attack in Gao\u2028Gunmen killed three soldiers on Monday", "Gunmen"),  # the end of the title line
])
def test_a_paragraph_break_of_any_kind_starts_a_sentence(nlp, text, starts):
    doc = nlp(text)
    token = next(t for t in doc if t.text == starts)
    assert token.is_sent_start
    assert doc.text == text


def test_one_line_break_inside_a_paragraph_is_no_sentence_start(nlp):
    doc = nlp("Attack in Gao\nGunmen killed three soldiers\nnear the market on Monday.")
    assert not next(t for t in doc if t.text == "near").is_sent_start
