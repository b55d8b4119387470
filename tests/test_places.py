"""The place finder: resolution in context, descriptions, metonymy, event places, the running example."""
from __future__ import annotations

import pytest

from polemos.extract.places import PlaceFindings, find_places


def places(nlp, text: str) -> PlaceFindings:
    return find_places(nlp(text))


def place_named(found: PlaceFindings, mention: str):
    return next(p for p in found.places if any(s.text == mention for s in p.mentions))


@pytest.mark.parametrize("text, mention, country", [
    ("Fighting continued in Tripoli on Monday as forces loyal to the Libyan government held the airport.",
     "Tripoli", "LY"),
    ("Lebanese soldiers deployed in Tripoli after clashes between rival groups in northern Lebanon.",
     "Tripoli", "LB"),
    ("Hundreds protested in Tripoli, Lebanon, on Friday against the new taxes.", "Tripoli", "LB"),
    ("The storm damaged houses in Paris, Texas, late on Sunday, officials said.", "Paris", "US"),
    ("Police in Alexandria, La., arrested a man after the fire.", "Alexandria", "US"),
    ("Thousands marched in Alexandria and Cairo to demand the release of Egyptian activists.", "Alexandria", "EG"),
    ("Militias clashed in Ain Zara and Tajoura, south and east of Tripoli, on Sunday.", "Ain Zara", "LY"),
    ("Militias clashed in Ain Zara and Tajoura, south and east of Tripoli, on Sunday.", "Tajoura", "LY"),
    ("Residents of Georgia fled as Russian tanks advanced towards Tbilisi.", "Georgia", "GE"),
])
def test_disambiguation(nlp, text: str, mention: str, country: str) -> None:
    assert place_named(places(nlp, text), mention).country == country


@pytest.mark.parametrize("text, description, name, country", [
    ("Haftar, who is visiting the French capital, said he was willing to negotiate.",
     "the French capital", "Paris", "FR"),
    ("Shelling hit the Libyan capital overnight, residents said.", "the Libyan capital", "Tripoli", "LY"),
    ("Libya has been at war since April. Haftar wants to take over western Libya, particularly the capital.",
     "the capital", "Tripoli", "LY"),
    ("Clashes erupted in Benghazi on Monday. Residents of the eastern city said shops were closed.",
     "the eastern city", "Benghazi", "LY"),
])
def test_descriptions(nlp, text: str, description: str, name: str, country: str) -> None:
    place = place_named(places(nlp, text), description)
    assert (place.name, place.country) == (name, country)


@pytest.mark.parametrize("text", [
    "The capital was quiet on Monday, residents said.",                       # no country in focus
    "France and Germany met in Brussels. The capital was quiet.",               # no single focus country
    "Clashes hit Benghazi and Derna on Monday. Residents of the eastern city fled.",  # two candidates
])
def test_descriptions_are_conservative(nlp, text: str) -> None:
    found = places(nlp, text)
    described = [s.text for p in found.places for s in p.mentions if s.text.lower().startswith("the ")]
    assert described == []


@pytest.mark.parametrize("text, mention, is_metonym", [
    ("Tripoli said on Monday it rejected the proposal.", "Tripoli", True),
    ("Washington warned Moscow against sending more troops.", "Washington", True),
    ("Moscow denied the report on Tuesday.", "Moscow", True),
    ("Fighting erupted in Tripoli on Monday.", "Tripoli", False),
    ("Tripoli is the largest city of Libya.", "Tripoli", False),
])
def test_metonymy(nlp, text: str, mention: str, is_metonym: bool) -> None:
    doc = nlp(text)
    found = find_places(doc)
    ranges = {doc[s:e].text for s, e in found.metonyms}
    assert (mention in ranges) is is_metonym
    place = place_named(found, mention)
    if is_metonym:
        assert place.id not in found.event_places


@pytest.mark.parametrize("text, mention, is_event_place", [
    ("Clashes broke out near Tripoli on Sunday.", "Tripoli", True),
    ("Rebels attacked a checkpoint in Misrata overnight.", "Misrata", True),
    ("Macron met Haftar in Paris on Thursday.", "Paris", True),
    ("Tripoli is the capital of Libya.", "Tripoli", False),
    ("Libya's oil output fell in May.", "Libya", False),
])
def test_event_places(nlp, text: str, mention: str, is_event_place: bool) -> None:
    found = places(nlp, text)
    assert (place_named(found, mention).id in found.event_places) is is_event_place


