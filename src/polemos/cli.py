"""The ``polemos`` command: thin. Parses options, calls library functions, maps errors to lines.

Documents go to stdout and nothing else does; progress, warnings and the summary go to stderr.
Exit status: 0 when every input was processed, 1 when any was rejected, 2 on a usage or
setup error, 130 when interrupted.
"""
from __future__ import annotations

import argparse
import csv
import json
import signal
import sys
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from importlib import resources
from pathlib import Path
from typing import Any

from polemos.errors import PolemosError

EXIT_REJECTED, EXIT_ERROR, EXIT_INTERRUPTED = 1, 2, 130


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    try:
        return args.run(args)
    except PolemosError as exc:
        print(f"polemos: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except (KeyboardInterrupt, BrokenProcessPool):
        print("polemos: interrupted; what was stored is consistent — run the same command again to finish",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="polemos", description="Read conflict news; write a sourced record.")
    parser.add_argument("--version", action="version", version=f"polemos {_version()}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="analyse articles and print one article document each (no database)")
    _input_options(p)
    p.add_argument("--format", choices=("json", "jsonl"), default="json")
    p.add_argument("--no-text", action="store_true", help="leave article.text out (offsets do not change)")
    p.set_defaults(run=cmd_extract)

    p = sub.add_parser("ingest", help="analyse articles and store them")
    _input_options(p, paths_required=False)
    _db_option(p)
    p.add_argument("--engine", choices=("local", "ray"), default="local")
    p.add_argument("--demo", action="store_true", help="ingest the bundled demo corpus")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("demo", help="ingest the bundled demo corpus into the store and show what it found")
    _db_option(p)
    p.add_argument("--jobs", type=int, default=1)
    p.set_defaults(run=cmd_demo)

    p = sub.add_parser("events", help="list stored canonical events")
    _db_option(p)
    _filter_options(p)
    p.add_argument("--format", choices=("table", "csv", "jsonl"), default="table")
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(run=cmd_events)

    p = sub.add_parser("failures", help="list inputs that were rejected, with the reason")
    _db_option(p)
    p.set_defaults(run=cmd_failures)

    p = sub.add_parser("evaluate", help="score the pipeline against a gold dataset in ../shared/gold")
    p.add_argument("name", nargs="?", help="evaluation name; leave out to list them")
    p.add_argument("--split", default=None)
    p.add_argument("--limit", type=int, default=None, help="score only the first N items (for quick checks)")
    p.add_argument("--gold", type=Path, default=None, help="gold data folder (default: $POLEMOS_GOLD or ../shared/gold)")
    p.set_defaults(run=cmd_evaluate)
    _add_plugin_commands(sub)
    return parser


def _input_options(p: argparse.ArgumentParser, *, paths_required: bool = True) -> None:
    p.add_argument("paths", nargs="+" if paths_required else "*", metavar="PATH",
                   help=".txt, .html, .jsonl, a folder of these, or - for stdin")
    p.add_argument("--published", help="publication date (YYYY-MM-DD) for inputs that carry none")
    p.add_argument("--source", help="source (outlet) for inputs that carry none")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None,
                   help="SQLite path or postgresql:// URL (default $POLEMOS_DB or ~/.local/share/polemos/polemos.db)")


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actor", help="actor name contains")
    p.add_argument("--type", help="PLOVER event type, e.g. ASSAULT")
    p.add_argument("--place", help="place name contains")
    p.add_argument("--country", help="ISO 3166-1 alpha-2 code of the event's place")
    p.add_argument("--from", dest="date_from", help="events on or after YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="events on or before YYYY-MM-DD")
    p.add_argument("--text", help="evidence text contains")
    p.add_argument("--modality", help="'asserted' for plain facts, or negated, hypothetical, ongoing, ...")


def _add_plugin_commands(sub: Any) -> None:
    """Commands of optional parts (export, serve, report) register themselves when present."""
    for module in ("polemos.export.cli", "polemos.web.cli"):
        try:
            plugin = __import__(module, fromlist=["register"])
        except ImportError:
            continue
        plugin.register(sub)


# --- commands -----------------------------------------------------------------------------------

def cmd_extract(args: argparse.Namespace) -> int:
    from polemos.batch import run_batch

    pipeline = _pipeline(args)
    _check_published(args.published)

    def sink(document: Any) -> str:
        data = document.to_json(include_text=not args.no_text)
        indent = 2 if args.format == "json" else None
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")
        sys.stdout.flush()
        return "printed"

    summary = run_batch(args.paths, pipeline=pipeline, sink=sink, published=args.published, source=args.source,
                        n_process=args.jobs, progress=not args.quiet and sys.stderr.isatty(),
                        on_reject=_print_reject)
    print(f"polemos: {summary.line()}", file=sys.stderr)
    return EXIT_REJECTED if summary.rejected else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from polemos.batch import run_batch
    from polemos.store import Store

    paths = list(args.paths) + (_demo_paths() if args.demo else [])
    if not paths:
        raise PolemosError("nothing to ingest: give PATH... or --demo")
    _check_published(args.published)
    if args.engine == "ray":
        from polemos.scale import require_ray

        require_ray()  # fail before reading anything when Ray is not installed
    with Store.open(args.db) as store:
        pipeline = _pipeline(args)

        def reject(where: str, step: str, reason: str) -> None:
            _print_reject(where, step, reason)
            store.record_failure(where, step, reason)

        summary = run_batch(paths, pipeline=pipeline, sink=store.save, on_reject=reject, published=args.published,
                            source=args.source, skip=lambda a: store.has_article(a.id, a.pipeline),
                            n_process=args.jobs, progress=not args.quiet, engine=args.engine)
        print(f"polemos: {summary.line()} → {store.label}", file=sys.stderr)
    return EXIT_REJECTED if summary.rejected else 0


def cmd_demo(args: argparse.Namespace) -> int:
    ns = argparse.Namespace(paths=[], demo=True, db=args.db, published=None, source=None, jobs=args.jobs,
                            quiet=False, engine="local")
    status = cmd_ingest(ns)
    events = argparse.Namespace(db=args.db, format="table", limit=25, actor=None, type=None, place=None,
                                country=None, date_from=None, date_to=None, text=None, modality=None)
    cmd_events(events)
    return status


def cmd_events(args: argparse.Namespace) -> int:
    from polemos.store import EventFilter, Store

    filters = EventFilter(actor=args.actor, type=args.type, place=args.place, country=args.country,
                          date_from=args.date_from, date_to=args.date_to, text=args.text, modality=args.modality)
    with Store.open(args.db) as store:
        rows = store.events(filters, limit=args.limit)
        total = store.count_events(filters)
    if args.format == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "type", "date_start", "date_end", "actors", "recipients", "place", "country",
                         "modality", "sources", "confidence", "evidence"])
        for row in rows:
            writer.writerow(_flat(row))
    else:
        _print_table(rows, total)
    return 0


