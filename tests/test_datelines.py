"""Reading news as it arrives: datelines, header dates, boilerplate lines and line separators.

Tables of (input, expected): each row is a shape real copy uses (wire agencies, military and
government releases, UN and NGO briefings, local bylines); the text is never changed, so every
offset found is checked against the text as given.
"""
from __future__ import annotations

import datetime as dt

import pytest

from polemos.ingest.boilerplate import find_boilerplate, line_kind
from polemos.ingest.datelines import read_dateline
from polemos.ingest.pubdate import article_dates, read_header
from polemos.ingest.textlines import clean_text, lines
from polemos.ingest.written import complete, find_written_dates, parse_written_date


def dateline(text: str, *, first: bool = True):
    return read_dateline(next(lines(text)), text=text, first_body_line=first)


@pytest.mark.parametrize("text, place, region, date, agency", [
    ("TRIPOLI, May 23 (Reuters) - Fighting raged.", "TRIPOLI", None, "--05-23", "Reuters"),
    ("BEIRUT (AP) — Protesters marched.", "BEIRUT", None, None, "AP"),
    ("WASHINGTON (AP) _ The Senate voted.", "WASHINGTON", None, None, "AP"),
    ("Bamako (AFP) - Gunmen attacked a convoy.", "Bamako", None, None, "AFP"),
    ("ANKARA (AA) - Turkish forces said.", "ANKARA", None, None, "AA"),
    ("BEIJING, March 3 (Xinhua) -- China said.", "BEIJING", None, "--03-03", "Xinhua"),
    ("New Delhi, Mar 3 (PTI) The government said.", "New Delhi", None, "--03-03", "PTI"),
    ("MOSCOW, March 3. /TASS/. Russia's army said.", "MOSCOW", None, "--03-03", "TASS"),
    ("KABUL, March 3, 2014 (AFP) - A bomb exploded.", "KABUL", None, "2014-03-03", "AFP"),
    ("KABUL, Afghanistan (March 3, 2014) – An Afghan force arrested two men.", "KABUL", "Afghanistan", "2014-03-03",
     None),
    ("FORT BRAGG, N.C. (Sept. 1) — Soldiers trained.", "FORT BRAGG", "N.C.", "--09-01", None),
    ("NEW YORK, 3 May 2024 — The Secretary-General said.", "NEW YORK", None, "2024-05-03", None),
    ("GENEVA (3 May 2024) – The agency said.", "GENEVA", None, "2024-05-03", None),
    ("Geneva/Nairobi, 3 May 2024 – Aid groups warned.", "Geneva", "Nairobi", "2024-05-03", None),
    ("KHARTOUM, Sudan, 2 May 2024 - Clashes resumed.", "KHARTOUM", "Sudan", "2024-05-02", None),
    ("ALEXANDRIA — City officials said.", "ALEXANDRIA", None, None, None),
    ("Gao, Mali — Gunmen killed 14.", "Gao", "Mali", None, None),
    ("3 May 2024 — The Security Council met.", None, None, "2024-05-03", None),
    ("\u200bKABUL,\u00a0Afghanistan (March 3, 2014)\u2002– An Afghan force said.", "KABUL", "Afghanistan",
     "2014-03-03", None),
])
def test_dateline_shapes(text, place, region, date, agency):
    found = dateline(text)
    assert found is not None
    assert (found.place, found.region, found.date.partial if found.date else None, found.agency) == (
        place, region, date, agency)
    assert text[found.start:found.end] == found.text  # offsets into the text as given
    if found.date is not None:
        assert text[found.date.start:found.date.end] == found.date.text


@pytest.mark.parametrize("text", [
    "The army said on Monday - in a statement - that it had withdrawn.",
    "President Biden — who spoke late — said nothing.",
    "BREAKING NEWS",
    "By John Smith, Staff Writer",
    "For Immediate Release",
    "In Gao — the largest town of the north — shops were shut.",
])
def test_not_datelines(text):
    assert dateline(text) is None


def test_title_case_dateline_needs_to_open_the_body():
    assert dateline("Gao, Mali — Gunmen killed 14.", first=False) is None


