"""The ``rashomon`` command: thin Typer commands over the library.

Rich is used here and nowhere else. Exit codes follow trafilatura's
``_define_exit_code``: 0 when every document was analysed, 1 when some
failed, 126 when nearly all (more than 90 %) failed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__, palette
from .attribute.confidence import ConfidenceModel, ConfidenceModelError
from .cluster import ClusterError, dask_executor
from .errors import Errors, Warnings
from .ledger import SCORED_SLOTS, Ledger
from .pipeline import Analysis, analyze_paths
from .read import READERS
from .report import EventTable, off_topic, side_by_side, write_report
from .settings import DEFAULT_SETTINGS
from .sources import SourceDataError, SourceRegistry, describe_resolution, registry_rows

SOURCES_HELP = "A YAML file of sources that extends or overrides the built-in registry."

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Who claims what about contested events: claims, facts, events, findings.")
console = Console(highlight=False)
errors_console = Console(stderr=True, highlight=False, soft_wrap=True)  # a message is never cut

MIN_CONFIDENCE_HELP = ("Report only claims and facts at least this likely right (0-1); 0 reports "
                       "everything the rules found. Default: the confidence model's threshold "
                       "(rashomon/attribute/MODEL.md).")
STATUS_LABELS = {"off_topic_documents": "off-topic documents"}
OFF_TOPIC_HELP = ("Skip, without parsing, documents that name no weapon, strike, interception, damage "
                   "or casualty: they are recorded as skipped (off-topic), with no claims.")
MODEL_HELP = "A confidence model written by eval/real/train.py, instead of the one rashomon ships."
PARSE_PROCESS_HELP = ("A run with more than two batches of a language to parse parses them in a second process "
                      "too, on another core (the same ledger, 1.3-1.9 times faster, a second copy of the "
                      "models: 0.5-0.9 GB). --one-process parses in this one, for a machine short of memory "
                      "or of cores.")


SLOT_HEADERS = {"launched": "launched", "intercepted": "intercepted", "production_disrupted": "production"}
# below this many columns the event table stacks each source's slots under its name
NARROW_BELOW = 100


def exit_code(failed: int, total: int) -> int:
    if not failed:
        return 0
    return 126 if total and failed / total > 0.9 else 1


@app.command()
def analyze(
    paths: list[Path] = typer.Argument(
        ..., help="Files (.txt, .md, .jsonl, .html, .rss/.atom/.xml feeds, Telegram result.json) or folders to read."),
    json_path: Optional[Path] = typer.Option(None, "--json", help="Write the ledger as JSON here."),
    html_path: Optional[Path] = typer.Option(None, "--html", help="Write a self-contained HTML report here."),
    markdown_path: Optional[Path] = typer.Option(None, "--markdown", help="Write a Markdown report here."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary and errors."),
    sources_path: Optional[Path] = typer.Option(None, "--sources", help=SOURCES_HELP),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Run the per-document stages on this dask.distributed scheduler (tcp://host:8786)."),
    workers: Optional[int] = typer.Option(
        None, "--workers", help="Run the per-document stages on a local Dask cluster of N processes."),
    min_confidence: Optional[float] = typer.Option(
        None, "--min-confidence", min=0.0, max=1.0, help=MIN_CONFIDENCE_HELP),
    confidence_model: Optional[Path] = typer.Option(None, "--confidence-model", help=MODEL_HELP),
    skip_off_topic: bool = typer.Option(
        False, "--skip-off-topic/--keep-off-topic", help=OFF_TOPIC_HELP + " Default: analyse everything."),
    parse_process: bool = typer.Option(True, "--parse-process/--one-process", help=PARSE_PROCESS_HELP),
) -> None:
    """Analyse documents: who claims what, the facts, events and findings."""
    outputs = {"--json": json_path, "--html": html_path, "--markdown": markdown_path}
    check_outputs(outputs, inputs=paths, files=[("the --sources file", sources_path),
                                                ("the --confidence-model file", confidence_model)])
    analysis = make_analysis(sources_path, min_confidence, confidence_model, skip_off_topic=skip_off_topic,
                             parse_process=parse_process)
    ledger = run_analysis(paths, analysis=analysis, show_progress=not quiet, scheduler=scheduler, workers=workers)
    if not ledger.documents and not ledger.errors:
        errors_console.print(f"[red]error[/] {escape(Errors.E040.format(paths=', '.join(map(str, paths))))}")
        raise typer.Exit(1)
    for fmt, path in (("json", json_path), ("html", html_path), ("markdown", markdown_path)):
        if path is not None:
            with writing(f"--{fmt}", path):
                write_report(ledger, fmt, path)
    if not quiet:
        print_tables(ledger)
    print_summary(ledger, written=[p for p in (json_path, html_path, markdown_path) if p])
    total = len(ledger.documents) + len(ledger.errors)
    raise typer.Exit(exit_code(len(ledger.errors), total))


def fail(message: str, *, code: int = 2) -> NoReturn:
    """Print a coded error and end the command (2 unless told: a usage or setup problem)."""
    errors_console.print(f"[red]error[/] {escape(message)}")
    raise typer.Exit(code)


# --- output files: never over an input, always somewhere a file can be ----------------


def check_outputs(outputs: dict[str, Path | None], *, inputs: Iterable[Path] = (),
                  files: Iterable[tuple[str, Path | None]] = ()) -> None:
    """Refuse, before anything is read or written, an output that would overwrite what
    the command reads (E105): a file given as input, a file an input folder holds
    that the run reads, another file the command reads (``files``: what it is, its
    path), or another output. An output that cannot be a file is E106."""
    inputs = list(inputs)
    files = [(what, path) for what, path in files if path is not None]
    taken: dict[Path, str] = {}
    for option, path in outputs.items():
        if path is None:
            continue
        if (problem := not_a_file(path)) is not None:
            fail(Errors.E106.format(option=option, path=path, problem=problem))
        clash = next((clash for given in inputs if (clash := overwritten_input(path, given))), None)
        clash = clash or next((f"{what} {given}" for what, given in files if same_file(path, given)), None)
        clash = clash or (f"the output of {taken[path.resolve()]}" if path.resolve() in taken else None)
        if clash is not None:
            fail(Errors.E105.format(option=option, path=path, clash=clash))
        taken[path.resolve()] = option


def not_a_file(path: Path) -> str | None:
    """Why no file can be written at ``path`` (a folder is there, or a file where one
    of its folders should be), or None."""
    if path.is_dir():
        return "it is a folder; give a file name"
    blocking = next((parent for parent in path.parents if parent.exists()), None)
    if blocking is not None and not blocking.is_dir():
        return f"{blocking} is a file, not a folder"
    return None


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one file (a link, a relative and an absolute path alike)."""
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them does not exist
        return one.resolve() == other.resolve()


