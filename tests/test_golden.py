"""Golden articles (tests/golden): every expected record is present; nothing listed under
``absent`` is emitted as a plain fact. Expectations marked ``gap`` are strict xfails."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from polemos.model import ArticleDocument
from polemos.pipeline import Pipeline

GOLDEN = Path(__file__).parent / "golden"
ARTICLES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.create()


@pytest.fixture(scope="module")
def documents(pipeline) -> dict[str, ArticleDocument]:
    from polemos.ingest.readers import read_txt

    docs = {}
    for name in ARTICLES:
        expected = json.loads((GOLDEN / f"{name}.expected.json").read_text("utf-8"))
        raw = read_txt(name, (GOLDEN / f"{name}.txt").read_text("utf-8"))
        raw = raw.with_defaults(published=expected["published"], source="Polemos Wire")
        docs[name] = next(iter(pipeline.analyse([pipeline.article(raw)])))
    return docs


def _names(doc: ArticleDocument, ids) -> str:
    return " | ".join(a.name for a in (doc.actor(i) for i in ids) if a) + " | " + " | ".join(
        m.text for i in ids if doc.actor(i) for m in doc.actor(i).mentions)


def event_matches(doc: ArticleDocument, event, want: dict) -> bool:
    checks = {
        "type": lambda v: event.type == v,
        "date": lambda v: event.date.start == v,
        "place": lambda v: (doc.place(event.place) or type("P", (), {"name": None})).name == v,
        "acled_event_type": lambda v: event.acled is not None and event.acled.event_type == v,
        "actors_contain": lambda v: v.casefold() in _names(doc, event.actors).casefold(),
        "recipients_contain": lambda v: v.casefold() in _names(doc, event.recipients).casefold(),
    }
    return all(checks[key](value) for key, value in want.items() if key in checks)


def figure_matches(figure, want: dict) -> bool:
    return all(getattr(figure, key) == value for key, value in want.items() if key != "gap")


def quote_matches(doc: ArticleDocument, quote, want: dict) -> bool:
    speaker = doc.actor(quote.speaker)
    speaker_words = (speaker.name + " " + " ".join(m.text for m in speaker.mentions)) if speaker else ""
    return (quote.kind == want["kind"]
            and want.get("content_contains", "") in quote.content.text
            and want.get("speaker_contains", "").casefold() in speaker_words.casefold())


def _cases():
    for name in ARTICLES:
        expected = json.loads((GOLDEN / f"{name}.expected.json").read_text("utf-8"))
        for section in ("events", "figures", "quotes", "places", "absent"):
            for n, want in enumerate(expected[section]):
                marks = [pytest.mark.xfail(strict=True, reason=want["gap"])] if "gap" in want else []
                yield pytest.param(name, section, want, id=f"{name}-{section}-{n}", marks=marks)


@pytest.mark.parametrize("name, section, want", list(_cases()))
def test_golden(documents, name, section, want):
    doc = documents[name]
    if section == "events":
        assert any(event_matches(doc, e, want) and not set(e.modality) & {"negated", "hypothetical"}
                   for e in doc.events), [(e.type, e.date.start, e.actors, e.place) for e in doc.events]
    elif section == "figures":
        assert any(figure_matches(f, want) for f in doc.figures), [
            (f.kind, f.value, f.qualifier, f.group, f.current) for f in doc.figures]
    elif section == "quotes":
        assert any(quote_matches(doc, q, want) for q in doc.quotes), [(q.kind, q.speaker) for q in doc.quotes]
    elif section == "places":
        assert any(all(getattr(p, k) == v for k, v in want.items() if k != "gap") for p in doc.places), [
            (p.name, p.country, p.feature) for p in doc.places]
    else:
        plain = [e for e in doc.events if event_matches(doc, e, want) and not e.modality]
        assert not plain, [(e.type, e.evidence.text) for e in plain]
