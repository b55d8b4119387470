"""Merging across outlets: one incident from many reports is one event with its sources; look-alikes
stay apart; the result does not depend on arrival order; figures reconciled; near duplicates; revisions."""
from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
import sqlalchemy as sa
from conftest import postgres_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polemos.ingest.normalize import content_id
from polemos.model import Actor, ArticleDocument, ArticleMeta, DateValue, Event, Figure, Place, Span
from polemos.store import Store, corrections, near_duplicates, queries, schema, schema_merge, tolls
from polemos.store.merge import THRESHOLD, VETO, Features, blocking_keys, features, figures_agree, lock_plan, score
from polemos.store.migrations import apply_migrations


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    if request.param == "sqlite":
        with Store.open(tmp_path / "m.db") as s:
            yield s
        return
    with postgres_schema("m") as url, Store.open(url) as s:
        yield s

ATHENS = ("Athens", 37.98, 23.73, "GR")
OREGON = ("Woodburn", 45.14, -122.86, "US")
AIN_ZARA = ("Ain Zara", 32.8, 13.2, "LY")
TRIPOLI = ("Tripoli", 32.89, 13.19, "LY")
BENGHAZI = ("Benghazi", 32.12, 20.07, "LY")


@dataclass(frozen=True)
class Report:
    text: str
    source: str
    day: str | None = "2024-03-13"  # the event's date (None: the text gives none)
    published: str | None = "2024-03-14"
    type: str = "ASSAULT"
    place: tuple[str, float, float, str] | None = AIN_ZARA
    actors: tuple[tuple[str, str | None], ...] = (("Libyan National Army", "lna"),)  # name, kb id
    figures: tuple[tuple[str, int, int, int, str], ...] = ()  # kind, value, low, high, scope
    modality: tuple[str, ...] = ()
    precision: str = "day"
    end: str | None = None  # the last day of a longer date (a month)
    pipeline: str = "test-1"


def span(text: str, words: str) -> Span:
    at = text.index(words)
    return Span(at, at + len(words), words)


def document(report: Report) -> ArticleDocument:
    text = report.text
    aid = content_id(text)
    first = text.split(".")[0]
    actors = tuple(Actor(f"a{i}", name, "organization", None, None, kb_id=kb) for i, (name, kb) in
                   enumerate(report.actors, start=1))
    places = ()
    if report.place:
        name, lat, lon, country = report.place
        places = (Place("p1", name, None, lat, lon, country, None, "city", 1,
                        (span(text, name),) if name in text else ()),)
    date = DateValue(report.day, report.end or report.day, report.precision, None) if report.day else \
        DateValue(None, None)
    event = Event(id=f"ev_{aid[:16]}", type=report.type, evidence=Span(0, len(first), first),
                  actors=tuple(a.id for a in actors), place="p1" if places else None, date=date,
                  modality=report.modality, confidence=0.8, trigger=Span(0, len(first.split()[0]), first.split()[0]))
    figures = tuple(Figure(f"f{i}", kind, event.evidence, value, low, high, "exact", None, scope=scope,
                           event=event.id, date=date) for i, (kind, value, low, high, scope) in
                    enumerate(report.figures, start=1))
    meta = ArticleMeta(aid, text, first[:60], report.published, report.source, None, "en", report.pipeline, {})
    return ArticleDocument(meta, actors, (event,), (), figures, places, ())


SHELLING = "Shelling killed {n} civilians in Ain Zara on Wednesday, the Health Ministry said. {tail}"


def shelling(source: str, n: str = "five", tail: str = "", **kw: object) -> ArticleDocument:
    return document(Report(SHELLING.format(n=n, tail=tail).strip(), source, **kw))  # type: ignore[arg-type]


# --- the pairwise score ---------------------------------------------------------------------------

def features_of(report: Report) -> Features:
    doc = document(report)
    return features(doc, doc.events[0])


BASE = "Shelling killed five civilians in Ain Zara on Wednesday."


