"""Dates: resolution against the publication date, finding dates in a parsed article, TIMEX3 rendering."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from polemos.evaluate import timebank
from polemos.evaluate.timex import to_timex
from polemos.model import DateValue
from polemos.resolve.dates import find_dates, is_ongoing, resolve_date

PUBLISHED = dt.date(2019, 5, 24)  # a Friday: the running example's publication date

RESOLVED = [
    # weekdays: the most recent such day on or before publication, the same day when it matches
    ("on Thursday", "2019-05-23", "2019-05-23", "day"),
    ("Friday", "2019-05-24", "2019-05-24", "day"),
    ("on Saturday", "2019-05-18", "2019-05-18", "day"),
    ("Thursday night", "2019-05-23", "2019-05-23", "day"),
    ("last Friday", "2019-05-17", "2019-05-17", "day"),
    ("next Monday", "2019-05-27", "2019-05-27", "day"),
    ("Friday, May 17", "2019-05-17", "2019-05-17", "day"),
    # days told from publication
    ("yesterday", "2019-05-23", "2019-05-23", "day"),
    ("today", "2019-05-24", "2019-05-24", "day"),
    ("tomorrow", "2019-05-25", "2019-05-25", "day"),
    ("last night", "2019-05-23", "2019-05-23", "day"),
    ("two days ago", "2019-05-22", "2019-05-22", "day"),
    # weeks run Monday to Sunday
    ("last week", "2019-05-13", "2019-05-19", "week"),
    ("this week", "2019-05-20", "2019-05-26", "week"),
    ("earlier this week", "2019-05-20", "2019-05-24", "week"),
    ("next week", "2019-05-27", "2019-06-02", "week"),
    ("three weeks ago", "2019-04-29", "2019-05-05", "week"),
    ("the weekend", "2019-05-18", "2019-05-19", "week"),
    # months
    ("last month", "2019-04-01", "2019-04-30", "month"),
    ("earlier this month", "2019-05-01", "2019-05-24", "month"),
    ("in April", "2019-04-01", "2019-04-30", "month"),
    ("April 2017", "2017-04-01", "2017-04-30", "month"),
    ("early April", "2019-04-01", "2019-04-10", "month"),
    ("mid-April", "2019-04-11", "2019-04-20", "month"),
    ("late April", "2019-04-21", "2019-04-30", "month"),
    ("late February", "2019-02-21", "2019-02-28", "month"),
    ("a month ago", "2019-04-01", "2019-04-30", "month"),
    ("the past month", "2019-04-24", "2019-05-24", "month"),
    ("since early April", "2019-04-01", "2019-05-24", "month"),
    # a month a little ahead is the coming one; one far ahead is last year's
    ("June", "2019-06-01", "2019-06-30", "month"),
    ("October", "2018-10-01", "2018-10-31", "month"),
    # dates with and without a year
    ("May 23", "2019-05-23", "2019-05-23", "day"),
    ("23 May 2019", "2019-05-23", "2019-05-23", "day"),
    ("May 23, 2018", "2018-05-23", "2018-05-23", "day"),
    ("Dec. 5", "2018-12-05", "2018-12-05", "day"),
    ("2019-05-20", "2019-05-20", "2019-05-20", "day"),
    ("2019-05", "2019-05-01", "2019-05-31", "month"),
    ("5/23/2019", "2019-05-23", "2019-05-23", "day"),
    ("between May 1 and May 3", "2019-05-01", "2019-05-03", "day"),
    ("May 1-3", "2019-05-01", "2019-05-03", "day"),
    # quarters, seasons, years, decades
    ("the third quarter", "2018-07-01", "2018-09-30", "month"),
    ("the first quarter of 2018", "2018-01-01", "2018-03-31", "month"),
    ("this summer", "2019-06-01", "2019-08-31", "month"),
    ("last summer", "2018-06-01", "2018-08-31", "month"),
    ("2011", "2011-01-01", "2011-12-31", "year"),
    ("in 2011", "2011-01-01", "2011-12-31", "year"),
    ("last year", "2018-01-01", "2018-12-31", "year"),
    ("this year", "2019-01-01", "2019-12-31", "year"),
    ("two years ago", "2017-01-01", "2017-12-31", "year"),
    ("a decade ago", "2009-01-01", "2009-12-31", "year"),
    ("early next year", "2020-01-01", "2020-04-30", "year"),
    ("the 1990s", "1990-01-01", "1999-12-31", "year"),
    ("the '90s", "1990-01-01", "1999-12-31", "year"),
    # a year before 1800 needs a cue: a bare number that old is not read as one (see test_not_a_date)
    ("the year 1023", "1023-01-01", "1023-12-31", "year"),
    ("in 1723", "1723-01-01", "1723-12-31", "year"),
    ("since 1777", "1777-01-01", "2019-05-24", "year"),
    ("1800", "1800-01-01", "1800-12-31", "year"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), RESOLVED)
def test_resolve_date(text: str, start: str, end: str, precision: str) -> None:
    assert resolve_date(text, published=PUBLISHED) == DateValue(start, end, precision, text)


@pytest.mark.parametrize("text", ["for now", "for three years", "29-year-old", "three years", "a year", "",
                                  "two years old", "aged 40",
                                  # news of current conflicts: a bare number this old counts something
                                  "1023", "1799"])
def test_not_a_date(text: str) -> None:
    assert resolve_date(text, published=PUBLISHED) is None


@pytest.mark.parametrize("text", ["on Thursday", "yesterday", "earlier this week", "last month", "early April",
                                  "since early April", "May 23", "two days ago", "the third quarter", "April"])
def test_relative_without_publication_date_is_unresolved(text: str) -> None:
    assert resolve_date(text, published=None) == DateValue(None, None, "unknown", text)


@pytest.mark.parametrize(("text", "start", "end", "precision"), [
    ("23 May 2019", "2019-05-23", "2019-05-23", "day"),
    ("April 2019", "2019-04-01", "2019-04-30", "month"),
    ("2011", "2011-01-01", "2011-12-31", "year"),
    ("the 1990s", "1990-01-01", "1999-12-31", "year"),
    ("the first quarter of 2018", "2018-01-01", "2018-03-31", "month"),
])
def test_absolute_without_publication_date(text: str, start: str, end: str, precision: str) -> None:
    assert resolve_date(text, published=None) == DateValue(start, end, precision, text)


@pytest.mark.parametrize(("text", "expected"), [
    ("since early April", True), ("ever since 2011", True), ("Since 1949", True), ("so far this year", True),
    ("early April", False), ("in April", False), ("on Thursday", False),
])
def test_is_ongoing(text: str, expected: bool) -> None:
    assert is_ongoing(text) is expected


@pytest.mark.parametrize(("text", "start"), [("Tuesday", "2019-05-28"), ("Friday", "2019-05-24"),
                                             ("Dec. 5", "2019-12-05"), ("April", "2020-04-01")])
def test_future_verb_looks_ahead(text: str, start: str) -> None:
    value = resolve_date(text, published=PUBLISHED, future=True)
    assert value is not None and value.start == start


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("a year earlier", DateValue("2011-03-01", "2011-03-31", "month"), ("2010-03-01", "2010-03-31", "month")),
    ("two days later", DateValue("2011-03-01", "2011-03-01", "day"), ("2011-03-03", "2011-03-03", "day")),
    ("a year ago", DateValue("2019-01-01", "2019-03-31", "month"), ("2018-01-01", "2018-03-31", "month")),
    ("the year-earlier quarter", DateValue("2019-01-01", "2019-03-31", "month"),
     ("2018-01-01", "2018-03-31", "month")),
    ("the following year", DateValue("1995-01-01", "1995-12-31", "year"), ("1996-01-01", "1996-12-31", "year")),
])
def test_anchored_to_an_earlier_date(text: str, anchor: DateValue, expected: tuple[str, str, str]) -> None:
    value = resolve_date(text, published=PUBLISHED, anchor=anchor)
    assert value is not None and (value.start, value.end, value.precision) == expected


@pytest.mark.parametrize(("value", "timex"), [
    (DateValue("2019-05-23", "2019-05-23", "day", "Thursday"), "2019-05-23"),
    (DateValue("2019-05-20", "2019-05-24", "week", "earlier this week"), "2019-W21"),
    (DateValue("2019-05-18", "2019-05-19", "week", "the weekend"), "2019-W20-WE"),
    (DateValue("2019-04-01", "2019-04-30", "month", "April"), "2019-04"),
    (DateValue("2019-04-01", "2019-05-24", "month", "since early April"), "2019-04"),
    (DateValue("2018-07-01", "2018-09-30", "month", "the third quarter"), "2018-Q3"),
    (DateValue("2019-06-01", "2019-08-31", "month", "this summer"), "2019-SU"),
    (DateValue("2019-01-01", "2019-06-30", "month", "the first half"), "2019-H1"),
    (DateValue("2011-01-01", "2011-12-31", "year", "2011"), "2011"),
    (DateValue("1990-01-01", "1999-12-31", "year", "the 1990s"), "199"),
    (DateValue(None, "2019-05-24", "unknown", "recently"), "PAST_REF"),
    (DateValue("2019-05-24", None, "unknown", "the future"), "FUTURE_REF"),
    (DateValue("2019-05-24", "2019-05-24", "day", "now"), "PRESENT_REF"),
    (DateValue(None, None, "unknown", "on Thursday"), None),
])
def test_to_timex(value: DateValue, timex: str | None) -> None:
    assert to_timex(value) == timex


def _found(doc, published):
    mentions = find_dates(doc, published=published)
    for m in mentions:
        assert doc.text[m.span.start:m.span.end] == m.span.text
    return {m.span.text: m.value for m in mentions}


def test_running_example(nlp, running_example: str) -> None:
    found = _found(nlp(running_example), PUBLISHED)
    assert found["Thursday"] == DateValue("2019-05-23", "2019-05-23", "day", "Thursday")
    assert found["since early April"] == DateValue("2019-04-01", "2019-05-24", "month", "since early April")
    assert is_ongoing("since early April")
    assert found["earlier this week"] == DateValue("2019-05-20", "2019-05-24", "week", "earlier this week")
    assert found["2011"].precision == "year"
    assert not any("now" in text or "24" in text for text in found), found


def test_running_example_without_publication_date(nlp, running_example: str) -> None:
    found = _found(nlp(running_example), None)
    assert found["Thursday"] == DateValue(None, None, "unknown", "Thursday")
    assert found["2011"] == DateValue("2011-01-01", "2011-12-31", "year", "2011")


@pytest.mark.parametrize(("text", "expected"), [
    ("A 29-year-old man was killed in the attack.", {}),
    ("The siege of the city lasted for three years.", {}),
    ("The two leaders will meet again on Tuesday, officials said.", {"Tuesday": "2019-05-28"}),
    ("Rebels shelled the town on Saturday, residents said.", {"Saturday": "2019-05-18"}),
    ("The army has been fighting in the south since early April.", {"since early April": "2019-04-01"}),
    # a four-digit number before a counted noun is a head count, not a year
    ("1023 families fled the fighting in Gao, the UN said.", {}),
    ("Fighting in Gao forced 1023 families to flee.", {}),
    ("1999 civilians fled the town on Tuesday.", {"Tuesday": "2019-05-21"}),
    ("Clashes displaced 1023 displaced families in Darfur.", {}),
    # ... unless a word that introduces a year stands before it, or a month is part of it
    ("In 1998 civilians fled the town.", {"1998": "1998-01-01"}),
    ("Since 2014 people have fled the region.", {"Since 2014": "2014-01-01"}),
    ("The 1948 refugees and their descendants number millions.", {"1948": "1948-01-01"}),
    ("In March 2000 people fled the city.", {"March 2000": "2000-03-01"}),
    ("In 2011, 1500 people were killed in Misrata.", {"2011": "2011-01-01"}),
    # a bare number before 1800 is no year; with its cue it is, and the cue joins the span
    ("Anyone with information is asked to call police at 905-453-2121, ext. 1133.", {}),
    ("In 1723, the colony passed an act creating a curfew.", {"In 1723": "1723-01-01"}),
])
def test_find_dates(nlp, text: str, expected: dict[str, str]) -> None:
    found = _found(nlp(text), PUBLISHED)
    assert {k: v.start for k, v in found.items()} == expected


TML = """<?xml version="1.0" ?>
<TimeML><DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2019-05-24" functionInDocument="CREATION_TIME">05/24/2019</TIMEX3></DCT>
<TEXT>
Talks in A &amp; B <EVENT eid="e1">ended</EVENT> <TIMEX3 tid="t1" type="DATE" value="2019-05-23">Thursday</TIMEX3>
after <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_parse_tml_offsets() -> None:
    gold = timebank.parse_tml(TML, name="x")
    assert gold.published == dt.date(2019, 5, 24)
    assert [(t.type, t.value, gold.text[t.start:t.end]) for t in gold.timexes] == [
        ("DATE", "2019-05-23", "Thursday"), ("DURATION", "P3D", "three days")]
    assert "A & B ended Thursday" in gold.text


