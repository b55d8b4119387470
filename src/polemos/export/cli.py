"""``polemos export``: write a filtered selection of stored events in an exchange format."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from polemos.export import FORMATS
from polemos.options import db_option, filter_options


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="export stored events (ACLED-shaped CSV, PLOVER JSONL, GeoJSON, Parquet)")
    db_option(p)
    filter_options(p)
    p.add_argument("--format", required=True, choices=tuple(FORMATS))
    p.add_argument("--output", type=Path, default=None, help="file to write (default: stdout)")
    p.set_defaults(run=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from polemos.export import export, get
    from polemos.store import EventFilter
    from polemos.store.queries import open_store

    get(args.format)  # fail early on a missing optional dependency
    filters = EventFilter.from_options(args)
    with open_store(args.db, create=False) as store:
        if args.output:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            with args.output.open("wb") as out:
                count = export(store, filters, args.format, out)
        else:
            count = export(store, filters, args.format, sys.stdout.buffer)
            sys.stdout.buffer.flush()
    where = f" → {args.output}" if args.output else ""
    print(f"polemos: exported {count} events as {args.format}{where}", file=sys.stderr)
    return 0