@pytest.mark.parametrize("a, b, merged", [
    # the same shelling from two outlets, worded differently
    (Report(BASE, "Wire"), Report("Five civilians were killed by shelling in Ain Zara.", "Daily"), True),
    # a missing place lowers the score, it does not forbid the merge
    (Report(BASE, "Wire"), Report("Shelling killed five civilians on Wednesday.", "Daily", place=None), True),
    # a missing date likewise (the report is looked for in the week before its publication)
    (Report(BASE, "Wire"), Report("Shelling killed five civilians in Ain Zara.", "Daily", day=None), True),
    # look-alikes stay apart: the same clash in one town on another day
    (Report(BASE, "Wire"), Report("Shelling killed five civilians in Ain Zara on Tuesday.", "Daily",
                                  day="2024-03-12"), False),
    # ... a bank bombing in Athens and one in Oregon
    (Report("A bomb exploded at a bank in Athens.", "Wire", place=ATHENS, actors=()),
     Report("A bomb exploded at a bank in Woodburn.", "Daily", place=OREGON, actors=()), False),
    # ... two cities of one country far apart
    (Report(BASE, "Wire"), Report("Shelling killed five civilians in Benghazi.", "Daily", place=BENGHAZI), False),
    # a negated report is not the same claim as an asserted one
    (Report(BASE, "Wire"), Report("Shelling did not kill civilians in Ain Zara.", "Daily", modality=("negated",)),
     False),
    # a month-precise date overlapping a day
    (Report(BASE, "Wire"), Report("Shelling killed civilians in Ain Zara in March.", "Daily", day="2024-03-01",
                                  end="2024-03-31", precision="month"), True),
    # the headline meeting announced by one outlet and reported held by another: one story
    (Report("Envoys met in Tripoli on Wednesday to discuss a truce.", "Wire", type="CONSULT", place=TRIPOLI),
     Report("Envoys will meet in Tripoli on Wednesday to discuss a truce.", "Daily", type="CONSULT", place=TRIPOLI,
            modality=("future",)), True),
    # ... but not when the stories differ
    (Report("Envoys met in Tripoli on Wednesday to discuss a truce.", "Wire", type="CONSULT", place=TRIPOLI),
     Report("Ministers will gather for budget talks on Wednesday.", "Daily", type="CONSULT", place=TRIPOLI,
            actors=(), modality=("future",)), False),
])
def test_score_links_reports_of_one_incident_and_keeps_look_alikes_apart(a, b, merged):
    fa, fb = features_of(a), features_of(b)
    assert score(fa, fb) == score(fb, fa)  # symmetric
    assert (score(fa, fb) >= THRESHOLD) is merged


def test_events_of_different_type_families_merge_only_as_main_events_of_one_story():
    attack = features_of(Report(BASE, "Wire"))
    meeting = features_of(Report("Envoys met in Ain Zara on Wednesday.", "Daily", type="CONSULT"))
    assert score(replace(attack, main=False), replace(meeting, main=False)) == VETO
    assert score(replace(attack, story=("shelling",)), replace(meeting, story=("envoys",), names=())) < THRESHOLD


@pytest.mark.parametrize("figures_a, figures_b, expected", [
    ((("killed", 5, 5),), (("killed", 5, 9),), 1.0),  # (kind, low, high): 7 (5–9) agrees with 5
    ((("killed", 12, 12),), (("killed", 15, 15),), 0.3),  # 12 against 15
    ((("killed", 5, 5),), (("injured", 5, 5),), None),  # no kind in common: says nothing
    ((), (("killed", 5, 5),), None),
])
def test_figures_agree(figures_a, figures_b, expected):
    assert figures_agree(figures_a, figures_b) == expected


countries = st.sampled_from([None, "LY", "SD"])
days = st.one_of(st.none(), st.integers(19000, 19060))


named = st.lists(st.sampled_from(["LY", "SD", "FR"]), max_size=2, unique=True).map(tuple)


@settings(max_examples=300, deadline=None)
@given(ca=countries, cb=countries, na=named, nb=named, da=days, db=days, pa=st.sampled_from(["day", "month", "year"]),
       pb=st.sampled_from(["day", "month", "year"]), pub_a=days, pub_b=days)
