"""Rate-limit counters in one SQLite file that every web process on the machine shares.

Without `REDIS_URL`, the `limits` library's memory:// storage keeps counters per
process, so with two gunicorn workers every limit is doubled and an account
limited in one worker signs in through the other. `limits` has no file-backed
storage, so this is a small one: the scheme `sqlite-counters:///path` holds
fixed-window counters (the only strategy the app uses) in a file of their own,
not in the main database, so counting never waits on comment writes. More
than one machine needs Redis. `hit_windows` counts all of a request's windows
(moderation/ratelimits.py) in one transaction. The rule: every count is one short
IMMEDIATE transaction, so two processes can never both read the same count and both pass.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from limits.storage import Storage

__all__ = ["SQLiteCounters"]

# Expired counters are deleted now and then, on a write, so the file stays small.
PRUNE_ONE_IN = 200
_READ = "SELECT count, expires_at FROM counters WHERE key = ?"
_START = "INSERT OR REPLACE INTO counters (key, count, expires_at) VALUES (?, ?, ?)"


class SQLiteCounters(Storage):
    """Fixed-window counters in an SQLite file: `sqlite-counters:///abs/path/ratelimits.sqlite`."""

    STORAGE_SCHEME = ["sqlite-counters"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: float | str | bool) -> None:
        # Options meant for Redis (socket timeouts) have no meaning here.
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.path = Path(uri.split("://", 1)[1])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        # A connection must not cross a fork (gunicorn forks after the app is made).
        if self._connection is None or self._pid != os.getpid():
            # Created 0600 before SQLite opens it: its -wal and -shm files take that mode.
            os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None,
                                         check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            # Counters, not records: a power cut may lose the last few counts.
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, "
                "expires_at REAL NOT NULL)"
            )
            self._connection, self._pid = connection, os.getpid()
        return self._connection

    @contextmanager
    def _immediate(self, now: float) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction (the rule above), pruning expired counters now and then."""
        with self._lock:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                if secrets.randbelow(PRUNE_ONE_IN) == 0:
                    db.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._immediate(now) as db:
            count, _ = self._count(db, key, expiry, amount, now)
        return count

    def hit_windows(self, windows: list[tuple[str, int, int]]) -> tuple[int, float] | None:
        """Count a request in each (key, seconds, allowance) in turn, in one transaction.

        Stops at the first window counted past its allowance and returns its
        index and the seconds until it ends; None if none was.
        """
        now = time.time()
        exceeded = None
        with self._immediate(now) as db:
            for index, (key, expiry, allowance) in enumerate(windows):
                count, expires_at = self._count(db, key, expiry, 1, now)
                if count > allowance:
                    exceeded = (index, expires_at - now)
                    break
        return exceeded

    @staticmethod
    def _count(db: sqlite3.Connection, key: str, expiry: int, amount: int, now: float) -> tuple[int, float]:
        """Add `amount` to the key's counter, starting a new window if its last one ended (inside
        the caller's transaction); return the count and when the window ends."""
        row = db.execute(_READ, (key,)).fetchone()
        if row is None or row[1] <= now:
            db.execute(_START, (key, amount, now + expiry))
            return amount, now + expiry
        db.execute("UPDATE counters SET count = ? WHERE key = ?", (row[0] + amount, key))
        return row[0] + amount, row[1]

    def _row(self, key: str) -> tuple[int, float] | None:
        with self._lock:
            row = self._db().execute(_READ, (key,)).fetchone()
        return row if row is not None and row[1] > time.time() else None

    def get(self, key: str) -> int:
        row = self._row(key)
        return 0 if row is None else row[0]

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return time.time() if row is None else row[1]

    def check(self) -> bool:
        try:
            with self._lock:
                self._db().execute("SELECT 1")
            return True
        except sqlite3.Error:
            return False

    def reset(self) -> int | None:
        with self._lock:
            return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        with self._lock:
            self._db().execute("DELETE FROM counters WHERE key = ?", (key,))
