"""import jobs: files uploaded in the console, imported by a worker

Revision ID: 0009
Revises: 0011
Create Date: 2026-12-03 08:10:00.000000

`import_jobs` keeps each console import's options and outcome; `import_chunks` holds the uploaded
file in pieces until a worker, perhaps on another machine, has read it.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('moderator_id', sa.Integer(), nullable=True),
        sa.Column('format', sa.String(length=16), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('options', sa.JSON(), nullable=False),
        sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='import_job_status',
                                    native_enum=False, create_constraint=True, length=16), nullable=False),
        sa.Column('task_id', sa.String(length=64), nullable=True),
        sa.Column('imported', sa.Integer(), nullable=False),
        sa.Column('report', sa.Text(), nullable=True),
        sa.Column('error', sa.String(length=1000), nullable=True),
        sa.Column('training', sa.String(length=1000), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['moderator_id'], ['moderators.id'],
                                name=op.f('fk_import_jobs_moderator_id_moderators'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_import_jobs_site_id_sites'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_jobs')),
    )
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_jobs_site_id'), ['site_id'], unique=False)
    op.create_table(
        'import_chunks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('job_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['job_id'], ['import_jobs.id'], name=op.f('fk_import_chunks_job_id_import_jobs'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_chunks')),
        sa.UniqueConstraint('job_id', 'seq', name=op.f('uq_import_chunks_job_id')),
    )


def downgrade():
    op.drop_table('import_chunks')
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_jobs_site_id'))
    op.drop_table('import_jobs')