def overwritten_input(output: Path, given: Path) -> str | None:
    """What of the input ``given`` writing ``output`` would replace (None if nothing):
    the file itself, or a file inside the folder that reading it takes in (read.py's
    rules: a known suffix, no hidden file or folder on the way, not a README)."""
    if not given.is_dir():
        return f"the input {given}" if given.exists() and same_file(output, given) else None
    if not output.is_file():
        return None
    try:
        parts = output.resolve().relative_to(given.resolve()).parts
    except ValueError:
        return None
    read = (output.suffix.lower() in READERS and output.stem.upper() != "README"
            and not any(part.startswith(".") for part in parts))
    return f"a file read from the input folder {given}" if read else None


@contextmanager
def writing(option: str, path: Path):
    """Around writing one output: a file system refusal is E106, not a traceback."""
    try:
        yield
    except OSError as err:
        fail(Errors.E106.format(option=option, path=path, problem=err.strerror or str(err)))


def make_analysis(sources_path: Path | None, min_confidence: float | None,
                  confidence_model: Path | None, *, skip_off_topic: bool = False,
                  parse_process: bool = True) -> Analysis:
    """The analysis a command asked for: registry, confidence model and threshold,
    whether documents about no strike are skipped, and whether a long run parses in a
    second process too."""
    registry = load_registry(sources_path)
    settings = replace(DEFAULT_SETTINGS, min_confidence=min_confidence, skip_off_topic=skip_off_topic,
                       parse_process=parse_process)
    if confidence_model is None:
        return Analysis(settings=settings, registry=registry)
    try:
        return Analysis(settings=settings, registry=registry, confidence=ConfidenceModel.read(confidence_model))
    except ConfidenceModelError as err:
        errors_console.print(f"[red]error[/] {escape(str(err))}")
        raise typer.Exit(2) from None


