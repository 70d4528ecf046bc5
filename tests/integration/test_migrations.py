"""The migrations build the schema on SQLite and PostgreSQL, and agree with the models."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from config import test_config
from models import db
from models.search import search_objects
from moderation import create_app

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    return request.getfixturevalue("postgres_factory")()


def differences(app) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_name": search_objects})
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


def test_the_roll_up_migration_sums_the_daily_counts_already_made(empty_database, tmp_path):
    from datetime import date, timedelta

    from models.insight_counts import SPANS, InsightRollup, period_start

    app = create_app(test_config(tmp_path, SQLALCHEMY_DATABASE_URI=empty_database))
    with app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO sites (id, key, name, origins, hold_links_over, auto_approve_trusted, "
                "auto_approve_below, content_version, created_at, erase_keeps_numbering, pow_max_number, "
                "keep_network_days) "
                "VALUES (1, 'k', 'Site', '[]', 2, false, 0.1, 0, '2026-09-01', true, 1, 90)"))
            # Sunday 27 September to Monday 5 October: three weeks and two months.
            days = [date(2026, 9, 27) + timedelta(days=i) for i in range(9)]
            connection.execute(sa.text(
                "INSERT INTO insight_counts (site_id, day, kind, key, outcome, flagged, n, extra) "
                "VALUES (1, :day, 'comments', 'v1', 'approved', false, :n, :extra)"),
                [{"day": d, "n": i + 1, "extra": i % 2} for i, d in enumerate(days)])
        upgrade(revision="heads")
        found = {(r.span, r.start): (r.n, r.extra) for r in db.session.scalars(sa.select(InsightRollup))}
        wanted: dict = {}
        for i, d in enumerate(days):
            for span in SPANS:
                n, extra = wanted.get((span, period_start(span, d)), (0, 0))
                wanted[(span, period_start(span, d))] = (n + i + 1, extra + i % 2)
        assert found == wanted
        assert found[("week", date(2026, 9, 28))] == (2 + 3 + 4 + 5 + 6 + 7 + 8, 1 + 0 + 1 + 0 + 1 + 0 + 1)
        db.session.remove()
        db.engine.dispose()


def test_without_pg_trgm_the_upgrade_goes_on_and_the_search_still_finds(postgres_server, postgres_factory,
                                                                         tmp_path, caplog):
    """A role that may not create the extension (not the database's owner, here) gets the schema
    without the text index, a warning naming the way out, and a search that works, slower."""
    from models import Comment, CommentStatus, Site, Thread, where_matches

    if postgres_server is None:
        postgres_factory()  # skips, or fails under CI, with the way to get PostgreSQL
    role = f"limited_{uuid.uuid4().hex[:8]}"
    url = sa.make_url(postgres_factory())
    with postgres_server.connect() as connection:
        connection.execute(sa.text(f'CREATE ROLE "{role}" LOGIN'))
    try:
        owner = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with owner.connect() as connection:
            connection.execute(sa.text(f'GRANT CREATE ON SCHEMA public TO "{role}"'))
        owner.dispose()
        app = create_app(test_config(tmp_path, SQLALCHEMY_DATABASE_URI=url.set(username=role, password=None)
                                     .render_as_string(hide_password=False)))
        with app.app_context():
            upgrade(revision="heads")
            assert "pg_trgm could not be created" in caplog.text and "docs/deploy.md" in caplog.text
            indexes = sa.inspect(db.engine).get_indexes("comments")
            assert "ix_comments_search" not in {i["name"] for i in indexes}
            assert differences(app) == []
            site = Site(name="Blog", origins=["https://blog.example"])
            db.session.add(site)
            db.session.flush()
            thread = Thread(site_id=site.id, uri="/post", title="Post")
            db.session.add(thread)
            db.session.flush()
            db.session.add(Comment(site_id=site.id, thread_id=thread.id, author="Ann", author_key="ann",
                                   body="A Marzipan cake", status=CommentStatus.PENDING))
            db.session.commit()
            found = db.session.scalars(where_matches(sa.select(Comment.body), ["ARZIPAN"])).all()
            assert found == ["A Marzipan cake"]
            db.session.remove()
            db.engine.dispose()
    finally:
        with postgres_server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
            connection.execute(sa.text(f'DROP ROLE IF EXISTS "{role}"'))
