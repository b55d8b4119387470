"""Option groups shared by the ``polemos`` commands and the commands of plugins (export, serve,
report), so a flag means the same everywhere. ``polemos.cli`` and the plugins import this; it
imports neither.
"""
from __future__ import annotations

import argparse


def db_option(p: argparse.ArgumentParser) -> None:
    """``--db``, the same on every command that reads or writes the store."""
    p.add_argument("--db", default=None,
                   help="SQLite path or postgresql:// URL (default $POLEMOS_DB or ~/.local/share/polemos/polemos.db)")


def filter_options(p: argparse.ArgumentParser) -> None:
    """The event filters, the same on ``events`` and ``export`` (read them with ``EventFilter.from_options``)."""
    p.add_argument("--actor", help="actor name contains")
    p.add_argument("--type", help="PLOVER event type, e.g. ASSAULT")
    p.add_argument("--place", help="place name contains")
    p.add_argument("--country", help="ISO 3166-1 alpha-2 code of the event's place")
    p.add_argument("--from", dest="date_from", help="events on or after YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="events on or before YYYY-MM-DD")
    p.add_argument("--text", help="evidence text contains")
    p.add_argument("--modality", help="'asserted' for plain facts, or negated, hypothetical, ongoing, ...")
