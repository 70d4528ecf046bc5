"""insight counts covering indexes: the Insights page sums its daily counts from an index alone

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 17:00:00.000000

The page groups a range's daily counts by (kind, day, key, outcome, flagged). For all sites it
reads them in that order from `ix_insight_counts_by_day`, already grouped; for some sites from
`ix_insight_counts_by_site`, each site's rows of a kind side by side. Both carry the counted
columns (PostgreSQL's INCLUDE), so the table is not visited. They take the place of the index on
(kind, day), which sent each row to the table and then hashed them. SQLite has no INCLUDE: there
the indexes hold the key columns alone.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_insight_counts_by_day', 'insight_counts',
                    ['kind', 'day', 'key', 'outcome', 'flagged'], unique=False,
                    postgresql_include=['site_id', 'n', 'extra'])
    op.create_index('ix_insight_counts_by_site', 'insight_counts',
                    ['site_id', 'kind', 'day', 'key', 'outcome', 'flagged'], unique=False,
                    postgresql_include=['n', 'extra'])
    op.drop_index('ix_insight_counts_kind_day', table_name='insight_counts')


def downgrade():
    op.create_index('ix_insight_counts_kind_day', 'insight_counts', ['kind', 'day'], unique=False)
    op.drop_index('ix_insight_counts_by_site', table_name='insight_counts')
    op.drop_index('ix_insight_counts_by_day', table_name='insight_counts')