def load_registry(sources_path: Path | None) -> SourceRegistry:
    try:
        return SourceRegistry.load(extra=sources_path)
    except SourceDataError as err:
        errors_console.print(f"[red]error[/] {escape(str(err))}")
        raise typer.Exit(2) from None


def run_analysis(paths: list[Path], *, analysis: Analysis, show_progress: bool,
                 scheduler: str | None = None, workers: int | None = None) -> Ledger:
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn())
    cluster = nullcontext() if scheduler is None and workers is None else dask_executor(
        scheduler=scheduler, workers=workers, settings=analysis.settings)
    try:
        with cluster as executor, Progress(*columns, console=errors_console, transient=True,
                                           disable=not show_progress) as progress:
            task = progress.add_task("Analysing", total=None)
            ledger = analyze_paths(paths, analysis=analysis, executor=executor,
                                   progress=lambda document: progress.advance(task))
    except ClusterError as err:
        errors_console.print(f"[red]error[/] {escape(str(err))}")
        raise typer.Exit(2) from None
    return ledger


def print_tables(ledger: Ledger, *, out: Console | None = None) -> None:
    """Each event's side-by-side table, then its findings, on ``out`` (the terminal)."""
    out = out or console
    findings_of = {}
    for finding in ledger.findings:
        findings_of.setdefault(finding.event, []).append(finding)
    for event in ledger.events:
        table = event_table(side_by_side(ledger, event), out=out)
        if table is None:
            continue
        out.print(table)
        for finding in findings_of.get(event.id, []):
            mark = {"contradiction": "[bold red]≠[/]", "corroboration": "[green]=[/]",
                    "revision": "[yellow]↻[/]"}[finding.kind]
            out.print(f"  {mark} {finding.kind}: {escape(finding.explanation)}")
        out.print()


def event_table(model: EventTable, *, out: Console) -> Table | None:
    """The terminal's side-by-side table of one event (None when no source gives a scored
    slot): a column per slot; on a console narrower than ``NARROW_BELOW`` columns, or
    too narrow for the slots' columns, each source's slots stacked under its name.
    Sides have their colours (``palette``)."""
    # the terminal shows the scored slots; the HTML report has every slot
    columns = [c for c in model.columns if c in SCORED_SLOTS]
    rows = [(row, [cell_text(row.cell(column)) for column in columns]) for row in model.rows]
    rows = [(row, cells) for row, cells in rows if any(cells)]
    if not rows:
        return None
    title = escape(f"{model.event}: {model.title or ''}")
    if out.width >= NARROW_BELOW:
        table = Table(title=title, title_justify="left", show_lines=True)
        table.add_column("source", max_width=30)
        for column in columns:
            table.add_column(SLOT_HEADERS.get(column, column))  # a chain wraps at its spaces
        for row, cells in rows:
            table.add_row(f"{side_text(row.side)}\n{escape(row.label)}", *cells)
        if Measurement.get(out, out.options, table).minimum <= out.width:
            return table
    table = Table(title=title, title_justify="left", show_lines=True)
    table.add_column("source", ratio=2)
    table.add_column("says", ratio=3)
    for row, cells in rows:
        said = "\n".join(f"[dim]{escape(SLOT_HEADERS.get(column, column))}:[/] {cell}"
                         for column, cell in zip(columns, cells) if cell)
        table.add_row(f"{side_text(row.side)}\n{escape(row.label)}", said)
    return table


