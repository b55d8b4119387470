"""The running example (shared/examples/haftar-macron.txt, published 2019-05-24): the facts
that shared/design/overview.md says a correct reading holds. Gaps are listed in docs/evaluation.md."""
from __future__ import annotations

import pytest

from polemos.model import ArticleDocument
from polemos.pipeline import Pipeline
from polemos.schema import validate_document


@pytest.fixture(scope="module")
def doc(running_example) -> ArticleDocument:
    from polemos.ingest import build_article
    from polemos.ingest.normalize import RawArticle
    from polemos.settings import Settings

    pipeline = Pipeline.create(Settings())
    raw = RawArticle(origin="haftar-macron.txt", text=running_example, title=running_example.split("\n")[0],
                     title_in_text=True, published="2019-05-24")
    return next(iter(pipeline.analyse([build_article(raw, settings=Settings())])))


def actor(doc, name):
    found = [a for a in doc.actors if a.name == name]
    assert found, f"no actor {name!r} in {[a.name for a in doc.actors]}"
    return found[0]


def mentions(a):
    return {m.text for m in a.mentions}


def test_document_is_valid(doc):
    assert validate_document(doc.to_json()) == []


@pytest.mark.parametrize("name, kind, country, sector, role", [
    ("Khalifa Haftar", "person", "LBY", "MIL", None),
    ("Emmanuel Macron", "person", "FRA", "GOV", "President"),
    ("Fayez al-Serraj", "person", "LBY", "GOV", "Prime Minister"),
    ("Ghassan Salame", "person", None, "IGO", None),
    ("Government of National Accord", "organization", "LBY", "GOV", None),
    ("Libyan National Army", "organization", "LBY", "MIL", None),
])
def test_actors(doc, name, kind, country, sector, role):
    a = actor(doc, name)
    assert (a.kind, a.country, a.sector) == (kind, country, sector)
    if role:
        assert a.role == role


@pytest.mark.parametrize("name, mention", [
    ("Libyan National Army", "The Haftar-led army"),
    ("Government of National Accord", "GNA"),
    ("Khalifa Haftar", "he"),
    ("Ghassan Salame", "he"),
])
def test_descriptions_and_pronouns_resolve(doc, name, mention):
    assert mention in mentions(actor(doc, name))


def test_media_and_presidency_are_actors(doc):
    media = [a for a in doc.actors if "France 24" in mentions(a)]
    assert media and media[0].sector == "JRN"
    presidency = [a for a in doc.actors if "Elysee" in mentions(a)]
    assert presidency and presidency[0].country == "FRA" and presidency[0].sector == "GOV"


def events_of(doc, type_):
    return [e for e in doc.events if e.type == type_]


def test_haftar_rejects_ceasefire_on_thursday_reported_by_france24(doc):
    haftar, macron = actor(doc, "Khalifa Haftar").id, actor(doc, "Emmanuel Macron").id
    france24 = next(a.id for a in doc.actors if "France 24" in mentions(a))
    [reject] = [e for e in events_of(doc, "REJECT") if haftar in e.actors]
    assert macron in reject.recipients
    assert reject.date.start == "2019-05-23" and reject.date.precision == "day"
    assert reject.reported_by[0] == france24
    assert not [e for e in events_of(doc, "AGREE") if not e.modality]  # no ceasefire coded as fact


def test_willingness_to_negotiate_is_conditional_with_its_chain(doc):
    haftar = actor(doc, "Khalifa Haftar").id
    conditional = [e for e in doc.events if "conditional" in e.modality and haftar in e.actors]
    assert conditional
    assert len(conditional[0].reported_by) == 3 and conditional[0].reported_by[-1] == haftar


def test_macron_requests_haftar(doc):
    haftar, macron = actor(doc, "Khalifa Haftar").id, actor(doc, "Emmanuel Macron").id
    assert [e for e in events_of(doc, "REQUEST") if macron in e.actors and haftar in e.recipients]


def test_tripoli_fighting_is_an_ongoing_battle_since_early_april(doc):
    lna = {actor(doc, "Khalifa Haftar").id, actor(doc, "Libyan National Army").id}
    gna = actor(doc, "Government of National Accord").id
    [battle] = [e for e in events_of(doc, "ASSAULT") if lna & set(e.actors) and gna in e.recipients]
    assert "ongoing" in battle.modality
    assert battle.date.start == "2019-04-01"
    assert battle.acled is not None and battle.acled.event_type == "Battles"
    assert doc.place(battle.place).name == "Tripoli"


@pytest.mark.parametrize("kind, value, low, qualifier, group", [
    ("killed", 460, 461, "over", None),
    ("killed", 29, 29, "exact", "civilians"),
    ("injured", 2400, 2401, "over", None),
    ("displaced", 75000, 75001, "over", None),
    ("trapped", 100000, 100001, "over", None),
    ("affected", 400000, 400001, "over", None),
])
def test_figures(doc, kind, value, low, qualifier, group):
    [figure] = [f for f in doc.figures if f.kind == kind and f.value == value]
    assert (figure.low, figure.qualifier, figure.group, figure.scope) == (low, qualifier, group, "cumulative")
    assert figure.source is not None


def test_subgroups_and_sources_of_the_toll(doc):
    salame = actor(doc, "Ghassan Salame").id
    total = next(f for f in doc.figures if f.kind == "killed" and f.value == 460)
    civilians = next(f for f in doc.figures if f.kind == "killed" and f.value == 29)
    assert civilians.part_of == total.id and total.source == salame
    assert [f for f in doc.figures if f.kind == "injured" and f.share == "majority" and f.group == "civilians"]


def test_quotes_and_chains(doc):
    salame, haftar = actor(doc, "Ghassan Salame").id, actor(doc, "Khalifa Haftar").id
    council = next(a.id for a in doc.actors if "Security Council" in mentions(a))
    verge = next(q for q in doc.quotes if "on the verge" in q.content.text)
    assert (verge.kind, verge.speaker, verge.addressee) == ("direct", salame, council)
    distrust = next(q for q in doc.quotes if "distrust" in q.content.text)
    assert distrust.kind == "direct" and distrust.speaker is not None and distrust.speaker != salame
    chains = [q.chain for q in doc.quotes if q.speaker == haftar]
    assert sorted(len(c) for c in chains) == [2, 3]
    assert any(q.kind == "mixed" for q in doc.quotes)


def test_places(doc):
    by_name = {p.name: p for p in doc.places}
    tripoli = by_name["Tripoli"]
    assert tripoli.country == "LY" and abs(tripoli.lat - 32.89) < 0.05 and abs(tripoli.lon - 13.19) < 0.05
    assert "the French capital" in mentions(by_name["Paris"])
    assert by_name["Libya"].feature == "country" and by_name["France"].feature == "country"
    assert any("western Libya" in mentions(p) for p in doc.places)
