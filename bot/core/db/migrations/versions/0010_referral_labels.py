"""referral codes: a label (a class), one person or a group, a number in a batch, and revoking

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # existing codes keep working as before: no label, meant for one person, not revoked
    with op.batch_alter_table('referrals') as batch:
        batch.add_column(sa.Column('label', sa.String(60), nullable=True))
        batch.add_column(sa.Column('kind', sa.String(10), nullable=False, server_default='single'))
        batch.add_column(sa.Column('number', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('revoked_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('referrals') as batch:
        batch.drop_column('revoked_at')
        batch.drop_column('number')
        batch.drop_column('kind')
        batch.drop_column('label')
