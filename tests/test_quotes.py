"""Quotes and attribution chains: direct, indirect and mixed quotes, speakers, addressees,
chains, quotation-mark conventions and bad input (the issue 5 specification)."""
from __future__ import annotations

import pytest

from polemos.errors import DataFileError
from polemos.extract.quotes import find_quotes
from polemos.extract.quotes._cues import cue_lexicon, parse_cue_rows
from polemos.extract.quotes._marks import find_regions


def _view(doc, quote) -> dict:
    """A quote as plain texts: what a reader checks."""
    chain = [doc[i].text for i in quote.reporter_heads]
    if quote.speaker_head is not None:
        chain.append(doc[quote.speaker_head].text)
    return {
        "kind": quote.kind,
        "cue": quote.cue.text,
        "content": quote.content.text,
        "speaker": quote.speaker.text if quote.speaker else None,
        "addressee": quote.addressee.text if quote.addressee else None,
        "chain": tuple(chain),
    }


def _quotes(nlp, text):
    doc = nlp(text)
    quotes = find_quotes(doc)
    for q in quotes:  # every span is a true slice of the text
        for span in (q.cue, q.content, q.speaker, q.addressee):
            assert span is None or doc.text[span.start:span.end] == span.text
    return doc, quotes


# (text, kind, cue, content, speaker, addressee, chain as head-token texts, outermost first)
CONSTRUCTIONS = [
    # direct, cue after the quote, inverted order
    ("“We will not stop until Tripoli is free,” said Haftar.",
     "direct", "said", "“We will not stop until Tripoli is free,”", "Haftar", None, ("Haftar",)),
    ("“The distrust is stronger than ever,” said the French presidential official after the meeting.",
     "direct", "said", "“The distrust is stronger than ever,”", "the French presidential official", None,
     ("official",)),
    # direct, cue after the quote, normal order
    ("“The talks have failed,” the foreign minister said on Monday.",
     "direct", "said", "“The talks have failed,”", "the foreign minister", None, ("minister",)),
    # direct, cue before the quote
    ("The minister said: “We will defend the capital.”",
     "direct", "said", "“We will defend the capital.”", "The minister", None, ("minister",)),
    # a quote over several sentences, with an addressee
    ("“We will fight. We will win. Nobody can stop us,” the commander told the troops.",
     "direct", "told", "“We will fight. We will win. Nobody can stop us,”", "the commander", "the troops",
     ("commander",)),
    # indirect quotes
    ("The army said that it had captured the airport.",
     "indirect", "said", "that it had captured the airport", "The army", None, ("army",)),
    ("Haftar told reporters that the offensive would continue.",
     "indirect", "told", "that the offensive would continue", "Haftar", "reporters", ("Haftar",)),
    ("Gen. Khalifa Haftar told French President Emmanuel Macron on Thursday that a ceasefire was impossible.",
     "indirect", "told", "that a ceasefire was impossible", "Gen. Khalifa Haftar",
     "French President Emmanuel Macron", ("Haftar",)),
    ("The United Nations warned that the fighting could spread to the south.",
     "indirect", "warned", "that the fighting could spread to the south", "The United Nations", None,
     ("Nations",)),
    ("The army denied that it had shelled the hospital.",
     "indirect", "denied", "that it had shelled the hospital", "The army", None, ("army",)),
    ("A spokesman for the GNA said the airport had been shelled overnight.",
     "indirect", "said", "the airport had been shelled overnight", "A spokesman for the GNA", None,
     ("spokesman",)),
    ("The Elysee said in a statement that Macron had met Haftar.",
     "indirect", "said", "that Macron had met Haftar", "The Elysee", None, ("Elysee",)),
    ("Civilians are trapped in the old city, he said.",
     "indirect", "said", "Civilians are trapped in the old city", "he", None, ("he",)),
    ("Over half of the displaced are women and children, said Salame.",
     "indirect", "said", "Over half of the displaced are women and children", "Salame", None, ("Salame",)),
    ("At least 20 people were killed, according to the health ministry.",
     "indirect", "according to", "At least 20 people were killed", "the health ministry", None, ("ministry",)),
    ("The offensive, the general said, would continue until the capital fell.",
     "indirect", "said", "would continue until the capital fell", "the general", None, ("general",)),
    # mixed: a reported clause with a quoted part
    ("The ministry said the strike was “a clear violation of the truce”.",
     "mixed", "said", "the strike was “a clear violation of the truce”", "The ministry", None, ("ministry",)),
    ("Macron met Haftar here “to facilitate dialogue between Libyan actors”, the statement said.",
     "mixed", "said", "Macron met Haftar here “to facilitate dialogue between Libyan actors”", "the statement",
     None, ("statement",)),
    # attribution chains
    ("Haftar told Macron that a ceasefire was impossible, the TV network France 24 reported.",
     "indirect", "told", "that a ceasefire was impossible", "Haftar", "Macron", ("France", "Haftar")),
    ("Haftar said he was willing to negotiate, France 24 quoted an official with the presidency as saying.",
     "indirect", "said", "he was willing to negotiate", "Haftar", None, ("France", "official", "Haftar")),
    ("Reuters quoted a military spokesman as saying that the town had fallen.",
     "indirect", "saying", "that the town had fallen", "a military spokesman", None, ("Reuters", "spokesman")),
    ("Al Jazeera reported that the minister had told parliament that the army would withdraw.",
     "indirect", "told", "that the army would withdraw", "the minister", "parliament", ("Jazeera", "minister")),
    # quotation-mark styles
    ("\"We will not give up the city,\" the general said.",
     "direct", "said", "\"We will not give up the city,\"", "the general", None, ("general",)),
    ("'We will not give up the city,' the general said.",
     "direct", "said", "'We will not give up the city,'", "the general", None, ("general",)),
    ("‘We will not give up the city,’ the general said.",
     "direct", "said", "‘We will not give up the city,’", "the general", None, ("general",)),
    ("The general said: « We will not give up the city. »",
     "direct", "said", "« We will not give up the city. »", "The general", None, ("general",)),
    # headline and transcript colon
    ("Haftar: no ceasefire for now\n\nThe general met Macron in Paris.",
     "indirect", ":", "no ceasefire for now", "Haftar", None, ("Haftar",)),
]


