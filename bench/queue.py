"""The moderator queue and history with 100,000 pending comments over 20 sites (budget: 100 ms).

Builds a throw-away database with the migrations, on PostgreSQL (filled with COPY) and on SQLite,
then times the pages server-side (Flask test client, no network) for an admin (all sites, index
(status, score, id)) and for a moderator of one site (index (site_id, status, score, id)), on
page 1 and deep in the queue by keyset cursor, and with the search box: a common word (many
matches), a rare word (ten comments), part of a word, one commenter's address (one match), and
the history of decisions searched for that address and that word. Each queue page also counts the
comments of each status. Prints, per case, the wall-clock p50/p95 (PASS or MISS against the
budget) and the CPU milliseconds a request costs this process and, on PostgreSQL, its server
process (read from /proc; on a shared machine the wall clock moves with everyone's load), with
the load average beside each table, and the plans each database picks for the queue's deepest
admin page and for a rare word. The SQLite database is not ANALYZEd, as none is in use.

BENCH_QUEUE_DATABASES=postgresql,sqlite picks the databases, BENCH_QUEUE_COMMENTS the size and
BENCH_QUEUE_REQUESTS the timed requests per case.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import sqlalchemy as sa

BUDGET_MS = 100.0
COMMENTS = int(os.environ.get("BENCH_QUEUE_COMMENTS", 100_000))
DECIDED = COMMENTS // 10  # approved comments, each with its decision, for the history
SITES = 20
THREADS = 50  # a site
RARE_WORD, RARE_EVERY = "marzipan", COMMENTS // 10  # ten comments use it
REQUESTS = int(os.environ.get("BENCH_QUEUE_REQUESTS", 60))
DATABASES = [d.strip() for d in os.environ.get("BENCH_QUEUE_DATABASES", "postgresql,sqlite").split(",")
             if d.strip()]
ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REASONS = json.dumps([{"feature": "links", "text": "2 links to other sites", "weight": 1.2},
                      {"feature": "w:free", "text": "the word 'free'", "weight": 0.8}])
ONE_ADDRESS = f"r{COMMENTS // 2}@example.org"


@dataclass
class Case:
    label: str
    person: str  # "admin" or "moderator"
    page: int = 1
    search: str = ""
    history: bool = False


CASES = [
    Case("admin, all sites", "admin"),
    Case("admin, all sites", "admin", page=COMMENTS // 100),
    Case("moderator, 1 site", "moderator"),
    Case("moderator, 1 site", "moderator", page=COMMENTS // SITES // 50),
    Case("admin, search 'reader 42'", "admin", search="reader 42"),
    Case(f"admin, search rare '{RARE_WORD}'", "admin", search=RARE_WORD),
    Case("admin, search part 'arzipa'", "admin", search=RARE_WORD[1:-1]),
    Case("admin, search one address", "admin", search=ONE_ADDRESS),
    Case("moderator, search one address", "moderator", search=ONE_ADDRESS),
    Case("admin, history, no search", "admin", history=True),
    Case("admin, history, one address", "admin", search=f"r{COMMENTS + DECIDED // 2}@example.org",
         history=True),
    Case(f"admin, history, rare '{RARE_WORD}'", "admin", search=RARE_WORD, history=True),
]


def _comment_rows(now: datetime) -> Iterator[tuple]:
    """Every comment as (site, thread, author, email, author_key, title, body, status, score,
    reasons, created_at, number): COMMENTS pending, then DECIDED approved ones."""
    from models import author_key

    rng = random.Random(7)
    numbers: dict[int, int] = {}
    for i in range(COMMENTS + DECIDED):
        site = i % SITES + 1
        thread = (site - 1) * THREADS + rng.randrange(THREADS) + 1
        author = f"Reader {rng.randrange(5000)}"
        body = f"Comment number {i}: thoughts about the post, some longer text " * 3
        if i % RARE_EVERY == RARE_EVERY // 2:
            body += f"and a {RARE_WORD} cake"
        pending = i < COMMENTS
        number = None
        if not pending:
            number = numbers[thread] = numbers.get(thread, 0) + 1
        yield (site, thread, author, f"r{i}@example.org", author_key(site, author, None), "", body,
               "pending" if pending else "approved", round(rng.random(), 6), REASONS,
               now - timedelta(seconds=COMMENTS + DECIDED - i), number)


# The admin (id 1) approved every approved comment.
DECISIONS = ("INSERT INTO decisions (comment_id, site_id, moderator_id, action, from_status, to_status, "
             "to_number, note, created_at) SELECT id, site_id, 1, 'approve', 'pending', 'approved', "
             "number, '', created_at FROM comments WHERE status = 'approved' ORDER BY id")
COMMENT_COLUMNS = ("site_id, thread_id, author, email, author_key, title, body, status, score, reasons, "
                   "created_at, number, honeypot, signals, user_agent, score_attempts")


def _fill_postgresql(dsn: str) -> None:
    from models import utcnow

    now = utcnow()
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.executemany("INSERT INTO sites (key, name, origins, spam_threshold, hold_links_over, "
                        "auto_approve_trusted, auto_approve_below, content_version, created_at) "
                        "VALUES (%s, %s, %s, 0.99, 2, false, 0.1, 0, %s)",
                        [(f"bench{i}", f"Bench site {i}", f'["https://s{i}.example"]', now)
                         for i in range(1, SITES + 1)])
        cur.executemany("INSERT INTO threads (site_id, uri, title, version, approved_count, created_at) "
                        "VALUES (%s, %s, %s, 0, 0, %s)",
                        [(s, f"/post-{t}", f"Post {t}", now)
                         for s in range(1, SITES + 1) for t in range(THREADS)])
        with cur.copy(f"COPY comments ({COMMENT_COLUMNS}) FROM STDIN") as copy:
            for row in _comment_rows(now):
                copy.write_row((*row, False, "{}", "bench", 1))
        cur.execute(DECISIONS)
        conn.commit()
        cur.execute("ANALYZE")


def _fill_sqlite(path: str) -> None:
    from models import utcnow

    now = utcnow()

    def stamp(moment: datetime) -> str:
        return moment.isoformat(" ")

    conn = sqlite3.connect(path)
    with conn:
        conn.executemany("INSERT INTO sites (key, name, origins, spam_threshold, hold_links_over, "
                         "auto_approve_trusted, auto_approve_below, content_version, created_at) "
                         "VALUES (?, ?, ?, 0.99, 2, 0, 0.1, 0, ?)",
                         [(f"bench{i}", f"Bench site {i}", f'["https://s{i}.example"]', stamp(now))
                          for i in range(1, SITES + 1)])
        conn.executemany("INSERT INTO threads (site_id, uri, title, version, approved_count, created_at) "
                         "VALUES (?, ?, ?, 0, 0, ?)",
                         [(s, f"/post-{t}", f"Post {t}", stamp(now))
                          for s in range(1, SITES + 1) for t in range(THREADS)])
        conn.executemany(f"INSERT INTO comments ({COMMENT_COLUMNS}) VALUES ({', '.join('?' * 16)})",  # noqa: S608
                         ((*row[:10], stamp(row[10]), row[11], 0, "{}", "bench", 1)
                          for row in _comment_rows(now)))
        conn.execute(DECISIONS)
    # No ANALYZE: nothing runs it on a SQLite deployment, so its planner works without statistics.
    conn.close()


def _deep_cursor(site_id: int | None, page_number: int, per_page: int) -> str:
    from models import Comment, CommentStatus, db
    from moderation.console.queue import _encode

    query = sa.select(Comment).where(Comment.status == CommentStatus.PENDING)
    if site_id:
        query = query.where(Comment.site_id == site_id)
    row = db.session.scalars(query.order_by(Comment.score.desc(), Comment.id.desc())
                             .offset((page_number - 1) * per_page - 1).limit(1)).one()
    return _encode(row, "score_desc")


def _server_pids(database: str) -> list[int]:
    from models import db

    if database != "postgresql":
        return []
    return list(db.session.execute(sa.text(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).scalars())


def _cpu_of(pids: list[int]) -> float:
    """CPU seconds used so far by these processes (PostgreSQL's server processes), from /proc."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _time(client, url: str, database: str) -> tuple[float, float, float]:
    """Wall p50 and p95 in ms, and the CPU ms a request costs this process and the database server."""
    samples = []
    for _ in range(5):  # warm-up
        assert client.get(url).status_code == 200, url
    pids = _server_pids(database)
    cpu_started, server_started = time.process_time(), _cpu_of(pids)
    for _ in range(REQUESTS):
        started = time.perf_counter()
        answer = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (url, answer.status_code)
    cpu = time.process_time() - cpu_started + _cpu_of(pids) - server_started
    samples.sort()
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)], cpu * 1000 / REQUESTS


