"""Merging gives the same store whatever Python's hash seed and whatever order the articles arrive in:
the same canonical events, ids, field choices, reconciled figures, copies and summaries, byte for byte."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from polemos.model import Actor, ArticleDocument, ArticleMeta, DateValue, Event, Figure, Place, Span

HERE = Path(__file__).resolve().parent
PLACES = {"Ain Zara": (32.80, 13.20, "LY"), "Tripoli": (32.89, 13.19, "LY"), "Misrata": (32.38, 15.09, "LY"),
          "Kharkiv": (49.99, 36.23, "UA")}
# (outlet, lead, place, day, published, type, killed, actors): three incidents, look-alikes on
# other days, an undated report, two tolls that disagree, a type read two ways, ties of one
# outlet each (the choice must not fall to arrival order)
REPORTS = [
    ("Wire", "Shelling killed 12 civilians in Ain Zara, the Health Ministry said.", "Ain Zara", "2024-03-13",
     "2024-03-14", "ASSAULT", 12, ("Libyan National Army",)),
    ("Daily", "Twelve civilians died in shelling of Ain Zara on Wednesday, medics said.", "Ain Zara", "2024-03-13",
     "2024-03-14", "ASSAULT", 12, ("Libyan National Army",)),
    ("Post", "Shelling in Ain Zara killed 15 people, a hospital said.", "Ain Zara", "2024-03-13", "2024-03-15",
     "ASSAULT", 15, ("Libyan National Army",)),
    ("Herald", "Forces shelled Ain Zara, killing 15, residents said.", "Ain Zara", None, "2024-03-15",
     "COERCE", 15, ()),
    ("Gazette", "Shelling killed 12 in Ain Zara on Wednesday, officials said.", None, "2024-03-13", "2024-03-14",
     "ASSAULT", 12, ("Libyan National Army",)),
    ("Wire", "Shelling killed four civilians in Ain Zara on Tuesday, the ministry said.", "Ain Zara", "2024-03-12",
     "2024-03-12", "ASSAULT", 4, ("Libyan National Army",)),
    ("Times", "Protesters marched in Tripoli against the government, police said.", "Tripoli", "2024-03-13",
     "2024-03-13", "PROTEST", None, ("Protesters",)),
    ("Observer", "Hundreds of protesters marched through Tripoli against the government.", "Tripoli",
     "2024-03-13", "2024-03-14", "PROTEST", None, ("Protesters",)),
    ("Tribune", "Protesters rallied in Misrata against the government.", "Misrata", "2024-03-13", "2024-03-14",
     "PROTEST", None, ("Protesters",)),
    ("Kyiv Post", "A missile strike killed 7 people in Kharkiv, the governor said.", "Kharkiv", "2024-03-13",
     "2024-03-13", "ASSAULT", 7, ("Russian Armed Forces",)),
    ("Ukrinform", "Seven people were killed by a missile strike on Kharkiv, officials said.", "Kharkiv",
     "2024-03-13", "2024-03-14", "ASSAULT", 7, ("Russian Armed Forces",)),
    ("Kyiv Post", "A missile strike killed 9 people in Kharkiv, the governor said.", "Kharkiv", "2024-03-13",
     "2024-03-14", "ASSAULT", 9, ("Russian Armed Forces",)),
]
TAIL = ("Residents described the night as the worst in weeks, and aid groups said families had fled "
        "towards the coast while the fighting went on around the old market and the hospital.")


def documents() -> list[ArticleDocument]:
    docs = [_document(i, *report) for i, report in enumerate(REPORTS)]
    first = docs[0]  # a near duplicate: the wire story republished with a line added
    docs.append(_document(len(REPORTS), "Echo", first.article.text.split("\n\n", 1)[1].split(" " + TAIL)[0],
                          "Ain Zara", "2024-03-13", "2024-03-15", "ASSAULT", 12, ("Libyan National Army",),
                          extra=" Reporting by the wire."))
    return docs


def _document(i: int, outlet: str, lead: str, place: str | None, day: str | None, published: str, type_: str,
              killed: int | None, actors: tuple[str, ...], *, extra: str = "") -> ArticleDocument:
    import hashlib

    title = lead.split(",")[0]
    text = f"{title}\n\n{lead} {TAIL}{extra}"
    aid = hashlib.sha256(text.encode()).hexdigest()[:20]
    at = text.index(lead)
    evidence = Span(at, at + len(lead), lead)
    people = tuple(Actor(f"a{k}", name, "organization", None, None, kb_id=name.lower().replace(" ", "_"))
                   for k, name in enumerate(actors, start=1))
    places = ()
    if place:
        lat, lon, country = PLACES[place]
        places = (Place("p1", place, None, lat, lon, country, None, "city", 1, (Span(at, at + 1, lead[0]),)),)
    date = DateValue(day, day, "day", None) if day else DateValue(None, None)
    event = Event(id="ev_" + hashlib.sha256(f"{aid}|{type_}".encode()).hexdigest()[:16], type=type_,
                  evidence=evidence, actors=tuple(a.id for a in people), place="p1" if places else None, date=date,
                  confidence=0.8, trigger=Span(at, at + 1, lead[0]))
    figures = (Figure("f1", "killed", evidence, killed, event=event.id, date=date),) if killed else ()
    meta = ArticleMeta(aid, text, title, published, outlet, None, "en", "determinism-1", {})
    return ArticleDocument(meta, people, (event,), (), figures, places, ())


def dump(db: str) -> dict[str, list]:
    """What merging decided, every table that holds it, in key order (timestamps left out)."""
    from polemos.store import Store
    from polemos.store.decisions import decisions

    with Store.open(db) as store, store.engine.connect() as conn:
        return decisions(conn)


def _save(db: str, order: list[int]) -> None:
    from polemos.store import Store

    docs = documents()
    with Store.open(db) as store:
        for i in order:
            store.save(docs[i])
    print(json.dumps(dump(db), sort_keys=True))


def _in_subprocess(db: Path, order: list[int], seed: str) -> str:
    code = f"import sys; sys.path.insert(0, {str(HERE)!r}); import test_merge_determinism as t; t._save(sys.argv[1], {order})"
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": seed})
    return out.stdout


def test_the_store_is_the_same_whatever_the_hash_seed_and_the_arrival_order(tmp_path):
    n = len(documents())
    forward, backward = list(range(n)), [*range(n - 1, -1, -1)]
    shuffled = [5, 12, 0, 9, 3, 7, 11, 1, 8, 4, 10, 2, 6]
    runs = {(seed, name): _in_subprocess(tmp_path / f"{seed}-{name}.db", order, seed)
            for seed, (name, order) in (("1", ("forward", forward)), ("2", ("backward", backward)),
                                        ("3", ("forward", forward)), ("4", ("shuffled", shuffled)))}
    reference = json.loads(runs[("1", "forward")])
    assert len({e[1] for e in reference["events"]}) < n  # reports did merge: there is something to compare
    assert any(row[-1]["fields"]["type"].get("alternatives") for row in reference["canonical"])
    assert reference["copies"]
    for run, text in runs.items():
        assert json.loads(text) == reference, run
        assert text == runs[("1", "forward")], run  # byte for byte
