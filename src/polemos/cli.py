"""The ``polemos`` command: thin. Parses options, calls library functions, maps errors to lines.

Documents go to stdout and nothing else does; progress, warnings and the summary go to stderr.
Exit status: 0 when every input was processed, 1 when any was rejected, 2 on a usage or
setup error, 130 when interrupted.
"""
from __future__ import annotations

import argparse
import csv
import functools
import json
import logging
import signal
import sys
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from importlib import resources
from pathlib import Path
from typing import Any

from polemos.errors import PolemosError
from polemos.options import db_option, event_filter, filter_options

EXIT_REJECTED, EXIT_ERROR, EXIT_INTERRUPTED = 1, 2, 130


log = logging.getLogger("polemos")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(verbose=args.verbose, quiet=args.quiet)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    try:
        return args.run(args)
    except PolemosError as exc:
        log.error("error: %s", exc)
        log.debug("details", exc_info=True)
        return EXIT_ERROR
    except (KeyboardInterrupt, BrokenProcessPool):
        print("polemos: interrupted; what was stored is consistent — run the same command again to finish",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def configure_logging(*, verbose: bool = False, quiet: bool = False) -> None:
    """Messages on stderr as ``polemos: …``: warnings (rejections) and up always, progress notes
    unless ``--quiet``, and with ``--verbose`` the details (tracebacks of failed steps)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("polemos: %(message)s"))
    root = logging.getLogger("polemos")
    root.handlers[:] = [handler]
    root.propagate = False
    root.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)


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
    db_option(p)
    p.add_argument("--engine", choices=("local", "ray"), default="local")
    p.add_argument("--demo", action="store_true", help="ingest the bundled demo corpus")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("demo", help="ingest the bundled demo corpus into the store and show what it found")
    db_option(p)
    p.add_argument("--jobs", type=int, default=1)
    p.set_defaults(run=cmd_demo, quiet=False)

    p = sub.add_parser("events", help="list stored canonical events")
    db_option(p)
    filter_options(p)
    p.add_argument("--format", choices=("table", "csv", "jsonl"), default="table")
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(run=cmd_events)

    p = sub.add_parser("failures", help="list inputs that were rejected, with the reason")
    db_option(p)
    p.set_defaults(run=cmd_failures)

    p = sub.add_parser("evaluate", help="score the pipeline against a gold dataset in ../shared/gold")
    p.add_argument("name", nargs="?", help="evaluation name; leave out to list them")
    p.add_argument("--split", default=None)
    p.add_argument("--limit", type=int, default=None, help="score only the first N items (for quick checks)")
    p.add_argument("--gold", type=Path, default=None, help="gold data folder (default: $POLEMOS_GOLD or ../shared/gold)")
    p.set_defaults(run=cmd_evaluate)
    _add_plugin_commands(sub)
    for command in sub.choices.values():
        _log_options(command)
    return parser


def _log_options(p: argparse.ArgumentParser) -> None:
    """``--verbose`` and ``--quiet``, the same on every command."""
    p.add_argument("-v", "--verbose", action="store_true", help="say more on stderr, with tracebacks of failures")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr; warnings and errors only")


def _input_options(p: argparse.ArgumentParser, *, paths_required: bool = True) -> None:
    p.add_argument("paths", nargs="+" if paths_required else "*", metavar="PATH",
                   help=".txt, .html, .jsonl, a folder of these, or - for stdin")
    p.add_argument("--published", type=_published, help="publication date (YYYY-MM-DD) for inputs that carry none")
    p.add_argument("--source", help="source (outlet) for inputs that carry none")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")


def _add_plugin_commands(sub: Any) -> None:
    """Commands written as plugins (export, serve, report) register themselves; their optional
    dependencies are imported when a command runs, so registering never needs them."""
    from polemos.export import cli as export_cli
    from polemos.web import cli as web_cli

    for plugin in (export_cli, web_cli):
        plugin.register(sub)


# --- commands -----------------------------------------------------------------------------------

def cmd_extract(args: argparse.Namespace) -> int:
    from polemos.batch import JsonSink, run_batch

    pipeline = _pipeline(args)
    sink = JsonSink(sys.stdout, indent=2 if args.format == "json" else None, include_text=not args.no_text)
    summary = run_batch(args.paths, pipeline=pipeline, engine=_engine(args, pipeline), sink=sink,
                        published=args.published, source=args.source,
                        progress=not args.quiet and sys.stderr.isatty())
    log.warning("%s", summary.line())
    return EXIT_REJECTED if summary.rejected else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from polemos.batch import StoreSink, run_batch
    from polemos.store import Store

    paths = list(args.paths) + (_demo_paths() if args.demo else [])
    if not paths:
        raise PolemosError("nothing to ingest: give PATH... or --demo")
    if args.engine == "ray":
        from polemos.scale import require_ray

        require_ray()  # fail before reading anything when Ray is not installed
    with Store.open(args.db) as store:
        pipeline = _pipeline(args)
        summary = run_batch(paths, pipeline=pipeline, engine=_engine(args, pipeline), sink=StoreSink(store),
                            published=args.published, source=args.source, progress=not args.quiet)
        log.warning("%s → %s", summary.line(), store.label)
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
    from polemos.store import queries

    with queries.open_store(args.db, create=False) as store:
        page = queries.events(store, event_filter(args), limit=args.limit)
    if args.format == "jsonl":
        for item in page.items:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(EVENT_COLUMNS)
        for row in page.rows():
            writer.writerow(_csv_row(row))
    else:
        _print_table(page.rows(), page.total)
    return 0


def cmd_failures(args: argparse.Namespace) -> int:
    from polemos.store import Store

    with Store.open(args.db, create=False) as store:
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


def _engine(args: argparse.Namespace, pipeline: Any) -> Any:
    """What analyses the articles: the local process pool, or Ray actors."""
    if getattr(args, "engine", "local") == "ray":
        from polemos.scale import analyse_with_ray

        return functools.partial(analyse_with_ray, settings=pipeline.settings, workers=args.jobs)
    return functools.partial(pipeline.analyse_many, on_error="record", n_process=args.jobs)


def _published(value: str) -> str:
    """``--published``: checked when the options are parsed, before anything is read."""
    from polemos.ingest.normalize import parse_published

    try:
        return parse_published("--published", value) or value
    except PolemosError as exc:
        raise argparse.ArgumentTypeError(getattr(exc, "reason", str(exc))) from None


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


EVENT_COLUMNS = ("id", "type", "date_start", "date_end", "actors", "recipients", "place", "country", "modality",
                 "sources", "confidence", "evidence")


def _csv_row(row: Any) -> list[Any]:
    return [row.id, row.type, row.date_start, row.date_end, "; ".join(row.actors), "; ".join(row.recipients),
            row.place, row.country, ",".join(row.modality), row.sources, row.confidence, row.evidence]


def _print_table(rows: list[Any], total: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    table = Table(title=f"{len(rows)} of {total} events", show_lines=False, expand=False)
    for column, width in (("type", 9), ("date", 10), ("actors → recipients", 34), ("place", 16),
                          ("modality", 12), ("src", 3), ("evidence", 60)):
        table.add_column(column, max_width=width, no_wrap=column in ("type", "date", "src"), overflow="fold")
    for row in rows:
        who = "; ".join(row.actors) + (f" → {'; '.join(row.recipients)}" if row.recipients else "")
        evidence = " ".join(row.evidence.split())
        table.add_row(row.type, row.date_start or "?", who, row.place or "", ",".join(row.modality), str(row.sources),
                      evidence[:117] + "…" if len(evidence) > 120 else evidence)
    console.print(table)


def _version() -> str:
    from polemos import __version__

    return __version__


if __name__ == "__main__":
    raise SystemExit(main())
