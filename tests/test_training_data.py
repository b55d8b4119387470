"""The project's own training corpus: well formed, labelled to its guide, and original."""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from conftest import GOLD

FOLDER = Path(str(resources.files("polemos.data"))) / "training"
STYLES = {"wire", "local", "release", "un", "social", "analysis"}
REGIONS = {"Sahel", "Sudan", "Ukraine", "Myanmar", "Mexico", "Colombia", "Syria", "Yemen", "South Asia",
           "Great Lakes", "Horn of Africa", "Middle East", "Other"}
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "NONE"}
ACLED = {"Armed clash", "Government regains territory", "Non-state actor overtakes territory", "Chemical weapon",
         "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
         "Grenade", "Sexual violence", "Attack", "Abduction/forced disappearance", "Peaceful protest",
         "Protest with intervention", "Excessive force against protesters", "Violent demonstration", "Mob violence",
         "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
         "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
         "Other"}
MODALITIES = {"asserted", "negated", "hypothetical", "conditional", "future", "historical", "ongoing", "reported"}


def examples() -> list[dict]:
    rows = []
    for path in sorted(FOLDER.glob("*.jsonl")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if line.strip():
                rows.append(dict(json.loads(line), _where=f"{path.name}:{n}"))
    return rows


def problems(row: dict) -> list[str]:
    out = []
    if row.get("style") not in STYLES:
        out.append(f"style {row.get('style')!r}")
    if row.get("region") not in REGIONS:
        out.append(f"region {row.get('region')!r}")
    if row.get("plover") not in PLOVER:
        out.append(f"plover {row.get('plover')!r}")
    if row.get("acled") is not None and row["acled"] not in ACLED:
        out.append(f"acled {row.get('acled')!r}")
    if row.get("modality") not in MODALITIES:
        out.append(f"modality {row.get('modality')!r}")
    text = row.get("text") or ""
    for key in ("actors", "targets"):
        out += [f"{key} {s!r} not in text" for s in row.get(key) or () if s not in text]
    out += [f"{key} {row[key]!r} not in text" for key in ("place", "time") if row.get(key) and row[key] not in text]
    return out


def test_every_example_follows_the_guide():
    rows = examples()
    if not rows:
        pytest.skip("no training corpus yet")
    bad = [f"{r['_where']}: {'; '.join(p)}" for r in rows if (p := problems(r))]
    assert not bad, "\n".join(bad[:30])
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    texts = [r["text"] for r in rows]
    assert len(texts) == len(set(texts)), "the same text twice"


WORD = re.compile(r"[a-z0-9]+")


def grams(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_no_eight_word_sequence_of_the_corpus_occurs_in_the_gold_data():
    if not GOLD.is_dir():
        pytest.skip(f"gold data not found at {GOLD}")
    ours: dict[tuple[str, ...], str] = {}
    for row in examples():
        for gram in grams(row["text"]):
            ours.setdefault(gram, row["id"])
    if not ours:
        pytest.skip("no training corpus yet")
    found = {}
    for path in GOLD.rglob("*"):
        if not path.is_file() or path.stat().st_size > 200_000_000:
            continue
        try:
            text = path.read_text("utf-8", errors="ignore")
        except OSError:
            continue
        for gram in grams(text) & ours.keys():
            found[" ".join(gram)] = (ours[gram], str(path.relative_to(GOLD)))
    assert not found, list(found.items())[:20]