@pytest.mark.parametrize("text, name, country, feature, precision", [
    ("Fighting spread across western Libya on Monday.", "western Libya", "LY", "region", 3),
    ("Troops were sent to Tripoli on Monday.", "Tripoli", "LY", "city", 1),
    ("Troops were sent to Libya on Monday.", "Libya", "LY", "country", 3),
    ("Gunmen attacked a village near Abu Salim on Monday.", "Abu Salim", "LY", "locality", 1),
])
def test_features_and_precision(nlp, text: str, name: str, country: str, feature: str, precision: int) -> None:
    found = places(nlp, text)
    place = next(p for p in found.places if p.name == name)
    assert (place.country, place.feature, place.precision) == (country, feature, precision)


def test_unknown_place_is_kept_without_coordinates_and_warned(nlp) -> None:
    found = places(nlp, "Fighting was reported in Qwzxplorania, a town in Libya, on Monday.")
    unknown = [p for p in found.places if p.geonameid is None and p.lat is None]
    assert [p.name for p in unknown] == ["Qwzxplorania"]
    assert any("Qwzxplorania" in w for w in found.warnings)


def test_demonyms_are_not_places(nlp) -> None:
    found = places(nlp, "French and Libyan officials met on Monday.")
    assert found.places == []
    assert sorted(iso for _, _, iso in found.demonyms) == ["FR", "LY"]


def test_running_example(nlp, running_example: str) -> None:
    doc = nlp(running_example)
    found = find_places(doc)
    by_name = {p.name: p for p in found.places}
    assert {"Libya", "Tripoli", "Paris", "France", "western Libya"} <= set(by_name)
    tripoli = by_name["Tripoli"]
    assert tripoli.country == "LY" and tripoli.lat == pytest.approx(32.89, abs=0.02)
    assert tripoli.lon == pytest.approx(13.19, abs=0.02)
    assert "the French capital" in [s.text for s in by_name["Paris"].mentions]
    assert by_name["Libya"].feature == "country" and by_name["western Libya"].feature == "region"
    assert [p.id for p in found.places] == [f"p{i}" for i in range(1, len(found.places) + 1)]
    firsts = [p.mentions[0].start for p in found.places]
    assert firsts == sorted(firsts)
    for place in found.places:
        for span in place.mentions:
            assert doc.text[span.start:span.end] == span.text
            tokens = [t.i for t in doc.char_span(span.start, span.end)]
            assert {found.token_place[i] for i in tokens} == {place.id}
    assert tripoli.id in found.event_places


def test_gritta_scoring_on_invented_articles() -> None:
    from polemos.evaluate.gritta import GoldArticle, Predicted, Toponym, score
    from polemos.resolve.gazetteer import default_gazetteer

    text = "Clashes in Tripoli and Benghazi; talks in Paris."
    gold = [GoldArticle(text, (
        Toponym(11, 18, "Tripoli", 32.89, 13.19, 2210247, "Libya"),
        Toponym(23, 31, "Benghazi", 32.12, 20.07, 88319, "Libya"),
        Toponym(42, 47, "Paris", 48.85, 2.35, 2988507, "France"),
    ))]
    predicted = [[
        Predicted(11, 18, 32.887, 13.187, 2210247, "LY"),     # right
        Predicted(23, 31, 34.43, 35.84, 1, "LB"),             # found, wrong place
    ]]
    report = score(gold, predicted, split="lgl", gazetteer=default_gazetteer())
    assert report.figures["recall"] == pytest.approx(2 / 3)
    assert report.figures["acc@161km"] == pytest.approx(1 / 2)
    assert report.figures["acc@161km_end_to_end"] == pytest.approx(1 / 3)
    assert report.figures["exact"] == pytest.approx(1 / 2)
    assert report.figures["country"] == pytest.approx(1 / 2)


@pytest.mark.parametrize("split, articles", [("lgl", 588), ("geowebnews", 200), ("geovirus", 229)])
def test_gritta_gold_loads(gold_dir, split: str, articles: int) -> None:
    from polemos.evaluate.gritta import load_split

    loaded = load_split(gold_dir, split)
    assert len(loaded) == articles
    for article in loaded:
        for top in article.toponyms:
            assert article.text[top.start:top.end] == top.text


# --- US counties: state evidence and a point in the state ---------------------------------------