@pytest.mark.parametrize("text, partial, problem", [
    ("March 3, 2014", "2014-03-03", None),
    ("Monday, March 3, 2014 10:05 AM", "2014-03-03", None),
    ("3 May 2024", "2024-05-03", None),
    ("3rd of May", "--05-03", None),
    ("Sept. 1", "--09-01", None),
    ("2014-03-03", "2014-03-03", None),
    ("25/03/2014", "2014-03-25", None),
    ("March 2014", "2014-03", None),
    ("Feb. 30, 2014", "2014-02-30", "February has no day 30 in 2014"),
    ("Feb. 29, 2023", "2023-02-29", "February has no day 29 in 2023"),
    ("March 3, 2301", "2301-03-03", "year 2301 is outside 1900..2100"),
])
def test_written_dates(text, partial, problem):
    found = parse_written_date(text)
    assert (found.partial, found.problem) == (partial, problem)


@pytest.mark.parametrize("text", ["they may 3 times", "the 12 men", "Room 101"])
def test_not_written_dates(text):
    assert find_written_dates(text) == []


def test_day_and_month_either_way_round_is_flagged():
    assert parse_written_date("03/04/2014").ambiguous and not parse_written_date("25/03/2014").ambiguous


@pytest.mark.parametrize("text, before, expected", [
    ("Sept. 1", dt.date(2014, 9, 2), "2014-09-01"),
    ("Dec. 31", dt.date(2015, 1, 1), "2014-12-31"),  # a New Year's Eve dateline on a New Year's Day page
    ("Feb. 29", dt.date(2023, 3, 1), None),           # no such day in 2023 or 2022: no guess
])
def test_yearless_dates_are_completed_backwards(text, before, expected):
    assert complete(parse_written_date(text), before=before) == expected


@pytest.mark.parametrize("line, kind", [
    ("2014-03-S-011", "release-number"),
    ("Release No. 20140303-01", "release-number"),
    ("For Immediate Release", "release-header"),
    ("FOR IMMEDIATE RELEASE", "release-header"),
    ("PRESS RELEASE", "release-header"),
    ("Situation Report No. 12", "release-header"),
    ("Posted: Mar 3, 2014 10:05 AM", "date"),
    ("March 3, 2014", "date"),
    ("As of 3 May 2024", "date"),
    ("Reporting period: 27 April – 3 May 2024", "date"),
    ("Updated 3 March 2024 at 10:00 GMT", "date"),
    ("By John Smith, Staff Writer", "byline"),
    ("By JANE DOE | The Daily Star", "byline"),
    ("(Reporting by John Smith; Editing by Jane Doe)", "credit"),
    ("Associated Press writer Jane Doe in Kabul contributed to this report.", "credit"),
    ("Soldiers patrol in Nad Ali district, Helmand province, March 1, 2014. (U.S. Army photo by Sgt. John Doe)",
     "caption"),
    ("Photo: Reuters/John Smith", "caption"),
    ("Related: Taliban attack kills five in Kandahar", "related"),
    ("Share this:", "prompt"),
    ("Share | Tweet | Email", "prompt"),
    ("Download PDF", "prompt"),
    ("Download (PDF, 1.2 MB)", "prompt"),
    ("Follow us on Twitter @example", "prompt"),
    ("###", "end-mark"),
    ("-30-", "end-mark"),
    ("ENDS", "end-mark"),
    ("Media contact: press@example.org", "contact"),
    ("Copyright © 2024 Example News. All rights reserved.", "copyright"),
    ("Tags: Afghanistan, Helmand", "tags"),
    # the story itself
    ("Gunmen killed 14 people in Gao on Sunday.", None),
    ("By the end of the week, fighting had spread to three towns.", None),
    ("By Monday, fighting had spread", None),
    ("Gao attack toll rises", None),
])
def test_boilerplate_lines(line, kind):
    assert line_kind(line) == kind


