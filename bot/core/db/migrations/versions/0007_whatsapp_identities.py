"""whatsapp identities: user id -> conversation id

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'whatsapp_identities',
        sa.Column('user_id', sa.String(length=120), nullable=False),
        sa.Column('conversation_id', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('user_id'),
    )
    op.create_index('ix_whatsapp_identities_conversation_id', 'whatsapp_identities', ['conversation_id'])


def downgrade() -> None:
    op.drop_index('ix_whatsapp_identities_conversation_id', table_name='whatsapp_identities')
    op.drop_table('whatsapp_identities')
