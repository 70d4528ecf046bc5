"""spam models in the database: each model's skops bytes stored in its row

Revision ID: 0003
Revises: 0002_worker
Create Date: 2026-12-02 19:55:00.000000

Upgrading copies every model file still present in MODEL_DIR into its row, once, so the active
model and the rollback ones keep working on every worker without a shared folder and without a
retraining; a row whose file is gone stays as history, unloadable, as a pruned model would. The
files are left where they are. Downgrading writes the stored models back as files.
"""
import os
from pathlib import Path

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002_worker'
branch_labels = None
depends_on = None

spam_models = sa.table(
    'spam_models',
    sa.column('id', sa.Integer),
    sa.column('version', sa.String),
    sa.column('filename', sa.String),
    sa.column('payload', sa.LargeBinary),
    sa.column('size_bytes', sa.Integer),
)


def _model_dir() -> Path:
    """The folder models were saved in before this revision (the app's MODEL_DIR setting)."""
    try:
        from flask import current_app

        return Path(current_app.config['MODEL_DIR']).resolve()
    except (RuntimeError, KeyError):  # run by plain alembic, outside the app
        instance = os.environ.get('INSTANCE_PATH') or Path(__file__).resolve().parents[2] / 'instance'
        return Path(os.environ.get('MODEL_DIR') or Path(instance) / 'models').resolve()


def upgrade():
    with op.batch_alter_table('spam_models', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payload', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('size_bytes', sa.Integer(), nullable=True))

    connection = op.get_bind()
    root = _model_dir()
    rows = connection.execute(sa.select(spam_models.c.id, spam_models.c.filename)).all()
    for model_id, filename in rows:
        path = (root / filename).resolve()
        # Only files inside MODEL_DIR, as the loader always required.
        if not path.is_relative_to(root) or not path.is_file():
            continue
        data = path.read_bytes()
        connection.execute(spam_models.update().where(spam_models.c.id == model_id)
                           .values(payload=data, size_bytes=len(data)))

    with op.batch_alter_table('spam_models', schema=None) as batch_op:
        batch_op.drop_column('filename')


def downgrade():
    with op.batch_alter_table('spam_models', schema=None) as batch_op:
        batch_op.add_column(sa.Column('filename', sa.String(length=200), nullable=True))

    connection = op.get_bind()
    root = _model_dir()
    ids = connection.execute(sa.select(spam_models.c.id, spam_models.c.version)).all()
    for model_id, version in ids:
        filename = f'{version}.skops'
        data = connection.scalar(sa.select(spam_models.c.payload).where(spam_models.c.id == model_id))
        if data is not None:
            root.mkdir(parents=True, exist_ok=True)
            (root / filename).write_bytes(data)
        connection.execute(spam_models.update().where(spam_models.c.id == model_id)
                           .values(filename=filename))

    with op.batch_alter_table('spam_models', schema=None) as batch_op:
        batch_op.alter_column('filename', existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_column('size_bytes')
        batch_op.drop_column('payload')
