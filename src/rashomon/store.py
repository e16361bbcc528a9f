"""The store: every day's ledger kept in SQLite or PostgreSQL, added to incrementally.

``Store.open(url)`` sets up a new store (Alembic migrations shipped in
``migrations/``) and ``Store.ingest`` adds documents to it:

1. Documents already stored (same id, same sha256 of the text) are skipped
   before any analysis; the same id with other text is the next version, and the
   version it replaces keeps its rows, marked ``replaced``.
2. The others go through the document-level stages one at a time
   (``pipeline.analyze_each``); their results are written in groups
   (``Settings.write_group`` documents with claims, and the claimless ones between
   them), each group in one transaction, so a killed ingest leaves whole groups or
   none. Each document's rows are written under a savepoint of their own: one the
   store refuses fails alone.
3. In that transaction the group's new claims are grouped with the stored events
   they could join, once for the whole group (a feed's documents of one place and
   week share their blocks, which one document at a time would re-group again and
   again), so that the store holds what one ``analyze`` of every stored document
   would give, whatever order and groups the documents came in (``order``).
   ``resolve`` decides each topic (a report's place and day, keyed by its
   region: ``resolve.block_key``) against the events of the same key within
   ``event_window_days``, or of any day when either is undated; every event keeps
   those keys with its days (``topic_keys``). The block is the stored events
   near the new documents' topics; ``pipeline.group`` (``resolve``) runs on their
   documents, and every event that comes out different from the stored one has
   its own neighbours added, until no changed event has a neighbour outside the
   block: the events outside are then untouched by the new documents, and those
   inside are what a batch run makes. Near-copies are marked again among the
   documents sharing events with the block's (``pipeline.mark_reprints``), and
   ``compare`` runs on the block's events. The groups are mapped onto the stored
   event ids: the oldest id survives a merge, the others become aliases leading
   to it. The cost of a batch grows with the batch and the events it touches, not
   with the store (an undated report, which ``resolve`` weighs against every
   event of its region, is the exception: its region is its block).

Writers take one lock per group's transaction (SQLite's write lock, a row lock
on PostgreSQL), while the slow analysis runs in parallel; unique constraints and
``INSERT ... ON CONFLICT`` make a document, a source or an event link land once.
Every query is built by SQLAlchemy with bound parameters.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import socket
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import quote

from sqlalchemy import (
    Integer,
    Table,
    Text,
    column,
    and_,
    create_engine,
    delete,
    event,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, NoSuchModuleError

from . import review
from .errors import Errors, Warnings
from .ledger import Claim, Document, DocumentError, Event, Fact, Finding, Ledger, Source
from .review import Correction
from .models import (
    ApiToken,
    CorrectionRow,
    RegistryOverlayRow,
    UserRow,
    BlockLock,
    ClaimRow,
    DocumentRow,
    EventAlias,
    EventClaim,
    EventKey,
    EventRow,
    FindingClaim,
    FindingRow,
    IngestRun,
    PlaceRow,
    SourceRow,
)
from .duplicates import mark_duplicates
from .order import canonical, canonical_claims, stored_key, text_sha256
from .pipeline import (Analysis, DocumentResult, Executor, Progress, analyze_each, group, judge,
                       reprint_scopes, stage_failure)
from .read import read_paths
from .resolve import resolve as resolve_events

DEFAULT_URL = "sqlite:///rashomon.db"
BACKENDS = ("sqlite", "postgresql")  # the databases rashomon stores in
INT64_MAX = 2**63 - 1  # the largest offset or limit either database takes
KEY_MAX = 2**31 - 1  # the largest key: the tables' keys are 32-bit integers on PostgreSQL
MIGRATIONS = Path(__file__).parent / "migrations"

D = DocumentRow.__table__
C = ClaimRow.__table__
S = SourceRow.__table__
P = PlaceRow.__table__
E = EventRow.__table__
EA = EventAlias.__table__
EK = EventKey.__table__
EC = EventClaim.__table__
F = FindingRow.__table__
FC = FindingClaim.__table__
R = IngestRun.__table__
T = ApiToken.__table__
LOCK = BlockLock.__table__
U = UserRow.__table__
K = CorrectionRow.__table__
O = RegistryOverlayRow.__table__
HISTORY_EVENTS = 200  # the events whose findings ``history`` lists at most
ROLES = ("reader", "editor", "admin")  # what each may do: read; and correct; and add users

EVENT_SORTS = {"date": E.c.date, "claims": E.c.n_claims, "findings": E.c.n_findings,
               "documents": E.c.n_documents, "updated": E.c.updated, "id": E.c.pk, "place": E.c.place}
CHUNK = 500  # ids per IN (...) list
# documents without claims a write group takes along, per document with claims it may hold
# (``Settings.write_group``): a feed's off-topic ones add an insert each to the transaction
RIDE_ALONG = 16
FACET_LIMIT = 30  # values a facet shows, as Datasette's default_facet_size
# the first-level region the gazetteer gave an event, kept in its data (no column of its own)
EVENT_REGION = E.c.data[("location", "region")].as_string()


@dataclass
class FacetValue:
    """One value of a facet and how many of the listed rows have it."""

    value: Any  # as stored (None: the rows without one)
    label: Any  # what to show (a source's label for its key)
    count: int


@dataclass
class Facet:
    """The counts of one column's values over the rows a filter selects."""

    name: str
    values: list[FacetValue]
    truncated: bool = False  # more values than were counted

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "truncated": self.truncated,
                "values": [{"value": v.value, "label": v.label, "count": v.count} for v in self.values]}


def _grouped(value, label, *, where: list, joined=None, count=None):
    """``value``, its ``label`` and the count of rows (or of ``count``) per value."""
    statement = select(value.label("value"), label.label("label"), (count if count is not None else func.count())
                       .label("n"))
    if joined is not None:
        statement = statement.select_from(joined)
    return statement.where(*where).group_by(value, label)


def _own(column, key):
    """A facet over a column of the listed table itself."""
    return lambda matching: _grouped(column, column, where=[key.in_(matching)])


EVENTS_CLAIMS = EC.join(C, C.c.pk == EC.c.claim_pk)
# facet name -> the counts over the events whose keys a subquery selects
EVENT_FACETS: dict[str, Callable] = {
    "side": lambda matching: _grouped(C.c.source_side, C.c.source_side, joined=EVENTS_CLAIMS,
                                      where=[EC.c.event_pk.in_(matching)], count=func.count(func.distinct(EC.c.event_pk))),
    "source": lambda matching: _grouped(S.c.key, func.coalesce(S.c.label, S.c.name),
                                        joined=EVENTS_CLAIMS.join(S, S.c.pk == C.c.source_pk),
                                        where=[EC.c.event_pk.in_(matching)],
                                        count=func.count(func.distinct(EC.c.event_pk))),
    "region": _own(EVENT_REGION, E.c.pk),
    "month": _own(func.substr(E.c.date, 1, 7), E.c.pk),
    "type": _own(E.c.type, E.c.pk),
    "contested": _own(E.c.contested, E.c.pk),
}
CLAIM_FACETS: dict[str, Callable] = {
    "side": _own(C.c.source_side, C.c.pk),
    "source": lambda matching: _grouped(S.c.key, func.coalesce(S.c.label, S.c.name),
                                        joined=C.outerjoin(S, S.c.pk == C.c.source_pk), where=[C.c.pk.in_(matching)]),
    "kind": _own(C.c.source_kind, C.c.pk),
    "stance": _own(C.c.stance, C.c.pk),
    "lang": lambda matching: _grouped(D.c.lang, D.c.lang, joined=C.join(D, D.c.pk == C.c.document_pk),
                                      where=[C.c.pk.in_(matching)]),
}
SOURCE_FACETS: dict[str, Callable] = {"side": _own(S.c.side, S.c.pk), "kind": _own(S.c.kind, S.c.pk)}
DOCUMENT_FACETS: dict[str, Callable] = {"lang": _own(D.c.lang, D.c.pk), "publisher": _own(D.c.publisher, D.c.pk),
                                        "skipped": _own(D.c.skipped, D.c.pk)}
FINDING_FACETS: dict[str, Callable] = {"kind": _own(F.c.kind, F.c.pk), "slot": _own(F.c.slot, F.c.pk)}


class DocumentDataError(Exception):
    """The store refused one document's data (a value out of the column's range):
    that document fails, the batch goes on."""


class StoreError(Exception):
    """A coded store error (E070-E089, E032); ``code`` is the code, the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.code = message[1:5]


def store_url(url: str | None = None) -> str:
    """The store to use: ``url``, else ``RASHOMON_DB``, else ``sqlite:///rashomon.db``."""
    return url or os.environ.get("RASHOMON_DB") or DEFAULT_URL


@dataclass
class Page:
    """One page of a listing: ``items`` in the ledger's JSON shape, ``total`` matching."""

    items: list[dict]
    total: int
    limit: int
    offset: int

    def to_json(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "limit": self.limit, "offset": self.offset}


@dataclass
class Linking:
    """What the re-link of a written document needs (``_Writer.link``)."""

    document: Document
    claims: list[Claim]  # as stored: their ids are the rows'
    places: list[str]
    inherited: set[int]  # the events of the version it replaced: their ids lead to its claims' events


@dataclass
class Written:
    """What writing one document did."""

    # "added", "version", "unchanged", or "analysed": stored before without analysis
    # (off-topic), the same text analysed now
    outcome: str
    claims: int = 0
    touched: set[int] = field(default_factory=set)  # the events re-linked (merged ones included)
    merged: int = 0
    replaced_from: str | None = None  # the path of a version from another file it replaced
    off_topic: bool = False  # stored without analysis
    # what is left to link once the document's rows are written (None: nothing)
    linking: Linking | None = field(default=None, repr=False)


@dataclass
class IngestReport:
    """What one ingest did: counts, and the errors and warnings of its documents."""

    run: int | None = None
    read: int = 0
    added: int = 0
    versions: int = 0
    unchanged: int = 0
    failed: int = 0
    claims: int = 0
    events_touched: int = 0  # distinct events re-linked over the whole batch
    events_merged: int = 0
    off_topic: int = 0  # of the added and new versions, those stored without analysis
    now_analysed: int = 0  # stored before without analysis (off-topic), analysed by this run
    errors: list[DocumentError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    touched: set[int] = field(default_factory=set, repr=False)

    def count(self, written: Written) -> None:
        if written.outcome == "unchanged":
            self.unchanged += 1
            return
        self.added += written.outcome == "added"
        self.versions += written.outcome == "version"
        self.now_analysed += written.outcome == "analysed"
        self.off_topic += written.off_topic
        self.claims += written.claims
        self.linked(written.touched, written.merged)

    def linked(self, touched: set[int], merged: int) -> None:
        """Count the events a re-link touched and merged away (of one document or a group)."""
        self.touched |= touched
        self.events_touched = len(self.touched)
        self.events_merged += merged

    def to_json(self) -> dict[str, Any]:
        return {"run": self.run, "read": self.read, "added": self.added, "versions": self.versions,
                "unchanged": self.unchanged, "failed": self.failed, "claims": self.claims,
                "events_touched": self.events_touched, "events_merged": self.events_merged,
                "off_topic": self.off_topic, "now_analysed": self.now_analysed,
                "errors": [e.to_json() for e in self.errors], "warnings": list(self.warnings)}


# --------------------------------------------------------------------------
# opening and migrating


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys, a busy timeout and
    ``BEGIN IMMEDIATE`` for writes, so concurrent writers wait instead of failing.

    ``read_only`` opens SQLite through a ``mode=ro`` or ``immutable=1`` URI (see
    :func:`sqlite_read_only_uri`) and PostgreSQL in read-only transactions: nothing
    through this engine can change the store.
    """
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        if backend not in BACKENDS:
            # refused before SQLAlchemy imports a driver rashomon does not ship
            raise StoreError(Errors.E070.format(url=hidden_password(url), detail=(
                f"'{backend}' is not a database rashomon stores in (SQLite or PostgreSQL)")))
        if backend == "sqlite":
            memory = parsed.database in (None, "", ":memory:")
            if read_only and not memory:
                uri = sqlite_read_only_uri(Path(parsed.database))
                engine = create_engine(parsed, creator=lambda: sqlite3.connect(
                    uri, uri=True, timeout=60, check_same_thread=False))
            else:
                engine = create_engine(parsed, connect_args={"timeout": 60})
            _sqlite_transactions(engine, memory=memory, read_only=read_only)
            return engine
        if parsed.drivername in ("postgres", "postgresql"):
            parsed = parsed.set(drivername="postgresql+psycopg")  # the driver rashomon installs
        options = {"connect_args": {"options": "-c default_transaction_read_only=on"}} if read_only else {}
        return create_engine(parsed, pool_pre_ping=True, **options)
    except (ArgumentError, NoSuchModuleError, ValueError, ImportError) as err:
        raise StoreError(Errors.E070.format(url=hidden_password(url), detail=err)) from None


def writable(path: Path) -> bool:
    """Whether ``path`` may be written: the system says so and its mode has a write
    bit. The mode counts because root may write anything: a file or folder made
    read-only (``chmod a-w``) is one its owner wants left alone, even by root."""
    try:
        return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)
    except OSError:
        return False


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite store at ``url``; None for PostgreSQL, memory or a bad address
    (:func:`make_engine` says what is wrong with it)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def sqlite_read_only(url: str) -> str | None:
    """Why the SQLite store at ``url`` cannot be written (its file or its folder is
    read-only), or None: writable, not SQLite, in memory or not made yet."""
    path = sqlite_path(url)
    if path is None or not path.exists():
        return None
    if not writable(path):
        return f"the file {path} is read-only"
    if not writable(path.parent.resolve()):
        return f"its folder {path.parent.resolve()} is read-only"  # no journal can be made there
    return None


def store_files(url: str) -> list[Path]:
    """The files a SQLite store at ``url`` is kept in (the database, its WAL, WAL index
    and rollback journal), whether they exist or not; none for PostgreSQL."""
    path = sqlite_path(url)
    if path is None:
        return []
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


def sqlite_missing(url: str) -> Path | None:
    """The file of a SQLite store at ``url`` when it does not exist (None otherwise)."""
    path = sqlite_path(url)
    return path if path is not None and not path.exists() else None


def sqlite_read_only_uri(path: Path) -> str:
    """The SQLite URI that reads ``path`` without writing anything.

    ``mode=ro`` reads through SQLite's locks and sees what a writer commits, but in
    a WAL-mode store it needs the WAL index (``-shm``), which it makes when missing:
    impossible in a read-only folder, and one made with a read-only file's mode
    would later stop the owner's own writes. So a read-only file or folder that no
    one has open (no ``-shm``, no transactions left in the ``-wal``) is opened
    ``immutable=1``: no lock, no file made, the store read as it is. A store that
    changes under an immutable reader may give it wrong answers, so once the owner
    ingests again, start ``serve`` again.
    """
    path = path.resolve()
    shm, wal = (path.with_name(path.name + suffix) for suffix in ("-shm", "-wal"))
    in_use = shm.exists() or (wal.exists() and wal.stat().st_size > 0)
    may_index = writable(path) and writable(path.parent)
    return f"file:{quote(str(path))}?{'mode=ro' if in_use or may_index else 'immutable=1'}"


def _sqlite_transactions(engine: Engine, *, memory: bool, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy, not the driver, begins
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if not memory and not read_only:  # setting the journal mode writes the file's header
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        writing = connection.get_execution_options().get("rashomon_write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def hidden_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def alembic_config(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(DEFAULT_URL)).get_current_head()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {r.revision for r in ScriptDirectory.from_config(alembic_config(DEFAULT_URL)).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade_schema(engine: Engine, url: str) -> str:
    """Bring the store's schema to the newest migration; returns that revision.

    Runs in one transaction holding the store's write lock (PostgreSQL: an
    advisory lock), so two processes opening a new store at once create it once.
    """
    from alembic import command

    with _writing(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(7070)"))
        if current_revision(connection) != head_revision():
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    return head_revision()


@contextmanager
def _writing(engine: Engine, *, locked: bool = False) -> Iterator[Connection]:
    """A write transaction (on SQLite ``BEGIN IMMEDIATE``: the write lock from the start).
    ``locked``: one writer of documents and corrections at a time on PostgreSQL too
    (the row of the lock table, held to the end of the transaction)."""
    with engine.connect() as connection:
        connection.execution_options(rashomon_write=True)
        with connection.begin():
            if locked and connection.dialect.name == "postgresql":
                connection.execute(select(LOCK.c.pk).where(LOCK.c.pk == 1).with_for_update())
            yield connection


def _insert(connection: Connection, table: Table):
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _pk(public_id: str | None, letter: str) -> int | None:
    """``"e12"`` -> 12; anything else -> None, including a number no key can be (beyond
    the keys' 32 bits: PostgreSQL's ``integer`` refuses a larger one outright) and other
    scripts' digits (``isdigit`` takes "²" and "٣")."""
    digits = (public_id or "")[1:]
    if not (public_id or "").startswith(letter) or not (digits.isascii() and digits.isdigit()):
        return None
    if len(digits) > len(str(KEY_MAX)) or int(digits) > KEY_MAX:
        return None
    return int(digits)


UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """What makes ``value`` impossible to send to the store, or None.

    PostgreSQL's text cannot hold NUL (SQLite's full-text index stops at one), and a
    lone surrogate is not UTF-8 at all: no stored text holds either, so a filter or
    an id with one is refused on both databases alike.
    """
    if (found := UNSTORABLE.search(value)) is None:
        return None
    char, at = found.group(), found.start()
    if char == "\x00":
        return f"holds a NUL character (character {at})"
    return f"holds a lone surrogate (U+{ord(char):04X}, character {at}), which is not Unicode text"


def _check(**values: str | None) -> None:
    """Refuse, with E081 naming it, a filter or an id the store cannot look up."""
    for name, value in values.items():
        problem = None if value is None else text_problem(str(value))
        if problem is not None:
            raise StoreError(Errors.E081.format(
                name=name, value=ascii(str(value)[:80]),
                problem=f"{problem}; no stored text or id holds one, so remove it"))


def _window(limit: int, offset: int) -> None:
    """A page's limit and offset within what both databases take (E081 if not)."""
    for name, value in (("limit", limit), ("offset", offset)):
        if not 0 <= value <= INT64_MAX:
            raise StoreError(Errors.E081.format(name=name, value=value,
                                                problem=f"is outside 0 to {INT64_MAX}, what both databases take"))


# --------------------------------------------------------------------------
# block keys: which stored events a new document may belong to


def key_of(name: str | None) -> str | None:
    """A place name as a block key: no accents, lower case, one space between words."""
    if not name:
        return None
    decomposed = unicodedata.normalize("NFKD", str(name))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = " ".join(plain.replace("-", " ").replace("'", " ").replace("’", " ").split())
    return words[:1000] or None


def proper_names(name: str | None) -> set[str]:
    """The keys of the proper names in a place or target ("raffinerie de
    Novokouïbychevsk" -> "novokouibychevsk"); a common noun ("dépôt") is no key."""
    words = [w for w in str(name or "").replace("'", " ").replace("’", " ").split() if w[:1].isupper()]
    return {k for k in map(key_of, words) if k}


def event_keys(ev: Event) -> set[str]:
    """The keys an event is found by, from the fields ``resolve`` gave it.

    A geocoded event is found by its place and its region (``resolve`` blocks by
    region: an event of the region may take a new document); one the gazetteer
    could not place, by the words of its place, as ``resolve`` compares them.
    """
    if ev.location is not None:
        keys = {f"geo:{ev.location.geonameid}"} if ev.location.geonameid else set()
        if ev.location.region:
            keys.add(f"region:{key_of(ev.location.region)}")
        return keys or {k for k in [key_of(ev.location.name)] if k}
    return {k for k in [key_of(ev.place)] if k} | proper_names(ev.place) | proper_names(ev.target)


def event_days(ev: Event) -> list[date]:
    return [date.fromisoformat(d[:10]) for d in (ev.date, ev.date_end) if d]


# --------------------------------------------------------------------------
# rows <-> ledger objects


def document_of(row) -> Document:
    return Document(id=row.doc_id, text=row.text, lang=row.lang, publisher=row.publisher,
                    published=row.published, url=row.url, path=row.path, title=row.title,
                    duplicate_of=row.duplicate_of, skipped=row.skipped)


def claim_of(row) -> Claim:
    return Claim(
        id=f"c{row.pk}", doc=row.doc_id,
        source=Source(name=row.source_name, id=row.source_id, kind=row.source_kind,
                      side=row.source_side, label=row.source_label, refers_to=row.source_refers_to),
        stance=row.stance, text=row.text, span=(row.span_start, row.span_end),
        sentence=(row.sentence_start, row.sentence_end), attributed=row.attributed, cue=row.cue,
        quote=row.quote, path=row.path, said_at=row.said_at, later=row.later,
        facts=[Fact.from_json(f) for f in row.facts or []], confidence=row.confidence)


def claim_values(claim: Claim, document_pk: int, position: int, source_pk: int | None) -> dict[str, Any]:
    return {
        "document_pk": document_pk, "position": position, "source_pk": source_pk,
        "attributed": claim.attributed, "source_name": claim.source.name or "",
        "source_id": claim.source.id, "source_kind": claim.source.kind, "source_side": claim.source.side,
        "source_label": claim.source.label, "source_refers_to": claim.source.refers_to, "cue": claim.cue, "stance": claim.stance, "text": claim.text,
        "span_start": claim.span[0], "span_end": claim.span[1],
        "sentence_start": claim.sentence[0], "sentence_end": claim.sentence[1],
        "quote": claim.quote, "path": claim.path, "said_at": claim.said_at, "later": claim.later,
        "facts": [f.to_json() for f in claim.facts], "confidence": claim.confidence,
    }


def source_key(source: Source) -> str | None:
    """One key per speaker: the registry id, else the words that name them."""
    if source.id:
        return source.id
    name = " ".join((source.who or "").lower().split())
    return f"name:{name}"[:1000] if name else None


def source_item(row, claims: int) -> dict[str, Any]:
    return {"key": row.key, "id": row.id, "name": row.name, "label": row.label, "kind": row.kind,
            "side": row.side, "claims": claims}


def iso(moment: datetime | None) -> str | None:
    """A stored time in ISO 8601, in UTC (SQLite gives it back without its zone)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat(timespec="seconds")


# who runs an ingest, to tell later whether it is still going: "host:pid"
RUN_OWNER = f"{socket.gethostname()}:{os.getpid()}"
# a run of another machine that started this long ago and never finished is gone
STALE_RUN = timedelta(days=1)


def run_is_gone(owner: str | None, started: datetime | None, stale_before: datetime) -> bool:
    """Is the process of a run still 'running' gone? On this machine, by its pid;
    elsewhere (or for runs stored before owners were), by the run's age."""
    host, _, pid = (owner or "").rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False  # this process: another Store of ours, still ingesting
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, OSError):
            return False  # alive, another user's
        return False
    if started is None:
        return True
    started = started if started.tzinfo else started.replace(tzinfo=timezone.utc)
    return started < stale_before


def run_item(row) -> dict[str, Any]:
    return {"run": row.pk, "started": iso(row.started), "finished": iso(row.finished), "status": row.status,
            "paths": row.paths, "read": row.read, "added": row.added, "versions": row.versions,
            "unchanged": row.unchanged, "failed": row.failed, "claims": row.claims,
            "events_touched": row.events_touched, "events_merged": row.events_merged,
            "off_topic": row.off_topic, "now_analysed": row.now_analysed}


def correction_of(row) -> Correction:
    return Correction(id=row.pk, who=row.who, at=iso(row.at), kind=row.kind, doc=row.doc_id, sha256=row.doc_sha256,
                      span=(row.span_start, row.span_end) if row.span_start is not None else None, slot=row.slot,
                      target=dict(row.target or {}), before=row.before, after=row.after, note=row.note,
                      status=row.status)


def ledger_of_parts(parts: list[dict[str, Any]]) -> Ledger:
    """The ledger of some events as ``event`` reads them (claims, findings, documents)."""
    documents = {d["id"]: Document(**d) for p in parts for d in p["documents"]}
    claims = {c["id"]: Claim.from_json(c) for p in parts for c in p["claims"]}
    return Ledger(documents=canonical(documents.values()), claims=canonical_claims(claims.values(), documents.values()),
                  events=[Event.from_json(p["event"]) for p in parts],
                  findings=[Finding.from_json(f) for p in parts for f in p["findings"]])


def event_answer(ledger: Ledger, event: Event) -> dict[str, Any]:
    """One event of a ledger in the shape ``Store.event`` gives."""
    claims = ledger.claim_index()
    documents = ledger.document_index()
    item = event.to_json()
    found = [f.to_json() for f in ledger.findings if f.event == event.id]
    return {"event": item, "claims": [claims[c].to_json() for c in event.claims if c in claims],
            "findings": found, "documents": [documents[d].to_json() for d in event.documents if d in documents]}


EVENT_OWN = ("id", "claims", "documents", "findings", "reviewed", "corrections")  # rebuilt from the link tables


def event_data(ev: Event) -> dict[str, Any]:
    return {k: v for k, v in ev.to_json().items() if k not in EVENT_OWN}


CLAIM_COLUMNS = (C, D.c.doc_id)
CURRENT = D.c.replaced.is_(False)


