"""The store: documents, claims, sources, events, findings, runs, tokens.

Full-text search over claim text is per dialect: an FTS5 table kept in step by
triggers on SQLite, a GIN index over ``to_tsvector('simple', text)`` on PostgreSQL.

Revision ID: 0001
Revises: 
Create Date: 2026-12-01 15:12:46.800820
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# claims are inserted and never updated or deleted, yet the triggers keep the index
# right whatever happens to a row
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE claims_fts USING fts5(text, content='claims', content_rowid='pk', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.pk, new.text); END",
    "CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.pk, old.text); END",
    "CREATE TRIGGER claims_fts_update AFTER UPDATE OF text ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.pk, old.text); "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.pk, new.text); END",
)


def upgrade() -> None:
    op.create_table('api_tokens',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('sha256', name=op.f('uq_api_tokens_sha256'))
    )
    op.create_table('events',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=False),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('target', sa.Text(), nullable=True),
    sa.Column('date', sa.String(length=32), nullable=True),
    sa.Column('date_end', sa.String(length=32), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('n_claims', sa.Integer(), nullable=False),
    sa.Column('n_documents', sa.Integer(), nullable=False),
    sa.Column('n_findings', sa.Integer(), nullable=False),
    sa.Column('contested', sa.Boolean(), nullable=False),
    sa.Column('updated', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_events')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_contested'), ['contested'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_place'), ['place'], unique=False)

    op.create_table('ingest_runs',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('started', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('paths', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('read', sa.Integer(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('versions', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('claims', sa.Integer(), nullable=False),
    sa.Column('events_touched', sa.Integer(), nullable=False),
    sa.Column('events_merged', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_ingest_runs')),
    sqlite_autoincrement=True
    )
    op.create_table('sources',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=1000), nullable=False),
    sa.Column('id', sa.String(length=200), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('label', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=64), nullable=True),
    sa.Column('side', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_sources')),
    sa.UniqueConstraint('key', name=op.f('uq_sources_key')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sources_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_sources_side'), ['side'], unique=False)

    op.create_table('write_lock',
    sa.Column('pk', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_write_lock'))
    )
    op.create_table('documents',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=1000), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('replaced', sa.Boolean(), nullable=False),
    sa.Column('replaced_by', sa.Integer(), nullable=True),
    sa.Column('lang', sa.String(length=16), nullable=True),
    sa.Column('publisher', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=64), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('duplicate_of', sa.String(length=1000), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('run_pk', sa.Integer(), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['replaced_by'], ['documents.pk'], name=op.f('fk_documents_replaced_by_documents')),
    sa.ForeignKeyConstraint(['run_pk'], ['ingest_runs.pk'], name=op.f('fk_documents_run_pk_ingest_runs')),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_documents')),
    sa.UniqueConstraint('doc_id', 'sha256', name='uq_documents_doc_id_sha256'),
    sa.UniqueConstraint('doc_id', 'version', name='uq_documents_doc_id_version'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_current', ['doc_id', 'replaced'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_replaced'), ['replaced'], unique=False)

    op.create_table('event_aliases',
    sa.Column('alias_pk', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('event_pk', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_pk'], ['events.pk'], name=op.f('fk_event_aliases_event_pk_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('alias_pk', name=op.f('pk_event_aliases'))
    )
    with op.batch_alter_table('event_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_aliases_event_pk'), ['event_pk'], unique=False)

    op.create_table('event_keys',
    sa.Column('event_pk', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['event_pk'], ['events.pk'], name=op.f('fk_event_keys_event_pk_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_pk', 'key', name=op.f('pk_event_keys'))
    )
    with op.batch_alter_table('event_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_keys_key'), ['key'], unique=False)

    op.create_table('findings',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('event_pk', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('slot', sa.String(length=64), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('sides', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['event_pk'], ['events.pk'], name=op.f('fk_findings_event_pk_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_findings')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_event_pk'), ['event_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_slot'), ['slot'], unique=False)

    op.create_table('claims',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('document_pk', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('source_pk', sa.Integer(), nullable=True),
    sa.Column('attributed', sa.Boolean(), nullable=False),
    sa.Column('source_name', sa.Text(), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=True),
    sa.Column('source_kind', sa.String(length=64), nullable=True),
    sa.Column('source_side', sa.String(length=64), nullable=True),
    sa.Column('source_label', sa.Text(), nullable=True),
    sa.Column('cue', sa.Text(), nullable=True),
    sa.Column('stance', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Boolean(), nullable=False),
    sa.Column('path', sa.String(length=64), nullable=False),
    sa.Column('said_at', sa.String(length=64), nullable=True),
    sa.Column('later', sa.Boolean(), nullable=False),
    sa.Column('facts', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['document_pk'], ['documents.pk'], name=op.f('fk_claims_document_pk_documents')),
    sa.ForeignKeyConstraint(['source_pk'], ['sources.pk'], name=op.f('fk_claims_source_pk_sources')),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_claims')),
    sa.UniqueConstraint('document_pk', 'position', name='uq_claims_document_pk_position'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_document_pk'), ['document_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_source_pk'), ['source_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_source_side'), ['source_side'], unique=False)

    op.create_table('places',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('document_pk', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_pk'], ['documents.pk'], name=op.f('fk_places_document_pk_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_places'))
    )
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_places_document_pk'), ['document_pk'], unique=False)

    op.create_table('event_claims',
    sa.Column('claim_pk', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('event_pk', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_pk'], ['claims.pk'], name=op.f('fk_event_claims_claim_pk_claims')),
    sa.ForeignKeyConstraint(['event_pk'], ['events.pk'], name=op.f('fk_event_claims_event_pk_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_pk', name=op.f('pk_event_claims'))
    )
    with op.batch_alter_table('event_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_claims_event_pk'), ['event_pk'], unique=False)

    op.create_table('finding_claims',
    sa.Column('finding_pk', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('claim_pk', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_pk'], ['claims.pk'], name=op.f('fk_finding_claims_claim_pk_claims')),
    sa.ForeignKeyConstraint(['finding_pk'], ['findings.pk'], name=op.f('fk_finding_claims_finding_pk_findings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('finding_pk', 'position', name=op.f('pk_finding_claims'))
    )
    with op.batch_alter_table('finding_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_claims_claim_pk'), ['claim_pk'], unique=False)


    op.bulk_insert(sa.table("write_lock", sa.column("pk", sa.Integer)), [{"pk": 1}])
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute("CREATE INDEX ix_claims_text_fts ON claims USING gin (to_tsvector('simple', text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS claims_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_claims_text_fts")
    with op.batch_alter_table('finding_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_claims_claim_pk'))

    op.drop_table('finding_claims')
    with op.batch_alter_table('event_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_claims_event_pk'))

    op.drop_table('event_claims')
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_places_document_pk'))

    op.drop_table('places')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_source_side'))
        batch_op.drop_index(batch_op.f('ix_claims_source_pk'))
        batch_op.drop_index(batch_op.f('ix_claims_document_pk'))

    op.drop_table('claims')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_slot'))
        batch_op.drop_index(batch_op.f('ix_findings_kind'))
        batch_op.drop_index(batch_op.f('ix_findings_event_pk'))

    op.drop_table('findings')
    with op.batch_alter_table('event_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_keys_key'))

    op.drop_table('event_keys')
    with op.batch_alter_table('event_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_aliases_event_pk'))

    op.drop_table('event_aliases')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_replaced'))
        batch_op.drop_index(batch_op.f('ix_documents_doc_id'))
        batch_op.drop_index('ix_documents_current')

    op.drop_table('documents')
    op.drop_table('write_lock')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sources_side'))
        batch_op.drop_index(batch_op.f('ix_sources_kind'))

    op.drop_table('sources')
    op.drop_table('ingest_runs')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_place'))
        batch_op.drop_index(batch_op.f('ix_events_date'))
        batch_op.drop_index(batch_op.f('ix_events_contested'))

    op.drop_table('events')
    op.drop_table('api_tokens')