@pytest.mark.parametrize("text, mention, admin1", [
    # One state has a Rapides Parish: the parish names the state, and the town follows it.
    ("A fire damaged a home in Alexandria on Monday. Rapides Parish deputies arrested a woman.",
     "Alexandria", "Louisiana"),
    ("Firefighters from Rapides Parish and Alexandria answered the call.", "Rapides Parish", "Louisiana"),
    # "Indiana State Police": a state's own body says which Richmond.
    ("The Indiana State Police bomb squad was called to a storage unit in Richmond on Friday.",
     "Richmond", "Indiana"),
])
def test_county_and_state_evidence(nlp, text: str, mention: str, admin1: str) -> None:
    place = place_named(places(nlp, text), mention)
    assert (place.country, place.admin1) == ("US", admin1)
    assert place.lat is not None


def test_county_point_follows_the_towns_of_its_state(nlp) -> None:
    found = places(nlp, "Deputies in Rapides Parish searched a home near Pineville and Alexandria, La., on Monday.")
    parish = place_named(found, "Rapides Parish")
    town = place_named(found, "Pineville")
    assert parish.feature == "other" and parish.geonameid is None
    assert abs(parish.lat - town.lat) < 1.0 and abs(parish.lon - town.lon) < 1.0


@pytest.mark.parametrize("text, mention", [
    # Ten states have a Henry County and nothing says which: no point is guessed.
    ("Henry County commissioners met on Tuesday to discuss the budget.", "Henry County"),
])
def test_ambiguous_county_without_evidence_has_no_point(nlp, text: str, mention: str) -> None:
    assert place_named(places(nlp, text), mention).lat is None


@pytest.mark.parametrize("text, mention", [
    # An unknown name that starts with a known one is about that place.
    ("Residents of Pineville Heights Area complained to the mayor of Pineville, La., on Monday.", "Pineville"),
])
def test_unknown_name_shrinks_to_known_prefix(nlp, text: str, mention: str) -> None:
    found = places(nlp, text)
    spans = [s.text for p in found.places for s in p.mentions]
    assert spans.count(mention) == 2, spans


@pytest.mark.parametrize("text, mention, country", [
    # A state's or country's name leading an organisation's name is a place mention.
    ("Inspectors from the Texas Department of State Health Services visited the plant on Monday.", "Texas", "US"),
    # A name the document already uses as a place, leading an organisation's name.
    ("A man was arrested in Alexandria, La., on Monday. The Alexandria Police Department said he had fled.",
     "Alexandria", "US"),
])
def test_place_leading_an_organisation_name(nlp, text: str, mention: str, country: str) -> None:
    found = places(nlp, text)
    assert all(p.country == country for p in found.places if any(s.text == mention for s in p.mentions))
    assert sum(s.text == mention for p in found.places for s in p.mentions) == text.count(mention)


@pytest.mark.parametrize("text", [
    # A person named like a town is not a place.
    "Paris Hilton arrived at the party on Monday.",
    "Jordan Peterson spoke at the university.",
])
def test_person_names_are_not_places(nlp, text: str) -> None:
    assert not places(nlp, text).places


@pytest.mark.parametrize("text, mention, country", [
    # A country's own name means the country when anything else points to it, even in a Texas story.
    ("Houston exporters said sales to China fell in March as Chinese buyers held back, the Texas trade office said.",
     "China", "CN"),
])
def test_country_name_beats_small_namesake(nlp, text: str, mention: str, country: str) -> None:
    assert place_named(places(nlp, text), mention).country == country


@pytest.mark.parametrize("text, mention, country", [
    # "<town> Police", "<town> Mayor ...": a town's institution names the town.
    ("Gainesville Police said two women were hurt crossing the road on Friday.", "Gainesville", "US"),
    # "University of Kentucky": a state after "of" in an organisation's name.
    ("Two men were treated at the University of Kentucky Medical Center on Sunday.", "Kentucky", "US"),
])
def test_place_inside_an_institution_name(nlp, text: str, mention: str, country: str) -> None:
    assert place_named(places(nlp, text), mention).country == country


@pytest.mark.parametrize("url, country", [
    ("http://www.lfpress.ca/news/2009/story.html", "CA"),
    ("http://www.thisislondon.co.uk/news/story.html", "GB"),
])
def test_site_country_weighs_in(nlp, url: str, country: str) -> None:
    import polemos.extract.components  # noqa: F401  (registers doc._.polemos_article)
    from polemos.model import ArticleMeta

    text = "Firefighters were called to a house fire in London on Tuesday night. No one was hurt."
    doc = nlp(text)
    doc._.polemos_article = ArticleMeta(id="t", text=text, url=url)
    assert place_named(find_places(doc), "London").country == country


# --- provinces and districts: chains, division words, datelines ----------------------------------------

def event_place(found: PlaceFindings):
    return [p for p in found.places if p.id in found.event_places]


