"""partial comment indexes: no entry for a fingerprint, email or decision a comment does not have

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 17:10:00.000000

A comment arrives with no fingerprint (the worker sets it) and no decision, and often with no
email: each comment POST wrote an entry for those NULLs into three indexes that no query looks up
by NULL. Rebuilt as partial indexes over the rows that have a value; every query that uses them
compares the column (=, BETWEEN, IS NOT NULL), which both databases read as implying the WHERE.
"""
from alembic import op
from sqlalchemy import text

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_comments_fingerprint', ['site_id', 'body_fingerprint', 'created_at'], 'body_fingerprint'),
    ('ix_comments_email_hash', ['email_hash'], 'email_hash'),
    ('ix_comments_site_decided', ['site_id', 'decided_at'], 'decided_at'),
)


def upgrade():
    for name, columns, column in INDEXES:
        op.drop_index(name, table_name='comments')
        where = text(f'{column} IS NOT NULL')
        op.create_index(name, 'comments', columns, unique=False, sqlite_where=where, postgresql_where=where)


def downgrade():
    for name, columns, _ in INDEXES:
        op.drop_index(name, table_name='comments')
        op.create_index(name, 'comments', columns, unique=False)
