"""``polemos serve`` (the API and dashboard) and ``polemos report`` (a situation report)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from polemos.errors import PolemosError, missing_extra
from polemos.options import db_option

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve the API and the dashboard (http://127.0.0.1:8000/)")
    db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", default=None,
                   help="bearer token that allows writes (corrections); default $POLEMOS_TOKEN. Required to serve "
                        "beyond localhost")
    p.add_argument("--tiles", action="store_true",
                   help="use online OpenStreetMap tiles under the offline country outlines (off by default)")
    p.add_argument("--max-body", type=int, default=None, metavar="BYTES",
                   help="largest request body accepted, in bytes; default $POLEMOS_MAX_BODY or 1048576 (1 MiB)")
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("report", help="write a situation report (report.md and report.html) for a country")
    db_option(p)
    p.add_argument("--country", required=True, help="ISO 3166-1 alpha-2 code, e.g. LY")
    p.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
    p.add_argument("--output", type=Path, default=Path("."), help="folder for report.md and report.html")
    p.set_defaults(run=cmd_report)


def check_exposure(host: str, token: str | None) -> None:
    """Refuse to serve beyond localhost without a token: anyone on the network could write."""
    if host not in LOCAL_HOSTS and not token:
        raise PolemosError(f"refusing to serve on {host} without a token: anyone who can reach it could write "
                           "corrections. Give --token SECRET (or set POLEMOS_TOKEN), or serve on 127.0.0.1")


def cmd_serve(args: argparse.Namespace) -> int:
    token = args.token or os.environ.get("POLEMOS_TOKEN") or None
    check_exposure(args.host, token)
    try:
        import uvicorn

        from polemos.web.app import create_app, freeze_startup_heap
    except ImportError as exc:
        raise missing_extra(exc, needs="serving", extra="web") from None
    app = create_app(args.db, token=token, allow_tiles=args.tiles, max_body=max_body(args.max_body))
    freeze_startup_heap()
    print(f"polemos: serving {app.state.store.label} at http://{args.host}:{args.port}/ "
          f"(writes {'need the token' if token else 'disabled'})", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def max_body(option: int | None) -> int:
    """``--max-body``, else ``$POLEMOS_MAX_BODY``, else the app's default (1 MiB)."""
    from polemos.web.middleware import DEFAULT_MAX_BODY

    value = option if option is not None else os.environ.get("POLEMOS_MAX_BODY") or DEFAULT_MAX_BODY
    try:
        limit = int(value)
    except ValueError:
        limit = -1
    if limit < 1:
        raise PolemosError(f"--max-body / $POLEMOS_MAX_BODY {value!r}: give a number of bytes, e.g. 1048576")
    return limit


def cmd_report(args: argparse.Namespace) -> int:
    from polemos.report import build, to_html, to_markdown
    from polemos.report.render import MAP_FILE, map_svg
    from polemos.store.queries import open_store

    for option, value in (("--from", args.date_from), ("--to", args.date_to)):
        _check_day(option, value)
    if args.date_from > args.date_to:
        raise PolemosError(f"--from {args.date_from} is after --to {args.date_to}")
    if len(args.country) != 2 or not args.country.isalpha():
        raise PolemosError(f"--country {args.country!r}: give an ISO 3166-1 alpha-2 code such as LY")
    with open_store(args.db, create=False) as store:  # a mistyped --db is an error, not an empty report
        situation = build(store, country=args.country, date_from=args.date_from, date_to=args.date_to)
    args.output.mkdir(parents=True, exist_ok=True)
    svg = map_svg(situation)
    if svg:
        (args.output / MAP_FILE).write_text(svg, encoding="utf-8")
    (args.output / "report.md").write_text(to_markdown(situation, map_file=MAP_FILE if svg else None),
                                           encoding="utf-8")
    (args.output / "report.html").write_text(to_html(situation), encoding="utf-8")
    print(f"polemos: report on {situation.total_events} events, {len(situation.sources)} sources → "
          f"{args.output / 'report.md'}, {args.output / 'report.html'}", file=sys.stderr)
    return 0


def _check_day(option: str, value: str) -> None:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise PolemosError(f"{option} {value!r} is not a date; use YYYY-MM-DD") from None
