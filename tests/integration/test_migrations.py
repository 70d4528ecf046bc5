"""The migrations build the schema on SQLite and PostgreSQL, and agree with the models."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from config import test_config
from models import db
from moderation import create_app

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    return request.getfixturevalue("postgres_factory")()


def differences(app) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_builds_a_schema_identical_to_the_models(empty_database, tmp_path):
    app = create_app(test_config(tmp_path, SQLALCHEMY_DATABASE_URI=empty_database))
    with app.app_context():
        upgrade(revision="heads")
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"sites", "threads", "comments", "moderators", "decisions", "captcha_challenges",
                "spam_models", "moderator_sites"} <= tables
        assert differences(app) == []
        db.engine.dispose()


def test_downgrade_then_upgrade_again(empty_database, tmp_path):
    app = create_app(test_config(tmp_path, SQLALCHEMY_DATABASE_URI=empty_database))
    with app.app_context():
        upgrade(revision="heads")
        downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(revision="heads")
        assert differences(app) == []
        db.engine.dispose()


def test_the_migration_history_has_a_single_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from config import BASE_DIR

    config = Config()
    config.set_main_option("script_location", str(BASE_DIR / "migrations"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
