"""The console's search box and the text index behind it.

A search finds the comments in which every word appears: in the author, email, title or text, in
any case, or in the title or address of the comment's page (`where_matches`, and
`decisions_matching` for the history). Without an index each word is an ILIKE '%word%' checked
comment by comment in the queue's order: cheap for a common word, whose first page of matches
comes early, and a read of every comment in scope for a rare word or one address.

- Pages are looked up first, on their own (they are few, and indexed too on PostgreSQL): a word
  on no page leaves the text's ILIKE alone in the query, which the planner can estimate.
- PostgreSQL: pg_trgm GIN indexes on the very expression the search compares (`SEARCHED`) and on
  the pages' titles and addresses. The planner estimates each ILIKE from the statistics ANALYZE
  keeps on the indexed expression: a rare word is found through the index and its matches sorted,
  a common one still walks the queue's index and stops after a page. Without the indexes (pg_trgm
  missing and not creatable by the migration's role, docs/deploy.md) the same statements run,
  slower.
- SQLite: an FTS5 table with the trigram tokenizer over the four columns, external content (it
  stores only the index; the text stays in `comments`), kept by triggers on insert, delete and
  any update of those columns. For a word of three characters or more FTS5 is asked first for
  the comments that have it, up to RARE of them: a rarer word's ids go into the query, and the
  rarest word on no page makes SQLite look its comments up by id (it would otherwise walk the
  queue's index: it keeps no statistics). The same ILIKE then decides, so both databases find
  exactly the comments they found before the index (FTS5 folds case more widely than SQLite's
  LIKE, never less). Shorter words, and SQLite before 3.34 (no trigram tokenizer, so no table),
  keep the plain ILIKE.

The DDL is made here for `create_all` (the tests' SQLite schema) and frozen in migration 0013;
tests/test_search_index.py checks that both build the same objects.
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass

from sqlalchemy import (
    DDL,
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    event,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler

from .base import db
from .comment import Comment, Decision
from .thread import Thread

__all__ = ["FTS_TABLE", "SEARCHED", "Matches", "comment_matches", "decisions_matching", "like_pattern",
           "search_objects", "where_matches"]

log = logging.getLogger(__name__)

FTS_TABLE = "comments_search"
# One text per comment to look in: one ILIKE a word instead of four. The separators keep a word
# from matching across the end of one field and the start of the next. PostgreSQL's index is on
# exactly this expression; any change here needs a migration that rebuilds it.
_SEPARATOR = literal_column("' \n'")
SEARCHED = (Comment.author + _SEPARATOR + func.coalesce(Comment.email, literal_column("''")) + _SEPARATOR
            + Comment.title + _SEPARATOR + Comment.body)
TRIGRAM = 3  # characters; FTS5's trigram tokenizer finds nothing shorter
# On SQLite, a word in fewer comments than this is looked up in FTS5 first. Either way costs about
# the same near here: 2,000 comments read from the index, or 51 matches sought in order among
# 100,000 where 2,000 match (about 2,800 read).
RARE = 2_000
PAGES_LISTED = 500  # pages a word may be on and still be named by id in the query

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
# The objects above, by name, for Alembic's comparison of the models with a migrated database.
SEARCH_INDEXES = frozenset({"ix_comments_search", "ix_threads_search_title", "ix_threads_search_uri"})


def search_objects(name: str | None, type_: str, _parent: dict | None = None) -> bool:
    """Alembic's `include_name`: False for the text index, which the models do not describe."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False  # the FTS5 table and its shadow tables
    return not (type_ == "index" and name in SEARCH_INDEXES)


def sqlite_has_trigram(connection: Connection) -> bool:
    version = tuple(int(p) for p in connection.exec_driver_sql("SELECT sqlite_version()").scalar().split("."))
    return version >= (3, 34)


def _install(_target: object, connection: Connection, **_kw: object) -> None:
    """Build the text index with the schema (`create_all`); the migration does the same.

    `create_all` on a database that has its tables creates nothing, and neither does this."""
    if connection.dialect.name == "sqlite":
        there = connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).first()
        if there is None and sqlite_has_trigram(connection):
            for statement in SQLITE_DDL:
                connection.exec_driver_sql(statement)
    elif connection.dialect.name == "postgresql":
        there = connection.exec_driver_sql("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_comments_search'")
        if there.first() is not None:
            return
        try:
            with connection.begin_nested():
                connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001 - the search works without it, slower
            log.warning("pg_trgm is not available (%s): the console's search reads without a text index",
                        error.__class__.__name__)
            return
        for statement in POSTGRESQL_INDEXES:
            connection.exec_driver_sql(statement)


