"""Readers and normalisation: what an article becomes before analysis, and what is rejected."""
from __future__ import annotations

import json

import pytest

from polemos.errors import EmptyInputError, EncodingError, InputError, LanguageError, MalformedInputError, TooLargeError
from polemos.ingest import RawArticle, build_article, read_inputs
from polemos.ingest.normalize import content_id, parse_dateline
from polemos.settings import Settings

SETTINGS = Settings()
BODY = "Fighting continued in the city on Monday, officials said, as both sides traded artillery fire."


def read_one(path) -> RawArticle | InputError:
    items = list(read_inputs([str(path)]))
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize("content, title, text_starts", [
    ("Headline here\n\n" + BODY, "Headline here", "Headline here\n\n"),
    ("\ufeffHeadline here\r\n\r\n" + BODY, "Headline here", "Headline here\n\n"),  # BOM and CRLF
    ("\n\n  Headline here\n" + BODY, "Headline here", "\n\n  Headline here\n"),  # first non-empty line
])
def test_txt_title_is_first_line_and_text_is_kept(tmp_path, content, title, text_starts):
    path = tmp_path / "a.txt"
    path.write_bytes(content.encode("utf-8"))
    raw = read_one(path)
    article = build_article(raw, settings=SETTINGS)
    assert article.title == title
    assert article.text.startswith(text_starts)
    assert "\r" not in article.text and not article.text.startswith("\ufeff")


def test_jsonl_title_is_prepended_and_unknown_keys_kept(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": BODY, "title": "T", "published": "2019-05-24T10:00:00Z",
                                "source": "Wire", "desk": "africa"}) + "\n", "utf-8")
    article = build_article(read_one(path), settings=SETTINGS)
    assert article.text == "T\n\n" + BODY
    assert article.published == "2019-05-24"
    assert article.source == "Wire"
    assert article.metadata["desk"] == "africa"


