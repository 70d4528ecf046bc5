"""`flask import isso`: a database made with Isso's own tables, read without being written to."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from models import Comment, CommentStatus, ImportedComment, Thread, db

S = CommentStatus

# Isso's schema, written out from its column list.
ISSO_SCHEMA = """
CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
CREATE TABLE comments (
    tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,
    created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR,
    text VARCHAR, author VARCHAR, email VARCHAR, website VARCHAR,
    likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL,
    notification INTEGER DEFAULT 0);
"""


def stamp(*parts: int) -> float:
    return datetime(*parts, tzinfo=UTC).timestamp()


@pytest.fixture
def isso_db(tmp_path: Path) -> Path:
    path = tmp_path / "comments.db"
    with sqlite3.connect(path) as connection:
        connection.executescript(ISSO_SCHEMA)
        connection.executemany("INSERT INTO threads (id, uri, title) VALUES (?, ?, ?)", [
            (1, "/posts/sourdough-starter/", "Keeping a sourdough starter alive"),
            (2, "/posts/rye/", None),
        ])
        rows = [
            (1, 1, None, stamp(2017, 3, 1, 9), 1, "203.0.113.0", "Mine is *eight* years old.\r\nFeed it rye.",
             "Annika", "annika@example.org", "https://annika.example"),
            (1, 2, 1, stamp(2017, 3, 1, 12), 1, "198.51.100.0", "Eight years! What flour do you use?",
             None, None, None),
            (1, 3, None, stamp(2017, 3, 2, 8), 2, "198.51.100.0", "Can I freeze it?", "Tom", "", ""),
            (1, 4, 1, stamp(2017, 3, 1, 10), 4, "192.0.2.0", "", None, None, None),
            (1, 5, 4, stamp(2017, 3, 1, 11), 1, "192.0.2.0", "Replying to a deleted comment.", "Mo",
             None, None),
            (2, 6, None, stamp(2018, 1, 5, 7), 1, "192.0.2.0", "Rye needs more water than you think.",
             "Annika", "annika@example.org", ""),
        ]
        connection.executemany(
            "INSERT INTO comments (tid, id, parent, created, mode, remote_addr, text, author, email, "
            "website, voters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, x'')", rows)
    return path


def run(runner, site, *args: object):
    result = runner.invoke(args=[str(a) for a in args] + ["--site", site.key])
    db.session.expire_all()
    return result


def test_isso_modes_map_to_statuses_and_paths_join_the_sites_origin(runner, site, isso_db):
    result = run(runner, site, "import", "isso", isso_db)
    assert result.exit_code == 0, result.output
    comments = {c.id: c for c in db.session.scalars(select(Comment))}
    source = dict(db.session.execute(select(ImportedComment.source_id, ImportedComment.comment_id)).all())
    first, anonymous, pending, orphan = (comments[source[k]] for k in ("1", "2", "3", "5"))
    assert "4" not in source  # mode 4: deleted
    assert (first.status, anonymous.status, pending.status) == (S.APPROVED, S.APPROVED, S.RECEIVED)
    assert first.body == "Mine is *eight* years old.\nFeed it rye."  # Markdown kept as typed, LF endings
    assert first.created_at == datetime(2017, 3, 1, 9)
    assert anonymous.author == "Anonymous" and anonymous.email is None
    assert anonymous.parent_id == first.id
    assert orphan.parent_id is None  # its parent was deleted
    assert "1 replies answer a comment that was not imported" in result.output
    starter = db.session.scalar(select(Thread).where(Thread.uri == "https://blog.example/posts/sourdough-starter/"))
    assert starter.title == "Keeping a sourdough starter alive"
    # Numbered by date: the orphan (11:00) comes before the anonymous reply (12:00).
    assert [(c.number, c.author) for c in sorted(comments.values(), key=lambda c: c.number or 0)
            if c.thread_id == starter.id and c.number] == [(1, "Annika"), (2, "Mo"), (3, "Anonymous")]
    assert "page paths were joined to https://blog.example" in result.output
    websites = dict(db.session.execute(select(ImportedComment.source_id, ImportedComment.author_url)).all())
    assert websites["1"] == "https://annika.example"


def test_isso_import_twice_is_once_and_leaves_the_file_alone(runner, site, isso_db):
    before = isso_db.read_bytes()
    assert run(runner, site, "import", "isso", isso_db).exit_code == 0
    again = run(runner, site, "import", "isso", isso_db)
    assert "imported 0 comments" in again.output and "5  already imported" in again.output
    assert db.session.scalar(select(Thread.approved_count).where(Thread.uri.endswith("/rye/"))) == 1
    assert isso_db.read_bytes() == before


def test_a_database_that_is_not_issos_is_refused(runner, site, tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER)")
    result = run(runner, site, "import", "isso", other)
    assert result.exit_code == 1
    assert "not an Isso database (it has no threads table)" in result.output
    text = tmp_path / "comments.txt"
    text.write_text("not a database at all, just some words " * 40)
    result = run(runner, site, "import", "isso", text)
    assert result.exit_code == 1
    assert "not an SQLite database" in result.output
    assert "Traceback" not in result.output
