"""Situation reports: every sentence cites its sources; numbers resolve to outlet, title, url."""
from __future__ import annotations

import re

import pytest
from web_fixtures import fill

from polemos.report import build, to_html, to_markdown
from polemos.store.queries import open_store

CITE = re.compile(r"\[(\d+)\]")


@pytest.fixture(scope="module")
def situation(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "r.db"
    fill(path)
    with open_store(path) as store:
        return build(store, country="ly", date_from="2024-03-01", date_to="2024-03-31")


def test_the_report_covers_the_country_and_period(situation):
    assert (situation.country, situation.country_name, situation.total_events) == ("LY", "Libya", 3)
    assert len(situation.events) == 3 and len(situation.places) == 3


def test_every_line_cites_a_listed_source(situation):
    numbers = {s.number for s in situation.sources}
    lines = [situation.summary, *situation.events, *situation.figures, *situation.statements]
    assert lines and all(line.cites and set(line.cites) <= numbers for line in lines)
    assert all(row.cites and set(row.cites) <= numbers for row in situation.places)
    assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_figures_are_given_as_ranges_with_their_outlets(situation):
    [line] = situation.figures
    assert "5–9 killed" in line.text and "median of 2 reports: 5" in line.text
    assert "Daily, Wire" in line.text and len(line.cites) == 2


def test_markdown_sentences_each_end_with_citations(situation):
    text = to_markdown(situation)
    sections = text.split("## Sources")[0]
    bullets = [line for line in sections.splitlines() if line.startswith("- ")]
    assert bullets and all(CITE.search(line) for line in bullets)
    sources = text.split("## Sources")[1]
    assert "Wire, “Shelling killed five civilians" in sources and "<https://wire.example/ain-zara>" in sources


def test_html_is_escaped_and_scriptless(situation):
    page = to_html(situation)
    assert "<script" not in page and "&lt;script&gt;" in page
    assert 'href="#src-1"' in page and 'id="src-1"' in page


def test_an_empty_period_says_so(tmp_path):
    path = tmp_path / "e.db"
    fill(path)
    with open_store(path) as store:
        empty = build(store, country="FR", date_from="2024-01-01", date_to="2024-01-31")
    assert empty.total_events == 0 and not empty.sources
    assert "No events are stored" in to_markdown(empty)


def test_report_command_writes_both_files(tmp_path, capsys):
    from polemos.cli import main

    db = tmp_path / "c.db"
    fill(db)
    out = tmp_path / "rep"
    assert main(["report", "--db", str(db), "--country", "LY", "--from", "2024-03-01", "--to", "2024-03-31",
                 "--output", str(out)]) == 0
    assert (out / "report.md").read_text().startswith("# Situation report: Libya (LY)")
    assert (out / "report.html").read_text().startswith("<!doctype html>")
    assert "![Map of the places of events](report-map.svg)" in (out / "report.md").read_text()
    svg = (out / "report-map.svg").read_text()
    assert svg.startswith("<svg") and svg.count("<circle") == 3


@pytest.mark.parametrize("args, words", [
    (["--country", "Libya", "--from", "2024-03-01", "--to", "2024-03-31"], "alpha-2"),
    (["--country", "LY", "--from", "March", "--to", "2024-03-31"], "is not a date"),
    (["--country", "LY", "--from", "2024-04-01", "--to", "2024-03-31"], "is after"),
])
def test_report_command_rejects_bad_options(tmp_path, capsys, args, words):
    from polemos.cli import main

    assert main(["report", "--db", str(tmp_path / "x.db"), *args, "--output", str(tmp_path)]) == 2
    assert words in capsys.readouterr().err


def test_the_html_report_inlines_a_map_of_the_places_over_country_outlines(situation):
    """A static SVG: one circle per located place, Natural Earth outlines, names escaped, no script."""
    import xml.etree.ElementTree as ET

    html = to_html(situation)
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    svg = ET.fromstring(html[start:end])  # well-formed: every name escaped
    ns = "{http://www.w3.org/2000/svg}"
    circles = svg.findall(f".//{ns}circle")
    assert len(circles) == len(situation.places) == 3
    assert len(svg.findall(f".//{ns}path")) >= 3  # Libya and its neighbours
    names = {c.find(f"{ns}title").text.split(":")[0] for c in circles}
    assert names == {p.name for p in situation.places}
    assert "<script" not in html[start:end]


@pytest.mark.parametrize("points, expected", [
    ([], None),  # nothing located: no map, and the Markdown has no map line
    ([("Gharyan", 32.17, 13.02, 1)], 1),
    ([("Ain Zara", 32.8, 13.2, 2), ("<b>Sabha</b>", 27.04, 14.43, 1)], 2),
])
def test_event_map_draws_one_circle_per_point(points, expected):
    from polemos.report.svgmap import Point, event_map

    svg = event_map([Point(*p) for p in points])
    if expected is None:
        assert svg is None
        return
    assert svg.count("<circle") == expected and "<b>" not in svg


def _cited(url: str):
    from polemos.report.build import Line, Situation, Source

    line = Line("Shelling was reported.", (1,))
    return Situation("LY", "Libya", "2024-03-01", "2024-03-31", 1, line, (line,), (), (), (),
                     (Source(1, "0123456789abcdef0123", "Wire", "A title", url, "2024-03-13"),))


@pytest.mark.parametrize("url", [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
])
def test_only_http_urls_become_links(url):
    """A source's URL is a link only when it is http(s); anything else is written as escaped
    text, in the Markdown and the HTML report alike."""
    markdown, html = to_markdown(_cited(url), map_file=None), to_html(_cited(url))
    sources = markdown.split("## Sources")[1]
    assert "<" not in sources and "](" not in sources  # no autolink, no inline link
    assert url.strip().split(":")[0] in sources  # still shown, as text
    assert "href" not in html.split("<h2>Sources</h2>")[1]


def test_a_url_that_would_end_the_markdown_autolink_early_is_text():
    url = "https://wire.example/a>b <c"
    sources = to_markdown(_cited(url), map_file=None).split("## Sources")[1]
    assert "<" not in sources and "https://wire.example/a&gt;b &lt;c" in sources


@pytest.mark.parametrize("url", ["https://wire.example/ain-zara?x=1&y=2", "HTTP://WIRE.EXAMPLE/a"])
def test_http_urls_are_links(url):
    assert f"<{url}>" in to_markdown(_cited(url), map_file=None)
    assert f'href="{url.replace("&", "&amp;")}"' in to_html(_cited(url))
