"""The store's tables, as SQLAlchemy 2 models: one schema for SQLite and PostgreSQL.

Each table holds one concept of ``ledger.py``; the ledger's JSON is rebuilt from
them by ``store``. Public ids are the primary keys with a letter in front
(claim ``c12``, event ``e7``, finding ``f3``): they never change once given,
because a row is never renumbered. An event merged into another is deleted and
its id kept in ``event_aliases``, pointing at the survivor.

The migrations in ``migrations/versions`` create these tables (and the full-text
index over claim text, which is per dialect); ``tests/test_store.py`` checks
that the two agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JSONType = JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# SQLite reuses the largest rowid after a delete unless told not to; ids must never return
NEVER_REUSED = {"sqlite_autoincrement": True}


class IngestRun(Base):
    """One ``rashomon ingest``: when it ran and what it added. A run that was killed
    keeps ``finished`` empty; the next run marks it ``status`` 'interrupted'."""

    __tablename__ = "ingest_runs"
    __table_args__ = (NEVER_REUSED,)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    started: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="running")
    paths: Mapped[Any] = mapped_column(JSONType, default=list)
    read: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    versions: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    claims: Mapped[int] = mapped_column(Integer, default=0)
    events_touched: Mapped[int] = mapped_column(Integer, default=0)
    events_merged: Mapped[int] = mapped_column(Integer, default=0)
    # "host:pid" of the process that runs it, to tell a run going on from one
    # whose process is gone ('interrupted')
    owner: Mapped[str | None] = mapped_column(String(300))
    # of the documents added: those stored without analysis as about no strike
    # (``topic``); and those stored so before that this run analysed
    off_topic: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    now_analysed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class DocumentRow(Base):
    """One version of a document. A document is known by ``doc_id`` and the sha256
    of its text; the same id with other text is the next ``version``, and the
    version it replaces keeps its row and claims, with ``replaced`` set."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("doc_id", "sha256", name="uq_documents_doc_id_sha256"),
        UniqueConstraint("doc_id", "version", name="uq_documents_doc_id_version"),
        NEVER_REUSED,
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(1000), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    sha256: Mapped[str] = mapped_column(String(64))
    replaced: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    replaced_by: Mapped[int | None] = mapped_column(ForeignKey("documents.pk"))
    lang: Mapped[str | None] = mapped_column(String(16))
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[str | None] = mapped_column(String(1000))
    # why it is stored without analysis ("off-topic"), None when it was analysed
    skipped: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    run_pk: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.pk"))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PlaceRow(Base):
    """A place a document names (from the parse), which ``resolve`` blocks on."""

    __tablename__ = "places"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.pk", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)


class SourceRow(Base):
    """Who speaks, once: keyed by the registry id, or by the name for a speaker the
    registry does not know (``name:<lower-case words>``)."""

    __tablename__ = "sources"
    __table_args__ = (NEVER_REUSED,)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(1000), unique=True)
    id: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(64), index=True)
    side: Mapped[str | None] = mapped_column(String(64), index=True)


class ClaimRow(Base):
    """One claim, with its spans in its document version's text and its facts
    (the ledger's ``Fact`` objects as a JSON list)."""

    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("document_pk", "position", name="uq_claims_document_pk_position"),
        NEVER_REUSED,
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.pk"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    source_pk: Mapped[int | None] = mapped_column(ForeignKey("sources.pk"), index=True)
    attributed: Mapped[bool] = mapped_column(Boolean, default=True)
    source_name: Mapped[str] = mapped_column(Text, default="")
    source_id: Mapped[str | None] = mapped_column(String(200))
    source_kind: Mapped[str | None] = mapped_column(String(64))
    source_side: Mapped[str | None] = mapped_column(String(64), index=True)
    source_label: Mapped[str | None] = mapped_column(Text)
    source_refers_to: Mapped[str | None] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[bool] = mapped_column(Boolean, default=False)
    path: Mapped[str] = mapped_column(String(64))
    said_at: Mapped[str | None] = mapped_column(String(64))
    later: Mapped[bool] = mapped_column(Boolean, default=False)
    facts: Mapped[Any] = mapped_column(JSONType, default=list)
    confidence: Mapped[float | None] = mapped_column(Float)