def test_blocking_finds_every_pair_from_either_side(ca, cb, na, nb, da, db, pa, pb, pub_a, pub_b):
    """``na``/``nb``: the countries an article names, used when its event has no place."""
    base = features_of(Report(BASE, "Wire"))
    a = replace(base, event="ev_a", article="A", country=ca, countries=() if ca else na, date_lo=da, date_hi=da,
                precision=pa, published=pub_a)
    b = replace(base, event="ev_b", article="B", country=cb, countries=() if cb else nb, date_lo=db, date_hi=db,
                precision=pb, published=pub_b)
    (filed_a, looked_a), (filed_b, looked_b) = blocking_keys(a), blocking_keys(b)
    assert bool(filed_a & looked_b) == bool(filed_b & looked_a)
    where_a, where_b = set((ca,) if ca else na), set((cb,) if cb else nb)
    if where_a and where_b and not where_a & where_b:
        assert not filed_a & looked_b  # countries neither report names are never compared
    if filed_a & looked_b:  # two writers that could link them wait for each other
        assert waits_for(lock_plan(a), lock_plan(b))
    if a.date_lo is None and a.published is None and b.date_lo is None and b.published is None:
        return
    if (a.date_lo is None and a.published is None) or (b.date_lo is None and b.published is None):
        # a timeless main event meets the main events of its countries at any time
        assert bool(filed_a & looked_b) == (not where_a or not where_b or bool(where_a & where_b))


def waits_for(plan_a: tuple[set[str], set[str], bool], plan_b: tuple[set[str], set[str], bool]) -> bool:
    """Whether two saves' locks (``merge.lock_plan``) conflict: a key both take, exclusive for one."""
    (keys_a, last_a, alone_a), (keys_b, last_b, alone_b) = plan_a, plan_b
    return bool(keys_a & keys_b) or bool(last_a & last_b and (alone_a or alone_b))


def test_two_dated_main_events_never_wait_for_each_other_on_the_timeless_locks():
    a = replace(features_of(Report(BASE, "Wire")), event="ev_a", article="A")
    b = replace(features_of(Report(BASE, "Wire", day="2025-06-01", published="2025-06-01")), event="ev_b", article="B")
    assert not waits_for(lock_plan(a), lock_plan(b))


def test_an_undated_article_is_merged_with_the_dated_reports_of_its_story(store):
    """An article with no publication date whose main event has no date (an archive page) is
    compared with the main events of its countries at any time, not only with other timeless ones."""
    store.save(shelling("Wire"))
    store.save(shelling("Archive", tail="Residents fled Ain Zara.", day=None, published=None))
    store.save(document(Report("Shelling killed nine people in Benghazi.", "Other", day=None, published=None,
                               place=BENGHAZI, actors=(("Benghazi Defence Brigades", None),))))
    assert sorted(len(group) for group in partition(store)) == [1, 2]


# --- clustering in the store ----------------------------------------------------------------------

INCIDENT = [  # one shelling, four outlets, one without a place, one without a date
    shelling("Wire"),
    document(Report("Five civilians died when shells hit Ain Zara on Wednesday, residents said.", "Daily")),
    document(Report("Shelling killed five civilians on Wednesday, the Health Ministry said.", "Post", place=None)),
    document(Report("Shelling killed five civilians in Ain Zara, medics said.", "Gazette", day=None)),
]
LOOK_ALIKES = [
    document(Report("Shelling killed two civilians in Ain Zara on Tuesday, medics said.", "Wire", day="2024-03-12")),
    document(Report("Shelling killed nine people in Benghazi on Wednesday.", "Daily", place=BENGHAZI,
                    actors=(("Benghazi Defence Brigades", None),))),
    document(Report("Envoys met in Tripoli on Wednesday to discuss a truce.", "Wire", type="CONSULT", place=TRIPOLI,
                    actors=(("United Nations", "un"),))),
]
ALL = INCIDENT + LOOK_ALIKES