@pytest.mark.parametrize("text,kind,cue,content,speaker,addressee,chain", CONSTRUCTIONS)
def test_construction(nlp, text, kind, cue, content, speaker, addressee, chain):
    doc, quotes = _quotes(nlp, text)
    expected = {"kind": kind, "cue": cue, "content": content, "speaker": speaker, "addressee": addressee,
                "chain": chain}
    assert expected in [_view(doc, q) for q in quotes]


# Attributions of stance (PolNeAR counts them): wants, support, praise, criticism, requests,
# references; phrasal cues keep their particle; the content is the complement.
# (text, cue, content, speaker, chain)
STANCES = [
    ("Haftar wants to take Tripoli before the conference.",
     "wants", "to take Tripoli before the conference", "Haftar", ("Haftar",)),
    ("The Arab League supports a ceasefire in Libya.",
     "supports", "a ceasefire in Libya", "The Arab League", ("League",)),
    ("The minister criticized the government for its silence.",
     "criticized", "the government for its silence", "The minister", ("minister",)),
    ("The UN envoy called for an immediate ceasefire.",
     "called for", "an immediate ceasefire", "The UN envoy", ("envoy",)),
    ("The president urged the rebels to lay down their arms.",
     "urged", "the rebels to lay down their arms", "The president", ("president",)),
    ("The commander vowed to retake the airport.",
     "vowed", "to retake the airport", "The commander", ("commander",)),
    ("The spokesman declined to comment.",
     "declined", "to comment", "The spokesman", ("spokesman",)),
    ("The general referred to the rebels as terrorists.",
     "referred to", "the rebels as terrorists", "The general", ("general",)),
    ("The army accused the militia of shelling the hospital.",
     "accused", "the militia of shelling the hospital", "The army", ("army",)),
    ("A reporter asked whether the talks had failed.",
     "asked", "whether the talks had failed", "A reporter", ("reporter",)),
    # attribution nouns: a possessive holder and a clause, infinitive or phrase
    ("Haftar's claim that the airport had fallen was denied.",
     "claim", "that the airport had fallen", "Haftar's", ("Haftar",)),
    ("Russia's support for the eastern forces has grown.",
     "support", "for the eastern forces", "Russia's", ("Russia",)),
]


@pytest.mark.parametrize("text,cue,content,speaker,chain", STANCES)
def test_stance(nlp, text, cue, content, speaker, chain):
    doc, quotes = _quotes(nlp, text)
    assert (cue, content, speaker, chain) in [
        (v["cue"], v["content"], v["speaker"], v["chain"]) for v in (_view(doc, q) for q in quotes)]