class EventRow(Base):
    """An event: the columns the API filters and sorts on, and in ``data`` the rest of
    the ledger's ``Event`` as ``resolve`` made it (location, sources, timeline...).
    Its claims are in ``event_claims``, its findings in ``findings``."""

    __tablename__ = "events"
    __table_args__ = (NEVER_REUSED,)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(64), default="attack")
    place: Mapped[str | None] = mapped_column(Text, index=True)
    target: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(32), index=True)
    date_end: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    data: Mapped[Any] = mapped_column(JSONType, default=dict)
    n_claims: Mapped[int] = mapped_column(Integer, default=0)
    n_documents: Mapped[int] = mapped_column(Integer, default=0)
    n_findings: Mapped[int] = mapped_column(Integer, default=0)
    contested: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EventAlias(Base):
    """An event id that was merged into another: ``alias_pk`` leads to ``event_pk``."""

    __tablename__ = "event_aliases"

    alias_pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event_pk: Mapped[int] = mapped_column(ForeignKey("events.pk", ondelete="CASCADE"), index=True)


class EventKey(Base):
    """The place-and-time block keys of an event (normalised place names, geonames
    ids), the index new documents are matched against."""

    __tablename__ = "event_keys"

    event_pk: Mapped[int] = mapped_column(ForeignKey("events.pk", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(1000), primary_key=True, index=True)


class EventClaim(Base):
    """Which event a claim belongs to; a claim belongs to one event at most."""

    __tablename__ = "event_claims"

    claim_pk: Mapped[int] = mapped_column(ForeignKey("claims.pk"), primary_key=True, autoincrement=False)
    event_pk: Mapped[int] = mapped_column(ForeignKey("events.pk", ondelete="CASCADE"), index=True)


class FindingRow(Base):
    """A contradiction, corroboration or revision on one slot of one event."""

    __tablename__ = "findings"
    __table_args__ = (NEVER_REUSED,)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_pk: Mapped[int] = mapped_column(ForeignKey("events.pk", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    slot: Mapped[str] = mapped_column(String(64), index=True)
    explanation: Mapped[str] = mapped_column(Text)
    sides: Mapped[Any] = mapped_column(JSONType, default=list)


class FindingClaim(Base):
    """The claims of a finding, in the order the finding lists them."""

    __tablename__ = "finding_claims"

    finding_pk: Mapped[int] = mapped_column(ForeignKey("findings.pk", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    claim_pk: Mapped[int] = mapped_column(ForeignKey("claims.pk"), index=True)


class ApiToken(Base):
    """A token for the web API: its name and the sha256 of its secret, never the secret."""

    __tablename__ = "api_tokens"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserRow(Base):
    """A person who reads or reviews: a name, a role (reader, editor, admin) and the
    sha256 of their token, never the token."""

    __tablename__ = "users"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CorrectionRow(Base):
    """One correction an analyst made: who, when, what kind, on what, the value before
    and after, and why. Never the machine's row id: a claim is named by its document,
    that document's text (sha256) and the claim's character span, which a re-analysis
    keeps (``review``). Nothing the machine wrote is changed; corrections are applied
    when the store is read."""

    __tablename__ = "corrections"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    doc_id: Mapped[str | None] = mapped_column(Text, nullable=True, index=True)
    doc_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    span_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    span_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    slot: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # what else names the target: the claims of an event (their keys), a source's id,
    # and what the claim was when corrected (so that an orphan still says what it was)
    target: Mapped[Any] = mapped_column(JSONType, default=dict)
    before: Mapped[Any] = mapped_column(JSONType, nullable=True)
    after: Mapped[Any] = mapped_column(JSONType, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="active")


class RegistryOverlayRow(Base):
    """One change to the source registry made in the web app: the fields of a
    ``--sources`` file's entry (side, kind, owner, name, an alias), applied the same way."""

    __tablename__ = "registry_overlay"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(String(200), index=True)
    field: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(8), nullable=True)
    correction_pk: Mapped[int | None] = mapped_column(ForeignKey("corrections.pk"), nullable=True)


class BlockLock(Base):
    """One row that PostgreSQL writers lock in turn (``SELECT ... FOR UPDATE``), so
    two ingests never re-link the same events at once; SQLite's write lock does
    the same there."""

    __tablename__ = "write_lock"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


Index("ix_documents_current", DocumentRow.doc_id, DocumentRow.replaced)