@pytest.mark.parametrize(("value", "canonical"), [
    ("2000-W7", "2000-W07"), ("1968-XX", "1968"), ("2000-01-05TEV", "2000-01-05"), ("1989-Q3", "1989-Q3"),
])
def test_timebank_canonical(value: str, canonical: str) -> None:
    assert timebank.canonical(value) == canonical


def test_timebank_scores_the_running_rules(nlp) -> None:
    gold = timebank.parse_tml(TML, name="x")
    (_, mentions), = timebank.predict(SimpleNamespace(nlp=nlp), [gold])
    outcomes, _ = timebank.score_document(gold, mentions)
    assert [(o.gold.value, o.predicted, o.correct) for o in outcomes] == [("2019-05-23", "2019-05-23", True)]


def test_timebank_gold(nlp, gold_dir) -> None:
    report = timebank.run(SimpleNamespace(nlp=nlp), gold_dir=gold_dir, split="AQUAINT", limit=20)
    assert report.figures["gold_date_timexes"] > 0
    assert report.figures["value_accuracy"] >= 0.8, report.format()


# --- dates as news really writes them: impossible dates, the dateline's day, statements -----------

@pytest.mark.parametrize(("text", "reason"), [
    ("February 30, 2014", "February has no day 30 in 2014"),
    ("Feb. 30", "February has no day 30"),
    ("31 April", "April has no day 31"),
    ("March 3, 2301", "year 2301 is past 2100"),
    ("Feb. 29", None),        # a leap day without a year may exist
    ("Feb. 29, 2024", None),
    ("March 3", None),
    ("the 2301 families", None),
])
def test_impossible_dates(text: str, reason: str | None) -> None:
    from polemos.resolve.dates import impossible_date

    assert impossible_date(text) == reason


