"""liaisons: the places each liaison covers

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # existing rows cover no place until the next import (every import rewrites the liaisons)
    with op.batch_alter_table('liaisons') as batch:
        batch.add_column(sa.Column('covers', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('liaisons') as batch:
        batch.drop_column('covers')