class Store:
    """A ledger kept in a database; see the module's docstring."""

    def __init__(self, engine: Engine, url: str, *, read_only: str | None = None) -> None:
        self.engine = engine
        self.url = url
        self.read_only = read_only  # why nothing may be written (None: writable)

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True,
             read_only: bool | None = False) -> "Store":
        """Open the store at ``url`` (default: ``RASHOMON_DB``, else ``sqlite:///rashomon.db``).

        A new store, or one whose schema is older than this rashomon, is brought to
        the newest migration unless ``upgrade`` is False, which raises E073 instead.

        ``read_only=True`` opens it so that nothing can be written (SQLite through a
        ``mode=ro`` or ``immutable=1`` URI, PostgreSQL in read-only transactions);
        writing then raises E079, and a schema older than this rashomon E078.
        ``None`` opens a SQLite store read-only when its file or folder is read-only
        (what ``status``, ``export`` and ``serve`` do), writable otherwise. ``False``
        (what ``ingest`` does) refuses a read-only SQLite file with E079 up front.
        """
        url = store_url(url)
        why = sqlite_read_only(url)
        if why is not None and read_only is False:
            raise StoreError(Errors.E079.format(url=hidden_password(url), why=why,
                                                action="Opening it to write"))
        if read_only is True and why is None:
            why = "opened read-only"
            if (missing := sqlite_missing(url)) is not None:
                raise StoreError(Errors.E070.format(url=hidden_password(url), detail=f"no such file {missing}"))
        engine = make_engine(url, read_only=why is not None)
        store = cls(engine, url, read_only=why)
        try:
            with engine.connect() as connection:
                revision = current_revision(connection)
            if revision is not None and revision not in known_revisions():
                raise StoreError(Errors.E075.format(url=hidden_password(url), found=revision,
                                                    head=head_revision()))
            if revision != head_revision() and why is not None:
                raise StoreError(Errors.E078.format(url=hidden_password(url), why=why,
                                                    found=revision or "none", head=head_revision()))
            if revision != head_revision():
                if not upgrade:
                    raise StoreError(Errors.E073.format(url=hidden_password(url), found=revision or "none",
                                                        head=head_revision()))
                upgrade_schema(engine, url)
        except DBAPIError as err:
            engine.dispose()
            raise StoreError(Errors.E070.format(url=hidden_password(url), detail=_reason(err))) from None
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def upgrade(self) -> str:
        """Bring the schema to the newest migration (``rashomon db upgrade``)."""
        self._writable("Upgrading its schema")
        with self._guard():
            return upgrade_schema(self.engine, self.url)

    def revision(self) -> str | None:
        """The schema revision the store is at."""
        with self._reading() as connection:
            return current_revision(connection)

    # ---------------------------------------------------------------- ingest

    def ingest(self, paths: Iterable[str | Path], *, analysis: Analysis | None = None,
               progress: Progress | None = None) -> IngestReport:
        """Read files and folders as ``analyze`` does and add what is new to the store."""
        self._writable("Adding documents")
        analysis = analysis or Analysis()
        paths = [str(p) for p in paths]
        run = read_paths(paths, settings=analysis.settings)
        documents, errors = [], []
        for item in run:
            (errors if isinstance(item, DocumentError) else documents).append(item)
        report = self.ingest_documents(documents, analysis=analysis, progress=progress, paths=paths,
                                       errors=errors)
        report.warnings = run.warnings + report.warnings
        return report

    def ingest_documents(self, documents: list[Document], *, analysis: Analysis | None = None,
                         progress: Progress | None = None, paths: list[str] | None = None,
                         errors: list[DocumentError] | None = None,
                         executor: Executor | None = None) -> IngestReport:
        """Add documents to the store: the known ones are skipped before analysis, the
        others are analysed and written in groups (``Settings.write_group``), each
        group in one transaction whose documents are linked together: their blocks
        re-grouped once, not once per document. ``executor`` runs the document-level
        stages elsewhere, as for ``pipeline.analyze_documents``.

        The documents are taken in the canonical order (``order``), but what is stored
        does not depend on it, nor on the groups: the events, near-copies and findings
        are those one ``analyze`` of every stored document gives, however the documents
        came in (in one batch, in several, or from writers at once). A document the
        store refuses fails alone (``_write_group``)."""
        self._writable("Adding documents")
        analysis = analysis or Analysis()
        size = analysis.settings.write_group
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise StoreError(Errors.E032.format(value=size))
        # near-copies are marked as their events are written (``_Writer.mark_reprints``)
        documents = canonical(documents)
        report = IngestReport(errors=list(errors or []), failed=len(errors or []))
        report.read = len(documents) + report.failed
        report.run = self._start_run(paths or [])
        try:
            # a document stored without analysis (off-topic) is new to a run that keeps those
            known = self._known(documents, analysed_only=not analysis.settings.skip_off_topic)
            fresh = []
            for document in documents:
                if (document.id, text_sha256(document.text)) in known:
                    report.unchanged += 1
                    if progress is not None:
                        progress(document)
                else:
                    fresh.append(document)
            group: list[DocumentResult] = []
            ids: set[str] = set()  # of the group's documents
            with_claims = 0  # of the group's documents
            for result in (executor or analyze_each)(fresh, analysis=analysis, progress=progress):
                if isinstance(result, DocumentError):
                    report.errors.append(result)
                    report.failed += 1
                    continue
                if result.document.id in ids:
                    # a group holds one version of a document: the next one replaces it once it
                    # is linked, and so inherits its events' ids, as when each is written alone
                    self._write_group(group, analysis=analysis, report=report)
                    group, ids, with_claims = [], set(), 0
                group.append(result)
                ids.add(result.document.id)
                with_claims += bool(result.claims)
                if size == 1 or with_claims >= size or len(group) >= size * RIDE_ALONG:
                    self._write_group(group, analysis=analysis, report=report)
                    group, ids, with_claims = [], set(), 0
            self._write_group(group, analysis=analysis, report=report)
        except StoreError:
            self._finish_run(report, status="failed", quietly=True)
            raise
        except BaseException:
            # Ctrl-C or a failure no document owns: the run says so, not 'running' for good
            self._finish_run(report, status="interrupted", quietly=True)
            raise
        self._finish_run(report, status="done")
        return report

    def _write_group(self, results: list[DocumentResult], *, analysis: Analysis, report: IngestReport) -> None:
        """Write a group of analysed documents in one transaction, link them together,
        and count them in ``report``.

        Each document's rows are written under a savepoint of their own: one the store
        refuses (E029) or whose write hits a bug (E027) is rolled back alone and the
        others go on. Should the group's link fail on a document's data or a bug, the
        whole group is rolled back and its documents are written one by one, so that
        the one that causes it fails alone. A lost connection or a full disk stops
        the batch (E071 / E072, naming the document being written, or the group's
        first while they are linked); the groups written before are kept."""
        if len(results) <= 1:
            for result in results:
                self._write_one(result, analysis=analysis, report=report)
            return
        failed: dict[int, DocumentError] = {}
        written: list[tuple[DocumentResult, Written]] = []
        current = results[0].document
        try:
            with _writing(self.engine, locked=True) as connection:
                writer = _Writer(connection, analysis)
                for number, result in enumerate(results):
                    current = result.document
                    try:
                        with connection.begin_nested():
                            written.append((result, writer.write(result, report.run)))
                    except DataError as err:
                        failed[number] = refused(err, current)
                    except DBAPIError:
                        raise
                    except Exception as exc:  # noqa: BLE001 -- a bug on one document's write is that document's
                        failed[number] = stage_failure(current, exc)
                current = None
                linkings = [w.linking for _, w in written if w.linking is not None]
                touched, merged = writer.link(linkings) if linkings else (set(), 0)
        except DataError:
            self._write_alone(results, failed, analysis=analysis, report=report)
            return
        except DBAPIError as err:
            raise write_error(err, current or results[0].document,
                              together=[r.document for r in results]) from None
        except Exception:  # noqa: BLE001 -- a bug in the group's link: found again, on its document, alone
            self._write_alone(results, failed, analysis=analysis, report=report)
            return
        for result, done in written:
            self._counted(result.document, done, report)
        report.linked(touched, merged)
        for _number, error in sorted(failed.items()):
            self._failed(error, report)

    def _write_alone(self, results: list[DocumentResult], failed: dict[int, DocumentError], *,
                     analysis: Analysis, report: IngestReport) -> None:
        """A group whose link failed, rolled back: its documents one by one (those whose
        own rows the store refused keep that error)."""
        for number, result in enumerate(results):
            if number in failed:
                self._failed(failed[number], report)
            else:
                self._write_one(result, analysis=analysis, report=report)

    def _write_one(self, result: DocumentResult, *, analysis: Analysis, report: IngestReport) -> None:
        """Write one document; what only this document's data causes is its error
        (E029, or E027 for a failure of the store's own code), and the batch goes on.
        A lost connection or a full disk still stops the batch (StoreError)."""
        document = result.document
        try:
            written = self.write(result, analysis=analysis, run=report.run)
        except DocumentDataError as err:
            self._failed(DocumentError(code="E029", message=str(err), path=document.path), report)
            return
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 -- a bug on one document's write is that document's
            self._failed(stage_failure(document, exc), report)
            return
        self._counted(document, written, report)

    @staticmethod
    def _counted(document: Document, written: Written, report: IngestReport) -> None:
        report.count(written)
        if written.replaced_from is not None:
            report.warnings.append(Warnings.W010.format(
                doc=document.id, path=document.path, previous=written.replaced_from))

    @staticmethod
    def _failed(error: DocumentError, report: IngestReport) -> None:
        report.errors.append(error)
        report.failed += 1

    def write(self, result: DocumentResult, *, analysis: Analysis | None = None,
              run: int | None = None) -> Written:
        """Write one analysed document and re-link its block, in one transaction.

        The benchmark fills big stores through it (``ingest`` writes groups of
        documents, ``_write_group``, and a group of one through this).
        A lost connection or a full disk raises E071 / E072 naming the document;
        the transaction is rolled back, so nothing already stored changes.
        """
        self._writable("Adding documents")
        analysis = analysis or Analysis()
        try:
            with _writing(self.engine, locked=True) as connection:
                writer = _Writer(connection, analysis)
                written = writer.write(result, run)
                if written.linking is not None:
                    written.touched, written.merged = writer.link([written.linking])
                return written
        except DataError as err:
            raise DocumentDataError(str(refused(err, result.document).message)) from None
        except DBAPIError as err:
            raise write_error(err, result.document) from None

    def _known(self, documents: list[Document], *, analysed_only: bool = False) -> set[tuple[str, str]]:
        """The (id, sha256) of the documents stored (``analysed_only``: not skipped)."""
        known: set[tuple[str, str]] = set()
        ids = list(dict.fromkeys(d.id for d in documents))
        with self._reading() as connection:
            for chunk in _chunks(ids):
                query = select(D.c.doc_id, D.c.sha256).where(D.c.doc_id.in_(chunk))
                if analysed_only:
                    query = query.where(D.c.skipped.is_(None))
                rows = connection.execute(query)
                known.update((row.doc_id, row.sha256) for row in rows)
        return known

    def _start_run(self, paths: list[str]) -> int:
        with self._guard(), _writing(self.engine) as connection:
            self._mark_interrupted(connection)
            return connection.execute(R.insert().values(started=_now(), status="running", paths=paths,
                                                        owner=RUN_OWNER)
                                      .returning(R.c.pk)).scalar_one()

    @staticmethod
    def _mark_interrupted(connection: Connection) -> None:
        """Runs left 'running' by a process that is gone (killed, or the machine
        restarted) are 'interrupted': the documents they wrote are whole, the rest
        was never written. A run of another machine is only judged by its age, and a
        run of a live process on this one is going on."""
        stale_before = _now() - STALE_RUN
        for run in connection.execute(select(R.c.pk, R.c.owner, R.c.started).where(R.c.status == "running")).all():
            if run_is_gone(run.owner, run.started, stale_before):
                connection.execute(update(R).where(R.c.pk == run.pk, R.c.status == "running")
                                   .values(status="interrupted"))

    def _finish_run(self, report: IngestReport, *, status: str, quietly: bool = False) -> None:
        values = {k: v for k, v in report.to_json().items() if k not in ("run", "errors", "warnings")}
        try:
            with self._guard(), _writing(self.engine) as connection:
                connection.execute(update(R).where(R.c.pk == report.run)
                                   .values(finished=_now(), status=status, **values))
        except StoreError:
            if not quietly:
                raise

    def _writable(self, action: str) -> None:
        """E079 before anything is done, when the store was opened read-only."""
        if self.read_only is not None:
            raise StoreError(Errors.E079.format(url=hidden_password(self.url), why=self.read_only,
                                                action=action))

    # ---------------------------------------------------------------- reads

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self._guard(), self.engine.connect() as connection:
            yield connection

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """A database failure outside a document's write, as E074 naming the store."""
        try:
            yield
        except DBAPIError as err:
            raise StoreError(Errors.E074.format(url=hidden_password(self.url), detail=_reason(err))) from None

    def ledger(self, *, reviewed: bool = True) -> Ledger:
        """Everything stored, as one ledger (replaced versions left out), with the
        corrections applied unless ``reviewed`` is False (the machine's own): what ``rashomon
        export`` writes. In the canonical order (``order``), as ``analyze`` writes it,
        not in the order documents were added: events by their first claim, findings
        by event."""
        with self._reading() as connection:
            documents = canonical(document_of(r) for r in connection.execute(
                select(D).where(CURRENT).order_by(D.c.pk)))
            claims = canonical_claims([claim_of(r) for r in connection.execute(
                select(*CLAIM_COLUMNS).join(D, D.c.pk == C.c.document_pk).where(CURRENT)
                .order_by(C.c.document_pk, C.c.position))], documents)
            rows = connection.execute(select(E).order_by(E.c.pk)).all()
            events = [Event.from_json(item) for item in self._events_json(connection, rows)]
            findings = [Finding.from_json(item) for item in self._findings_json(
                connection, select(F).order_by(F.c.event_pk, F.c.pk))]
        rank = {claim.id: number for number, claim in enumerate(claims)}
        events = sorted((e for e in events if e.claims), key=lambda e: min(rank.get(c, len(rank)) for c in e.claims))
        place = {event.id: number for number, event in enumerate(events)}
        findings.sort(key=lambda f: place.get(f.event, len(place)))
        ledger = Ledger(documents=documents, claims=claims, events=events, findings=findings)
        if reviewed and (self.has_corrections() or self.overlay_rows()):
            ledger = self.reviewed(ledger, complete=True).ledger
        return ledger

    def status(self) -> dict[str, Any]:
        """Counts of what is stored, the last ingest, and the speakers the registry
        does not know yet (most frequent first)."""
        with self._reading() as connection:
            def count(statement) -> int:
                return connection.execute(statement).scalar_one()

            current_claims = select(C.c.pk).join(D, D.c.pk == C.c.document_pk).where(CURRENT).subquery()
            # whom a speaker's words stand for ("he" -> "Donald Trump"), else the words
            speaker = func.coalesce(C.c.source_refers_to, C.c.source_name)
            last = connection.execute(select(R).order_by(R.c.pk.desc()).limit(1)).first()
            unknown = connection.execute(
                select(speaker.label("name"), func.count().label("claims"),
                       func.count(func.distinct(C.c.document_pk)).label("documents"))
                .join(D, D.c.pk == C.c.document_pk)
                .where(CURRENT, C.c.attributed.is_(True), C.c.source_id.is_(None), C.c.source_name != "")
                .group_by(speaker).order_by(func.count().desc(), speaker).limit(20)).all()
            return {
                "store": hidden_password(self.url),
                "documents": count(select(func.count()).select_from(D).where(CURRENT)),
                "off_topic_documents": count(select(func.count()).select_from(D)
                                             .where(CURRENT, D.c.skipped.is_not(None))),
                "replaced_versions": count(select(func.count()).select_from(D).where(D.c.replaced.is_(True))),
                "claims": count(select(func.count()).select_from(current_claims)),
                "sources": count(select(func.count()).select_from(S)),
                "events": count(select(func.count()).select_from(E)),
                "findings": count(select(func.count()).select_from(F)),
                "contested_events": count(select(func.count()).select_from(E).where(E.c.contested.is_(True))),
                "last_ingest": run_item(last) if last else None,
                "interrupted_runs": [run_item(r) for r in connection.execute(
                    select(R).where(R.c.status == "interrupted").order_by(R.c.pk.desc()).limit(20))],
                "replaced_documents": self._replaced(connection),
                "unknown_speakers": [{"name": r.name, "claims": r.claims, "documents": r.documents}
                                     for r in unknown],
            }

    @staticmethod
    def _replaced(connection: Connection, limit: int = 20) -> list[dict[str, Any]]:
        """The latest versions replaced by another, newest first: which file each came
        from and which file replaced it (another path is worth a look)."""
        new = D.alias("new")
        rows = connection.execute(
            select(D.c.doc_id, D.c.version, D.c.path, new.c.path.label("by_path"),
                   new.c.ingested_at.label("when"))
            .join(new, new.c.pk == D.c.replaced_by).where(D.c.replaced.is_(True))
            .order_by(new.c.pk.desc(), D.c.pk.desc()).limit(limit)).all()
        return [{"doc_id": r.doc_id, "version": r.version, "path": r.path, "replaced_by": r.by_path,
                 "when": iso(r.when), "other_path": r.path != r.by_path} for r in rows]

    # Each list is one query (``_events_query`` ...) that three readers share: a page of
    # it (``events``), the counts of its values (``event_facets``, as Datasette's facets)
    # and all of it streamed (``iter_events``, for downloads and filtered exports).

    def _events_query(self, *, date_from: str | None = None, date_to: str | None = None,
                      place: str | None = None, region: str | None = None, source: str | None = None,
                      side: str | None = None, q: str | None = None, contested: bool | None = None,
                      event_type: str | None = None) -> list:
        """The conditions on ``events`` rows that the filters make."""
        _check(date_from=date_from, date_to=date_to, place=place, region=region, source=source, side=side, q=q,
               type=event_type)
        conditions = []
        if date_from:
            conditions.append(func.coalesce(E.c.date_end, E.c.date) >= date_from)
        if date_to:
            conditions.append(E.c.date <= date_to)
        if place:
            conditions.append(or_(E.c.pk.in_(select(EK.c.event_pk).where(EK.c.key == key_of(place))),
                                  E.c.place.icontains(place, autoescape=True)))
        if region:
            conditions.append(EVENT_REGION == region)
        if source or side or q:
            conditions.append(E.c.pk.in_(select(EC.c.event_pk).where(
                EC.c.claim_pk.in_(self._claim_filter(source=source, side=side, q=q)))))
        if contested is not None:
            conditions.append(E.c.contested.is_(bool(contested)))
        if event_type:
            conditions.append(E.c.type == event_type)
        return conditions

    @staticmethod
    def _event_order(sort: str, descending: bool) -> list:
        if sort not in EVENT_SORTS:
            raise StoreError(Errors.E076.format(sort=sort, known=", ".join(EVENT_SORTS)))
        column = EVENT_SORTS[sort]
        return [column.desc().nulls_last() if descending else column.asc().nulls_last(),
                E.c.pk.desc() if descending else E.c.pk.asc()]

    def _event_items(self, connection: Connection, rows) -> list[dict]:
        items = self._events_json(connection, rows)
        for item, row in zip(items, rows):
            item["contested"] = bool(row.contested)  # extra key: the events page marks contradictions
        return self.reviewed_event_items(items)

    def _touched_events(self) -> set[str]:
        """The ids of the stored events that hold a claim some correction names."""
        corrections = self.corrections()
        keys = [c.key for c in corrections if c.key] + [
            k for c in corrections for k in [*c.target.get("claims", []), *c.target.get("other", [])]]
        return {f"e{pk}" for pk in self._events_of_claims(self.claim_keys(keys))} if keys else set()

    def reviewed_finding_items(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Listed findings (the machine's), each of an event a correction touches marked
        ``withdrawn`` when the event as reviewed no longer has it."""
        if not items or (not self.has_corrections() and not self.overlay_rows()):
            return items
        touched = self._touched_events() | ({i["event"] for i in items} if self.overlay_rows() else set())
        kept: dict[str, set[tuple]] = {}
        answer = []
        for item in items:
            if item["event"] in touched:
                if item["event"] not in kept:
                    data = self.reviewed_event(item["event"]) or {"findings": []}
                    kept[item["event"]] = {(f["kind"], f["slot"], tuple(f["claims"])) for f in data["findings"]}
                if (item["kind"], item["slot"], tuple(item["claims"])) not in kept[item["event"]]:
                    item = {**item, "withdrawn": True}
            answer.append(item)
        return answer

    def reviewed_event_items(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Listed events as reviewed: those a correction touches are read again through
        ``reviewed_event`` (their claims, findings, place, dates, ``contested``); one a
        merge put into another says so in ``merged_into``."""
        if not items or (not self.has_corrections() and not self.overlay_rows()):
            return items
        touched = self._touched_events()
        if self.overlay_rows():
            touched |= {i["id"] for i in items}  # an overlay entry may change any event's sources
        answer = []
        for item in items:
            if item["id"] in touched and (data := self.reviewed_event(item["id"])) is not None:
                found = {**data["event"], "contested": any(f["kind"] == "contradiction" for f in data["findings"])}
                if data.get("merged_into"):
                    found["merged_into"] = data["merged_into"]
                item = found
            answer.append(item)
        return answer

    def events(self, *, date_from: str | None = None, date_to: str | None = None, place: str | None = None,
               source: str | None = None, side: str | None = None, q: str | None = None,
               contested: bool | None = None, sort: str = "date", descending: bool = True,
               limit: int = 50, offset: int = 0, region: str | None = None,
               event_type: str | None = None) -> Page:
        """Events, filtered: by date range, place (name or block key), first-level region
        (as the gazetteer names it), source (key or id), side, full-text ``q`` over their
        claims, contested (has a contradiction), type."""
        order = self._event_order(sort, descending)
        conditions = self._events_query(date_from=date_from, date_to=date_to, place=place, region=region,
                                        source=source, side=side, q=q, contested=contested, event_type=event_type)
        _window(limit, offset)
        with self._reading() as connection:
            total = connection.execute(select(func.count()).select_from(E).where(*conditions)).scalar_one()
            rows = connection.execute(select(E).where(*conditions).order_by(*order)
                                      .limit(limit).offset(offset)).all()
            items = self._event_items(connection, rows)
        return Page(items, total, limit, offset)

    def iter_events(self, *, sort: str = "date", descending: bool = True, **filters: Any) -> Iterator[dict]:
        """Every event ``events`` would list with these filters, in its order, read in
        chunks from the database as they are consumed."""
        order = self._event_order(sort, descending)
        conditions = self._events_query(**filters)
        return self._stream(select(E).where(*conditions).order_by(*order), self._event_items)

    def event_ids(self, **filters: Any) -> list[str]:
        """The ids of the events ``events`` would list with these filters, oldest id first."""
        conditions = self._events_query(**filters)
        with self._reading() as connection:
            return [f"e{pk}" for pk in connection.execute(select(E.c.pk).where(*conditions).order_by(E.c.pk)).scalars()]

    def event_facets(self, facets: Iterable[str], *, limit: int = FACET_LIMIT, **filters: Any) -> dict[str, Facet]:
        """How many of the filtered events have each value of each facet in ``facets``
        (``EVENT_FACETS``): type, contested, region, month, side, source."""
        matching = select(E.c.pk).where(*self._events_query(**filters))
        return self._facets(EVENT_FACETS, facets, matching, limit)

    def event_places(self, *, limit: int | None = None, **filters: Any) -> tuple[list[dict[str, Any]], int]:
        """What the events map shows of the filtered events, without reading their claims,
        the most claimed first (at most ``limit``), and how many events the filters select.

        Each item: id, title, type, target, place, date, claims (how many),
        contested, and the geocoded latitude, longitude and region (None when the
        event was not geocoded)."""
        conditions = self._events_query(**filters)
        chosen = select(E.c.pk).where(*conditions).order_by(E.c.n_claims.desc(), E.c.pk)
        if limit is not None:
            chosen = chosen.limit(limit)
        # the location is read for the chosen events only, as one JSON object each
        statement = select(E.c.pk, E.c.title, E.c.type, E.c.target, E.c.place, E.c.date, E.c.n_claims,
                           E.c.contested, E.c.data["location"].label("location")
                           ).where(E.c.pk.in_(chosen.scalar_subquery())).order_by(E.c.n_claims.desc(), E.c.pk)
        with self._reading() as connection:
            total = connection.execute(select(func.count()).select_from(E).where(*conditions)).scalar_one()
            items = []
            for r in connection.execute(statement):
                location = r.location if isinstance(r.location, dict) else {}
                items.append({"id": f"e{r.pk}", "title": r.title, "type": r.type, "target": r.target,
                              "place": r.place, "date": r.date, "claims": r.n_claims,
                              "contested": bool(r.contested), "latitude": location.get("latitude"),
                              "longitude": location.get("longitude"), "region": location.get("region")})
        return items, total

    def slot_facts(self, slot: str, **filters: Any) -> tuple[list[dict[str, Any]], set[str]]:
        """The facts about ``slot`` in the claims of every filtered event, for the counts
        chart, and the ids of the events with a contradiction on ``slot``.

        Each item: ``event`` (id), ``day`` (the event's first day), ``side`` (the
        claim's source's) and ``facts`` (the claim's facts, as JSON). A reprint's
        claims (``duplicate_of``) repeat its original and are left out."""
        _check(slot=slot)
        matching = select(E.c.pk).where(*self._events_query(**filters))
        # a claim without this slot's name in its facts cannot give it: the database
        # leaves it out (both write the JSON key and value as '"slot": "<name>"')
        mentions = func.lower(C.c.facts.cast(Text)).contains(f'"slot": "{slot.lower()}"', autoescape=True)
        statement = (select(E.c.pk, E.c.date, C.c.source_side, C.c.facts)
                     .join(EC, EC.c.event_pk == E.c.pk).join(C, C.c.pk == EC.c.claim_pk)
                     .join(D, D.c.pk == C.c.document_pk)
                     .where(E.c.pk.in_(matching), D.c.duplicate_of.is_(None), mentions)
                     .order_by(E.c.pk, C.c.pk))
        with self._reading() as connection:
            items = [{"event": f"e{r.pk}", "day": (r.date or "")[:10], "side": r.source_side, "facts": r.facts or []}
                     for r in connection.execute(statement)]
            contested = {f"e{pk}" for pk in connection.execute(
                select(F.c.event_pk).where(F.c.event_pk.in_(matching), F.c.kind == "contradiction",
                                           F.c.slot == slot)).scalars()}
        return items, contested

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with its claims, findings and documents, as reviewed (``reviewed_event``).
        An id merged into another event leads to the survivor, named in ``merged_into``."""
        return self.reviewed_event(event_id)

    def _machine_event(self, event_id: str) -> dict[str, Any] | None:
        """One event as the machine stored it. An id merged into another event leads
        to the survivor, named in ``merged_into``."""
        _check(event=event_id)
        pk = _pk(event_id, "e")
        if pk is None:
            return None
        with self._reading() as connection:
            row = connection.execute(select(E).where(E.c.pk == pk)).first()
            merged_into = None
            if row is None:
                survivor = connection.execute(select(EA.c.event_pk).where(EA.c.alias_pk == pk)).scalar()
                if survivor is None:
                    return None
                row = connection.execute(select(E).where(E.c.pk == survivor)).first()
                merged_into = f"e{survivor}"
            item, = self._events_json(connection, [row])
            claims = self._claims_json(connection, select(*CLAIM_COLUMNS).join(D, D.c.pk == C.c.document_pk)
                                       .join(EC, EC.c.claim_pk == C.c.pk).where(EC.c.event_pk == row.pk)
                                       .order_by(C.c.pk))
            findings = self._findings_json(connection, select(F).where(F.c.event_pk == row.pk).order_by(F.c.pk))
            documents = [document_of(r).to_json() for r in connection.execute(
                select(D).where(D.c.pk.in_(select(C.c.document_pk).join(EC, EC.c.claim_pk == C.c.pk)
                                           .where(EC.c.event_pk == row.pk))).order_by(D.c.pk))]
        answer = {"event": item, "claims": claims, "findings": findings, "documents": documents}
        if merged_into:
            answer["merged_into"] = merged_into
        return answer

    def _claims_query(self, *, event: str | None = None, source: str | None = None, side: str | None = None,
                      doc: str | None = None, stance: str | None = None, q: str | None = None,
                      kind: str | None = None, lang: str | None = None):
        """The claims the filters select (current document versions), in the order stored."""
        _check(event=event, source=source, side=side, doc=doc, stance=stance, q=q, kind=kind, lang=lang)
        conditions = [CURRENT]
        if event is not None:
            conditions.append(C.c.pk.in_(select(EC.c.claim_pk).where(EC.c.event_pk == self._event_pk(event))))
        if source or side or q:
            conditions.append(C.c.pk.in_(self._claim_filter(source=source, side=side, q=q)))
        if doc is not None:
            conditions.append(D.c.doc_id == doc)
        if stance is not None:
            conditions.append(C.c.stance == stance)
        if kind is not None:
            conditions.append(C.c.source_kind == kind)
        if lang is not None:
            conditions.append(D.c.lang == lang)
        return select(*CLAIM_COLUMNS).join(D, D.c.pk == C.c.document_pk).where(*conditions)

    def claims(self, *, event: str | None = None, source: str | None = None, side: str | None = None,
               doc: str | None = None, stance: str | None = None, q: str | None = None,
               limit: int = 50, offset: int = 0, kind: str | None = None, lang: str | None = None) -> Page:
        """Claims of current document versions, in the order they were stored."""
        base = self._claims_query(event=event, source=source, side=side, doc=doc, stance=stance, q=q,
                                  kind=kind, lang=lang)
        _window(limit, offset)
        with self._reading() as connection:
            total = connection.execute(select(func.count()).select_from(base.subquery())).scalar_one()
            items = self._claims_json(connection, base.order_by(C.c.pk).limit(limit).offset(offset))
        return Page(self.reviewed_claim_items(items), total, limit, offset)

    def iter_claims(self, **filters: Any) -> Iterator[dict]:
        """Every claim ``claims`` would list with these filters, read in chunks."""
        return self._stream(self._claims_query(**filters).order_by(C.c.pk),
                            lambda _connection, rows: self.reviewed_claim_items([claim_of(r).to_json() for r in rows]))

    def claim_facets(self, facets: Iterable[str], *, limit: int = FACET_LIMIT, **filters: Any) -> dict[str, Facet]:
        """Counts of the filtered claims per value of each facet (``CLAIM_FACETS``)."""
        matching = self._claims_query(**filters).with_only_columns(C.c.pk)
        return self._facets(CLAIM_FACETS, facets, matching, limit)

    def claim(self, claim_id: str) -> dict[str, Any] | None:
        """One claim of a current document version, its document, events and findings,
        as reviewed (``reviewed_claim``)."""
        return self.reviewed_claim(claim_id)

    def _machine_claim(self, claim_id: str) -> dict[str, Any] | None:
        """One claim of a current document version as the machine stored it."""
        _check(claim=claim_id)
        pk = _pk(claim_id, "c")
        if pk is None:
            return None
        with self._reading() as connection:
            row = connection.execute(select(*CLAIM_COLUMNS).join(D, D.c.pk == C.c.document_pk)
                                     .where(C.c.pk == pk, CURRENT)).first()
            if row is None:
                return None
            document = connection.execute(select(D).where(D.c.pk == row.document_pk)).first()
            events = connection.execute(select(E).where(E.c.pk.in_(
                select(EC.c.event_pk).where(EC.c.claim_pk == pk))).order_by(E.c.pk)).all()
            findings = self._findings_json(connection, select(F).where(
                F.c.pk.in_(select(FC.c.finding_pk).where(FC.c.claim_pk == pk))).order_by(F.c.pk))
            return {"claim": claim_of(row).to_json(), "document": document_of(document).to_json(),
                    "events": self._events_json(connection, events), "findings": findings}

    @staticmethod
    def _sources_query(*, side: str | None = None, kind: str | None = None) -> list:
        _check(side=side, kind=kind)
        conditions = []
        if side is not None:
            conditions.append(S.c.side == side)
        if kind is not None:
            conditions.append(S.c.kind == kind)
        return conditions

    @staticmethod
    def _sources_listing(conditions: list):
        """Sources with the number of their claims in current documents, most claims first."""
        claims = (select(C.c.source_pk, func.count().label("n")).join(D, D.c.pk == C.c.document_pk)
                  .where(CURRENT).group_by(C.c.source_pk).subquery())
        n = func.coalesce(claims.c.n, 0)
        return (select(S, n.label("claims")).outerjoin(claims, claims.c.source_pk == S.c.pk)
                .where(*conditions).order_by(n.desc(), S.c.key))

    def sources(self, *, side: str | None = None, kind: str | None = None, limit: int = 100,
                offset: int = 0) -> Page:
        """Sources with the number of their claims in current documents, most claims first."""
        conditions = self._sources_query(side=side, kind=kind)
        _window(limit, offset)
        with self._reading() as connection:
            total = connection.execute(select(func.count()).select_from(S).where(*conditions)).scalar_one()
            rows = connection.execute(self._sources_listing(conditions).limit(limit).offset(offset)).all()
        return Page(self.reviewed_source_items([source_item(r, r.claims) for r in rows]), total, limit, offset)

    def iter_sources(self, **filters: Any) -> Iterator[dict]:
        """Every source ``sources`` would list with these filters, read in chunks."""
        return self._stream(self._sources_listing(self._sources_query(**filters)),
                            lambda _connection, rows: self.reviewed_source_items([source_item(r, r.claims) for r in rows]))

    def source_facets(self, facets: Iterable[str], *, limit: int = FACET_LIMIT, **filters: Any) -> dict[str, Facet]:
        """Counts of the filtered sources per value of each facet (``SOURCE_FACETS``)."""
        return self._facets(SOURCE_FACETS, facets, select(S.c.pk).where(*self._sources_query(**filters)), limit)

    def source(self, key: str) -> dict[str, Any] | None:
        """One source, its claims, and the revisions (findings) its claims are part of."""
        _check(source=key)
        with self._reading() as connection:
            row = connection.execute(select(S).where(S.c.key == key)).first()
            if row is None:
                return None
            mine = (select(C.c.pk).join(D, D.c.pk == C.c.document_pk)
                    .where(CURRENT, C.c.source_pk == row.pk))
            claims = self._claims_json(connection, select(*CLAIM_COLUMNS).join(D, D.c.pk == C.c.document_pk)
                                       .where(C.c.pk.in_(mine)).order_by(C.c.pk))
            revisions = self._findings_json(connection, select(F).where(
                F.c.kind == "revision",
                F.c.pk.in_(select(FC.c.finding_pk).where(FC.c.claim_pk.in_(mine)))).order_by(F.c.pk))
        item, = self.reviewed_source_items([source_item(row, len(claims))])
        return {"source": item, "claims": self.reviewed_claim_items(claims), "revisions": revisions}

    def _documents_query(self, *, q: str | None = None, lang: str | None = None,
                         publisher: str | None = None, skipped: str | None = None) -> list:
        _check(q=q, lang=lang, publisher=publisher, skipped=skipped)
        conditions = [CURRENT]
        if q:
            conditions.append(D.c.pk.in_(select(C.c.document_pk).where(C.c.pk.in_(self._claim_filter(q=q)))))
        if lang is not None:
            conditions.append(D.c.lang == lang)
        if publisher is not None:
            conditions.append(D.c.publisher == publisher)
        if skipped is not None:  # why a document was not analysed ("off-topic")
            conditions.append(D.c.skipped == skipped)
        return conditions

    def documents(self, *, q: str | None = None, limit: int = 50, offset: int = 0, lang: str | None = None,
                  publisher: str | None = None, skipped: str | None = None) -> Page:
        """Current document versions, latest added first; ``q`` searches their claims' text;
        ``skipped`` keeps those not analysed for that reason ("off-topic")."""
        conditions = self._documents_query(q=q, lang=lang, publisher=publisher, skipped=skipped)
        _window(limit, offset)
        with self._reading() as connection:
            total = connection.execute(select(func.count()).select_from(D).where(*conditions)).scalar_one()
            rows = connection.execute(select(D).where(*conditions).order_by(D.c.pk.desc())
                                      .limit(limit).offset(offset))
            items = [document_of(r).to_json() for r in rows]
        return Page(items, total, limit, offset)

    def iter_documents(self, **filters: Any) -> Iterator[dict]:
        """Every document ``documents`` would list with these filters, read in chunks."""
        return self._stream(select(D).where(*self._documents_query(**filters)).order_by(D.c.pk.desc()),
                            lambda _connection, rows: [document_of(r).to_json() for r in rows])

    def document_facets(self, facets: Iterable[str], *, limit: int = FACET_LIMIT,
                        **filters: Any) -> dict[str, Facet]:
        """Counts of the filtered documents per value of each facet (``DOCUMENT_FACETS``)."""
        return self._facets(DOCUMENT_FACETS, facets, select(D.c.pk).where(*self._documents_query(**filters)), limit)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """The current version of a document, its claims and the events they are in."""
        _check(document=doc_id)
        with self._reading() as connection:
            row = connection.execute(select(D).where(D.c.doc_id == doc_id, CURRENT)).first()
            if row is None:
                return None
            claims = self._claims_json(connection, select(*CLAIM_COLUMNS).join(D, D.c.pk == C.c.document_pk)
                                       .where(C.c.document_pk == row.pk).order_by(C.c.pk))
            events = connection.execute(select(E).where(E.c.pk.in_(
                select(EC.c.event_pk).join(C, C.c.pk == EC.c.claim_pk).where(C.c.document_pk == row.pk)))
                .order_by(E.c.pk)).all()
            answer = {"document": document_of(row).to_json(), "claims": claims,
                      "events": self._events_json(connection, events)}
        answer["claims"] = self.reviewed_claim_items(answer["claims"])
        return answer

    def _findings_query(self, *, event: str | None = None, kind: str | None = None,
                        slot: str | None = None) -> list:
        _check(event=event, kind=kind, slot=slot)
        conditions = []
        if event is not None:
            conditions.append(F.c.event_pk == self._event_pk(event))
        if kind is not None:
            conditions.append(F.c.kind == kind)
        if slot is not None:
            conditions.append(F.c.slot == slot)
        return conditions

    def findings(self, *, event: str | None = None, kind: str | None = None, slot: str | None = None,
                 limit: int = 50, offset: int = 0) -> Page:
        conditions = self._findings_query(event=event, kind=kind, slot=slot)
        _window(limit, offset)
        with self._reading() as connection:
            total = connection.execute(select(func.count()).select_from(F).where(*conditions)).scalar_one()
            items = self._findings_json(connection, select(F).where(*conditions).order_by(F.c.pk)
                                        .limit(limit).offset(offset))
        return Page(self.reviewed_finding_items(items), total, limit, offset)

    def iter_findings(self, **filters: Any) -> Iterator[dict]:
        """Every finding ``findings`` would list with these filters, read in chunks."""
        return self._stream(select(F).where(*self._findings_query(**filters)).order_by(F.c.pk),
                            lambda connection, rows: self.reviewed_finding_items(self._findings_items(connection, rows)))

    def finding_facets(self, facets: Iterable[str], *, limit: int = FACET_LIMIT,
                       **filters: Any) -> dict[str, Facet]:
        """Counts of the filtered findings per value of each facet (``FINDING_FACETS``)."""
        return self._facets(FINDING_FACETS, facets, select(F.c.pk).where(*self._findings_query(**filters)), limit)

    # ---------------------------------------------------------------- reading in bulk

    def _stream(self, statement, items: Callable[[Connection, list], list[dict]]) -> Iterator[dict]:
        """The items of ``statement``'s rows, fetched ``CHUNK`` rows at a time (a server-side
        cursor on PostgreSQL), each chunk turned into items by ``items``: a download of
        the whole store never holds more than a chunk of it."""
        with self._reading() as connection:
            result = connection.execution_options(stream_results=True, yield_per=CHUNK).execute(statement)
            for rows in result.partitions(CHUNK):
                yield from items(connection, rows)

    def _facets(self, known: dict[str, Callable], names: Iterable[str], matching, limit: int) -> dict[str, Facet]:
        """Each asked facet's counts over the rows whose keys ``matching`` selects, most
        frequent first, at most ``limit`` values (``truncated`` when there were more)."""
        answer = {}
        with self._reading() as connection:
            for name in names:
                statement = known[name](matching)
                columns = statement.selected_columns
                rows = connection.execute(statement.order_by(columns["n"].desc(), columns["value"].asc().nulls_last())
                                          .limit(limit + 1)).all()
                answer[name] = Facet(name, [FacetValue(r.value, r.label if r.label is not None else r.value, r.n)
                                            for r in rows[:limit]], truncated=len(rows) > limit)
        return answer

    # ---------------------------------------------------------------- tokens

    def create_token(self, name: str) -> str:
        """A new API token named ``name``: the secret is returned once, only its sha256 kept."""
        self._writable("Making a token")
        _check(name=name)
        secret = f"rsh_{secrets.token_urlsafe(32)}"
        with self._guard(), _writing(self.engine) as connection:
            connection.execute(T.insert().values(name=name, sha256=text_sha256(secret), created=_now()))
        return secret

    def check_token(self, secret: str) -> bool:
        if not secret:
            return False
        digest = text_sha256(secret)
        with self._reading() as connection:
            found = connection.execute(select(T.c.sha256).where(T.c.sha256 == digest)).scalar()
        return found is not None and hmac.compare_digest(found, digest)

    # ---------------------------------------------------------------- people and review
    # Corrections are rows of their own (``review``); the machine's rows are never
    # changed by one. The reads below give the machine's output with them applied.

    def add_user(self, name: str, role: str) -> str:
        """A new user with a role (reader, editor, admin) and a token of their own,
        returned once; the store keeps its sha256 only. A name taken is E121."""
        self._writable("Adding a user")
        _check(name=name)
        if role not in ROLES:
            raise StoreError(Errors.E120.format(role=role, known=", ".join(ROLES)))
        secret = f"rsh_{secrets.token_urlsafe(32)}"
        with self._guard(), _writing(self.engine) as connection:
            if connection.execute(select(U.c.pk).where(U.c.name == name)).first() is not None:
                raise StoreError(Errors.E121.format(name=name))
            connection.execute(U.insert().values(name=name, role=role, sha256=text_sha256(secret), created=_now()))
        return secret

    def users(self) -> list[dict[str, Any]]:
        with self._reading() as connection:
            return [{"name": r.name, "role": r.role, "created": iso(r.created)}
                    for r in connection.execute(select(U).order_by(U.c.pk))]

    def user_of(self, secret: str | None) -> dict[str, str] | None:
        """Who holds the token ``secret``: a user's name and role; a token made by
        ``rashomon token create`` is an editor named after it; None for no one."""
        if not secret:
            return None
        digest = text_sha256(secret)
        with self._reading() as connection:
            row = connection.execute(select(U.c.name, U.c.role, U.c.sha256).where(U.c.sha256 == digest)).first()
            if row is not None and hmac.compare_digest(row.sha256, digest):
                return {"name": row.name, "role": row.role}
            token = connection.execute(select(T.c.name, T.c.sha256).where(T.c.sha256 == digest)).first()
        if token is not None and hmac.compare_digest(token.sha256, digest):
            return {"name": f"token:{token.name}", "role": "editor"}
        return None

    def corrections(self, *, since: datetime | None = None, doc_ids: Iterable[str] | None = None,
                    kinds: Iterable[str] | None = None) -> list[Correction]:
        """The active corrections, oldest first: all, those made since a moment, those
        of some documents (and every event and registry one, which name no document)."""
        conditions = [K.c.status == "active"]
        if since is not None:
            conditions.append(K.c.at >= since)
        if kinds is not None:
            conditions.append(K.c.kind.in_(list(kinds)))
        with self._reading() as connection:
            if doc_ids is None:
                return [correction_of(r) for r in connection.execute(select(K).where(*conditions).order_by(K.c.pk))]
            found = []
            for chunk in _chunks(sorted(set(doc_ids))):
                found += connection.execute(select(K).where(*conditions, K.c.doc_id.in_(chunk))).all()
            found += connection.execute(select(K).where(*conditions, K.c.doc_id.is_(None))).all()
        return sorted((correction_of(r) for r in found), key=lambda c: c.id)

    def has_corrections(self) -> bool:
        with self._reading() as connection:
            return connection.execute(select(K.c.pk).limit(1)).first() is not None

    def add_correction(self, correction: Correction, *,
                       expect: Callable[[list[Correction]], None] | None = None) -> Correction:
        """Store one correction and return it with its number and time. ``expect`` is
        called with the corrections of the same document inside the write transaction,
        holding the store's write lock, and may refuse (raise): two editors correcting
        one claim at once are taken one after the other, and the second sees the first's.
        What it returns is the correction's ``before`` (the value it replaces)."""
        self._writable("Correcting")
        with self._guard(), _writing(self.engine, locked=True) as connection:
            if expect is not None:
                same = select(K).where(K.c.status == "active").order_by(K.c.pk)
                same = same.where(K.c.doc_id == correction.doc) if correction.doc else same.where(K.c.doc_id.is_(None))
                correction = replace(correction, before=expect([correction_of(r) for r in connection.execute(same)]))
            at = _now()
            pk = connection.execute(K.insert().values(
                who=correction.who, at=at, kind=correction.kind, doc_id=correction.doc, doc_sha256=correction.sha256,
                span_start=correction.span[0] if correction.span else None,
                span_end=correction.span[1] if correction.span else None, slot=correction.slot,
                target=correction.target, before=correction.before, after=correction.after, note=correction.note,
                status="active").returning(K.c.pk)).scalar_one()
            if correction.kind == "registry":
                after = correction.after or {}
                connection.execute(O.insert().values(
                    source_id=correction.target["source"], field=after["field"], value=after["value"],
                    lang=after.get("lang"), correction_pk=pk))
        return replace(correction, id=pk, at=iso(at))

    def overlay_rows(self) -> list[tuple[str, str, str, str | None]]:
        with self._reading() as connection:
            return [(r.source_id, r.field, r.value, r.lang)
                    for r in connection.execute(select(O).order_by(O.c.pk))]

    def overlay_registry(self, base: Any = None):
        """The source registry with the store's overlay applied as a ``--sources`` file
        is (``SourceRegistry.load(overlay=...)``), and the ids the overlay sets; cached
        until the overlay changes."""
        from .sources import SourceRegistry, default_registry

        rows = self.overlay_rows()
        if not rows:
            return base or default_registry(), set()
        cached = getattr(self, "_overlay_cache", None)
        if cached is not None and cached[0] == rows:
            return cached[1], cached[2]
        base = base or default_registry()
        data = review.overlay_data(rows, known=lambda source_id: base.get(source_id) is not None)
        registry = SourceRegistry.load(overlay=data)
        self._overlay_cache = (rows, registry, {e["id"] for e in data["sources"]})
        return registry, self._overlay_cache[2]

    def reviewed(self, ledger: Ledger, *, complete: bool = False,
                 corrections: list[Correction] | None = None) -> review.Reviewed:
        """``ledger`` (read from this store) with the corrections of its documents and
        the registry overlay applied (``review.apply``)."""
        registry, overlay_ids = self.overlay_registry()
        if corrections is None:
            corrections = self.corrections(doc_ids=None if complete else [d.id for d in ledger.documents])
        always: set[str] = set()
        if overlay_ids:
            claims = list(ledger.claims)
            changed = review.resolve_sources(claims, registry, overlay_ids, {d.id: d.lang for d in ledger.documents})
            if changed:
                ledger = replace(ledger, claims=claims)
                always = {e.id for e in ledger.events if changed & set(e.claims)}
        judge = review.compare_judge(independent=registry.independent,
                                     generic=[e.id for e in registry.entries() if e.generic])
        return review.apply(ledger, corrections, judge=judge, complete=complete, always_judge=always)

    def claim_keys(self, keys: Iterable[list[Any]]) -> list[int]:
        """The current claims' row keys for claim keys (document, sha256, span)."""
        found = []
        with self._reading() as connection:
            for doc_id, sha, start, end in keys:
                found += connection.execute(
                    select(C.c.pk).join(D, D.c.pk == C.c.document_pk)
                    .where(CURRENT, D.c.doc_id == doc_id, D.c.sha256 == sha, C.c.span_start == start,
                           C.c.span_end == end)).scalars().all()
        return found

    def keys_of(self, claim_ids: Iterable[str]) -> dict[str, list[Any]]:
        """The keys (document, sha256, span) of the claims ``claim_ids`` as the machine
        stored them: what a correction names a claim by."""
        pks = [pk for pk in (_pk(c, "c") for c in claim_ids) if pk is not None]
        found: dict[str, list[Any]] = {}
        with self._reading() as connection:
            for chunk in _chunks(pks):
                for r in connection.execute(select(C.c.pk, D.c.doc_id, D.c.sha256, C.c.span_start, C.c.span_end)
                                            .join(D, D.c.pk == C.c.document_pk).where(C.c.pk.in_(chunk))):
                    found[f"c{r.pk}"] = [r.doc_id, r.sha256, r.span_start, r.span_end]
        return found

    def reviewed_source_items(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Listed sources with the registry overlay applied: an entry the overlay
        changed shows its side, kind and label; an unknown speaker an overlay entry
        now names shows that entry."""
        rows = self.overlay_rows()
        if not rows or not items:
            return items
        registry, overlay_ids = self.overlay_registry()
        answer = []
        for item in items:
            entry = registry.get(item.get("id")) if item.get("id") in overlay_ids else None
            if entry is None and not item.get("id") and item.get("name"):
                found = registry.resolve(item["name"]).entry
                entry = found if found is not None and found.id in overlay_ids else None
            if entry is not None:
                item = {**item, "id": entry.id, "side": entry.side, "kind": entry.kind,
                        "label": item.get("label") if entry.generic else entry.display_name(),
                        "owner": entry.owner, "aliases": entry.aliases}
            answer.append(item)
        return answer

    def _events_of_claims(self, claim_pks: Iterable[int]) -> set[int]:
        with self._reading() as connection:
            return set(connection.execute(select(EC.c.event_pk).where(EC.c.claim_pk.in_(list(claim_pks))))
                       .scalars())

    def _event_corrections_near(self, event_pks: set[int], corrections: list[Correction]) -> set[int]:
        """The stored events an event correction ties to ``event_pks`` (the other
        event of a merge), until none is added."""
        wanted = set(event_pks)
        while True:
            more = set()
            for correction in corrections:
                if correction.kind not in review.EVENT_KINDS:
                    continue
                keys = [*correction.target.get("claims", []), *correction.target.get("other", [])]
                pks = self._events_of_claims(self.claim_keys(keys))
                if pks & wanted:
                    more |= pks
            if more <= wanted:
                return wanted
            wanted |= more

    def reviewed_event(self, event_id: str) -> dict[str, Any] | None:
        """One event as reviewed: its claims and findings corrected, merged with
        another, or split off (``r<n>`` ids); ``merged_into`` names the event a merge
        put it in. Without corrections, what ``event`` reads."""
        if not self.has_corrections() and not self.overlay_rows():
            return self._machine_event(event_id)
        event_corrections = self.corrections(kinds=review.EVENT_KINDS)
        if event_id.startswith(review.REVIEWED_EVENT):
            number = event_id[1:]
            split = next((c for c in event_corrections if str(c.id) == number and c.kind == "split"), None)
            if split is None:
                return None
            start = self._events_of_claims(self.claim_keys(split.target.get("claims", [])))
        else:
            first = self._machine_event(event_id)
            if first is None:
                return None
            start = {_pk(first["event"]["id"], "e")}
        pks = self._event_corrections_near(start, event_corrections)
        parts = [self._machine_event(f"e{pk}") for pk in sorted(pks)]
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        ledger = ledger_of_parts(parts)
        reviewed = self.reviewed(ledger)
        wanted = event_id if event_id.startswith(review.REVIEWED_EVENT) else f"e{min(start)}"
        anchor = set(next((p["event"]["claims"] for p in parts if p["event"]["id"] == wanted), []))
        event = next((e for e in reviewed.ledger.events if e.id == wanted), None)
        merged_into = None
        if event is None:
            event = next((e for e in reviewed.ledger.events if anchor & set(e.claims)), None)
            if event is None:
                return None
            merged_into = event.id
        answer = event_answer(reviewed.ledger, event)
        if merged_into or (event_id != wanted):
            answer["merged_into"] = merged_into or wanted
        return answer

    def reviewed_claim(self, claim_id: str) -> dict[str, Any] | None:
        """One claim as reviewed, with its history, its events and their findings."""
        data = self._machine_claim(claim_id)
        if data is None or (not self.has_corrections() and not self.overlay_rows()):
            return data
        events = [self.reviewed_event(e["id"]) for e in data["events"]]
        events = [e for e in events if e is not None]
        if not events:
            ledger = Ledger(documents=[Document(**data["document"])], claims=[Claim.from_json(data["claim"])])
            claim = self.reviewed(ledger).ledger.claims[0]
            return {**data, "claim": claim.to_json()}
        own = next(c for e in events for c in e["claims"] if c["id"] == claim_id)
        return {**data, "claim": own, "events": [e["event"] for e in events],
                "findings": [f for e in events for f in e["findings"] if claim_id in f["claims"]]}

    def reviewed_claim_items(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Listed claims (``claims``) with their corrections and the registry overlay
        applied (no findings)."""
        if not items or not self.has_corrections():
            return items
        corrections = self.corrections(doc_ids={i["doc"] for i in items})
        with self._reading() as connection:
            documents = [document_of(r) for r in connection.execute(
                select(D).where(CURRENT, D.c.doc_id.in_(sorted({i["doc"] for i in items}))))]
        ledger = Ledger(documents=documents, claims=[Claim.from_json(i) for i in items])
        done = self.reviewed(ledger, corrections=[c for c in corrections if c.kind in review.CLAIM_KINDS])
        return [c.to_json() for c in done.ledger.claims]

    def orphans(self) -> list[Correction]:
        """Claim corrections whose claim the machine's output no longer has (its
        document changed or is gone, or the new analysis found no claim at that span)."""
        found = []
        for correction in self.corrections(kinds=review.CLAIM_KINDS):
            if not self.claim_keys([correction.key]):
                found.append(correction)
        return found

    def _queue_query(self, *, event: str | None = None, source: str | None = None, lang: str | None = None):
        """The current claims no correction names (by document, text and span), filtered."""
        base = self._claims_query(event=event, source=source, lang=lang)
        reviewed = select(K.c.pk).where(K.c.status == "active", K.c.doc_id == D.c.doc_id,
                                        K.c.doc_sha256 == D.c.sha256, K.c.span_start == C.c.span_start,
                                        K.c.span_end == C.c.span_end).exists()
        return base.where(~reviewed)

    def review_queue(self, *, event: str | None = None, source: str | None = None, lang: str | None = None,
                     limit: int = 50, offset: int = 0) -> Page:
        """The claims no one has reviewed, lowest confidence first (unscored first of
        all, then those in findings), filtered as the claims list is."""
        base = self._queue_query(event=event, source=source, lang=lang)
        in_findings = select(FC.c.claim_pk).where(FC.c.claim_pk == C.c.pk).exists()
        _window(limit, offset)
        with self._reading() as connection:
            total = connection.execute(select(func.count()).select_from(base.subquery())).scalar_one()
            items = self._claims_json(connection, base.order_by(
                C.c.confidence.asc().nulls_first(), in_findings.desc(), C.c.pk).limit(limit).offset(offset))
        return Page(items, total, limit, offset)

    def queue_facets(self, facets: Iterable[str], *, limit: int = FACET_LIMIT, **filters: Any) -> dict[str, Facet]:
        """Counts of the claims left to review per value of each facet (``CLAIM_FACETS``)."""
        matching = self._queue_query(**filters).with_only_columns(C.c.pk)
        return self._facets(CLAIM_FACETS, facets, matching, limit)

    def history(self, *, since: datetime | None = None) -> dict[str, Any]:
        """The corrections made since ``since`` and the revisions and contradictions of
        the events (re)analysed since then, newest first: what ``rashomon history`` and
        the Atom feed list."""
        corrections = self.corrections(since=since)
        with self._reading() as connection:
            recent = select(E.c.pk, E.c.updated)
            if since is not None:
                recent = recent.where(E.c.updated >= since)
            # the latest events only: a feed reader wants news, not the whole store
            updated = {pk: iso(at) for pk, at in connection.execute(
                recent.order_by(E.c.updated.desc(), E.c.pk.desc()).limit(HISTORY_EVENTS))}
        # the events corrections touched: their findings as reviewed are news too
        keys = [c.key for c in corrections if c.key] + [k for c in corrections for k in
                                                         [*c.target.get("claims", []), *c.target.get("other", [])]]
        touched = self._events_of_claims(self.claim_keys(keys)) if keys else set()
        latest = {}
        for c in corrections:
            for pk in self._events_of_claims(self.claim_keys([c.key] if c.key else c.target.get("claims", []))):
                latest[pk] = max(latest.get(pk, ""), c.at)
        findings, seen = [], set()
        for pk in sorted(set(updated) | touched):
            data = self.event(f"e{pk}")
            if data is None or data["event"]["id"] in seen:
                continue
            seen.add(data["event"]["id"])
            title = data["event"].get("title") or data["event"].get("place")
            when = max(updated.get(pk) or "", latest.get(pk, ""))
            findings += [{**f, "updated": when, "event_title": title} for f in data["findings"]
                         if f["kind"] in ("revision", "contradiction")]
        findings.sort(key=lambda f: f["updated"] or "", reverse=True)
        return {"corrections": [c.to_json() for c in reversed(corrections)], "findings": findings}

    # ---------------------------------------------------------------- helpers

    def _event_pk(self, event_id: str) -> int | None:
        """A public event id as its surviving row's key (an alias leads to the survivor)."""
        pk = _pk(event_id, "e")
        if pk is None:
            return None
        with self._reading() as connection:
            survivor = connection.execute(select(EA.c.event_pk).where(EA.c.alias_pk == pk)).scalar()
        return survivor or pk

    def _claim_filter(self, *, source: str | None = None, side: str | None = None, q: str | None = None):
        """A subquery of claim keys matching a source, a side and a full-text query."""
        statement = select(C.c.pk)
        if source:
            statement = statement.where(or_(C.c.source_pk.in_(select(S.c.pk).where(S.c.key == source)),
                                            C.c.source_id == source))
        if side:
            statement = statement.where(C.c.source_side == side)
        if q:
            statement = statement.where(self._fulltext(q))
        return statement

    def _fulltext(self, q: str):
        if self.engine.dialect.name == "postgresql":
            return text("to_tsvector('simple', claims.text) @@ plainto_tsquery('simple', :q)").bindparams(q=q)
        return C.c.pk.in_(text("SELECT rowid FROM claims_fts WHERE claims_fts MATCH :q")
                          .bindparams(q=fts5_query(q)).columns(column("rowid", Integer)))

    def _claims_json(self, connection: Connection, statement) -> list[dict]:
        return [claim_of(r).to_json() for r in connection.execute(statement)]

    def _findings_json(self, connection: Connection, statement) -> list[dict]:
        return self._findings_items(connection, connection.execute(statement).all())

    def _findings_items(self, connection: Connection, rows) -> list[dict]:
        claims_of: dict[int, list[str]] = defaultdict(list)
        for chunk in _chunks([r.pk for r in rows]):
            for link_row in connection.execute(select(FC).where(FC.c.finding_pk.in_(chunk))
                                               .order_by(FC.c.finding_pk, FC.c.position)):
                claims_of[link_row.finding_pk].append(f"c{link_row.claim_pk}")
        return [{"id": f"f{r.pk}", "kind": r.kind, "slot": r.slot, "event": f"e{r.event_pk}",
                 "claims": claims_of[r.pk], "explanation": r.explanation, "sides": list(r.sides or [])}
                for r in rows]

    def _events_json(self, connection: Connection, rows) -> list[dict]:
        pks = [r.pk for r in rows]
        claims_of: dict[int, list[tuple]] = defaultdict(list)
        documents_of: dict[int, dict[str, tuple]] = defaultdict(dict)
        findings_of: dict[int, list[str]] = defaultdict(list)
        for chunk in _chunks(pks):
            for r in connection.execute(select(EC.c.event_pk, EC.c.claim_pk, C.c.position, D.c.doc_id,
                                               D.c.published, D.c.sha256)
                                        .join(C, C.c.pk == EC.c.claim_pk).join(D, D.c.pk == C.c.document_pk)
                                        .where(EC.c.event_pk.in_(chunk))):
                # in the canonical order, as ``analyze`` lists them: not in the order stored
                key = stored_key(r.published, r.doc_id, r.sha256)
                claims_of[r.event_pk].append((key, r.position, r.claim_pk))
                documents_of[r.event_pk][r.doc_id] = key
            for r in connection.execute(select(F.c.pk, F.c.event_pk).where(F.c.event_pk.in_(chunk))
                                        .order_by(F.c.pk)):
                findings_of[r.event_pk].append(f"f{r.pk}")
        items = []
        for row in rows:
            data = dict(row.data or {})
            documents = sorted(documents_of[row.pk], key=documents_of[row.pk].__getitem__)
            claims = [f"c{pk}" for *_, pk in sorted(claims_of[row.pk])]
            data.update(id=f"e{row.pk}", claims=claims, documents=documents,
                        findings=findings_of[row.pk])
            items.append(Event.from_json(data).to_json())
        return items


def topic_keys(topics: Iterable[tuple[str | None, date | None] | None]) -> set[str]:
    """The block keys of an event: the block key (``resolve.block_key``) of each of its
    topics, alone and with the topic's day (or "undated"), for ``_Writer.neighbours``."""
    keys = set()
    for topic in topics:
        if topic is None or topic[0] is None:
            continue
        key, day = topic
        keys |= {f"block:{key}", f"block:{key}@{day.isoformat() if day else 'undated'}"}
    return {k for k in keys if len(k) <= 1000}


class TopicMarks:
    """Per claim id, the block key and day of the topic ``resolve`` makes of it: the
    same call on the same claims, per document, remembered for the write."""

    def __init__(self) -> None:
        self.done: dict[str, dict[str, tuple[str | None, date | None]]] = {}

    def of(self, documents: list[Document], claims: list[Claim],
           places: dict[str, list[str]]) -> dict[str, tuple[str | None, date | None]]:
        from .resolve import block_key, default_gazetteer, topics_of

        claims_of: dict[str, list[Claim]] = defaultdict(list)
        for claim in claims:
            claims_of[claim.doc].append(claim)
        found: dict[str, tuple[str | None, date | None]] = {}
        for document in documents:
            if document.id not in self.done:
                mine = claims_of.get(document.id, [])
                self.done[document.id] = {
                    claim.id: (block_key(topic), topic.day)
                    for topic in (topics_of(document, mine, places.get(document.id, []), default_gazetteer())
                                  if mine else [])
                    for claim in topic.claims}
            found.update(self.done[document.id])
        return found


def as_set(value: int | set[int]) -> set[int]:
    return value if isinstance(value, set) else {value}


def fts5_query(q: str) -> str:
    """User words as an FTS5 query: each word a quoted string, all of them required."""
    words = q.split()
    return " ".join('"' + word.replace('"', '""') + '"' for word in words) or '""'


def _reason(err: DBAPIError) -> str:
    return " ".join(str(err.orig).split()) if err.orig is not None else str(err)


def refused(err: DataError, document: Document) -> DocumentError:
    """E029: the store refused a value of ``document``'s."""
    return DocumentError(code="E029", message=Errors.E029.format(
        doc=document.id, path=document.path or document.id, detail=_reason(err)), path=document.path)


def write_error(err: DBAPIError, document: Document, *, together: list[Document] = ()) -> StoreError:
    """E071 (or E072 for a full disk) naming ``document``, and the others of its
    group (``together``) when they were written in the same transaction."""
    reason = _reason(err)
    others = [d.id for d in together if d.id != document.id]
    if others:
        named = ", ".join(f"'{i}'" for i in others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        reason += (f" (it was written in one transaction with {len(others)} other document(s), {named}: "
                   f"none of them is stored either)")
    if "full" in reason.lower() or "no space" in reason.lower():
        return StoreError(Errors.E072.format(doc=document.id, path=document.path or document.id, detail=reason))
    return StoreError(Errors.E071.format(doc=document.id, path=document.path or document.id, detail=reason))


# --------------------------------------------------------------------------
# the write path


class _Writer:
    """Documents' writes and their blocks' re-link, on one connection in one transaction."""

    def __init__(self, connection: Connection, analysis: Analysis) -> None:
        self.connection = connection
        self.analysis = analysis

    def execute(self, statement, *args):
        return self.connection.execute(statement, *args)

    def write(self, result: DocumentResult, run: int | None) -> Written:
        document = result.document
        digest = text_sha256(document.text)
        versions = self.execute(select(D.c.pk, D.c.version, D.c.sha256, D.c.replaced, D.c.path, D.c.skipped)
                                .where(D.c.doc_id == document.id)).all()
        same = next((v for v in versions if v.sha256 == digest), None)
        if same is not None:
            if same.skipped is None or document.skipped is not None:
                return Written("unchanged")
            return self.analyse_skipped(same.pk, result)
        values = {**{k: getattr(document, k) for k in ("lang", "publisher", "published", "url", "path",
                                                         "title", "duplicate_of", "skipped")},
                  "doc_id": document.id, "text": document.text, "sha256": digest, "replaced": False,
                  "version": max((v.version for v in versions), default=0) + 1, "run_pk": run,
                  "ingested_at": _now()}
        doc_pk = self.execute(_insert(self.connection, D).values(**values)
                              .on_conflict_do_nothing(index_elements=["doc_id", "sha256"])
                              .returning(D.c.pk)).scalar()
        if doc_pk is None:
            return Written("unchanged")
        touched, replaced_from = set(), None
        for old in (v for v in versions if not v.replaced):
            touched |= self.retire(old.pk, doc_pk)
            if old.path != document.path:
                replaced_from = old.path
        self.insert_places(result.places, doc_pk)
        claims = self.insert_claims(result.claims, doc_pk, document.id)
        linking = Linking(document, claims, result.places, touched) if claims or touched else None
        return Written("version" if versions else "added", len(claims), replaced_from=replaced_from,
                       off_topic=document.skipped is not None, linking=linking)

    def analyse_skipped(self, doc_pk: int, result: DocumentResult) -> Written:
        """A version stored without analysis (off-topic) gets the analysis of its same
        text, which a run that keeps off-topic documents made: no new version."""
        self.execute(update(D).where(D.c.pk == doc_pk).values(skipped=None))
        self.insert_places(result.places, doc_pk)
        claims = self.insert_claims(result.claims, doc_pk, result.document.id)
        linking = Linking(result.document, claims, result.places, set()) if claims else None
        return Written("analysed", len(claims), linking=linking)

    def insert_places(self, places: list[str], doc_pk: int) -> None:
        if places:
            self.execute(P.insert(), [{"document_pk": doc_pk, "position": i, "name": name}
                                      for i, name in enumerate(places)])

    def retire(self, old_pk: int, new_pk: int) -> set[int]:
        """Mark a version replaced and take its claims out of their events; those
        events are re-linked with the new version's block."""
        self.execute(update(D).where(D.c.pk == old_pk).values(replaced=True, replaced_by=new_pk))
        old_claims = select(C.c.pk).where(C.c.document_pk == old_pk)
        touched = set(self.execute(select(EC.c.event_pk).where(EC.c.claim_pk.in_(old_claims))).scalars())
        self.execute(delete(FC).where(FC.c.claim_pk.in_(old_claims)))
        self.execute(delete(EC).where(EC.c.claim_pk.in_(old_claims)))
        return touched

    def source_pk(self, source: Source, cache: dict[str, int | None]) -> int | None:
        key = source_key(source)
        if key is None:
            return None
        if key not in cache:
            self.execute(_insert(self.connection, S).values(
                key=key, id=source.id, name=source.label or source.who or key, label=source.label,
                kind=source.kind, side=source.side).on_conflict_do_nothing(index_elements=["key"]))
            cache[key] = self.execute(select(S.c.pk).where(S.c.key == key)).scalar_one()
        return cache[key]

    def insert_claims(self, claims: list[Claim], doc_pk: int, doc_id: str) -> list[Claim]:
        if not claims:
            return []
        cache: dict[str, int | None] = {}
        rows = [claim_values(c, doc_pk, i, self.source_pk(c.source, cache)) for i, c in enumerate(claims)]
        pks = self.execute(C.insert().returning(C.c.pk, sort_by_parameter_order=True), rows).scalars().all()
        for claim, pk in zip(claims, pks):
            claim.id, claim.doc = f"c{pk}", doc_id
        return claims

    # --------------------------------------------------------------- blocks

    def candidates(self, keys: set[str], days: list[date]) -> set[int]:
        """Stored events sharing a place key with the document, within the time window:
        how a store written before block keys (``topic_keys``) finds its events."""
        if not keys:
            return set()
        window = timedelta(days=2 * self.analysis.settings.event_window_days + 1)
        found: set[int] = set()
        for chunk in _chunks(sorted(keys)):
            statement = select(EK.c.event_pk).join(E, E.c.pk == EK.c.event_pk).where(EK.c.key.in_(chunk))
            if days:
                low, high = (min(days) - window).isoformat(), (max(days) + window).isoformat()
                statement = statement.where(or_(E.c.date.is_(None), and_(
                    E.c.date <= high, func.coalesce(E.c.date_end, E.c.date) >= low)))
            found.update(self.execute(statement.distinct()).scalars())
        return found

    def neighbours(self, topics: Iterable[tuple[str | None, date | None]], *, reach: int) -> set[int]:
        """Stored events holding a topic that ``resolve`` could weigh together with one of
        ``topics`` (block key and day): the same block key, days at most ``reach``
        days apart, or either undated (an undated topic weighs every event of its key)."""
        keys: set[str] = set()
        for key, day in topics:
            if key is None:
                continue  # a topic with no place is an event of its own
            if day is None:
                keys.add(f"block:{key}")
            else:
                keys.add(f"block:{key}@undated")
                keys.update(f"block:{key}@{(day + timedelta(days=n)).isoformat()}" for n in range(-reach, reach + 1))
        found: set[int] = set()
        for chunk in _chunks(sorted(keys)):
            found.update(self.execute(select(EK.c.event_pk).where(EK.c.key.in_(chunk)).distinct()).scalars())
        return found

    def load(self, doc_pks: list[int]) -> tuple[list[Document], list[Claim], dict[str, list[str]]]:
        """The documents (in the order they were stored), claims and places of a block."""
        documents, claims, places = [], [], defaultdict(list)
        for chunk in _chunks(doc_pks):
            documents += self.execute(select(D).where(D.c.pk.in_(chunk), CURRENT)).all()
            claims += [claim_of(r) for r in self.execute(
                select(*CLAIM_COLUMNS).join(D, D.c.pk == C.c.document_pk)
                .where(C.c.document_pk.in_(chunk), CURRENT))]
            for r in self.execute(select(P.c.name, D.c.doc_id).join(D, D.c.pk == P.c.document_pk)
                                  .where(P.c.document_pk.in_(chunk)).order_by(P.c.document_pk, P.c.position)):
                places[r.doc_id].append(r.name)
        documents = [document_of(r) for r in sorted(documents, key=lambda r: r.pk)]
        return documents, sorted(claims, key=lambda c: _pk(c.id, "c")), dict(places)

    def mark_reprints(self, mine: list[Event], documents: list[Document], block: set[int]) -> set[int]:
        """Mark near-copies (``pipeline.mark_reprints``) among the documents that share
        events with the block's (``mine``, as grouped now), and those that share events
        with them, and so on: the scope ``analyze`` gives them. A copy stored before its
        original (published earlier) now points to it, whichever was stored first. Writes
        the marks that changed (also on the ``documents`` given) and returns the stored
        events outside the block of the documents whose mark changed: their findings
        change too."""
        if self.analysis.settings.duplicate_threshold is None:
            return set()
        known = {d.id: d for d in documents}
        about = [list(ev.documents) for ev in mine]
        frontier = {doc_id for ids in about for doc_id in ids}
        seen_docs, outside = set(frontier), {}
        while frontier:
            found: set[int] = set()
            for chunk in _chunks(sorted(frontier)):
                found.update(self.execute(
                    select(EC.c.event_pk).join(C, C.c.pk == EC.c.claim_pk).join(D, D.c.pk == C.c.document_pk)
                    .where(D.c.doc_id.in_(chunk), CURRENT, EC.c.event_pk.notin_(sorted(block)))
                    .distinct()).scalars())
            found -= set(outside)
            frontier = set()
            for chunk in _chunks(sorted(found)):
                for event_pk, doc_id in self.execute(
                        select(EC.c.event_pk, D.c.doc_id).join(C, C.c.pk == EC.c.claim_pk)
                        .join(D, D.c.pk == C.c.document_pk).where(EC.c.event_pk.in_(chunk), CURRENT).distinct()):
                    outside.setdefault(event_pk, set()).add(doc_id)
                    if doc_id not in seen_docs:
                        seen_docs.add(doc_id)
                        frontier.add(doc_id)
        missing = sorted(seen_docs - set(known))
        for chunk in _chunks(missing):
            for row in self.execute(select(D).where(D.c.doc_id.in_(chunk), CURRENT)):
                known[row.doc_id] = document_of(row)
        scoped = [replace(d, duplicate_of=None) for d in known.values() if d.id in seen_docs]
        marks = {}
        for together in reprint_scopes(scoped, [*about, *outside.values()]):
            marks.update((d.id, d.duplicate_of) for d in mark_duplicates(together, settings=self.analysis.settings))
        changed = set()
        for doc_id, mark in marks.items():
            if known[doc_id].duplicate_of != mark:
                known[doc_id].duplicate_of = mark
                self.execute(update(D).where(D.c.doc_id == doc_id, CURRENT).values(duplicate_of=mark))
                changed.add(doc_id)
        return {pk for pk, ids in outside.items() if ids & changed}

    def link(self, linkings: list[Linking]) -> tuple[set[int], int]:
        """Group the written documents' claims with the stored ones into the events one
        batch run over every stored document would make, and write those events.

        ``resolve`` puts each topic (a document's, or a claim's about another region)
        into the best event so far, in the canonical order; which one depends only on
        the topics of its block key within ``event_window_days`` (or undated). So the
        block is closed over that relation where it matters: the stored events near
        the new documents' topics are grouped again with them; any event that comes
        out different from the stored one has its own neighbours loaded too, until
        every changed event's neighbours are in the block. Events outside the block are
        then untouched by the new documents, and those inside are what a batch run
        makes. The argument holds for any set of new documents, so a group of them is
        linked at once: the block is the union of theirs, closed as one document's is,
        and grouped, marked and judged once. Near-copies are marked again among the
        documents of the block's events and those sharing events with them, as
        ``analyze`` marks them. Returns (events touched, events merged away).
        """
        settings = self.analysis.settings
        window = settings.event_window_days
        new_pks: set[int] = set()
        for chunk in _chunks([linking.document.id for linking in linkings]):
            new_pks.update(self.execute(select(D.c.pk).where(D.c.doc_id.in_(chunk), CURRENT)).scalars())
        claims = [claim for linking in linkings for claim in linking.claims]
        marks = TopicMarks()
        own = marks.of([linking.document for linking in linkings], claims,
                       {linking.document.id: linking.places for linking in linkings})
        block = set().union(*(linking.inherited for linking in linkings))
        block |= self.neighbours(set(own.values()), reach=2 * window)
        for linking in linkings:
            # a store written before block keys finds its events by place and time, each
            # document's as its own write did
            legacy = resolve_events([linking.document], linking.claims, places={linking.document.id: linking.places},
                                    settings=settings)
            block |= self.candidates(set().union(*(event_keys(ev) for ev in legacy)),
                                     [d for ev in legacy for d in event_days(ev)])
        new_claims = {_pk(c.id, "c") for c in claims}
        while True:
            event_of = dict(self.execute(select(EC.c.claim_pk, EC.c.event_pk)
                                         .where(EC.c.event_pk.in_(sorted(block)))).all())
            doc_pks = set(self.execute(select(C.c.document_pk).where(C.c.pk.in_(sorted(event_of)))
                                       .distinct()).scalars()) if event_of else set()
            documents, block_claims, block_places = self.load(sorted(doc_pks | new_pks))
            events = group(documents, block_claims, places=block_places, analysis=self.analysis)
            ours = set(event_of) | new_claims
            mine = [ev for ev in events if any(_pk(c, "c") in ours for c in ev.claims)]
            stored: dict[int, set[int]] = defaultdict(set)
            for claim_pk, event_pk in event_of.items():
                stored[event_pk].add(claim_pk)
            unchanged = {frozenset(found) for found in stored.values()}
            changed = [ev for ev in mine if frozenset(_pk(c, "c") for c in ev.claims) not in unchanged]
            topics = marks.of(documents, block_claims, block_places)
            more = self.neighbours({topics[c] for ev in changed for c in ev.claims if c in topics}, reach=window)
            # a stored claim of another event, grouped with the block's: that event too
            strays = [_pk(c, "c") for ev in mine for c in ev.claims if _pk(c, "c") not in ours]
            if strays:
                more |= set(self.execute(select(EC.c.event_pk).where(EC.c.claim_pk.in_(strays))).scalars())
            more |= self.mark_reprints(mine, documents, block)
            if more <= block:
                break
            block |= more
        findings = judge(mine, block_claims, documents=documents, analysis=self.analysis)
        # the events of a replaced version are inherited by the group its new version joins:
        # their ids lead there
        for linking in linkings:
            for claim in linking.claims:
                event_of.setdefault(_pk(claim.id, "c"), linking.inherited)
        pk_of, merged = self.assign(mine, event_of, block)
        self.rewrite(mine, findings, sorted(ours), topics, pk_of, merged, block)
        return set(pk_of.values()) | block, len(merged)

    def assign(self, events: list[Event], event_of: dict[int, int | set[int]],
               stored: set[int]) -> tuple[dict[str, int], dict[int, int]]:
        """Which stored id each new group keeps: the oldest of the stored events whose
        claims it holds; the others merge into it. A group with none is a new event."""
        wanted = [sorted(set().union(*(as_set(event_of[pk]) for pk in (_pk(c, "c") for c in ev.claims)
                                        if pk in event_of)))
                  for ev in events]
        taken: set[int] = set()
        pk_of: dict[str, int] = {}
        merged: dict[int, int] = {}
        for i, ev in enumerate(events):
            free = [pk for pk in wanted[i] if pk not in taken]
            later = {pk for other in wanted[i + 1:] for pk in other}
            if free:
                survivor = free[0]
            else:
                survivor = self.execute(E.insert().values(type=ev.type, updated=_now(), data={})
                                        .returning(E.c.pk)).scalar_one()
            taken.add(survivor)
            pk_of[ev.id] = survivor
            for pk in free[1:]:
                if pk not in later:
                    merged[pk] = survivor
                    taken.add(pk)
        return pk_of, merged

    def rewrite(self, events: list[Event], findings: list[Finding], claim_pks: list[int],
                topics: dict[str, tuple[str | None, date | None]], pk_of: dict[str, int],
                merged: dict[int, int], stored: set[int]) -> None:
        """Write the block's events over the stored ones: links, keys (place keys and
        ``topic_keys``), aliases, findings. ``claim_pks``: the claims of the block's
        events, which are linked anew."""
        old = sorted(stored)
        for chunk in _chunks(old):
            self.execute(delete(FC).where(FC.c.finding_pk.in_(select(F.c.pk).where(F.c.event_pk.in_(chunk)))))
            self.execute(delete(F).where(F.c.event_pk.in_(chunk)))
            self.execute(delete(EK).where(EK.c.event_pk.in_(chunk)))
        for chunk in _chunks(claim_pks):
            self.execute(delete(EC).where(EC.c.claim_pk.in_(chunk)))
        survivors = set(pk_of.values())
        for alias, survivor in merged.items():
            self.execute(update(EA).where(EA.c.event_pk == alias).values(event_pk=survivor))
            self.execute(_insert(self.connection, EA).values(alias_pk=alias, event_pk=survivor)
                         .on_conflict_do_nothing(index_elements=["alias_pk"]))
        gone = [pk for pk in old if pk not in survivors]
        for chunk in _chunks(gone):
            self.execute(delete(EA).where(EA.c.event_pk.in_(chunk), EA.c.alias_pk.notin_(list(merged))))
            self.execute(delete(E).where(E.c.pk.in_(chunk)))
        findings_of: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            findings_of[finding.event].append(finding)
        for ev in events:
            pk = pk_of[ev.id]
            mine = findings_of[ev.id]
            self.execute(update(E).where(E.c.pk == pk).values(
                type=ev.type, place=ev.place, target=ev.target, date=ev.date, date_end=ev.date_end,
                title=ev.title, data=event_data(ev), n_claims=len(ev.claims),
                n_documents=len(ev.documents), n_findings=len(mine),
                contested=any(f.kind == "contradiction" for f in mine), updated=_now()))
            if ev.claims:
                self.execute(EC.insert(), [{"claim_pk": _pk(c, "c"), "event_pk": pk} for c in ev.claims])
            keys = event_keys(ev) | topic_keys(topics.get(c) for c in ev.claims)
            if keys:
                self.execute(EK.insert(), [{"event_pk": pk, "key": key} for key in sorted(keys)])
            for finding in mine:
                finding_pk = self.execute(F.insert().values(
                    event_pk=pk, kind=finding.kind, slot=finding.slot, explanation=finding.explanation,
                    sides=list(finding.sides)).returning(F.c.pk)).scalar_one()
                if finding.claims:
                    self.execute(FC.insert(), [{"finding_pk": finding_pk, "position": i, "claim_pk": _pk(c, "c")}
                                               for i, c in enumerate(finding.claims)])


# --------------------------------------------------------------------------
# CSV export: one row per event and source, in the spirit of ACLED's export

CSV_SLOTS = ("launched", "hit", "intercepted", "damage", "killed", "injured", "production_disrupted",
             "target", "place", "weapon", "time")
CSV_COLUMNS = ("event_id", "event_date", "event_date_end", "event_type", "country", "admin1", "location",
               "latitude", "longitude", "geonameid", "source", "source_id", "source_kind", "source_side",
               *CSV_SLOTS, "contested", "claims", "notes", "document_urls")
# a spreadsheet runs a cell that starts with one of these as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Document text as a CSV cell no spreadsheet evaluates (OWASP's CSV injection advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(ledger: Ledger) -> Iterator[dict[str, Any]]:
    """Rows of the CSV export: an event's place and date, one source, its values per
    slot, its evidence sentences as notes and the URLs of its documents."""
    from .report import LedgerIndex, evidence, side_by_side

    index = LedgerIndex.of(ledger)
    for ev in ledger.events:
        table = side_by_side(ledger, ev, index)
        where = ev.location
        for row in table.rows:
            claims = [index.claims[c] for c in row.claims]
            notes = dict.fromkeys(" ".join((lambda e: e.before + e.claim + e.after)(
                evidence(c, index.documents.get(c.doc))).split()) for c in claims)
            urls = dict.fromkeys(index.documents[c.doc].url or c.doc for c in claims if c.doc in index.documents)
            values = {slot: "; ".join(dict.fromkeys(e.value for e in row.cell(slot).entries))
                      if slot in table.columns else "" for slot in CSV_SLOTS}
            yield {k: spreadsheet_safe(v) for k, v in {
                "event_id": ev.id, "event_date": ev.date or "", "event_date_end": ev.date_end or "",
                "event_type": ev.type, "country": where.country if where else "",
                "admin1": (where.region if where else "") or "", "location": where.name if where else ev.place or "",
                "latitude": where.latitude if where and where.latitude is not None else "",
                "longitude": where.longitude if where and where.longitude is not None else "",
                "geonameid": where.geonameid if where and where.geonameid else "",
                "source": row.label, "source_id": row.key if not row.key.startswith("(") else "",
                "source_kind": row.kind or "", "source_side": row.side or "unknown", **values,
                "contested": "yes" if any(cell.contested for cell in row.cells) else "no",
                "claims": " ".join(row.claims), "notes": " | ".join(notes), "document_urls": " ".join(urls),
            }.items()}


def write_csv(ledger: Ledger, path: str | Path) -> Path:
    import csv

    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(csv_rows(ledger))
    return path