def test_an_impossible_date_is_kept_without_a_value(nlp) -> None:
    found = _found(nlp("Rebels shelled the town on February 30, 2014, residents said."), PUBLISHED)
    assert [(v.start, v.precision) for t, v in found.items() if "30" in t] == [(None, "unknown")]


def _with_article(nlp, text: str, metadata: dict):
    from polemos.extract.components import ATTRS  # noqa: F401 — registers the Doc extensions
    from polemos.model import ArticleMeta

    doc = nlp(text)
    doc._.polemos_article = ArticleMeta(id="x", text=text, published="2014-03-04", metadata=metadata)
    return doc


@pytest.mark.parametrize(("metadata", "yesterday"), [
    ({}, "2014-03-03"),                                                        # counted from publication
    ({"reference_date": {"date": "2014-03-03", "source": "dateline"}}, "2014-03-02"),  # from the dateline's day
    ({"reference_date": {"date": "--03-03", "source": "dateline"}}, "2014-03-03"),     # a partial date is no day
])
def test_relative_dates_count_from_the_reference_date(nlp, metadata: dict, yesterday: str) -> None:
    doc = _with_article(nlp, "Insurgents attacked a checkpoint yesterday, officials said.", metadata)
    found = {m.span.text: m.value.start for m in find_dates(doc, published=dt.date(2014, 3, 4))}
    assert found == {"yesterday": yesterday}


@pytest.mark.parametrize(("text", "expected"), [
    # a statement in the present tense about a past attack: the date is the attack's
    ("The Secretary-General strongly condemns the attack on a convoy near El Fasher on 1 May.", "2019-05-01"),
    ("The ministry denounces the shelling of the hospital on Thursday.", "2019-05-23"),
    # a present tense that schedules still looks ahead
    ("The vote is on Tuesday.", "2019-05-28"),
])
def test_statements_in_the_present_tense(nlp, text: str, expected: str) -> None:
    found = _found(nlp(text), PUBLISHED)
    assert [v.start for v in found.values()] == [expected]