def _load() -> str:
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


@contextmanager
def _database(kind: str) -> Iterator[str]:
    """A throw-away database's URL."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-queue-") as folder:
            yield f"sqlite:///{folder}/queue.sqlite"
        return
    admin_engine = sa.create_engine(sa.make_url(ADMIN_URL), isolation_level="AUTOCOMMIT")
    name = f"bench_queue_{uuid.uuid4().hex[:8]}"
    with admin_engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(ADMIN_URL).set(database=name).render_as_string(False)
    finally:
        with admin_engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


def _explain(statement: str, parameters: object = None) -> str:
    """The plan of a statement, one step a line: EXPLAIN on PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""
    from models import db

    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters or ())
        return "\n    ".join(str(row[-1]) for row in rows)
    return "\n    ".join(connection.exec_driver_sql("EXPLAIN " + statement, parameters).scalars())


def _plans() -> None:
    from models import CommentStatus, db
    from moderation.console.queue import queue_page

    # The queue's own statements, as the pages send them: the admin's deepest page and a rare word.
    sent: list[tuple] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if "JOIN threads" in statement:
            sent.append((statement, parameters))

    deepest = _deep_cursor(None, COMMENTS // 100, 50)
    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        queue_page(status=CommentStatus.PENDING, site_ids=None, cursor=deepest)
        queue_page(status=CommentStatus.PENDING, site_ids=None, words=[RARE_WORD])
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)
    print(f"\nplan of the admin's page {COMMENTS // 100:,}:\n    " + _explain(*sent[0]))
    print(f"plan of the admin's search for '{RARE_WORD}':\n    " + _explain(*sent[1]))
    db.session.rollback()


