"""Read an Isso database: its `threads` and `comments` tables, opened read-only.

Isso keeps a comment's mode as a number (1 accepted, 2 waiting for moderation, 4 deleted but kept
because it has replies) and its text as the Markdown the commenter typed, which is what our
comments keep too. The file is never written to: it is opened with `mode=ro`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .core import Importer
from .records import ImportFailed, SourceComment, SourceStatus, SourceThread

__all__ = ["read_isso"]

MODES = {1: SourceStatus.APPROVED, 2: SourceStatus.PENDING, 4: SourceStatus.DELETED}
NEEDED = {
    "threads": {"id", "uri", "title"},
    "comments": {"tid", "id", "parent", "created", "mode", "remote_addr", "text", "author", "email",
                 "website"},
}


def _connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        for table, columns in NEEDED.items():
            have = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
            if not have:
                raise ImportFailed(f"{path}: not an Isso database (it has no {table} table)")
            missing = columns - have
            if missing:
                lacks = ", ".join(sorted(missing))
                raise ImportFailed(f"{path}: not an Isso database ({table} lacks {lacks})")
    except sqlite3.DatabaseError as error:
        connection.close()
        raise ImportFailed(f"{path}: not an SQLite database ({error})") from None
    except ImportFailed:
        connection.close()
        raise
    return connection


def count_isso(path: Path) -> int:
    """Return how many comments the database holds, for a progress bar."""
    connection = _connect(path)
    try:
        return connection.execute("SELECT count(*) FROM comments").fetchone()[0]
    finally:
        connection.close()


def _date(value: object) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(value), UTC).replace(tzinfo=None)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def read_isso(path: Path, progress: Callable[[int], None] | None = None) -> Callable[[Importer], None]:
    """Return a reader that feeds an importer the threads and comments of an Isso database."""

    def read(importer: Importer) -> None:
        connection = _connect(path)
        try:
            for thread_id, uri, title in connection.execute("SELECT id, uri, title FROM threads ORDER BY id"):
                importer.thread(SourceThread(key=str(thread_id), uri=uri or "", title=title or ""))
            rows = connection.execute(
                "SELECT id, tid, parent, created, mode, remote_addr, text, author, email, website "
                "FROM comments ORDER BY id")
            for number, row in enumerate(rows, 1):
                comment_id, tid, parent, created, mode, address, text, author, email, website = row
                status = MODES.get(mode)
                if status is None:
                    importer.report.problem(0, f"comment {comment_id}: unknown mode {mode!r}, sent to the "
                                               "moderators' queue")
                    status = SourceStatus.PENDING
                importer.comment(SourceComment(
                    source_id=str(comment_id),
                    thread_key=str(tid),
                    parent_id=str(parent) if parent is not None else None,
                    status=status,
                    why="deleted",
                    author=author or "",
                    email=email or "",
                    website=website or "",
                    ip=address or "",
                    created_at=_date(created),
                    body=text or "",
                ))
                if progress is not None and number % 500 == 0:
                    progress(500)
        except sqlite3.DatabaseError as error:
            raise ImportFailed(f"{path}: the Isso database cannot be read ({error})") from None
        finally:
            connection.close()

    return read
