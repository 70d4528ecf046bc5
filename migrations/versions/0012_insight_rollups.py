"""insight roll-ups: each site's daily insight counts summed per week and per month

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-03 14:00:00.000000

`insight_rollups` holds the sums of `insight_counts` per week (from Monday) and per calendar
month, so the Insights page reads a row per period over long ranges. It is filled here from the
daily counts already made; the beat task keeps it up to date from then on.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0009'
branch_labels = None
depends_on = None

# Each period's first day, from a day: PostgreSQL's weeks start on Monday, as the page's do;
# SQLite's 'weekday 0' is the next Sunday (or the day itself), six days after that Monday.
STARTS = {
    'postgresql': {'week': "CAST(date_trunc('week', day) AS date)",
                   'month': "CAST(date_trunc('month', day) AS date)"},
    'sqlite': {'week': "date(day, 'weekday 0', '-6 days')", 'month': "date(day, 'start of month')"},
}


def upgrade():
    op.create_table(
        'insight_rollups',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('span', sa.String(length=8), nullable=False),
        sa.Column('start', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('flagged', sa.Boolean(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('extra', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_insight_rollups_site_id_sites'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('site_id', 'span', 'start', 'kind', 'key', 'outcome', 'flagged',
                                name=op.f('pk_insight_rollups')),
    )
    op.create_index('ix_insight_rollups_span_kind_start', 'insight_rollups', ['span', 'kind', 'start'],
                    unique=False)
    starts = STARTS[op.get_bind().dialect.name]
    for span, start in starts.items():
        op.execute(
            "INSERT INTO insight_rollups (site_id, span, start, kind, key, outcome, flagged, n, extra) "
            f"SELECT site_id, '{span}', {start}, kind, key, outcome, flagged, sum(n), sum(extra) "
            f"FROM insight_counts GROUP BY site_id, {start}, kind, key, outcome, flagged"
        )


def downgrade():
    op.drop_index('ix_insight_rollups_span_kind_start', table_name='insight_rollups')
    op.drop_table('insight_rollups')