def side_text(side: str | None) -> str:
    """A side's name in its colour (``palette``), the same as in the reports and the web app."""
    return f"[{palette.rich_style(side)}]{escape(side or palette.UNKNOWN)}[/]"


def cell_text(cell) -> str:
    """A cell's values in the order said; several with their days, a changed figure as
    a chain: "2 (3 Nov) → 0 (4 Nov) → 5 (5 Nov)"."""
    def show(step) -> str:
        text = escape(step.value) + ("?" if step.uncertain else "")  # less than even odds
        return f"[bold red]{text} ⚠[/]" if step.contested else f"[dim]{text}[/]" if step.uncertain else text
    return cell.chain(show=show)


def print_summary(ledger: Ledger, *, written: list[Path]) -> None:
    for error in ledger.errors:
        errors_console.print(f"[red]error[/] {escape(error.message)}")
    for warning in ledger.warnings:
        errors_console.print(f"[yellow]warning[/] {escape(warning)}")
    total = len(ledger.documents) + len(ledger.errors)
    skipped = off_topic(ledger)
    summary = (f"{len(ledger.documents) - skipped} of {total} documents analysed, "
               + (f"{skipped} skipped as off-topic, " if skipped else "")
               + f"{len(ledger.errors)} failed; "
               f"{len(ledger.claims)} claims, {len(ledger.events)} events, {len(ledger.findings)} findings")
    errors_console.print(summary)
    for path in written:
        errors_console.print(f"wrote {escape(str(path))}")


