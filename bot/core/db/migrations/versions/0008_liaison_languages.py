"""liaison languages and response time; preferred time and languages on callback requests

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # existing liaisons speak no known language until the next import (every import rewrites the liaisons)
    with op.batch_alter_table('liaisons') as batch:
        batch.add_column(sa.Column('languages', sa.JSON(), nullable=False, server_default='[]'))
        batch.add_column(sa.Column('response_days', sa.Integer(), nullable=True))
    with op.batch_alter_table('callback_requests') as batch:
        batch.add_column(sa.Column('preferred_time', sa.Text(), nullable=True))
        batch.add_column(sa.Column('languages', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('callback_requests') as batch:
        batch.drop_column('languages')
        batch.drop_column('preferred_time')
    with op.batch_alter_table('liaisons') as batch:
        batch.drop_column('response_days')
        batch.drop_column('languages')
