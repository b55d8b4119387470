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
from polemos.options import db_option, filter_options

EXIT_REJECTED, EXIT_ERROR, EXIT_INTERRUPTED = 1, 2, 130


log = logging.getLogger("polemos")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(verbose=args.verbose, quiet=args.quiet)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    # a shell's background job inherits SIGINT ignored, and Python then never raises
    # KeyboardInterrupt: a signal sent on purpose (`kill -INT`) must still stop the run cleanly
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return args.run(args)
    except PolemosError as exc:
        log.error("error: %s", exc)
        log.debug("details", exc_info=True)
        return EXIT_ERROR
    except (KeyboardInterrupt, BrokenProcessPool):
        again = "with --resume " if getattr(args, "run", None) is cmd_ingest else "again "
        print(f"polemos: interrupted; what was stored is consistent — run the same command {again}to finish",
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
    p.add_argument("--address", default=None,
                   help="with --engine ray: the cluster to run on (default $RAY_ADDRESS, else a local Ray)")
    p.add_argument("--resume", action="store_true",
                   help="finish the last unfinished run of the same inputs and options, after what it committed")
    p.add_argument("--demo", action="store_true", help="ingest the bundled demo corpus")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("watch", help="poll RSS/Atom feeds and ingest the entries not read before")
    p.add_argument("feeds", nargs="+", metavar="FEED", help="feed file or http(s) URL")
    db_option(p)
    p.add_argument("--interval", type=_seconds, default=300.0, help="seconds between polls (default 300)")
    p.add_argument("--polls", type=int, default=None, help="stop after N polls (default: until Ctrl-C)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    p.set_defaults(run=cmd_watch)

    p = sub.add_parser("runs", help="list the ingest runs in the store's journal")
    db_option(p)
    p.set_defaults(run=cmd_runs)

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
    p.add_argument("--rules-only", action="store_true", help="without the learned event heads (to compare)")
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
                   help=".txt, .html, .jsonl, .warc (or .gz or .zst of them), a folder of these, or - for stdin")
    p.add_argument("--published", type=_published, help="publication date (YYYY-MM-DD) for inputs that carry none")
    p.add_argument("--source", help="source (outlet) for inputs that carry none")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")


def _add_plugin_commands(sub: Any) -> None:
    """Commands written as plugins (export, serve, report) register themselves; their optional
    dependencies are imported when a command runs, so registering never needs them."""
    from polemos.export import cli as export_cli
    from polemos.store import cli as store_cli
    from polemos.web import cli as web_cli

    for plugin in (export_cli, web_cli, store_cli):
        plugin.register(sub)


# --- commands -----------------------------------------------------------------------------------

def cmd_extract(args: argparse.Namespace) -> int:
    from polemos.batch import JsonSink, run_batch

    pipeline = _pipeline(args)
    sink = JsonSink(sys.stdout, indent=2 if args.format == "json" else None, include_text=not args.no_text)
    with ProgressLine(enabled=not args.quiet and sys.stderr.isatty()) as progress:
        summary = run_batch(args.paths, pipeline=pipeline, engine=_engine(args, pipeline), sink=sink,
                            published=args.published, source=args.source, progress=progress)
    log.warning("%s", summary.line())
    return EXIT_REJECTED if summary.failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from polemos.batch import StoreSink, run_batch
    from polemos.store import Store
    from polemos.store.journal import Ledger

    paths = list(args.paths) + (_demo_paths() if args.demo else [])
    if not paths:
        raise PolemosError("nothing to ingest: give PATH... or --demo")
    if args.engine == "ray":
        from polemos.scale import require_ray

        require_ray()  # fail before reading anything when Ray is not installed
    with Store.open(args.db) as store:
        pipeline = _pipeline(args)
        options = {"published": args.published, "source": args.source, "pipeline": pipeline.version}
        ledger = Ledger.begin(store, inputs=_run_inputs(paths), options=options, resume=args.resume)
        _say_resumed(ledger, asked=args.resume)
        if ledger.state.finished:
            return _finished(ledger, store.label)
        engine = _engine(args, pipeline, db=args.db, run_id=ledger.state.id)
        with ProgressLine(enabled=not args.quiet) as progress:
            summary = run_batch(paths, pipeline=pipeline, engine=engine, sink=StoreSink(store, ledger=ledger),
                                published=args.published, source=args.source, progress=progress)
        ledger.finish()
        log.warning("%s → %s", summary.line(), store.label)
    return EXIT_REJECTED if summary.failed else 0


def _run_inputs(paths: list[str]) -> list[str]:
    """The inputs as the journal keeps them: absolute, so a resume from another folder matches."""
    return [p if p == "-" else str(Path(p).resolve()) for p in paths]


def _finished(ledger: Any, label: str) -> int:
    from polemos.batch import Summary

    state = ledger.state
    summary = Summary(read=state.items, counts=dict(state.counts), reasons=dict(state.reasons))
    log.warning("run %s of these inputs is finished; nothing to do: %s → %s", state.id[:8], summary.line(), label)
    return EXIT_REJECTED if summary.failed else 0


def _say_resumed(ledger: Any, *, asked: bool) -> None:
    state = ledger.state
    if state.finished:
        return
    if state.resumed:
        log.info("resuming run %s after %s items", state.id[:8], f"{state.items:,}")
    elif asked:
        log.info("no unfinished run of these inputs and options; starting from the beginning")


def cmd_watch(args: argparse.Namespace) -> int:
    from polemos.batch import StoreSink, watch
    from polemos.ingest.feeds import FeedPoller
    from polemos.store import Store
    from polemos.store.journal import Ledger

    with Store.open(args.db) as store:
        pipeline = _pipeline(args)
        ledger = Ledger.unjournaled(store)
        poller = FeedPoller(args.feeds, unread=ledger.unread)

        def said(number: int, summary: Any) -> None:
            log.info("poll %d: %s", number, summary.line())

        try:
            total = watch(poller.poll, pipeline=pipeline, engine=_engine(args, pipeline), sink=StoreSink(store,
                          ledger=ledger), interval=args.interval, polls=args.polls, on_poll=said)
        except KeyboardInterrupt:
            log.warning("stopped; what was read is stored, and the rest is still unread for the next watch")
            return 0
        log.warning("%s → %s", total.line(), store.label)
    return EXIT_REJECTED if total.failed else 0


def cmd_runs(args: argparse.Namespace) -> int:
    from polemos.store import Store
    from polemos.store.journal import runs_of

    with Store.open(args.db, create=False) as store:
        for run in runs_of(store):
            counts = ", ".join(f"{n} {what}" for what, n in sorted((run["counts"] or {}).items()))
            print(f"{run['id'][:8]}  {run['status']:<8}  {run['started_at'][:19]}  {run['items']} read"
                  f"{': ' + counts if counts else ''}  {' '.join(run['inputs'])[:80]}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    ns = argparse.Namespace(paths=[], demo=True, db=args.db, published=None, source=None, jobs=args.jobs,
                            quiet=False, engine="local", address=None, resume=False)
    status = cmd_ingest(ns)
    events = argparse.Namespace(db=args.db, format="table", limit=25, actor=None, type=None, place=None,
                                country=None, date_from=None, date_to=None, text=None, modality=None)
    cmd_events(events)
    return status


def cmd_events(args: argparse.Namespace) -> int:
    from polemos.export.acled_csv import article_ids
    from polemos.store import EventFilter, queries

    with queries.open_store(args.db, create=False) as store:
        page = queries.events(store, EventFilter.from_options(args), limit=args.limit)
    if args.format == "jsonl":
        for item in page.items:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(EVENT_COLUMNS)
        for item, row in zip(page.items, page.rows()):
            writer.writerow([*_csv_row(row), "; ".join(article_ids(item))])
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
    from polemos.settings import Settings

    pipeline = Pipeline.create(Settings(learned=not args.rules_only))
    report = module.run(pipeline, gold_dir=gold, split=split, limit=args.limit)
    sys.stdout.write(report.format())
    return 0


# --- helpers ------------------------------------------------------------------------------------

def _pipeline(args: argparse.Namespace) -> Any:
    from polemos.pipeline import Pipeline
    from polemos.settings import Settings

    return Pipeline.create(Settings(n_process=max(1, getattr(args, "jobs", 1) or 1)))


def _engine(args: argparse.Namespace, pipeline: Any, *, db: str | None = None, run_id: str | None = None) -> Any:
    """What analyses the articles: the local process pool, or Ray actors (which, for ``ingest``,
    write to the store themselves and send back receipts)."""
    if getattr(args, "engine", "local") == "ray":
        from polemos.scale import analyse_with_ray
        from polemos.store import engine_url

        store = _absolute_db(engine_url(db))
        return functools.partial(analyse_with_ray, settings=pipeline.settings, workers=args.jobs,
                                 address=args.address, store=store, run_id=run_id)
    return functools.partial(pipeline.analyse_many, on_error="record", n_process=args.jobs)


def _absolute_db(url: str) -> str:
    """Ray workers may run in another folder: give them the SQLite file's absolute path."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        return "sqlite:///" + str(Path(url.removeprefix("sqlite:///")).resolve())
    return url


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0 < seconds < 10 ** 7:
        raise argparse.ArgumentTypeError("give a number of seconds above 0")
    return seconds


class ProgressLine:
    """Articles/s and an ETA on stderr: one line redrawn on a terminal (5 times a second at
    most), else a log line every 30 s (CI logs get progress while the run goes, not at its end)."""

    def __init__(self, *, enabled: bool, every: float | None = None) -> None:
        self.enabled, self.tty = enabled, sys.stderr.isatty()
        self.every = every if every is not None else (0.2 if self.tty else 30.0)
        self.start: tuple[float, int, float] | None = None
        self.last = 0.0

    def __enter__(self) -> ProgressLine | None:
        return self if self.enabled else None

    def __exit__(self, *exc: object) -> None:
        if self.enabled and self.tty and self.last:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()

    def __call__(self, summary: Any, done: float | None) -> None:
        import time

        now = time.monotonic()
        if self.start is None:
            self.start, self.last = (now, summary.read, done or 0.0), now
            return
        if now - self.last < self.every:
            return
        self.last = now
        text = self.text(summary.read, done, now)
        if self.tty:
            sys.stderr.write("\r\x1b[2Kpolemos: " + text)
            sys.stderr.flush()
        else:
            log.info("%s", text)

    def text(self, read: int, done: float | None, now: float) -> str:
        began, read0, done0 = self.start or (now, 0, 0.0)
        elapsed = max(now - began, 1e-9)
        parts = [f"{read:,} read", f"{(read - read0) / elapsed:.1f} articles/s"]
        if done is not None:
            parts.append(f"{done:.0%}")
            if done > done0:
                parts.append(f"ETA {_clock((1 - done) * elapsed / (done - done0))}")
        return " · ".join(parts)


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


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
                 "sources", "confidence", "evidence", "articles")  # articles: the reports' article ids


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
