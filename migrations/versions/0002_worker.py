"""worker: a body fingerprint for counting near-identical comments

Revision ID: 0002_worker
Revises: 0001
Create Date: 2026-11-26 15:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_worker'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_fingerprint', sa.String(length=16), nullable=True))
        batch_op.create_index('ix_comments_fingerprint', ['site_id', 'body_fingerprint', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_fingerprint')
        batch_op.drop_column('body_fingerprint')