# Verbs that look like stance or speech but say nothing: no quote.
NO_STANCE = [
    "The militia continued to shell the southern suburbs.",           # "continue to" is no speech
    "The offensive is expected to last for weeks.",                   # passive: nobody holds it
    "Rebels attacked the town and defended the bridge.",              # physical senses are not cues
    "The claim that the airport had fallen was false.",               # a noun with no holder
    "To support the offensive, the army moved tanks to the front.",   # an infinitive with no holder
]


@pytest.mark.parametrize("text", NO_STANCE)
def test_no_stance(nlp, text):
    _, quotes = _quotes(nlp, text)
    assert quotes == []


# "In a poll, …": a finding attributed to a document by "in". (text, cue, source, content)
IN_DOCUMENT = [
    ("In the latest Gallup poll, the president's approval fell to 40 percent.",
     "In", "the latest Gallup poll", "the president's approval fell to 40 percent"),
]


@pytest.mark.parametrize("text,cue,speaker,content", IN_DOCUMENT)
def test_in_a_document(nlp, text, cue, speaker, content):
    _, quotes = _quotes(nlp, text)
    assert (cue, speaker, content) in [(q.cue.text, q.speaker.text if q.speaker else None, q.content.text)
                                       for q in quotes]


def test_in_a_place_is_no_attribution(nlp):
    _, quotes = _quotes(nlp, "In the capital, the army deployed tanks.")
    assert quotes == []


def test_attribution_noun_table_is_valid_and_sourced():
    from polemos.extract.quotes._nouns import attribution_nouns, parse_noun_rows

    assert {"claim", "statement", "call", "support"} <= attribution_nouns()
    with pytest.raises(DataFileError, match="expected 2"):
        parse_noun_rows(["lemma,source", "claim"])
    with pytest.raises(DataFileError, match="header"):
        parse_noun_rows(["lemma"])


def test_stance_inside_a_report_is_part_of_it(nlp):
    _, quotes = _quotes(nlp, "The minister said he supports the new constitution.")
    assert [(q.cue.text, q.content.text) for q in quotes] == [("said", "he supports the new constitution")]


def test_request_inside_a_statement_is_chained(nlp):
    doc, quotes = _quotes(nlp, "The Elysee said Macron asked Haftar to withdraw his forces.")
    views = {v["cue"]: v for v in (_view(doc, q) for q in quotes)}
    assert views["said"]["content"] == "Macron asked Haftar to withdraw his forces"
    assert views["asked"]["chain"] == ("Elysee", "Macron")


# A quote continued over paragraphs or sentences keeps one speaker.
CONTINUED = [
    # the earlier paragraph has no closing mark; the next opens with a fresh mark
    ("“We will fight on until the last city is free.\n\n“We will never surrender,” the general said.",
     [("“We will fight on until the last city is free.\n\n“We will never surrender,”", "the general")]),
    # a second quote after the cue, same paragraph: the same speaker
    ("“We will fight,” the general said. “And we will win this war.”",
     [("“We will fight,”", "the general"), ("“And we will win this war.”", "the general")]),
]


@pytest.mark.parametrize("text,expected", CONTINUED)
def test_continued_quotes(nlp, text, expected):
    _, quotes = _quotes(nlp, text)
    direct = [(q.content.text, q.speaker.text if q.speaker else None) for q in quotes if q.kind == "direct"]
    assert direct == expected


# Bad input: no invented quote or speaker. (text, expected (content, speaker, has warning) list)
BAD_INPUT = [
    # unclosed quotation mark: a quote with no speaker and a warning
    ("The general said: “We will not give up the city and we will fight.",
     [("“We will not give up the city and we will fight.", None, True)]),
    ("Witnesses described the scene.\n\n“We ran for our lives and hid in the old mosque",
     [("“We ran for our lives and hid in the old mosque", None, True)]),
    # scare quotes and titles: nothing
    ("The so-called “peace plan” was rejected by both sides.", []),
    ("Critics watched the film “Black Hawk Down” last year.", []),
    ("The fighters’ commanders and the army’s officers met in the city.", []),
    ("He is 5' 10\" tall and was born in Benghazi.", []),
    # a quotation whose speaker the text does not name: speaker None and a warning
    ("The mood in the city was grim.\n\n“Nobody knows what will happen next in this war.”",
     [("“Nobody knows what will happen next in this war.”", None, True)]),
]


