"""import sources and privacy: imported comments' ids in the old system, reply parents, retention

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 20:00:00.000000

`imported_comments` remembers (site, source, source id) once per comment, so importing the same
export twice adds nothing. `comments.parent_id` keeps which comment a reply answered. Sites gain
their privacy settings, and `privacy_log` records erasures, exports and retention runs.
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
        # The privacy log and the owner's lookups find a commenter by the hash of their address.
        batch_op.create_index('ix_comments_email_hash', ['email_hash'], unique=False)

    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erase_keeps_numbering', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.add_column(sa.Column('keep_network_days', sa.Integer(), nullable=True, server_default='90'))
        batch_op.add_column(sa.Column('keep_rejected_days', sa.Integer(), nullable=True))

    op.create_table(
        'privacy_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=True),
        sa.Column('moderator_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.Enum('export', 'erase', 'purge', name='privacy_action', native_enum=False,
                                    create_constraint=True, length=16), nullable=False),
        sa.Column('subject', sa.String(length=64), nullable=True),
        sa.Column('comments', sa.Integer(), nullable=False),
        sa.Column('note', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['moderator_id'], ['moderators.id'],
                                name=op.f('fk_privacy_log_moderator_id_moderators'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_privacy_log_site_id_sites'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_log')),
    )
    with op.batch_alter_table('privacy_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_privacy_log_site_id'), ['site_id'], unique=False)


def downgrade():
    with op.batch_alter_table('privacy_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_privacy_log_site_id'))
    op.drop_table('privacy_log')

    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('keep_rejected_days')
        batch_op.drop_column('keep_network_days')
        batch_op.drop_column('erase_keeps_numbering')

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_email_hash')
        batch_op.drop_constraint(batch_op.f('fk_comments_parent_id_comments'), type_='foreignkey')
        batch_op.drop_column('parent_id')

    with op.batch_alter_table('imported_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_comments_comment_id'))

    op.drop_table('imported_comments')