def partition(store: Store) -> set[frozenset[str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(schema.events.c.id, schema.events.c.canonical_id)).all()
    groups: dict[str, set[str]] = {}
    for event_id, cid in rows:
        groups.setdefault(cid, set()).add(event_id)
    return {frozenset(g) for g in groups.values()}


def canonical_ids(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return {r[0] for r in conn.execute(sa.select(schema.canonical_events.c.id))}


def test_one_incident_from_four_outlets_is_one_event_with_four_sources(store):
    for doc in ALL:
        store.save(doc)
    assert partition(store) == {frozenset(d.events[0].id for d in INCIDENT)} | {
        frozenset([d.events[0].id]) for d in LOOK_ALIKES}
    [event] = [e for e in store.events() if len(e["mentions"]) > 1]
    assert event["sources"] == 4 and event["place"]["name"] == "Ain Zara"
    assert event["date"]["start"] == "2024-03-13"  # the dated reports' date, not the undated one's


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(len(ALL))))
def test_the_clusters_do_not_depend_on_the_order_articles_arrive_in(tmp_path_factory, order):
    with Store.open(tmp_path_factory.mktemp("order") / "o.db") as s:
        for i in order:
            s.save(ALL[i])
        assert partition(s) == EXPECTED_PARTITION
        assert canonical_ids(s) == EXPECTED_IDS


def _expected() -> tuple[set[frozenset[str]], set[str]]:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "e.db") as s:
        for doc in ALL:
            s.save(doc)
        return partition(s), canonical_ids(s)


EXPECTED_PARTITION, EXPECTED_IDS = _expected()


def test_a_cluster_is_named_after_its_earliest_report(store):
    late = shelling("Daily", tail="Later.", published="2024-03-15")
    early = shelling("Wire", published="2024-03-13")
    store.save(late)
    [first] = store.events()
    store.save(early)
    [merged] = store.events()
    assert first["id"] == "ce_" + late.events[0].id.removeprefix("ev_")
    assert merged["id"] == "ce_" + early.events[0].id.removeprefix("ev_")


def test_a_correction_follows_its_event_when_the_cluster_is_renamed(store):
    late = shelling("Daily", tail="Later.", published="2024-03-15")
    store.save(late)
    [first] = store.events()
    corrections.add(store.engine, corrections.Correction(first["id"], "type", "COERCE", reviewer="ana"))
    store.save(shelling("Wire", published="2024-03-13"))
    [merged] = queries.events(store).items
    assert merged["id"] != first["id"] and merged["type"] == "COERCE" and merged["reviewed"]


# --- the canonical event: fields and their reports --------------------------------------------------

def test_each_field_shows_the_value_chosen_and_the_reports_behind_it(store):
    docs = [shelling("Wire"), shelling("Daily", tail="More."), shelling("Post", tail="Again.", type="COERCE")]
    for doc in docs:
        store.save(doc)
    [event] = store.events()
    field = event["fields"]["type"]
    assert field["value"] == event["type"] == "ASSAULT"  # two outlets against one
    assert sorted(field["reports"]) == sorted(d.events[0].id for d in docs[:2])
    assert field["alternatives"] == [{"value": "COERCE", "reports": [docs[2].events[0].id]}]  # kept, not averaged


def test_sources_count_outlets_not_copies(store):
    store.save(shelling("Wire"))
    store.save(shelling("Wire", tail="Updated."))  # the same outlet again
    [event] = store.events()
    assert (event["sources"], len(event["mentions"])) == (1, 2)


# --- figures reconciled ---------------------------------------------------------------------------

def test_reports_that_disagree_stay_a_range_with_their_sources(store):
    store.save(document(Report("Clashes killed 12 people in Ain Zara on Wednesday.", "Wire",
                               figures=(("killed", 12, 12, 12, "incident"),))))
    store.save(document(Report("Clashes killed 15 people in Ain Zara on Wednesday, medics said.", "Daily",
                               figures=(("killed", 15, 15, 15, "incident"),))))
    store.save(document(Report("Clashes in Ain Zara on Wednesday killed 12.", "Post",
                               figures=(("killed", 12, 12, 12, "incident"),))))
    [event] = store.events()
    [toll] = event["figures_reconciled"]
    assert (toll["kind"], toll["low"], toll["best"], toll["high"]) == ("killed", 12, 12, 15)
    assert [(v["value"], v["outlets"]) for v in toll["values"]] == [(12, ["Post", "Wire"]), (15, ["Daily"])]