def run(kind: str) -> None:
    from flask_migrate import upgrade

    from config import test_config
    from models import Moderator, Role, Site, db
    from moderation import create_app
    from moderation.console.queue import PER_PAGE

    with _database(kind) as url, tempfile.TemporaryDirectory() as tmp:
        app = create_app(test_config(Path(tmp), SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            upgrade(revision="heads")
            admin = Moderator(email="admin@bench.example", role=Role.ADMIN)  # id 1, who decided
            admin.set_password("bench password")
            db.session.add(admin)
            db.session.commit()
            started = time.perf_counter()
            if kind == "postgresql":
                _fill_postgresql(sa.make_url(url).set(drivername="postgresql").render_as_string(False))
            else:
                _fill_sqlite(sa.make_url(url).database)
            fill_seconds = time.perf_counter() - started
            moderator = Moderator(email="mod@bench.example", role=Role.MODERATOR,
                                  sites=[db.session.get(Site, 1)])
            moderator.set_password("bench password")
            db.session.add(moderator)
            db.session.commit()
            print(f"\n{kind}: filled {COMMENTS:,} pending and {DECIDED:,} approved comments (each with its "
                  f"decision) over {SITES} sites in {fill_seconds:.1f} s; "
                  f"{REQUESTS} timed requests per case; {_load()}")
            people = {"admin": admin, "moderator": moderator}
            rows = []
            for case in CASES:
                client = app.test_client()
                client.post("/moderate/login", data={"email": people[case.person].email,
                                                     "password": "bench password"})
                args: dict[str, str] = {} if case.history else {"sort": "score_desc"}
                if case.page > 1:
                    site_id = 1 if case.person == "moderator" else None
                    args["after"] = _deep_cursor(site_id, case.page, PER_PAGE)
                if case.search:
                    args["q"] = case.search
                path = ("/moderate/history?" if case.history else "/moderate/?") + urlencode(args)
                rows.append((case, *_time(client, path, kind)))
            print(f"\n{kind + ': page (50 a page)':38} {'page':>5} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>7} "
                  f"{'budget':>7}  result")
            for case, p50, p95, cpu in rows:
                verdict = "PASS" if p95 < BUDGET_MS else "MISS"
                print(f"{case.label:38} {case.page:>5} {p50:>8.1f} {p95:>8.1f} {cpu:>7.1f} "
                      f"{BUDGET_MS:>7.0f}  {verdict}")
            print(f"({_load()} at the end; CPU ms: this process"
                  f"{' and its PostgreSQL server process' if kind == 'postgresql' else ''}, a request)")
            _plans()
            db.session.remove()
            db.engine.dispose()


def main() -> None:
    for kind in DATABASES:
        run(kind)


if __name__ == "__main__":
    main()