@pytest.mark.parametrize("text,expected", BAD_INPUT)
def test_bad_input(nlp, text, expected):
    _, quotes = _quotes(nlp, text)
    got = [(q.content.text, q.speaker.text if q.speaker else None, q.warning is not None) for q in quotes]
    assert got == expected
    assert all(q.speaker_head is None for q in quotes if q.speaker is None)


# A belief inside a speech keeps the outer quote and gets the speaker as its reporter.
def test_belief_inside_speech_is_chained(nlp):
    doc, quotes = _quotes(nlp, "Aid agencies estimate that 100,000 people are trapped in the city, he said.")
    views = [_view(doc, q) for q in quotes]
    assert {"kind": "indirect", "cue": "said", "content": "Aid agencies estimate that 100,000 people are trapped "
            "in the city", "speaker": "he", "addressee": None, "chain": ("he",)} in views
    assert {"kind": "indirect", "cue": "estimate", "content": "that 100,000 people are trapped in the city",
            "speaker": "Aid agencies", "addressee": None, "chain": ("he", "agencies")} in views


def test_words_inside_a_quote_are_not_new_quotes(nlp):
    _, quotes = _quotes(nlp, "“They said that the war was over, but it is not,” the general told reporters.")
    assert [(q.cue.text, q.speaker.text) for q in quotes] == [("told", "the general")]


def test_running_example(nlp, running_example):
    doc, quotes = _quotes(nlp, running_example)
    views = [_view(doc, q) for q in quotes]
    by_content = {v["content"][:30]: v for v in views}
    expect = {
        "that conditions for a ceasefire": ("indirect", "Gen. Khalifa Haftar", ("France", "Haftar")),
        "he was willing to negotiate if ": ("indirect", "Haftar", ("France", "official", "Haftar")),
        "Macron asked Haftar to take mov": ("indirect", "the Elysee", ("Elysee",)),
        "Macron met Haftar here “to faci": ("mixed", "the statement", ("statement",)),
        "“The distrust we see between th": ("direct", "the French presidential official", ("official",)),
        "“Libya is on the verge of desce": ("direct", ("Ghassan Salame, the UN secretary-general’s special "
                                            "representative for Libya"), ("Salame",)),
        "Over half of the displaced are ": ("indirect", "Salame", ("Salame",)),
        "Humanitarian actors estimate th": ("indirect", "he", ("he",)),
    }
    for start, (kind, speaker, chain) in expect.items():
        view = by_content[start[:30]]
        assert (view["kind"], view["speaker"], view["chain"]) == (kind, speaker, chain), start
    salame = by_content["“Libya is on the verge of desce"[:30]]
    assert salame["addressee"] == "the Security Council"
    assert salame["content"].endswith("that’s only if the war is ended now,”")
    assert by_content["that conditions for a ceasefire"[:30]]["addressee"] == "French President Emmanuel Macron"


def test_running_example_reporter_is_the_channel(nlp, running_example):
    """The reporter head of "the state-owned TV network France 24" is a token the actor finder
    maps to France 24, not to the country France."""
    from polemos.extract.actors import find_actors

    doc, quotes = _quotes(nlp, running_example)
    findings = find_actors(doc)
    names = {a.id: a.name for a in findings.actors}
    chained = [q for q in quotes if q.reporter_heads]
    haftar = [q for q in chained if "ceasefire were not" in q.content.text or "willing to" in q.content.text]
    assert len(haftar) == 2
    for quote in haftar:
        assert names.get(findings.token_actor.get(quote.reporter_heads[0])) == "France 24"


# Quotation-mark pairing on characters: (text, [(region text, closed)])
REGIONS = [
    ("He said “yes” and ‘no’.", [("“yes”", True), ("‘no’", True)]),
    ("It’s the army’s plan, the generals’ plan.", []),
    ("“One.\n\n“Two.”", [("“One.\n\n“Two.”", True)]),
    ("“One.\n\nTwo.", [("“One.", False)]),
    ("\"A\" and \"B\"", [("\"A\"", True), ("\"B\"", True)]),
    ("“He called it ‘a farce’ today.”", [("“He called it ‘a farce’ today.”", True)]),
    ("« Non », dit-il.", [("« Non »", True)]),
    # wire and newspaper-archive style: two apostrophes, two backticks
    ("''We will win,'' he said.", [("''We will win,''", True)]),
    ("He said ``we will win'' today.", [("``we will win''", True)]),
]


