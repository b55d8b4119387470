"""Hand-built article documents and a filled store for the API, export, report and browser tests.

Every span is computed from the text it points into, so provenance checks hold; nothing here
depends on what the extraction pipeline finds.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from polemos.ingest.normalize import content_id
from polemos.model import (
    AcledType,
    Actor,
    ArticleDocument,
    ArticleMeta,
    DateValue,
    Event,
    Figure,
    Place,
    Quote,
    Span,
)
from polemos.store.queries import open_store


def span(text: str, words: str, *, after: int = 0) -> Span:
    at = text.index(words, after)
    return Span(at, at + len(words), words)


@dataclass(frozen=True)
class Story:
    """One invented article: an event sentence, a place, an actor, a recipient, a toll."""

    text: str
    source: str
    day: str
    evidence: str
    trigger: str
    type: str
    place: tuple[str, float | None, float | None, str | None]  # name, lat, lon, country
    actor: tuple[str, str, str]  # name, sector, country (iso3)
    recipient: tuple[str, str, str] | None = None
    killed: tuple[str, int, int, int] | None = None  # words, value, low, high
    speaker: str | None = None
    acled: tuple[str, str] | None = None
    modality: tuple[str, ...] = ()
    title: str | None = None
    url: str | None = None


def document(story: Story, *, pipeline: str = "test-1") -> ArticleDocument:
    text = story.text
    aid = content_id(text)
    actors = [Actor("a1", story.actor[0], "organization", story.actor[2], story.actor[1], kb_id=None,
                    mentions=(span(text, story.actor[0]),) if story.actor[0] in text else ())]
    recipients: tuple[str, ...] = ()
    if story.recipient:
        actors.append(Actor("a2", story.recipient[0], "group", story.recipient[2], story.recipient[1]))
        recipients = ("a2",)
    reported_by: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    if story.speaker:
        actors.append(Actor("a3", story.speaker, "organization", None, "GOV",
                            mentions=(span(text, story.speaker),)))
        reported_by = ("a3",)
        quotes = (Quote("q1", span(text, "said"), span(text, story.evidence), "indirect", "a3",
                        span(text, story.speaker), ("a3",)),)
    name, lat, lon, country = story.place
    places = (Place("p1", name, None, lat, lon, country, "Tripoli" if country == "LY" else None, "locality", 1,
                    (span(text, name),)),) if name in text else ()
    evidence = span(text, story.evidence)
    event = Event(
        id=f"ev_{aid[:12]}", type=story.type, evidence=evidence, actors=("a1",), recipients=recipients,
        place="p1" if places else None, date=DateValue(story.day, story.day, "day", None), modality=story.modality,
        reported_by=reported_by, acled=AcledType(*story.acled) if story.acled else None, confidence=0.8,
        trigger=span(text, story.trigger),
    )
    figures: tuple[Figure, ...] = ()
    if story.killed:
        words, value, low, high = story.killed
        figures = (Figure("f1", "killed", span(text, words), value, low, high, "exact", "civilians",
                          scope="incident", source=reported_by[0] if reported_by else None, event=event.id,
                          place="p1" if places else None, date=DateValue(story.day, story.day, "day", None)),)
    meta = ArticleMeta(aid, text, story.title or text.split(".")[0][:60], story.day, story.source, story.url, "en",
                       pipeline, {})
    return ArticleDocument(meta, tuple(actors), (event,), quotes, figures, places, ())


LNA = ("Libyan National Army", "MIL", "LBY")
GNA = ("Government of National Accord", "GOV", "LBY")

STORIES = (
    Story("Shelling killed five civilians in Ain Zara on Wednesday, the Health Ministry said.", "Wire",
          "2024-03-13", "Shelling killed five civilians in Ain Zara", "Shelling", "ASSAULT",
          ("Ain Zara", 32.8, 13.2, "LY"), LNA, None, ("five civilians", 5, 5, 5), "Health Ministry",
          ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
          url="https://wire.example/ain-zara"),
    Story("Shelling killed seven civilians in Ain Zara, the Health Ministry said on Wednesday.", "Daily",
          "2024-03-13", "Shelling killed seven civilians in Ain Zara", "Shelling", "ASSAULT",
          ("Ain Zara", 32.8, 13.2, "LY"), LNA, None, ("seven civilians", 7, 5, 9), "Health Ministry",
          ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
          url="https://daily.example/ain-zara"),
    Story("Fighters of the Libyan National Army attacked Government of National Accord positions in Gharyan.",
          "Wire", "2024-03-20", "attacked Government of National Accord positions in Gharyan", "attacked",
          "ASSAULT", ("Gharyan", 32.17, 13.02, "LY"), LNA, GNA, None, None, ("Battles", "Armed clash")),
    Story("Thousands protested in Khartoum on Friday against the Transitional Council, organisers said.",
          "Daily", "2024-04-05", "Thousands protested in Khartoum", "protested", "PROTEST",
          ("Khartoum", 15.5, 32.53, "SD"), ("Protesters", "CVL", "SDN"), ("Transitional Council", "GOV", "SDN"),
          None, None, ("Protests", "Peaceful protest")),
    Story("The Government of National Accord met envoys in Tunis, the ministry spokesman said.", "Gazette",
          "2024-03-22", "met envoys in Tunis", "met", "CONSULT", ("Tunis", 36.8, 10.18, "TN"), GNA, None, None,
          "ministry spokesman"),
    # Untrusted text: markup in an article must be shown as text, never run.
    Story("Militants <script>alert('x')</script> stormed Sabha <img src=x onerror=alert(1)> on Monday.", "Blog",
          "2024-03-25", "stormed Sabha", "stormed", "ASSAULT", ("Sabha", 27.04, 14.43, "LY"),
          ("Militants <b>X</b>", "REB", "LBY"), None, None, None, ("Battles", "Non-state actor overtakes territory"),
          title="<script>alert('title')</script> Sabha"),
)


def fill(db: Path) -> list[ArticleDocument]:
    """Save every story into the store at ``db``; returns the documents."""
    docs = [document(s) for s in STORIES]
    with open_store(db) as store:
        for doc in docs:
            store.save(doc)
    return docs


FIGURE_KINDS = ("killed", "injured", "displaced")


def long_span_documents(n: int = 60) -> list[ArticleDocument]:
    """``n`` reports of tolls spread over 1994–2024, killed / injured / displaced in turn: a span
    far past 4,000 days, like a store that holds a war's history (the figures chart once gave
    every point past its 4,000th day a NaN coordinate)."""
    docs = []
    for i in range(n):
        day = f"{1994 + i * 30 // n}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        words = f"{i + 2} civilians"
        story = Story(f"Shelling killed {words} in Ain Zara on report {i}, the Health Ministry said.", "Wire", day,
                      f"Shelling killed {words} in Ain Zara", "Shelling", "ASSAULT", ("Ain Zara", 32.8, 13.2, "LY"),
                      LNA, None, (words, i + 2, i + 1, i + 4), "Health Ministry")
        doc = document(story)
        kind = FIGURE_KINDS[i % len(FIGURE_KINDS)]
        docs.append(replace(doc, figures=tuple(replace(f, kind=kind) for f in doc.figures)))
    return docs


def fill_long_span(db: Path, n: int = 60) -> list[ArticleDocument]:
    docs = long_span_documents(n)
    with open_store(db) as store:
        for doc in docs:
            store.save(doc)
    return docs
