"""events and role models

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'events',
        sa.Column('id', sa.String(length=60), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('title_nl', sa.Text(), nullable=False),
        sa.Column('title_en', sa.Text(), nullable=False),
        sa.Column('description_nl', sa.Text(), nullable=False),
        sa.Column('description_en', sa.Text(), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('time', sa.String(length=5), nullable=False),
        sa.Column('location_id', sa.String(length=60), nullable=False),
        sa.Column('venue', sa.String(length=200), nullable=False),
        sa.Column('provider_id', sa.String(length=60), nullable=True),
        sa.Column('profiles', sa.JSON(), nullable=False),
        sa.Column('free', sa.Boolean(), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('illustrative', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['location_id'], ['locations.id']),
        sa.ForeignKeyConstraint(['provider_id'], ['providers.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_events_date', 'events', ['date'])
    op.create_table(
        'role_models',
        sa.Column('id', sa.String(length=60), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('profile_id', sa.String(length=40), nullable=False),
        sa.Column('story_nl', sa.Text(), nullable=False),
        sa.Column('story_en', sa.Text(), nullable=False),
        sa.Column('groups', sa.JSON(), nullable=False),
        sa.Column('consent_publish', sa.Boolean(), nullable=False),
        sa.Column('consent_recorded', sa.Date(), nullable=True),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('illustrative', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['profile_id'], ['job_profiles.id']),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    op.drop_table('role_models')
    op.drop_index('ix_events_date', table_name='events')
    op.drop_table('events')
