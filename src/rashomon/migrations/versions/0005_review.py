"""People, their corrections and the registry overlay (review, issue 12).

``users`` holds each person's role and token hash; ``corrections`` each correction,
keyed by document id, text sha256 and character span (never a claim's row id,
which a re-analysis renumbers); ``registry_overlay`` the source registry fields set
in the web app, applied as a ``--sources`` file is. Nothing stored before changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')


def upgrade() -> None:
    op.create_table('users',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_users')),
    sa.UniqueConstraint('name', name=op.f('uq_users_name')),
    sa.UniqueConstraint('sha256', name=op.f('uq_users_sha256'))
    )
    op.create_table('corrections',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('who', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('doc_id', sa.Text(), nullable=True),
    sa.Column('doc_sha256', sa.String(length=64), nullable=True),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('slot', sa.String(length=64), nullable=True),
    sa.Column('target', JSON, nullable=False),
    sa.Column('before', JSON, nullable=True),
    sa.Column('after', JSON, nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_corrections'))
    )
    op.create_index(op.f('ix_corrections_at'), 'corrections', ['at'], unique=False)
    op.create_index(op.f('ix_corrections_doc_id'), 'corrections', ['doc_id'], unique=False)
    op.create_table('registry_overlay',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.Column('field', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=True),
    sa.Column('correction_pk', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['correction_pk'], ['corrections.pk'],
                            name=op.f('fk_registry_overlay_correction_pk_corrections')),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_registry_overlay'))
    )
    op.create_index(op.f('ix_registry_overlay_source_id'), 'registry_overlay', ['source_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_registry_overlay_source_id'), table_name='registry_overlay')
    op.drop_table('registry_overlay')
    op.drop_index(op.f('ix_corrections_doc_id'), table_name='corrections')
    op.drop_index(op.f('ix_corrections_at'), table_name='corrections')
    op.drop_table('corrections')
    op.drop_table('users')