# After both tables exist: the threads' indexes need their table as much as the comments' do.
event.listen(db.metadata, "after_create", _install)
event.listen(db.metadata, "before_drop",
             DDL("DROP TABLE IF EXISTS comments_search").execute_if(dialect="sqlite"))

_fts_ready: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _sqlite_fts(engine: Engine) -> bool:
    """Whether this SQLite database has the FTS5 table (asked once per engine)."""
    if engine not in _fts_ready:
        with engine.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)).first()
        _fts_ready[engine] = found is not None
    return _fts_ready[engine]


def like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fts_phrase(word: str) -> str:
    # One FTS5 string: the trigram tokenizer matches it as a substring; quotes are doubled.
    return '"' + word.replace('"', '""') + '"'


def _rare_ids(word: str) -> list[int] | None:
    """The ids of the comments FTS5 finds the word in, or None when there are RARE or more."""
    found = select(literal_column("rowid")).select_from(sql_text(FTS_TABLE)).where(
        literal_column(FTS_TABLE).op("MATCH")(_fts_phrase(word)))
    ids = db.session.scalars(found.limit(RARE)).all()
    return ids if len(ids) < RARE else None


def _on_pages(like: str) -> ColumnElement[bool] | None:
    """The comments on pages whose title or address has the word; None when no page has it.

    The pages are asked first, on their own: most words are on no page, and the condition then
    is the text's ILIKE alone, which PostgreSQL estimates from its statistics (an OR with a
    subquery it cannot see into was estimated at 1% of the comments, a walk in the queue's order).
    """
    pages = select(Thread.id).where(or_(Thread.title.ilike(like, escape="\\"),
                                        Thread.uri.ilike(like, escape="\\")))
    found = db.session.scalars(pages.limit(PAGES_LISTED + 1)).all()
    if not found:
        return None
    # Beyond that many pages the word is common, and walking the queue's order finds it early.
    return Comment.thread_id.in_(found if len(found) <= PAGES_LISTED else pages)


@dataclass(frozen=True)
class Matches:
    condition: ColumnElement[bool]
    # SQLite: every match is one of these few comments (a rare word, on no page's title or address).
    among: list[int] | None = None


def comment_matches(words: list[str]) -> Matches:
    """Every word appears in the author, email, title, text or page of a comment (any case)."""
    engine = db.session.get_bind()
    fts = engine.dialect.name == "sqlite" and _sqlite_fts(engine)
    conditions, among = [], None
    for word in words:
        like = like_pattern(word)
        in_text = SEARCHED.ilike(like, escape="\\")
        on_pages = _on_pages(like)
        # A word with a line break could span two fields, as the ILIKE on the joined text allows.
        if fts and len(word) >= TRIGRAM and "\n" not in word and (ids := _rare_ids(word)) is not None:
            in_text = and_(Comment.id.in_(ids), in_text)
            if on_pages is None and (among is None or len(ids) < len(among)):
                among = ids
        conditions.append(in_text if on_pages is None else or_(in_text, on_pages))
    return Matches(and_(*conditions), among)


# SQLite's planner, without statistics (nothing runs ANALYZE there), walks an index of the queue
# rather than look up a few named ids and sort them: 25 ms for 10 ids among 100,000, against
# 0.1 ms. Its `NOT INDEXED` and `INDEXED BY` settle it; SQLAlchemy renders no SQLite table hint
# unless told where it goes (after the table's name).
def _sqlite_table_hint(_compiler: SQLiteCompiler, _table: object, text: str | None) -> str | None:
    return text


SQLiteCompiler.get_from_hint_text = _sqlite_table_hint


def where_matches(query: Select, words: list[str]) -> Select:
    """Narrow a query of comments to those every word matches."""
    matches = comment_matches(words)
    query = query.where(matches.condition)
    if matches.among is not None:
        query = query.where(Comment.id.in_(matches.among)).with_hint(
            Comment.__table__, "NOT INDEXED", dialect_name="sqlite")
    return query


def decisions_matching(query: Select, words: list[str]) -> Select:
    """Narrow a query of decisions to those on comments every word matches."""
    matches = comment_matches(words)
    on_comment = select(Comment.id).where(Comment.id == Decision.comment_id, matches.condition)
    query = query.where(on_comment.exists())
    if matches.among is not None:
        query = query.where(Decision.comment_id.in_(matches.among)).with_hint(
            Decision.__table__, "INDEXED BY ix_decisions_comment_id", dialect_name="sqlite")
    return query
