"""Ingest runs name the process that runs them, so that a killed run can be told apart.

A run left 'running' by a process that is gone is marked 'interrupted' when the next
run starts (``Store._mark_interrupted``). Runs stored before this revision have no
owner; the next run judges them by their age. No document id changes: a store keeps
the ids it has, and new files read from folders get ids from their paths.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ingest_runs') as batch:
        batch.add_column(sa.Column('owner', sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ingest_runs') as batch:
        batch.drop_column('owner')