def test_jsonl_without_title_keeps_text_exactly(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": BODY}) + "\n", "utf-8")
    assert build_article(read_one(path), settings=SETTINGS).text == BODY


def test_html_main_text_is_extracted_with_title_first(tmp_path):
    html = (f"<html><head><title>Clashes resume</title></head><body><nav>Home | World</nav>"
            f"<article><h1>Clashes resume</h1><p>{BODY}</p><p>{BODY.replace('Monday', 'Tuesday')}</p></article>"
            f"<footer>Copyright</footer></body></html>")
    path = tmp_path / "a.html"
    path.write_text(html, "utf-8")
    article = build_article(read_one(path), settings=SETTINGS)
    assert article.title == "Clashes resume"
    assert article.text.startswith("Clashes resume\n\n")
    assert "Fighting continued" in article.text and "Copyright" not in article.text


def test_folder_reads_every_supported_file_in_order(tmp_path):
    (tmp_path / "b.txt").write_text("B title\n\n" + BODY, "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.jsonl").write_text(json.dumps({"text": BODY}) + "\n", "utf-8")
    (tmp_path / "notes.md").write_text("ignored", "utf-8")
    items = list(read_inputs([str(tmp_path)]))
    assert [type(i) for i in items] == [RawArticle, RawArticle]
    assert items[0].origin.endswith("b.txt") and items[1].origin.endswith("a.jsonl:1")


@pytest.mark.parametrize("name, content, error, words", [
    ("empty.txt", b"", EmptyInputError, "empty"),
    ("blank.txt", b"   \n\n ", EmptyInputError, "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", EncodingError, "binary"),
    ("latin1.txt", "Déclaration du ministère".encode("latin-1"), EncodingError, "not UTF-8"),
])
def test_unreadable_files_get_one_clear_error(tmp_path, name, content, error, words):
    path = tmp_path / name
    path.write_bytes(content)
    item = read_one(path)
    assert isinstance(item, error)
    assert name in str(item) and words in str(item)


@pytest.mark.parametrize("line, words", [
    ("{not json", "not valid JSON"),
    ('["a list"]', "not a JSON object"),
    ('{"title": "no text"}', "no 'text'"),
    ('{"text": ""}', "no 'text'"),
    ('{"text": 42}', "no 'text'"),
])
def test_bad_jsonl_lines_are_rejected_alone(tmp_path, line, words):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": BODY}) + "\n" + line + "\n" + json.dumps({"text": BODY + " Again."}) + "\n")
    items = list(read_inputs([str(path)]))
    assert [type(i) for i in items] == [RawArticle, MalformedInputError, RawArticle]
    assert "batch.jsonl:2" in str(items[1]) and words in str(items[1])


def test_missing_path_is_an_input_error(tmp_path):
    item = read_one(tmp_path / "nope.txt")
    assert isinstance(item, InputError) and "no such file" in str(item)


@pytest.mark.parametrize("text, error", [
    ("short", EmptyInputError),
    ("x" * 40 + " " + BODY * 12000, TooLargeError),
    ("Les combats ont repris lundi dans la capitale, selon des responsables locaux qui ont demandé "
     "l'anonymat. Les deux camps se sont accusés mutuellement de violer la trêve.", LanguageError),
])
def test_articles_that_cannot_be_analysed_are_rejected(text, error):
    with pytest.raises(error):
        build_article(RawArticle(origin="x.txt", text=text), settings=SETTINGS)


def test_exact_duplicates_share_a_content_hash_id():
    a = build_article(RawArticle(origin="a.txt", text=BODY), settings=SETTINGS)
    b = build_article(RawArticle(origin="b.txt", text=BODY), settings=SETTINGS)
    c = build_article(RawArticle(origin="c.txt", text=BODY + " More."), settings=SETTINGS)
    assert a.id == b.id == content_id(BODY) and a.id != c.id


@pytest.mark.parametrize("body, place, date, agency", [
    ("TRIPOLI, May 23 (Reuters) - Fighting raged.", "Tripoli", "--05-23", "Reuters"),
    ("BAMAKO (AFP) — Protesters marched.", "Bamako", None, "AFP"),
    ("KHARTOUM, Sudan, 2 May 2024 - Clashes resumed.", "Khartoum", "2024-05-02", None),
    ("The army said on Monday - in a statement - that", None, None, None),
])
def test_datelines_give_place_date_and_agency(body, place, date, agency):
    found = parse_dateline(body)
    if place is None:
        assert found is None
        return
    assert found["place"] == place and found.get("date") == date and found.get("agency") == agency


def test_dateline_date_with_year_gives_publication_date():
    raw = RawArticle(origin="x", text="KHARTOUM, Sudan, 2 May 2024 - " + BODY)
    article = build_article(raw, settings=SETTINGS)
    assert article.published == "2024-05-02"
    assert article.metadata["published_from"] == "dateline"


def test_given_publication_date_wins_and_bad_one_is_rejected():
    raw = RawArticle(origin="x", text="KHARTOUM, 2 May 2024 - " + BODY, published="2024-05-03")
    assert build_article(raw, settings=SETTINGS).published == "2024-05-03"
    with pytest.raises(InputError, match="not an ISO date"):
        build_article(RawArticle(origin="x", text=BODY, published="last Tuesday"), settings=SETTINGS)


@pytest.mark.parametrize("text, language", [
    ("MANILA, Philippines - Manila Archbishop Luis Antonio Cardinal Tagle urged the faithful in Quiapo, "
     "Tondo and Sampaloc to pray for peace in Marawi, where fighting displaced residents.", "en"),
    ("Les combats ont repris lundi dans la capitale libyenne, selon des responsables locaux.", "fr"),
    ("Die Kämpfe in der libyschen Hauptstadt gingen am Montag weiter, sagten örtliche Beamte.", "de"),
])
def test_language_is_english_unless_clearly_not(text, language):
    from polemos.ingest.normalize import detect_language

    assert detect_language(text) == language


@pytest.mark.parametrize("value, expected", [
    ("2024-01-01", "2024-01-01"),
    (" 2024-01-01 ", "2024-01-01"),
    ("2019-05-24T10:00:00Z", "2019-05-24"),
    ("2019-05-24T23:30:00-05:00", "2019-05-24"),  # the date as written, not moved to UTC
    ("2019-05-24T10:00:00.123+0100", "2019-05-24"),
    ("2019-05-24 10:00", "2019-05-24"),
    ("2019-05-24t10:00:00z", "2019-05-24"),  # RFC 3339 allows lower case
    ("1900-01-01", "1900-01-01"),
])
def test_published_accepts_iso_dates_and_datetimes(value, expected):
    from polemos.ingest.normalize import parse_published

    assert parse_published("--published", value) == expected


@pytest.mark.parametrize("value, words", [
    ("2024-01-01garbage", "not an ISO date"),
    ("2024-01-01T", "not an ISO date"),
    ("2024-01-01T10:00:00Zjunk", "not an ISO date"),
    ("2024-1-1", "not an ISO date"),
    ("20240101", "not an ISO date"),
    ("2024-W01-1", "not an ISO date"),
    ("2024-02-30", "not an ISO date"),
    ("2024-01-01T25:00", "not an ISO date"),
    ("0001-01-01", "year 1 is outside"),
    ("1899-12-31", "year 1899 is outside"),
    ("9999-01-01", "year 9999 is outside"),
])
def test_published_rejects_what_is_not_a_real_iso_date(value, words):
    from polemos.ingest.normalize import parse_published

    with pytest.raises(InputError, match=words) as caught:
        parse_published("--published", value)
    assert str(caught.value).startswith("--published: ") and "YYYY-MM-DD" in str(caught.value)


def test_published_allows_next_year_but_not_later():
    import datetime as dt

    from polemos.ingest.normalize import parse_published

    year = dt.date.today().year
    assert parse_published("x", f"{year + 1}-12-31") == f"{year + 1}-12-31"
    with pytest.raises(InputError, match="outside"):
        parse_published("x", f"{year + 2}-01-01")


@pytest.mark.parametrize("published, words", [
    ("2024-01-01garbage", "not an ISO date"),
    ("0001-01-01", "outside"),
])
def test_jsonl_published_is_checked_like_the_option(tmp_path, published, words):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": BODY, "published": published}) + "\n", "utf-8")
    with pytest.raises(InputError, match=words):
        build_article(read_one(path), settings=SETTINGS)


def test_too_large_article_advice_names_what_the_user_can_do():
    with pytest.raises(TooLargeError) as caught:
        build_article(RawArticle(origin="big.txt", text="x" * 40 + " " + BODY * 12000), settings=SETTINGS)
    message = str(caught.value)
    assert message.startswith("big.txt: ") and "--max-chars" not in message
    assert "split it" in message and "1,000,000" in message


# --- dates, datelines and boilerplate as the article arrives (see also test_datelines.py) -------------

RELEASE = ("2014-03-S-011\nFor Immediate Release\n\nKABUL, Afghanistan (March 3, 2014) – An Afghan and coalition "
           "security force arrested a Taliban leader in Nad Ali district, Helmand province, yesterday.\n\n###")


@pytest.mark.parametrize("given, published, source, reference, warns", [
    (None, "2014-03-03", "dateline", "2014-03-03", False),
    ("2014-03-04", "2014-03-04", "given", "2014-03-03", False),   # --published wins; "yesterday" counts from March 3
    ("2014-06-01", "2014-06-01", "given", "2014-06-01", True),    # a contradiction: the given date, and a warning
])
def test_release_dates_say_where_they_came_from(given, published, source, reference, warns):
    raw = RawArticle(origin="r.txt", text=RELEASE, title="2014-03-S-011", title_in_text=True, published=given)
    article = build_article(raw, settings=SETTINGS)
    assert article.published == published and article.text == RELEASE
    assert article.metadata["publication"]["source"] == source
    assert article.metadata["reference_date"]["date"] == reference
    assert bool(article.metadata.get("ingest_warnings")) is warns


def test_release_boilerplate_is_marked_and_the_text_kept():
    article = build_article(RawArticle(origin="r.txt", text=RELEASE, title="2014-03-S-011", title_in_text=True),
                            settings=SETTINGS)
    marked = [(RELEASE[start:end], kind) for start, end, kind in article.metadata["boilerplate"]]
    assert marked == [("2014-03-S-011", "release-number"), ("For Immediate Release", "release-header"),
                      ("###", "end-mark")]
    line = article.metadata["dateline"]
    assert RELEASE[line["start"]:line["end"]] == line["text"] == "KABUL, Afghanistan (March 3, 2014) –"
    assert RELEASE[line["place_start"]:line["place_end"]] == "KABUL" and line["place"] == "Kabul"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r\n"])
def test_separators_of_every_kind_leave_the_text_as_given(separator):
    text = RELEASE.replace("\n", separator)
    article = build_article(RawArticle(origin="r.jsonl", text=text), settings=SETTINGS)
    assert article.text == text and article.published == "2014-03-03"
    assert [kind for _, _, kind in article.metadata["boilerplate"]] == ["release-number", "release-header", "end-mark"]


def test_impossible_dateline_date_is_a_warning_not_a_crash():
    raw = RawArticle(origin="x", text="CAMP X, Afghanistan (Feb. 30, 2014) – Marines patrolled the valley. " + BODY)
    article = build_article(raw, settings=SETTINGS)
    assert article.published is None
    assert any("not a real date" in w for w in article.metadata["ingest_warnings"])


@pytest.mark.parametrize("html, url, date, source", [
    ('<html><head><meta property="article:published_time" content="2024-05-03T10:00:00Z"></head>'
     '<body><p>Updated 5 May 2024</p></body></html>', None, "2024-05-03", "html-metadata"),
    ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-05-02"}'
     '</script></head><body><p>x</p></body></html>', None, "2024-05-02", "html-metadata"),
    ("<html><body><p>hello</p></body></html>", "https://example.org/news/2024/05/03/gao-attack", "2024-05-03", "url"),
    ("<html><body><p>Posted on 3 May 2024</p></body></html>", None, "2024-05-03", "html-text"),
    ("<html><body><p>No date here.</p></body></html>", None, None, None),
])
def test_html_publication_date_says_where_it_came_from(html, url, date, source):
    from polemos.ingest.htmldates import html_publication_date

    found = html_publication_date(html, url)
    assert (found.date, found.source) == (date, source) if date else found is None


def test_a_page_date_passed_on_by_the_reader_keeps_its_source():
    raw = RawArticle(origin="p.html", text=BODY, published="2024-05-03",
                     metadata={"published_source": "html-metadata", "published_confidence": 0.95})
    publication = build_article(raw, settings=SETTINGS).metadata["publication"]
    assert publication == {"date": "2024-05-03", "source": "html-metadata", "confidence": 0.95}


@pytest.mark.parametrize("head, expected, source", [
    ('<meta property="article:published_time" content="2024-03-05T10:00:00Z">', "2024-03-05", "html-metadata"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-11-20"}</script>',
     "2023-11-20", "html-metadata"),
])
def test_a_web_page_gives_its_own_publication_date_and_where_it_came_from(head, expected, source):
    from polemos.ingest.readers import read_html

    html = (f"<html><head><title>Clashes near Gao</title>{head}</head><body><article><h1>Clashes near Gao</h1>"
            "<p>Gunmen attacked an army post near Gao on Sunday, killing four soldiers, the army said.</p>"
            "<p>The attack was the third in the region this month, officials said on Monday.</p></article></body></html>")
    raw = read_html("page.html", html)
    assert (raw.published, raw.metadata.get("published_source")) == (expected, source)