@pytest.mark.parametrize("text, mention, name, feature, admin1, admin2", [
    ("Insurgents attacked a checkpoint in Nad Ali district, Helmand province, on Monday.",
     "Nad Ali district", "Nad Ali", "admin2", "Helmand", "Nad Ali"),
    ("Insurgents attacked a checkpoint in Nad Ali district, Helmand province, on Monday.",
     "Helmand province", "Helmand", "admin1", "Helmand", None),
    ("Gunmen killed four farmers in Konduga local government area of Borno state on Saturday.",
     "Konduga local government area", "Konduga", "admin2", "Borno", "Konduga"),
    ("Militants attacked an army camp in Pulwama district of Jammu and Kashmir.",
     "Pulwama district", "Pulwama", "admin2", "Jammu and Kashmir", "Pulwama"),
    ("Shelling hit villages in Idlib governorate overnight.", "Idlib governorate", "Idlib", "admin1", "Idlib", None),
    ("A drone struck a village in the Kharkiv region on Thursday.", "Kharkiv region", "Kharkiv", "admin1", "Kharkiv",
     None),
    ("Gunmen attacked the market in Djibo on Sunday.", "Djibo", "Djibo", "city", "Sahel", "Soum"),
    ("Soldiers patrolled Soum province after the attack.", "Soum province", "Soum", "admin2", "Sahel", "Soum"),
])
def test_places_know_their_province_and_district(nlp, text, mention, name, feature, admin1, admin2):
    place = place_named(places(nlp, text), mention)
    assert (place.name, place.feature, place.admin1, place.admin2) == (name, feature, admin1, admin2)


@pytest.mark.parametrize("text, name, admin1", [
    # a name the gazetteer lacks, qualified by a province or district: placed there, at its point
    ("Insurgents attacked a checkpoint in Nad-e Zari district, Helmand province, on Monday.", "Nad-e Zari", "Helmand"),
    ("A farmer was wounded by a grenade in Imiougou, Bam Province, on Tuesday.", "Imiougou", "Centre-Nord"),
    # a bracket says where a place is: a namesake elsewhere (Touro, Spain) gives way
    ("Militants beat herders near Touro (Gorom-Gorom, Oudalan) on Friday.", "Touro", "Sahel"),
])
def test_unknown_places_are_placed_in_what_qualifies_them(nlp, text, name, admin1):
    place = next(p for p in places(nlp, text).places if p.name == name)
    assert (place.admin1, place.geonameid, place.lat is not None) == (admin1, None, True)


@pytest.mark.parametrize("text, mention, feature", [
    ("Gunmen attacked the market in Gao on Sunday.", "Gao", "city"),          # the town, not the region
    ("Fighting spread across Gao region on Sunday.", "Gao region", "admin1"),  # unless the text says region
    ("Kandahar was quiet on Friday.", "Kandahar", "city"),
    ("Clashes were reported in Kandahar province.", "Kandahar province", "admin1"),
])
def test_a_division_word_chooses_the_division(nlp, text, mention, feature):
    assert place_named(places(nlp, text), mention).feature == feature


def _filed(nlp, text: str, dateline: str):
    from polemos.extract.components import ATTRS  # noqa: F401 — registers the Doc extensions
    from polemos.ingest.normalize import parse_dateline
    from polemos.model import ArticleMeta

    doc = nlp(text)
    doc._.polemos_article = ArticleMeta(id="x", text=text, metadata={"dateline": parse_dateline(text)})
    assert doc._.polemos_article.metadata["dateline"]["text"].startswith(dateline)
    return find_places(doc)


@pytest.mark.parametrize("text, dateline, mention, name", [
    ("DJIBO — Gunmen attacked the central market here on Sunday, killing seven traders.", "DJIBO", "here", "Djibo"),
    ("Kabul, Afghanistan (March 3, 2014) – A car bomb exploded in the capital on Monday.", "Kabul",
     "the capital", "Kabul"),
])
def test_here_and_the_capital_are_the_datelines_town(nlp, text, dateline, mention, name):
    assert place_named(_filed(nlp, text, dateline), mention).name == name


@pytest.mark.parametrize("name, key", [
    ("Nad-e Ali", "nad ali"), ("Nahr-e Sarāj", "nahr saraj"), ("Sar-e Pul", "sar pul"),
    ("Nawa-ye Barakzayi", "nawa barakzayi"), ("Az-Zāwiyah", "zawiyah"), ("KA\u200bBUL", "kabul"),
])
def test_names_meet_across_spellings(name, key):
    from polemos.resolve.gazetteer import normalize

    assert normalize(name) == key