@app.command()
def sources(
    name: Optional[str] = typer.Argument(None, help="A speaker's name: show how it resolves and why."),
    lang: Optional[str] = typer.Option(None, "--lang", help="The language the name is written in."),
    unknown: Optional[list[Path]] = typer.Option(
        None, "--unknown", help="Ledger JSON files: list their speakers the registry does not know."),
    sources_path: Optional[Path] = typer.Option(None, "--sources", help=SOURCES_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the source registry, resolve one name, or list unknown speakers."""
    registry = load_registry(sources_path)
    if name is not None:
        resolution = registry.resolve(name, lang=lang)
        if as_json:
            console.print_json(data={"name": name, "how": resolution.how, "matched": resolution.matched,
                                     "source": resolution.source.to_json()})
        else:
            console.print(escape(describe_resolution(resolution, registry)))
        return
    if unknown:
        rows = unknown_speakers(unknown)
        if as_json:
            console.print_json(data=rows)
            return
        table = Table("speaker", "claims", "documents", title="Speakers the registry does not know")
        for row in rows:
            table.add_row(escape(row["name"]), str(row["claims"]), escape(", ".join(row["documents"][:5])))
        console.print(table)
        return
    rows = registry_rows(registry)
    if as_json:
        console.print_json(data=rows)
        return
    table = Table("id", "name", "kind", "side", "aliases", title=f"{len(rows)} sources")
    for row in rows:
        table.add_row(escape(row["id"]), escape(row["name"]), row["kind"], side_text(row["side"]),
                      str(row["aliases"]))
    console.print(table)


def read_ledger(path: Path) -> Ledger:
    """The ledger in a JSON file ``analyze --json`` or ``export --json`` wrote (E104 if not)."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except IsADirectoryError:
        fail(Errors.E104.format(path=path, problem="it is a folder"))
    except FileNotFoundError:
        fail(Errors.E104.format(path=path, problem="no such file"))
    except OSError as err:
        fail(Errors.E104.format(path=path, problem=err.strerror or str(err)))
    except UnicodeDecodeError as err:
        fail(Errors.E104.format(path=path, problem=f"not UTF-8 text ({err.reason} at byte {err.start})"))
    except json.JSONDecodeError as err:
        fail(Errors.E104.format(path=path, problem=f"not JSON ({err.msg} at line {err.lineno}, column {err.colno})"))
    except RecursionError:
        fail(Errors.E104.format(path=path, problem="not JSON rashomon can read (nested too deeply)"))
    if not isinstance(data, dict):
        fail(Errors.E104.format(path=path, problem=f"JSON {type(data).__name__}, not a ledger object"))
    try:
        return Ledger.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        fail(Errors.E104.format(path=path, problem=f"not a ledger ({type(err).__name__}: {err})"))


def unknown_speakers(ledger_paths: list[Path]) -> list[dict]:
    """Attributed speakers with no registry id in the given ledgers, most frequent first."""
    found: dict[str, dict] = {}
    for path in ledger_paths:
        ledger = read_ledger(path)
        for claim in ledger.claims:
            if claim.attributed and not claim.source.id and claim.source.who:
                row = found.setdefault(claim.source.who, {"name": claim.source.who, "claims": 0, "documents": []})
                row["claims"] += 1
                if claim.doc not in row["documents"]:
                    row["documents"].append(claim.doc)
    return sorted(found.values(), key=lambda r: (-r["claims"], r["name"]))


@app.command()
def version() -> None:
    """Print rashomon's version."""
    console.print(__version__)


DB_HELP = "The store's URL (default: $RASHOMON_DB, else sqlite:///rashomon.db)."


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    read_token: Optional[str] = typer.Option(
        None, "--read-token", help="Require this bearer token (or a write token) to read."),
    max_body: int = typer.Option(10_000_000, "--max-body", help="Largest request body accepted, in bytes."),
    get_path: Optional[str] = typer.Option(
        None, "--get", help="Run one GET request for this path through the app, print the answer, exit."),
    token: Optional[str] = typer.Option(None, "--token", help="With --get: the bearer token to send."),
) -> None:
    """Serve the store: web pages, their .json twins and the JSON API under /api/v1.

    Adding documents (POST /api/v1/documents) needs a bearer token: $RASHOMON_TOKEN,
    one made by `rashomon token create`, or an editor's (`rashomon user add`).
    Reviewers sign in at /sign-in with the token `rashomon user add` printed for them.
    """
    from .web import create_app, get

    with open_store(db, read_only=None) as store:
        web_app = create_app(store, read_token=read_token, max_body_bytes=max_body)
        if get_path is not None:
            status, _, body = get(web_app, get_path, token=token or read_token)
            typer.echo(body)
            raise typer.Exit(0 if status < 400 else 1)
        import uvicorn

        from .web.logs import log_config

        # the access log without the values of ?token= and other secret parameters
        uvicorn.run(web_app, host=host, port=port, log_level="info", log_config=log_config())


token_app = typer.Typer(no_args_is_help=True, help="Bearer tokens for adding documents through the API.")
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    name: str = typer.Argument(..., help="Who or what the token is for (a tool, a person)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Make a bearer token and print it; the store keeps only its hash."""
    with open_store(db) as store:
        secret = store.create_token(name)
    typer.echo(secret)
    errors_console.print(f"token for {escape(name)} created; it is shown only now. "
                         "Send it as 'Authorization: Bearer <token>'.")


user_app = typer.Typer(no_args_is_help=True, help="People who read and review, each with a token and a role.")
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="The person's name, as the history of corrections shows it."),
    role: str = typer.Option("editor", "--role", help="reader (reads), editor (and corrects), admin (and adds users)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Add a user and print their token, once; the store keeps only its hash."""
    with open_store(db) as store:
        secret = store.add_user(name, role)
    typer.echo(secret)
    errors_console.print(f"{escape(name)} ({escape(role)}) added; the token is shown only now. Sign in with it "
                         "at /sign-in, or send it as 'Authorization: Bearer <token>'.")


@user_app.command("list")
def user_list(db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
              as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """The users, their roles and when they were added (never their tokens)."""
    with open_store(db, read_only=None) as store:
        users = store.users()
    if as_json:
        console.print_json(data=users)
        return
    table = Table("name", "role", "added", title="Users", title_justify="left")
    for user in users:
        table.add_row(escape(user["name"]), user["role"], escape(str(user["created"])))
    console.print(table)


@app.command()
def history(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[datetime] = typer.Option(None, "--since", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                             help="Only what happened on or after this day."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """The corrections analysts made and the new findings (revisions, contradictions)
    of the events analysed since a day, newest first; the Atom feed
    /feeds/changes.atom lists the same."""
    from datetime import timezone

    moment = since.replace(tzinfo=timezone.utc) if since else None
    with open_store(db, read_only=None) as store:
        found = store.history(since=moment)
        orphans = {c.id for c in store.orphans()}
    for item in found["corrections"]:
        item["orphaned"] = item["id"] in orphans
    if as_json:
        console.print_json(data=found)
        return
    corrections = Table("when", "who", "what", "on", "before", "after", "note", title="Corrections",
                        title_justify="left")
    for c in found["corrections"]:
        claim = (c.get("target") or {}).get("claim") or {}
        on = claim.get("id") or (c.get("target") or {}).get("source") or (c.get("target") or {}).get("event") or ""
        corrections.add_row(escape(c["at"]), escape(c["who"]), escape(c["kind"] + (f" {c['slot']}" if c.get("slot") else "")),
                            escape(str(on)) + (" [yellow](orphaned)[/]" if c["orphaned"] else ""),
                            escape(history_value(c.get("before"))), escape(history_value(c.get("after"))),
                            escape(c.get("note") or ""))
    console.print(corrections)
    findings = Table("event updated", "kind", "slot", "event", "explanation", title="New findings",
                     title_justify="left")
    for f in found["findings"]:
        findings.add_row(escape(str(f["updated"])), f["kind"], escape(f["slot"]), escape(f["event"]),
                         escape(f["explanation"]))
    console.print(findings)
    if orphans:
        errors_console.print(f"[yellow]warning[/] {escape(Warnings.W017.format(count=len(orphans)))}")


def history_value(value) -> str:
    from .web.render import review_value

    return review_value(value)


@contextmanager
def open_store(db: str | None, *, read_only: bool | None = False):
    """The store at ``db``, closed afterwards; a coded store error (E070-E089), on
    opening or while in use, ends the command with 2. ``read_only=None`` (the
    commands that only read) opens a read-only SQLite file read-only; ``False`` (the
    commands that write) refuses it up front (E079)."""
    from .store import Store, StoreError

    store = None
    try:
        store = Store.open(db, read_only=read_only)
        yield store
    except StoreError as err:
        errors_console.print(f"[red]error[/] {escape(str(err))}")
        raise typer.Exit(2) from None
    finally:
        if store is not None:
            store.close()


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders to read, as for analyze."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary and errors."),
    sources_path: Optional[Path] = typer.Option(None, "--sources", help=SOURCES_HELP),
    min_confidence: Optional[float] = typer.Option(
        None, "--min-confidence", min=0.0, max=1.0, help=MIN_CONFIDENCE_HELP),
    confidence_model: Optional[Path] = typer.Option(None, "--confidence-model", help=MODEL_HELP),
    skip_off_topic: bool = typer.Option(
        True, "--skip-off-topic/--keep-off-topic",
        help=OFF_TOPIC_HELP + " Default, as a feed is mostly about other things: skip them."),
    write_group: int = typer.Option(
        DEFAULT_SETTINGS.write_group, "--write-group", min=1,
        help="Documents with claims written and linked to their events in one transaction: the events "
             "they share are re-grouped once, not once per document. A killed ingest loses at most the "
             "group being written (run again: the stored documents are skipped). 1: one at a time."),
    parse_process: bool = typer.Option(True, "--parse-process/--one-process", help=PARSE_PROCESS_HELP),
) -> None:
    """Analyse documents as analyze does and add what is new to the store.

    A document already stored (same id, same text) is skipped; the same id with other
    text is stored as its next version. A document about no strike is stored without
    being parsed, as off-topic (--keep-off-topic analyses it). Exit codes are
    analyze's; 2 when the store fails (the documents written before are kept: run
    the same command again).
    """
    analysis = make_analysis(sources_path, min_confidence, confidence_model, skip_off_topic=skip_off_topic,
                             parse_process=parse_process)
    analysis = replace(analysis, settings=replace(analysis.settings, write_group=write_group))
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn())
    with open_store(db) as store, \
            Progress(*columns, console=errors_console, transient=True, disable=quiet) as progress:
        task = progress.add_task("Ingesting", total=None)
        report = store.ingest(paths, analysis=analysis,
                              progress=lambda document: progress.advance(task))
    for error in report.errors:
        errors_console.print(f"[red]error[/] {escape(error.message)}")
    for warning in report.warnings:
        errors_console.print(f"[yellow]warning[/] {escape(warning)}")
    if not report.read:
        errors_console.print(f"[red]error[/] {escape(Errors.E040.format(paths=', '.join(map(str, paths))))}")
        raise typer.Exit(1)
    errors_console.print(
        f"{report.read} documents read: {report.added} added, {report.versions} new versions, "
        f"{report.unchanged} unchanged, {report.failed} failed"
        + (f", {report.off_topic} of them off-topic (stored, not analysed)" if report.off_topic else "")
        + f"; {report.claims} claims, "
        f"{report.events_touched} events touched, {report.events_merged} merged")
    raise typer.Exit(exit_code(report.failed, report.read))


FILTER_HELP = "Only events {what}."


@app.command()
def export(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    json_path: Optional[Path] = typer.Option(None, "--json", help="Write the ledger as JSON here."),
    markdown_path: Optional[Path] = typer.Option(None, "--markdown", help="Write a Markdown report here."),
    html_path: Optional[Path] = typer.Option(None, "--html", help="Write a self-contained HTML report here."),
    csv_path: Optional[Path] = typer.Option(
        None, "--csv", help="Write one row per event and source (ACLED-like columns) here."),
    since: Optional[datetime] = typer.Option(None, "--since", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                             help=FILTER_HELP.format(what="on or after this day")),
    until: Optional[datetime] = typer.Option(None, "--until", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                             help=FILTER_HELP.format(what="on or before this day")),
    region: Optional[str] = typer.Option(None, "--region", help=FILTER_HELP.format(
        what="in this first-level region, as the gazetteer names it (Odesa Oblast)")),
    side: Optional[str] = typer.Option(None, "--side", help=FILTER_HELP.format(
        what="a source of this side speaks of (ukraine, russia ...)")),
    source: Optional[str] = typer.Option(None, "--source", help=FILTER_HELP.format(
        what="this source speaks of (its registry id or key)")),
    contested: Optional[bool] = typer.Option(None, "--contested/--not-contested", help=FILTER_HELP.format(
        what="with a contradiction (--contested) or without one (--not-contested)")),
    case_path: Optional[Path] = typer.Option(
        None, "--case", help="Write the reviewed claims and facts as an evaluation case (score.py's format) here."),
    event: Optional[str] = typer.Option(None, "--event", help="Only this event (its id: e12, or r5 for one split off)."),
) -> None:
    """Write the store's ledger: what analyze writes for the same documents.

    Filters keep the events they select, with their claims, findings and documents,
    in every output. They are the web app's events filters, by the same query:
    export --csv out.csv --region "Odesa Oblast" --since 2025-03-01 writes the rows
    of /events.csv?region=Odesa+Oblast&date_from=2025-03-01.
    """
    from .store import hidden_password, store_files, store_url, write_csv
    from .web import queries

    if since and until and since > until:
        fail(Errors.E109.format(since=since.date(), until=until.date()))
    chosen = queries.selection(queries.EVENTS, {
        "date_from": since.date().isoformat() if since else None,
        "date_to": until.date().isoformat() if until else None,
        "region": region, "side": side, "source": source, "contested": contested})
    outputs = {"--json": json_path, "--markdown": markdown_path, "--html": html_path, "--csv": csv_path,
               "--case": case_path}
    check_outputs(outputs, files=[("the store's file", path) for path in store_files(store_url(db))])
    with open_store(db, read_only=None) as store:
        ledger = store.ledger()
        if ledger.documents and chosen.active:
            ledger = queries.restricted(ledger, queries.event_ids(store, chosen))
            if not ledger.events:
                fail(Errors.E110.format(filters=describe(chosen)), code=1)
        if ledger.documents and event is not None:
            found = store.event(event)
            if found is None:
                fail(Errors.E128.format(problem=f"no event '{event}' in this store"), code=1)
            ledger = queries.restricted(ledger, [found["event"]["id"]])
    if not ledger.documents:
        errors_console.print(f"[red]error[/] {escape(Errors.E077.format(url=hidden_password(store.url)))}")
        raise typer.Exit(1)
    written = []
    for fmt, path in (("json", json_path), ("markdown", markdown_path), ("html", html_path)):
        if path is not None:
            with writing(f"--{fmt}", path):
                written.append(write_report(ledger, fmt, path))
    if csv_path is not None:
        with writing("--csv", csv_path):
            written.append(write_csv(ledger, csv_path))
    if case_path is not None:
        from .review import case_of

        if not any(c.reviewed for c in ledger.claims):
            fail(Errors.E128.format(problem="no claim of " + (f"event {event}" if event else "the store")
                                    + " has been reviewed; review some first (/review/)"), code=1)
        with writing("--case", case_path):
            case = case_of(ledger, name=case_path.name.removesuffix(".json").removesuffix(".case"))
            case_path.write_text(json.dumps(case, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written.append(case_path)
    errors_console.print(f"{len(ledger.documents)} documents, {len(ledger.claims)} claims, "
                         f"{len(ledger.events)} events, {len(ledger.findings)} findings")
    for path in written:
        errors_console.print(f"wrote {escape(str(path))}")


def describe(chosen) -> str:
    """The filters of a selection as the command line wrote them."""
    names = {"date_from": "--since", "date_to": "--until"}
    return " ".join(f"{names.get(k, '--' + k)} {v}" for k, v in chosen.values.items())


@app.command()
def status(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """What the store holds: counts, the last ingest, speakers the registry does not know."""
    with open_store(db, read_only=None) as store:
        found = store.status()
    if as_json:
        console.print_json(data=found)
        return
    table = Table("", "", title=escape(found["store"]), title_justify="left", show_header=False)
    for name in ("documents", "off_topic_documents", "replaced_versions", "claims", "sources", "events",
                 "contested_events", "findings"):
        table.add_row(STATUS_LABELS.get(name, name.replace("_", " ")), str(found[name]))
    last = found["last_ingest"]
    if last:
        when = f"run {last['run']}, {last['started']}, {last['status']}"
        table.add_row("last ingest", escape(f"{when}: {last['added']} added ({last['off_topic']} off-topic), "
                                            f"{last['unchanged']} unchanged, {last['failed']} failed"))
    console.print(table)
    if found["interrupted_runs"]:
        runs = Table("run", "started", "paths", "added", title="Interrupted ingests (their process is gone; "
                     "what they wrote is whole, run them again for the rest)", title_justify="left")
        for run in found["interrupted_runs"]:
            runs.add_row(str(run["run"]), escape(str(run["started"])), escape(", ".join(run["paths"] or [])),
                         str(run["added"]))
        console.print(runs)
    if found["replaced_documents"]:
        replaced = Table("document", "version", "from", "replaced by", "when",
                         title="Replaced documents (newest first)", title_justify="left")
        for row in found["replaced_documents"]:
            by = escape(str(row["replaced_by"]))
            replaced.add_row(escape(row["doc_id"]), str(row["version"]), escape(str(row["path"])),
                             f"[yellow]{by} (another file)[/]" if row["other_path"] else by,
                             escape(str(row["when"])))
        console.print(replaced)
    if found["unknown_speakers"]:
        speakers = Table("speaker", "claims", "documents", title="Speakers the registry does not know",
                         title_justify="left")
        for row in found["unknown_speakers"]:
            speakers.add_row(escape(row["name"]), str(row["claims"]), str(row["documents"]))
        console.print(speakers)


db_app = typer.Typer(no_args_is_help=True, help="The store's schema.")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(db: Optional[str] = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Bring the store's schema to this rashomon's newest migration (creating it if new)."""
    from .store import hidden_password

    with open_store(db) as store:  # opening upgrades
        revision = store.revision()
    errors_console.print(f"{escape(hidden_password(store.url))} is at schema revision {revision}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
