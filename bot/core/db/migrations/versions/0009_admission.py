"""courses: admission beyond the level (age, mbo level, employer) and the diploma they lead to;
route types: who may start, in words

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # existing rows admit everyone until the next import (every import rewrites courses and route types)
    with op.batch_alter_table('courses') as batch:
        batch.add_column(sa.Column('min_age', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('max_age', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('min_mbo_level', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('needs_employer', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('awards', sa.String(length=10), nullable=True))
    with op.batch_alter_table('route_types') as batch:
        batch.add_column(sa.Column('admission_nl', sa.Text(), nullable=True))
        batch.add_column(sa.Column('admission_en', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('route_types') as batch:
        batch.drop_column('admission_en')
        batch.drop_column('admission_nl')
    with op.batch_alter_table('courses') as batch:
        for name in ('awards', 'needs_employer', 'min_mbo_level', 'max_age', 'min_age'):
            batch.drop_column(name)
