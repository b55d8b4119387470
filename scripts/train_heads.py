"""Retrain the learned event heads (PLOVER type, ACLED sub-event type, modality, roles) and write their weights.

Data: the project's own corpus in ``src/polemos/data/training/*.jsonl`` (CC0, written from scratch
to its labelling guide ``GUIDE.md``); the role head also reads the two gold sets marked *train ok*
that label argument roles, GENEVA (CC BY 3.0) and RAMS (CC BY-SA 4.0), from ``$POLEMOS_GOLD`` or
``../shared/gold`` — without them it stops and says so. Prints dev scores (every example whose id
hashes to 0 mod 5 is dev), then writes ``src/polemos/data/learned_heads.npz`` and its manifest
``learned_heads.json`` (sha256, data, sizes, scores). Deterministic: running it twice on the same
corpus writes the same bytes.

Usage: ``.venv/bin/python scripts/train_heads.py [--check]`` (``--check``: fail if the shipped
weights differ from what the corpus gives, write nothing).
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one summation order: identical weights on every run
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "polemos" / "data"
GOLD = Path(os.environ.get("POLEMOS_GOLD") or ROOT.parent / "shared" / "gold")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped weights; write nothing")
    args = parser.parse_args()
    from polemos.extract import components
    from polemos.extract.learned import _heads, _roles_train, _train
    from polemos.nlp import load_language
    from polemos.settings import Settings

    started = time.time()
    examples = _train.read_corpus(DATA / "training")
    settings = Settings()
    nlp = load_language(settings.model, extra_patterns=components.known_name_patterns(settings))
    components.add_steps(nlp, settings, until="polemos_events")  # the rules' reading, which the heads stack on
    if not (GOLD / "geneva").is_dir() or not (GOLD / "rams").is_dir():
        print(f"the role head trains on GENEVA and RAMS, not found under {GOLD}; set POLEMOS_GOLD to the gold folder",
              file=sys.stderr)
        return 2
    docs = _train.parse(nlp, examples)  # once, for the sentence heads and the role head
    units = _train.units(examples, docs)
    gold = _roles_train.geneva_events(GOLD / "geneva") + _roles_train.rams_events(GOLD / "rams")
    role_units = _roles_train.corpus_units(examples, docs) + _roles_train.gold_units(nlp, gold)
    heads, scores = _train.train_all(units, role_units)
    raw = _heads.encode(heads)
    manifest = {
        "sha256": hashlib.sha256(raw).hexdigest(),
        "made_by": "scripts/train_heads.py",
        "data": "src/polemos/data/training/*.jsonl: the Polemos project's own corpus, CC0, written to GUIDE.md",
        "role data": "the corpus' actors/targets; GENEVA (Parekh et al. 2023, CC BY 3.0, over FrameNet full texts) "
                     "and RAMS dev (Ebner et al. 2020, CC BY-SA 4.0), both marked train ok in the project's gold notes",
        "role units": dict(sorted(Counter(u.id.split("-")[0] for u in role_units).items())),
        "examples": len(examples),
        "by_file": dict(sorted(Counter(e["id"].split("-")[0] for e in examples).items())),
        "heads": {name: {"labels": list(head.labels), "features": len(head.vocab), **scores[name]}
                  for name, head in heads.items()},
    }
    for name, s in scores.items():
        print(f"{name:<9} dev accuracy {s['dev accuracy']:.3f}  dev weighted F1 {s['dev weighted F1']:.3f}  "
              f"calibration error {s['dev calibration error']:.3f}  (train {s['train']}, dev {s['dev']}, "
              f"L2 {s['l2']}, T {s['temperature']})")
    print(f"{len(examples)} examples, {time.time() - started:.0f} s; weights {len(raw) / 1e6:.2f} MB, "
          f"sha256 {manifest['sha256'][:16]}…")
    if args.check:
        shipped = (DATA / _heads.WEIGHTS_FILE).read_bytes() if (DATA / _heads.WEIGHTS_FILE).exists() else b""
        same = hashlib.sha256(shipped).hexdigest() == manifest["sha256"]
        print("shipped weights are what the corpus gives" if same else "shipped weights DIFFER from the corpus")
        return 0 if same else 1
    (DATA / _heads.WEIGHTS_FILE).write_bytes(raw)
    (DATA / _heads.MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
