"""sessions that can be revoked, and no address hash beside its /24

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-02 20:00:00.000000

Each console account gets a session version: a session names it, and signing
out, a new password or a block bumps it, ending every session of the account.
The keyed hash of each commenter's full address is cleared: next to the /24
prefix stored beside it, anyone holding the key could reverse it in 256 tries,
and nothing needs it (rate limits count live requests, not stored rows).
The column stays, always empty, until a release drops it.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('moderators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))
    op.execute(sa.text("UPDATE comments SET ip_hash = NULL WHERE ip_hash IS NOT NULL"))


def downgrade():
    # The cleared hashes cannot come back; the column is still there.
    with op.batch_alter_table('moderators', schema=None) as batch_op:
        batch_op.drop_column('session_version')
