"""``polemos evaluate gritta``: place recognition and resolution against Gritta et al.'s corpora.

Gold (``gold_dir/geoparsing-gritta/data``, evaluation only): LGL (``Corpora/lgl.xml``: local US
and world news, toponyms with GeoNames ids and coordinates), GeoWebNews (``GWN.xml``: toponyms with
fine types; those with coordinates are scored), GeoVirus (``Corpora/GeoVirus.xml``: coordinates
from Wikipedia, no GeoNames ids; its offsets are shifted back by one, see ``_geovirus_toponyms``).

A gold toponym is *found* when a predicted place mention overlaps it (one character suffices).
Figures: ``recall`` (found / gold toponyms), ``acc@161km`` (found toponyms whose predicted point
is within 161 km of the gold point — the standard geocoding measure, computed on what the system
found, as Mordecai3 and Gritta report it), ``acc@161km_end_to_end`` (the same over every gold
toponym, unfound ones counting as wrong), ``exact`` (same GeoNames id, over found toponyms whose
gold has one), ``country`` (same country; the gold country is LGL's own, else the country of
the gazetteer place nearest the gold point), ``median_km``. Demonyms ("Sudanese") that the place
finder reports in ``PlaceFindings.demonyms`` count as predictions of their country's point, since
the corpora annotate adjectival toponyms. Each article's address (LGL ``<url>``, GeoWebNews
``<link>``, GeoVirus ``<source>``) is passed as the article's ``url``, as a JSONL input would
carry it; no other gold field reaches the pipeline. A found toponym whose predicted place
has no coordinates (an unknown name, "western Libya") counts as wrong.
"""
from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from polemos.errors import PolemosError
from polemos.evaluate.metrics import Report, ScoreTable
from polemos.resolve.gazetteer import Gazetteer, default_gazetteer, km

NAME = "gritta"
SPLITS = ("lgl", "geowebnews", "geovirus")
DESCRIPTION = "place names and resolution vs LGL, GeoWebNews, GeoVirus (recall, acc@161km, exact, country)"
FILES = {"lgl": "Corpora/lgl.xml", "geowebnews": "GWN.xml", "geovirus": "Corpora/GeoVirus.xml"}
BATCH = 16


@dataclass(frozen=True, slots=True)
class Toponym:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    geonameid: int | None = None
    country: str | None = None   # a country name (LGL only)
    kind: str = "toponym"        # GeoWebNews type (Literal, Demonym, ...)


@dataclass(frozen=True, slots=True)
class GoldArticle:
    text: str
    toponyms: tuple[Toponym, ...]
    url: str | None = None   # the article's web address, as a news input would carry it


@dataclass(frozen=True, slots=True)
class Predicted:
    start: int
    end: int
    lat: float | None
    lon: float | None
    geonameid: int | None
    country: str | None


def load_split(gold_dir: Path, split: str, *, limit: int | None = None) -> list[GoldArticle]:
    """The split's articles with their coordinate-bearing toponyms (offsets checked against the text)."""
    if split not in FILES:
        raise PolemosError(f"unknown gritta split {split!r}; choose one of {', '.join(SPLITS)}")
    path = gold_dir / "geoparsing-gritta" / "data" / FILES[split]
    if not path.is_file():
        raise PolemosError(f"gritta split {split!r} not found at {path}")
    root = ET.parse(path).getroot()
    parse = {"lgl": _lgl_toponyms, "geowebnews": _gwn_toponyms, "geovirus": _geovirus_toponyms}[split]
    articles = []
    for node in root.iter("article"):
        text = node.findtext("text") or ""
        tops = tuple(t for t in parse(node) if 0 <= t.start < t.end <= len(text))
        # Only what a real input has: the address (LGL <url>, GeoWebNews <link>, GeoVirus <source>).
        url = next((node.findtext(tag).strip() for tag in ("url", "link", "source") if node.findtext(tag)), None)
        articles.append(GoldArticle(text, tops, url))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def _float(node: ET.Element, tag: str) -> float | None:
    value = (node.findtext(tag) or "").strip()
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _lgl_toponyms(article: ET.Element) -> Iterable[Toponym]:
    for t in article.iter("toponym"):
        gaz = t.find("gaztag")
        if gaz is None or _float(gaz, "lat") is None or _float(gaz, "lon") is None:
            continue
        gid = gaz.get("geonameid")
        yield Toponym(int(t.findtext("start")), int(t.findtext("end")), t.findtext("phrase") or "",
                      _float(gaz, "lat"), _float(gaz, "lon"), int(gid) if gid and gid.isdigit() else None,
                      gaz.findtext("country"))


def _gwn_toponyms(article: ET.Element) -> Iterable[Toponym]:
    for t in article.iter("toponym"):
        lat, lon = _float(t, "latitude"), _float(t, "longitude")
        if lat is None or lon is None:
            continue
        gid = (t.findtext("geonamesID") or "").strip()
        yield Toponym(int(t.findtext("start")), int(t.findtext("end")), t.findtext("extractedName") or "",
                      lat, lon, int(gid) if gid.isdigit() else None, None, t.findtext("type") or "toponym")