def cmd_failures(args: argparse.Namespace) -> int:
    from polemos.store import Store

    with Store.open(args.db) as store:
        for row in store.failures():
            print(f"{row['at']}  {row['input']}  [{row['step']}]  {row['reason']}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from polemos import evaluate

    if not args.name:
        for name, module in sorted(evaluate.available().items()):
            print(f"{name:<20} splits: {', '.join(module.SPLITS):<30} {module.DESCRIPTION}")
        return 0
    module = evaluate.get(args.name)
    gold = args.gold or _gold_dir()
    if not gold.is_dir():
        raise PolemosError(f"gold data folder {gold} not found; give --gold DIR or set POLEMOS_GOLD")
    split = args.split or module.SPLITS[0]
    if split not in module.SPLITS:
        raise PolemosError(f"evaluation {args.name!r} has no split {split!r}; choose one of {', '.join(module.SPLITS)}")
    from polemos.pipeline import Pipeline

    report = module.run(Pipeline.create(), gold_dir=gold, split=split, limit=args.limit)
    sys.stdout.write(report.format())
    return 0


# --- helpers ------------------------------------------------------------------------------------

def _pipeline(args: argparse.Namespace) -> Any:
    from polemos.pipeline import Pipeline
    from polemos.settings import Settings

    return Pipeline.create(Settings(n_process=max(1, getattr(args, "jobs", 1) or 1)))


def _check_published(value: str | None) -> None:
    if value:
        from polemos.ingest.normalize import parse_published

        parse_published("--published", value)


def _print_reject(where: str, step: str, reason: str) -> None:
    print(f"polemos: rejected {where}: {reason}", file=sys.stderr)


def _demo_paths() -> list[str]:
    folder = resources.files("polemos") / "demo"
    return sorted(str(folder / name) for name in ("invented.jsonl", "public-domain.jsonl"))


def _gold_dir() -> Path:
    import os

    if os.environ.get("POLEMOS_GOLD"):
        return Path(os.environ["POLEMOS_GOLD"])
    beside_checkout = Path(__file__).resolve().parents[3] / "shared" / "gold"  # an editable install
    for candidate in (Path.cwd().parent / "shared" / "gold", beside_checkout):
        if candidate.is_dir():
            return candidate
    return Path.cwd().parent / "shared" / "gold"


def _flat(row: dict[str, Any]) -> list[Any]:
    place = row.get("place") or {}
    return [row["id"], row["type"], row["date"]["start"], row["date"]["end"],
            "; ".join(a.get("name") or "?" for a in row.get("actors", [])),
            "; ".join(a.get("name") or "?" for a in row.get("recipients", [])),
            place.get("name"), place.get("country"), ",".join(row.get("modality", [])), row.get("sources"),
            row.get("confidence"), row["evidence"]["text"]]


def _print_table(rows: list[dict[str, Any]], total: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    table = Table(title=f"{len(rows)} of {total} events", show_lines=False, expand=False)
    for column, width in (("type", 9), ("date", 10), ("actors → recipients", 34), ("place", 16),
                          ("modality", 12), ("src", 3), ("evidence", 60)):
        table.add_column(column, max_width=width, no_wrap=column in ("type", "date", "src"), overflow="fold")
    for row in rows:
        flat = _flat(row)
        who = flat[4] + (f" → {flat[5]}" if flat[5] else "")
        evidence = " ".join(flat[11].split())
        table.add_row(flat[1], flat[2] or "?", who, flat[6] or "", flat[8], str(flat[9]),
                      evidence[:117] + "…" if len(evidence) > 120 else evidence)
    console.print(table)


def _version() -> str:
    from polemos import __version__

    return __version__


if __name__ == "__main__":
    raise SystemExit(main())
