"""proof of work: each site's puzzle size

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 20:45:00.000000

`sites.pow_max_number` is how large a proof-of-work puzzle the widget solves
for each comment on the site; existing sites get the default.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pow_max_number', sa.Integer(), nullable=False,
                                      server_default='3000000'))


def downgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('pow_max_number')