def _geovirus_toponyms(article: ET.Element) -> Iterable[Toponym]:
    for t in article.iter("location"):
        lat, lon = _float(t, "lat"), _float(t, "lon")
        if lat is None or lon is None:
            continue
        # GeoVirus offsets are one past the name in this copy (text[start-1:end-1] == name for all 2,170).
        yield Toponym(int(t.findtext("start")) - 1, int(t.findtext("end")) - 1, t.findtext("name") or "", lat, lon)


def predict(pipeline, texts: list[str], urls: list[str | None] | None = None) -> list[list[Predicted]]:
    """Place mentions of each text: through the pipeline's places step, stopping before later steps.

    ``urls`` (one per text, or None) reach the place finder as the article's ``url``, as they would
    from a JSONL input.
    """
    from polemos.extract.places import find_places

    nlp = pipeline.nlp
    later = [name for name, _ in nlp.pipeline if name.startswith("polemos_") and name != "polemos_places"]
    out = []
    with nlp.select_pipes(disable=later):
        for doc in nlp.pipe(_docs(nlp, texts, urls or [None] * len(texts)), batch_size=BATCH):
            found = doc._.polemos_places if doc.has_extension("polemos_places") else None
            found = found if found is not None else find_places(doc)
            preds = [Predicted(s.start, s.end, p.lat, p.lon, p.geonameid, p.country)
                     for p in found.places for s in p.mentions]
            preds += _demonym_predictions(doc, getattr(found, "demonyms", ()))
            out.append(preds)
    return out


def _docs(nlp, texts: list[str], urls: list[str | None]):
    from polemos.extract.components import content_id
    from polemos.model import ArticleMeta

    for text, url in zip(texts, urls):
        doc = nlp.make_doc(text)
        if doc.has_extension("polemos_article"):
            doc._.polemos_article = ArticleMeta(id=content_id(text), text=text, url=url)
        yield doc


def _demonym_predictions(doc, demonyms) -> list[Predicted]:
    # The corpora annotate adjectival toponyms ("Sudanese"); Polemos reads them as their country.
    gaz = default_gazetteer()
    out = []
    for start, end, iso in demonyms:
        country = gaz.country(iso)
        if country is None or country.entry is None:
            continue
        span = doc[start:end]
        out.append(Predicted(span.start_char, span.end_char, country.entry.lat, country.entry.lon,
                             country.geonameid, iso))
    return out


def run(pipeline, *, gold_dir: Path, split: str, limit: int | None = None) -> Report:
    articles = load_split(gold_dir, split, limit=limit)
    predictions = predict(pipeline, [a.text for a in articles], [a.url for a in articles])
    return score(articles, predictions, split=split, gazetteer=default_gazetteer())


def score(articles: list[GoldArticle], predictions: list[list[Predicted]], *, split: str,
          gazetteer: Gazetteer) -> Report:
    detection = ScoreTable("toponym recognition (overlap)")
    kinds = ScoreTable("recall by gold toponym type (found = tp)")
    hits, exact, exact_n, country_ok, errors = 0, 0, 0, 0, []
    gold_total = found_total = 0
    for article, preds in zip(articles, predictions):
        used: set[int] = set()
        for top in article.toponyms:
            gold_total += 1
            match = next((i for i, p in enumerate(preds) if p.start < top.end and top.start < p.end), None)
            if match is None:
                detection.add_counts("toponym", fn=1)
                kinds.add_counts(top.kind, fn=1)
                continue
            used.add(match)
            found_total += 1
            detection.add_counts("toponym", tp=1)
            kinds.add_counts(top.kind, tp=1)
            pred = preds[match]
            distance = km(pred.lat, pred.lon, top.lat, top.lon) if pred.lat is not None else None
            errors.append(distance if distance is not None else 20_000.0)
            hits += distance is not None and distance <= 161.0
            if top.geonameid is not None:
                exact_n += 1
                exact += pred.geonameid == top.geonameid
            country_ok += pred.country is not None and pred.country == _gold_country(top, gazetteer)
        detection.add_counts("toponym", fp=sum(1 for i in range(len(preds)) if i not in used
                                               and not _overlaps_any(preds[i], article.toponyms)))
    figures = {
        "gold_toponyms": gold_total,
        "found": found_total,
        "recall": found_total / gold_total if gold_total else 0.0,
        "acc@161km": hits / found_total if found_total else 0.0,
        "acc@161km_end_to_end": hits / gold_total if gold_total else 0.0,
        "country": country_ok / found_total if found_total else 0.0,
        "median_km": float(statistics.median(errors)) if errors else 0.0,
    }
    if exact_n:  # GeoVirus has no GeoNames ids
        figures["exact"] = exact / exact_n
    notes = ["gold toponyms without coordinates are not scored",
             "acc@161km, exact and country are over found toponyms; acc@161km_end_to_end over all"]
    return Report(NAME, split, len(articles), [detection, kinds], figures, notes)


def _overlaps_any(pred: Predicted, toponyms: Iterable[Toponym]) -> bool:
    return any(pred.start < t.end and t.start < pred.end for t in toponyms)


def _gold_country(top: Toponym, gazetteer: Gazetteer) -> str | None:
    if top.country:
        country = gazetteer.country_named(top.country)
        return country.iso2 if country else None
    return gazetteer.nearest_country(top.lat, top.lon)


def type_counts(articles: list[GoldArticle]) -> Counter:
    return Counter(t.kind for a in articles for t in a.toponyms)