@pytest.mark.parametrize("items, expected", [
    # a later report's toll is an update, not a dispute
    ([(5, "2024-03-13", "Wire"), (8, "2024-03-14", "Daily")], 8),
    # reports of one day: the value most outlets give, then the lowest
    ([(5, "2024-03-13", "Wire"), (7, "2024-03-13", "Daily"), (7, "2024-03-13", "Post")], 7),
    ([(5, "2024-03-13", "Wire"), (7, "2024-03-13", "Daily")], 5),
])
def test_best_value(items, expected):
    rows = [{"value": v, "low": v, "high": v, "published": p, "outlet": o, "current": True} for v, p, o in items]
    assert tolls.best(rows) == expected


def test_a_later_cumulative_total_supersedes_the_earlier_one():
    items = [{"value": v, "low": v, "high": v, "date": d, "published": d, "outlet": o, "article": o, "figure": "f1",
              "source": o, "current": True} for v, d, o in [(400, "2024-04-20", "UN"), (460, "2024-05-23", "UN"),
                                                           (455, "2024-05-23", "Wire")]]
    summary = tolls.summarise("cumulative", "killed", None, items)
    assert [(p["date"], p["value"], p["current"]) for p in summary["series"]] == [
        ("2024-04-20", 400, False), ("2024-05-23", 460, True)]
    assert summary["best"] == 460  # never 400 + 460 + 455


# --- near-duplicate articles ------------------------------------------------------------------------

WIRE = ("Fighting between the Libyan National Army and forces of the Government of National Accord "
        "continued south of Tripoli on Wednesday, killing five civilians in Ain Zara, the Health Ministry "
        "said. Residents said shells fell on homes near the old airport road overnight and families fled "
        "towards the city centre. The United Nations called for a humanitarian truce.")


def test_a_republished_wire_story_is_linked_to_its_original_and_counted_once(store):
    original = document(Report(WIRE, "Wire", published="2024-03-14"))
    copy = document(Report(WIRE.replace("The United Nations", "The UN") + " (Reporting by staff)", "Daily",
                           published="2024-03-15"))
    store.save(copy)  # the copy arrives first: the original is still the earliest published
    store.save(original)
    [event] = store.events()
    assert event["sources"] == 1 and len(event["mentions"]) == 2
    assert [m.get("copy_of") for m in event["mentions"] if m["article"] == copy.article.id] == [original.article.id]
    history = queries.article_history(store, copy.article.id)
    assert [c["article"] for c in history["copies"]] == [original.article.id, copy.article.id]
    assert store.document(copy.article.id)["article"]["text"] == copy.article.text  # kept, retrievable


@pytest.mark.parametrize("a, b, near", [
    (WIRE, WIRE + " Updated at noon.", True),
    (WIRE, WIRE.replace("five civilians", "seven civilians"), True),
    (WIRE, ("Protesters gathered in Khartoum on Friday against the council, organisers said, and police "
            "fired tear gas near the presidential palace as crowds grew through the afternoon."), False),
])
def test_near_duplicates_by_minhash(a, b, near):
    similar = near_duplicates.similarity(near_duplicates.signature(a), near_duplicates.signature(b))
    assert (similar >= near_duplicates.THRESHOLD) is near


# --- revisions --------------------------------------------------------------------------------------

def test_re_extracting_keeps_what_each_version_said(store):
    first = shelling("Wire")
    store.save(first)
    newer = replace(first, article=replace(first.article, pipeline="test-2"),
                    events=(replace(first.events[0], type="COERCE"),))
    assert store.save(newer) == "updated"
    [revision] = queries.article_history(store, first.article.id)["revisions"]
    assert (revision["pipeline"], revision["replaced_by"]) == ("test-1", "test-2")
    assert revision["document"]["events"][0]["type"] == "ASSAULT"
    assert store.document(first.article.id)["events"][0]["type"] == "COERCE"


def test_a_store_from_before_merging_is_migrated(store):
    """Migration 0009 builds the merge graph from stored articles and renames canonical events."""
    for doc in INCIDENT:
        store.save(doc)
    with store.engine.begin() as conn:
        for table in reversed(schema_merge.TABLES):
            conn.execute(sa.text(f"DROP TABLE {table.name}"))
        conn.execute(schema.events.update().values(canonical_id=sa.func.substr(schema.events.c.id, 1, 40)))
        conn.execute(schema.migrations.delete().where(schema.migrations.c.name == "0009_merging"))
    assert apply_migrations(store.engine) == ["0009_merging"]
    [event] = store.events()
    assert event["sources"] == 4
