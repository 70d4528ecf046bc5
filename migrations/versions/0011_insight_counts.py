"""insight counts: each site's comments and decisions counted per day, for the Insights page

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-03 08:30:00.000000

`insight_counts` holds the daily counts the Insights page sums, `insight_dirty` the days a
decision changed since they were counted, `insight_sites` when each site was counted whole and
at which spam threshold. They start empty: the beat task counts every site on its first run.
An index on comments (site_id, decided_at) finds the comments decided on a day being recounted.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'insight_counts',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('flagged', sa.Boolean(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('extra', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_insight_counts_site_id_sites'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('site_id', 'day', 'kind', 'key', 'outcome', 'flagged',
                                name=op.f('pk_insight_counts')),
    )
    op.create_index('ix_insight_counts_kind_day', 'insight_counts', ['kind', 'day'], unique=False)
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index('ix_comments_site_decided', ['site_id', 'decided_at'], unique=False)
    op.create_table(
        'insight_dirty',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_insight_dirty_site_id_sites'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_insight_dirty')),
    )
    op.create_index('ix_insight_dirty_site_id', 'insight_dirty', ['site_id'], unique=False)
    op.create_table(
        'insight_sites',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('threshold', sa.Float(), nullable=True),
        sa.Column('built_at', sa.DateTime(), nullable=False),
        sa.Column('refreshed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_insight_sites_site_id_sites'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('site_id', name=op.f('pk_insight_sites')),
    )


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_site_decided')
    op.drop_table('insight_sites')
    op.drop_table('insight_dirty')
    op.drop_table('insight_counts')