@pytest.mark.parametrize("text,expected", REGIONS)
def test_quotation_regions(text, expected):
    assert [(text[r.start:r.end], r.closed) for r in find_regions(text)] == expected


def test_cue_table_is_valid_and_sourced():
    cues = cue_lexicon()
    assert {"say", "tell", "warn", "add", "state", "announce", "claim", "deny", "insist", "report",
            "quote"} <= set(cues)
    assert all(cue.source for cue in cues.values())
    assert not cues["estimate"].nests and cues["report"].nests
    assert not cues["want"].nests and cues["want"].needs_speaker and cues["call for"].kind == "stance"
    assert "attack" not in cues and "defend" not in cues  # physical senses in conflict news


HEAD = "lemma,kind,addressee,object,source"


@pytest.mark.parametrize("rows,reason", [
    ([HEAD, "say,speech,to,none"], "expected 5"),
    ([HEAD, "say,shout,to,none,own"], "kind"),
    ([HEAD, "say,speech,maybe,none,own"], "addressee"),
    ([HEAD, "say,speech,to,perhaps,own"], "object"),
    ([HEAD, "say,speech,to,none,own", "say,speech,to,none,own"], "twice"),
    (["lemma,kind"], "header"),
])
def test_bad_cue_rows_raise(rows, reason):
    with pytest.raises(DataFileError, match=reason):
        parse_cue_rows(rows)


def test_according_to_a_speech_is_a_chain(nlp):
    doc, quotes = _quotes(nlp, "Haftar said that the offensive would continue, according to France 24.")
    assert [_view(doc, q)["chain"] for q in quotes] == [("France", "Haftar")]
    assert quotes[0].cue.text == "said" and quotes[0].content.text == "that the offensive would continue"


# --- the PolNeAR evaluation -------------------------------------------------------------------

def test_brat_spans_are_read_per_segment_and_trimmed():
    from polemos.evaluate.polnear import parse_ann

    text = "Smith said that it rained. “No,” he said, “it snowed.”"
    ann = ("T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 25\tthat it rained\n"
           "T4\tContent 27 32;42 54\t“No,” “it snowed.”\nT5\tAttribution 6 10\tsaid\nE1\tAttribution:T5 Cue:T2\n"
           "T6\tDiscard 0 1\tS\n")
    spans = parse_ann(ann, text)
    assert spans["source"] == ((0, 5),)
    assert [text[s:e] for s, e in spans["content"]] == ["that it rained", "“No,”", "“it snowed.”"]


@pytest.mark.parametrize("gold,predicted,overlap,expected", [
    ([(0, 5)], [(0, 5)], False, (1, 0, 0)),
    ([(0, 5)], [(0, 4)], False, (0, 1, 1)),
    ([(0, 5)], [(0, 4)], True, (1, 0, 0)),
    ([(0, 5)], [(0, 4), (1, 3)], True, (1, 1, 0)),   # one-to-one
    ([(0, 5), (10, 20)], [(12, 14)], True, (1, 0, 1)),
    ([(0, 5)], [(5, 9)], True, (0, 1, 1)),           # touching is not overlapping
])
def test_span_matching(gold, predicted, overlap, expected):
    from polemos.evaluate.polnear import match_counts

    assert match_counts(gold, predicted, overlap=overlap) == expected


@pytest.mark.gold
def test_polnear_dev_sample(nlp, gold_dir):
    from polemos.evaluate.polnear import run_finder

    report = run_finder(nlp, gold_dir=gold_dir, split="dev", limit=5)
    assert report.items == 5
    # precision-first rules: on PolNeAR the finder is well above these floors (see docs/quotes.md)
    assert report.figures["content_overlap_f1"] >= 0.5
    assert report.figures["source_overlap_f1"] >= 0.5


@pytest.mark.parametrize("text, quotes", [
    ("Carter flew to Qayyarah Airfield West, also called “Q-West” in northern Iraq.", 0),
    ("The rebels, who call themselves the “Army of the Just”, attacked the town.", 0),
    ("The senator called Trump “unhinged” on Tuesday.", 1),
])
def test_names_in_quotation_marks_are_not_statements(nlp, text, quotes):
    assert len(find_quotes(nlp(text))) == quotes
