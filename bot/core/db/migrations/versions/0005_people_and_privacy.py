"""liaisons, referrals, callback requests

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'liaisons',
        sa.Column('id', sa.String(length=60), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('location_id', sa.String(length=60), nullable=False),
        sa.Column('area_nl', sa.Text(), nullable=False),
        sa.Column('area_en', sa.Text(), nullable=False),
        sa.Column('email', sa.String(length=200), nullable=True),
        sa.Column('phone', sa.String(length=40), nullable=True),
        sa.Column('hours_nl', sa.Text(), nullable=False),
        sa.Column('hours_en', sa.Text(), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('illustrative', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['location_id'], ['locations.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'referrals',
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('counsellor_name', sa.String(length=120), nullable=False),
        sa.Column('organisation', sa.String(length=160), nullable=False),
        sa.Column('created_by_sender', sa.String(length=255), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('code'),
    )
    op.create_index('ix_referrals_created_by_sender', 'referrals', ['created_by_sender'])
    op.create_table(
        'referral_links',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('sender_id', sa.String(length=255), nullable=False),
        sa.Column('linked_at', sa.DateTime(), nullable=False),
        sa.Column('consent_given_at', sa.DateTime(), nullable=True),
        sa.Column('consent_revoked_at', sa.DateTime(), nullable=True),
        sa.Column('progress', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['code'], ['referrals.code'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code', 'sender_id'),
    )
    op.create_index('ix_referral_links_code', 'referral_links', ['code'])
    op.create_index('ix_referral_links_sender_id', 'referral_links', ['sender_id'])
    op.create_table(
        'callback_requests',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('sender_id', sa.String(length=255), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('contact', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('place', sa.String(length=60), nullable=True),
        sa.Column('liaison_id', sa.String(length=60), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_callback_requests_sender_id', 'callback_requests', ['sender_id'])
    op.create_index('ix_callback_requests_created_at', 'callback_requests', ['created_at'])


def downgrade() -> None:
    op.drop_table('callback_requests')
    op.drop_table('referral_links')
    op.drop_index('ix_referrals_created_by_sender', table_name='referrals')
    op.drop_table('referrals')
    op.drop_table('liaisons')
