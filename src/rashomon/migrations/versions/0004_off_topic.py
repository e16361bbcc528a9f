"""Documents stored without analysis because they are about no strike (``topic``).

``documents.skipped`` says why a document has no analysis ("off-topic"; NULL for
every document stored before, all of which were analysed); ``ingest_runs.off_topic``
and ``ingest_runs.now_analysed`` count, per run, the documents stored so and those
stored so before that the run analysed (``ingest --keep-off-topic``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 14:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents') as batch:
        batch.add_column(sa.Column('skipped', sa.String(length=32), nullable=True))
    with op.batch_alter_table('ingest_runs') as batch:
        batch.add_column(sa.Column('off_topic', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('now_analysed', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('ingest_runs') as batch:
        batch.drop_column('now_analysed')
        batch.drop_column('off_topic')
    with op.batch_alter_table('documents') as batch:
        batch.drop_column('skipped')
