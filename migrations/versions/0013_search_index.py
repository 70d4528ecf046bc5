"""search index: the console's search box finds a rare word without reading every comment

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 14:00:00.000000

PostgreSQL: pg_trgm GIN indexes on the text the search compares (author, email, title and body
joined, exactly as models/search.py joins them) and on the pages' titles and addresses. pg_trgm
is a trusted extension (PostgreSQL 13+): a role with CREATE on the database may create it. Where
it cannot be created the indexes are left out with a warning, and the search works as before,
reading comment by comment (docs/deploy.md says how to add them later). Building them holds
writes to comments and threads for as long as it takes (about 20 s for 100,000 comments).

SQLite (3.34 or later): an FTS5 table with the trigram tokenizer over the same four columns,
external content (only the index is stored), filled from the comments and kept by triggers.
A later migration that rebuilds `comments` in batch mode drops those triggers with the old
table and must create them again (tests/test_search_index.py fails until it does).
"""
import logging

from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

log = logging.getLogger('alembic.runtime.migration')

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE comments_search USING fts5(author, email, title, body, "
    "content='comments', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER comments_search_insert AFTER INSERT ON comments BEGIN "
    "INSERT INTO comments_search (rowid, author, email, title, body) "
    "VALUES (new.id, new.author, new.email, new.title, new.body); END",
    "CREATE TRIGGER comments_search_delete AFTER DELETE ON comments BEGIN "
    "INSERT INTO comments_search (comments_search, rowid, author, email, title, body) "
    "VALUES ('delete', old.id, old.author, old.email, old.title, old.body); END",
    "CREATE TRIGGER comments_search_update AFTER UPDATE OF author, email, title, body ON comments BEGIN "
    "INSERT INTO comments_search (comments_search, rowid, author, email, title, body) "
    "VALUES ('delete', old.id, old.author, old.email, old.title, old.body); "
    "INSERT INTO comments_search (rowid, author, email, title, body) "
    "VALUES (new.id, new.author, new.email, new.title, new.body); END",
)
POSTGRESQL_INDEXES = (
    "CREATE INDEX ix_comments_search ON comments USING gin "
    "((author || ' \n' || coalesce(email, '') || ' \n' || title || ' \n' || body) gin_trgm_ops)",
    "CREATE INDEX ix_threads_search_title ON threads USING gin (title gin_trgm_ops)",
    "CREATE INDEX ix_threads_search_uri ON threads USING gin (uri gin_trgm_ops)",
)


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        version = tuple(int(p) for p in bind.exec_driver_sql("SELECT sqlite_version()").scalar().split('.'))
        if version < (3, 34):
            log.warning("SQLite %s has no trigram tokenizer (3.34 or later): the console's search reads "
                        "without a text index", '.'.join(map(str, version)))
            return
        for statement in SQLITE_DDL:
            bind.exec_driver_sql(statement)
        bind.exec_driver_sql("INSERT INTO comments_search (comments_search) VALUES ('rebuild')")
    elif bind.dialect.name == 'postgresql':
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001 - the search works without the indexes, slower
            log.warning("pg_trgm could not be created (%s): the console's search reads without a text "
                        "index; docs/deploy.md says how to add it", str(error).splitlines()[0])
            return
        for statement in POSTGRESQL_INDEXES:
            bind.exec_driver_sql(statement)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for name in ('insert', 'delete', 'update'):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS comments_search_{name}")
        bind.exec_driver_sql("DROP TABLE IF EXISTS comments_search")
    elif bind.dialect.name == 'postgresql':
        for name in ('ix_comments_search', 'ix_threads_search_title', 'ix_threads_search_uri'):
            bind.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
        # The extension stays: other things may use it, and dropping it needs its owner.
