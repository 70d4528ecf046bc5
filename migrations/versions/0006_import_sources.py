"""import sources: each imported comment's id in the old system, and the comment a reply answers

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 20:00:00.000000

`imported_comments` remembers (site, source, source id) once per comment, so importing the same
export twice adds nothing. `comments.parent_id` keeps which comment a reply answered.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'imported_comments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=64), nullable=False),
        sa.Column('source_id', sa.String(length=100), nullable=False),
        sa.Column('comment_id', sa.Integer(), nullable=False),
        sa.Column('parent_source_id', sa.String(length=100), nullable=True),
        sa.Column('author_url', sa.String(length=2000), nullable=True),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['comment_id'], ['comments.id'],
                                name=op.f('fk_imported_comments_comment_id_comments'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'],
                                name=op.f('fk_imported_comments_site_id_sites'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_comments')),
        sa.UniqueConstraint('site_id', 'source', 'source_id', name=op.f('uq_imported_comments_site_id')),
    )
    with op.batch_alter_table('imported_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_comments_comment_id'), ['comment_id'], unique=False)

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_comments_parent_id_comments'), 'comments',
                                    ['parent_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_comments_parent_id_comments'), type_='foreignkey')
        batch_op.drop_column('parent_id')

    with op.batch_alter_table('imported_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_comments_comment_id'))

    op.drop_table('imported_comments')
