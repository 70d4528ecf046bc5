"""notifications: owed mails, commenters' addresses and subscriptions, webhooks and their deliveries

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 07:43:04.632294

Each moderator gets a mail setting (`notify_mode`, each comment by default) and
the time of their last digest. New tables only otherwise; nothing existing moves.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_addresses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('unsubscribed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_mail_addresses_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_addresses')),
    sa.UniqueConstraint('site_id', 'email', name=op.f('uq_mail_addresses_site_id'))
    )
    op.create_table('webhooks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('events', sa.JSON(), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_webhooks_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhooks'))
    )
    with op.batch_alter_table('webhooks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhooks_site_id'), ['site_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('moderator_comment', 'moderator_digest', 'confirm', 'published', 'page_comment', name='kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('address_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('pending', 'sending', 'sent', 'failed', 'dropped', name='state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=True),
    sa.Column('outbox_message', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['address_id'], ['mail_addresses.id'], name=op.f('fk_notifications_address_id_mail_addresses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_notifications_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['moderator_id'], ['moderators.id'], name=op.f('fk_notifications_moderator_id_moderators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_notifications_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('key', name=op.f('uq_notifications_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index('ix_notifications_recipient_time', ['recipient', 'created_at'], unique=False)
        batch_op.create_index('ix_notifications_state_due', ['state', 'next_attempt_at'], unique=False)

    op.create_table('subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('address_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('published', 'page', name='kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['address_id'], ['mail_addresses.id'], name=op.f('fk_subscriptions_address_id_mail_addresses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_subscriptions_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_subscriptions_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscriptions')),
    sa.UniqueConstraint('key', name=op.f('uq_subscriptions_key'))
    )
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscriptions_address_id'), ['address_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subscriptions_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index('ix_subscriptions_thread', ['thread_id', 'kind'], unique=False)

    op.create_table('webhook_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('webhook_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'sending', 'delivered', 'failed', name='state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('response_status', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_webhook_deliveries_comment_id_comments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['webhook_id'], ['webhooks.id'], name=op.f('fk_webhook_deliveries_webhook_id_webhooks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries')),
    sa.UniqueConstraint('key', name=op.f('uq_webhook_deliveries_key'))
    )
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_deliveries_hook_time', ['webhook_id', 'id'], unique=False)
        batch_op.create_index('ix_webhook_deliveries_state_due', ['state', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('moderators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_mode', sa.String(length=8), server_default='each', nullable=False))
        batch_op.add_column(sa.Column('digest_sent_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('moderators', schema=None) as batch_op:
        batch_op.drop_column('digest_sent_at')
        batch_op.drop_column('notify_mode')

    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_deliveries_state_due')
        batch_op.drop_index('ix_webhook_deliveries_hook_time')

    op.drop_table('webhook_deliveries')
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.drop_index('ix_subscriptions_thread')
        batch_op.drop_index(batch_op.f('ix_subscriptions_comment_id'))
        batch_op.drop_index(batch_op.f('ix_subscriptions_address_id'))

    op.drop_table('subscriptions')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_state_due')
        batch_op.drop_index('ix_notifications_recipient_time')
        batch_op.drop_index(batch_op.f('ix_notifications_comment_id'))

    op.drop_table('notifications')
    with op.batch_alter_table('webhooks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhooks_site_id'))

    op.drop_table('webhooks')
    op.drop_table('mail_addresses')
