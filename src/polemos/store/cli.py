"""``polemos changes``: what was added, changed and deleted in the store since a time, as JSONL.

One line per canonical event: ``{"op": "added"|"changed"|"deleted", "id", "at", "seq", "event"}``
(``event``, the event as ``polemos events --format jsonl`` prints it, for added and changed;
``merged_into`` for an event whose reports went to another). Applying the lines in order (upsert
added and changed, remove deleted) keeps a downstream copy in sync; the last line's ``at`` is
the next ``--since``.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from polemos.options import db_option


def register(sub: Any) -> None:
    p = sub.add_parser("changes", help="what was added, changed and deleted since a time (JSONL)")
    db_option(p)
    p.add_argument("--since", required=True,
                   help="ISO date or time (UTC when no zone is given), e.g. 2024-05-02 or 2024-05-02T10:00:00Z")
    p.set_defaults(run=cmd_changes)


def cmd_changes(args: argparse.Namespace) -> int:
    from polemos.store.queries import changes_since, open_store

    count = 0
    last = None
    with open_store(args.db, create=False) as store:
        for item in changes_since(store, args.since):
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
            count, last = count + 1, item["at"]
    sys.stdout.flush()
    tail = f"; next --since {last}" if last else ""
    print(f"polemos: {count} changes since {args.since}{tail}", file=sys.stderr)
    return 0
