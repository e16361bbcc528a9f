"""Claims carry a confidence (the attribution model's) and whom a pronoun speaker stands for.

A claim stored before this revision has neither: its ``confidence`` stays null (not
scored) and its ``source_refers_to`` null, as for a speaker named outright. Facts are
JSON and carry their own ``confidence`` and ``scope`` keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('claims') as batch:
        batch.add_column(sa.Column('source_refers_to', sa.Text(), nullable=True))
        batch.add_column(sa.Column('confidence', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('claims') as batch:
        batch.drop_column('confidence')
        batch.drop_column('source_refers_to')