def test_related_list_runs_to_the_blank_line():
    text = "Title\n\nRelated:\nTaliban attack kills five in Kandahar\nUN envoy meets leaders\n\nThe story goes on here."
    assert [(b.kind, text[b.start:b.end]) for b in find_boilerplate(text)] == [
        ("related", "Related:"), ("related", "Taliban attack kills five in Kandahar"),
        ("related", "UN envoy meets leaders")]


@pytest.mark.parametrize("separator", ["\n", "\r\n", "\u2028", "\u2029", "\x85", "\x0c"])
def test_every_line_separator_ends_a_line(separator):
    text = f"2014-03-S-011{separator}For Immediate Release{separator}KABUL (AFP) - Shops shut."
    found = find_boilerplate(text)
    assert [text[b.start:b.end] for b in found] == ["2014-03-S-011", "For Immediate Release"]


def test_clean_text_maps_back_to_the_text_as_given():
    text = "\u200bKA\u00adBUL\u00a0(AFP)"
    clean, offsets = clean_text(text)
    assert clean == "KABUL (AFP)"
    assert "".join(text[o] for o in offsets) == "KABUL\u00a0(AFP)"


def header_dates(text: str, given: str | None = None):
    header = read_header(text, body_start=0, boilerplate=find_boilerplate(text))
    return article_dates(header, given=given, today=dt.date(2025, 1, 1))


@pytest.mark.parametrize("text, given, published, source, reference, warns", [
    # a dateline with a year dates the article
    ("KABUL, Afghanistan (March 3, 2014) – A force arrested two men yesterday.", None, "2014-03-03", "dateline",
     "2014-03-03", None),
    # a given date wins; a dateline a day before it is the writer's day, counted from
    ("KABUL, Afghanistan (March 3, 2014) – A force arrested two men yesterday.", "2014-03-04", "2014-03-04", "given",
     "2014-03-03", None),
    # ... and one that contradicts it is a warning, not a value
    ("KABUL, Afghanistan (March 3, 2014) – A force arrested two men yesterday.", "2014-05-20", "2014-05-20", "given",
     "2014-05-20", "contradicts"),
    # a yearless dateline takes its year from the release number
    ("Release No. 2014-09-118\nFORT BRAGG, N.C. (Sept. 1) — Soldiers trained.", None, "2014-09-01",
     "dateline+release-number", "2014-09-01", None),
    # ... or from the given date
    ("FORT BRAGG, N.C. (Sept. 1) — Soldiers trained.", "2014-09-02", "2014-09-02", "given", "2014-09-01", None),
    # a yearless dateline alone dates nothing
    ("FORT BRAGG, N.C. (Sept. 1) — Soldiers trained.", None, None, None, None, None),
    # labelled lines and date lines of the header
    ("By Jane Doe\nPosted: Mar 5, 2024 10:05 AM\n\nDJIBO — Gunmen attacked the market.", None, "2024-03-05",
     "labelled-line", "2024-03-05", None),
    ("PRESS RELEASE\n14 June 2023\n\nBamako — Armed men attacked a convoy.", None, "2023-06-14", "date-line",
     "2023-06-14", None),
    ("Syria: Flash Update No. 3\nAs of 3 May 2024\n\nShelling struck the town.", None, "2024-05-03", "as-of-line",
     "2024-05-03", None),
    # impossible dates warn and date nothing
    ("CAMP X, Afghanistan (Feb. 30, 2014) – Marines patrolled.", None, None, None, None, "not a real date"),
    ("KABUL (March 3, 2301) – Marines patrolled.", None, None, None, None, "not a real date"),
])
def test_publication_and_reference_dates(text, given, published, source, reference, warns):
    dates = header_dates(text, given)
    assert dates.published == published
    assert (dates.publication.source if dates.publication else None) == source
    assert (dates.reference.date if dates.reference else None) == reference
    assert any(warns in w for w in dates.warnings) if warns else not dates.warnings


def test_every_date_says_where_it_is():
    text = "Release No. 2014-09-118\nFORT BRAGG, N.C. (Sept. 1) — Soldiers trained."
    dates = header_dates(text)
    evidence = dates.publication
    assert text[evidence.start:evidence.end] == evidence.text == "Sept. 1" and evidence.confidence == 0.7
