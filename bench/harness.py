"""What several benchmarks set up the same way: a throw-away migrated database with its app, a
Redis server of their own, a Celery worker process, the starter model, comments stored as the
API would store them.

Every helper here cleans up after itself (the database is dropped, the processes stopped), so a
benchmark that fails half-way leaves nothing running on the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from config import BASE_DIR, test_config
from tools.processes import RedisServer, redis_server

__all__ = [
    "ADMIN_URL",
    "BenchDatabase",
    "percentile",
    "poll_until",
    "scratch_database",
    "scratch_redis",
    "start_worker",
    "store_comment",
    "submit_paced",
    "train_starter_model",
]

ADMIN_URL = os.environ.get("BENCH_DATABASE_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@dataclass
class BenchDatabase:
    url: str   # for the app and worker processes (SQLAlchemy's form)
    name: str  # "PostgreSQL" or "SQLite", for the table's heading
    app: object  # a Flask app built on it, with the schema migrated to the newest revision

    @property
    def libpq_url(self) -> str:
        """The same database in the form psycopg's COPY wants (no "+psycopg")."""
        return sa.make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def scratch_database(tmp: Path, prefix: str, *, sqlite_fallback: bool = True, broker: str | None = None,
                     **config: object) -> Iterator[BenchDatabase]:
    """A new PostgreSQL database at BENCH_DATABASE_ADMIN_URL, migrated, with an app on it;
    dropped on exit. Without a PostgreSQL server: a SQLite file in `tmp`, or an error when the
    benchmark measures PostgreSQL only (`sqlite_fallback=False`). The app sends tasks to `broker`
    when given; `config` overrides other settings."""
    from flask_migrate import upgrade

    from moderation import create_app

    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    database = f"{prefix}_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{database}"'))
    except sa.exc.OperationalError:
        admin.dispose()
        if not sqlite_fallback:
            raise RuntimeError(f"this benchmark needs PostgreSQL at {ADMIN_URL} "
                               "(BENCH_DATABASE_ADMIN_URL)") from None
        admin = None
        url, name = f"sqlite:///{tmp / 'bench.sqlite'}", "SQLite"
    else:
        url = admin.url.set(database=database).render_as_string(hide_password=False)
        name = "PostgreSQL"
    try:
        settings = test_config(tmp, SQLALCHEMY_DATABASE_URI=url, **config)
        if broker is not None:
            settings["CELERY"] = {**settings["CELERY"], "broker_url": broker, "result_backend": broker}
        app = create_app(settings)
        with app.app_context():
            upgrade(revision="heads")
        yield BenchDatabase(url, name, app)
    finally:
        if "app" in locals():
            from models import db

            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            admin.dispose()


@contextmanager
def scratch_redis(tmp: Path) -> Iterator[str]:
    """BENCH_REDIS_URL when set, else a redis-server of the benchmark's own (stopped on exit)."""
    if os.environ.get("BENCH_REDIS_URL"):
        yield os.environ["BENCH_REDIS_URL"]
        return
    if shutil.which("redis-server") is None:
        raise RuntimeError("needs redis-server on PATH or BENCH_REDIS_URL")
    server: RedisServer = redis_server(tmp).start()
    try:
        yield server.url
    finally:
        server.kill()


@contextmanager
def start_worker(tmp: Path, env: dict[str, str], args: list[str]) -> Iterator[subprocess.Popen]:
    """A `celery worker` process with `args`, in its own session, its output in tmp/worker.log;
    killed on exit if the benchmark has not stopped it already."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
            "APP_ENV": "test", "SECRET_KEY": "bench-secret-key-0123456789", "INSTANCE_PATH": str(tmp),
            "LOG_LEVEL": "WARNING"}
    with open(tmp / "worker.log", "ab") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--without-gossip",
             "--without-mingle", *args], cwd=BASE_DIR, env={**base, **env}, stdout=log, stderr=log,
            start_new_session=True)
    try:
        yield worker
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)


def train_starter_model() -> None:
    """Train the starter model and make it the active one (in the current app context)."""
    from models.spam_model import register_model
    from spam import starter_corpus, train

    model = train(starter_corpus(), evaluate_folds=0)
    register_model(model, "starter", promote=True)


def store_comment(site_id: int, thread_id: int, number: int, body: str) -> int:
    """Commit a received comment by one of 50 readers, as the API stores one; returns its id."""
    from models import Comment, author_key, db

    author = f"Reader {number % 50}"
    comment = Comment(site_id=site_id, thread_id=thread_id, author=author,
                      author_key=author_key(site_id, author, None), body=body, seconds_to_submit=30.0)
    db.session.add(comment)
    db.session.commit()
    return comment.id


def submit_paced(store: Callable[[int], int], rate: float, seconds: float,
                 stamp: Callable[[], object] = time.monotonic) -> list[tuple[int, int, object]]:
    """Commit comments `store(0)`, `store(1)`, ... at `rate` a second for `seconds`, each sent to the
    worker with `send_to_worker` right after `stamp()` notes its submission; return (i, comment id,
    stamp) for each, in order (in the current app context).

    Paced from the start, not from the previous comment: one that falls behind a slow commit is
    sent at once, so the rate holds over the run and no comment is skipped.
    """
    from workers.tasks import send_to_worker

    submitted: list[tuple[int, int, object]] = []
    start = time.monotonic()
    for i in range(round(rate * seconds)):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        comment_id = store(i)
        submitted.append((i, comment_id, stamp()))
        send_to_worker(comment_id)
    return submitted


def poll_until(done: Callable[[], bool], seconds: float, worker: subprocess.Popen, log: Path,
               every: float = 0.05) -> bool:
    """Call `done` every `every` s until it is true (True) or `seconds` have passed (False); raise
    as soon as the worker process has died, naming its log."""
    deadline = time.monotonic() + seconds
    while True:
        if done():
            return True
        if worker.poll() is not None:
            raise RuntimeError(f"the worker died; see {log}")
        if time.monotonic() > deadline:
            return False
        time.sleep(every)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
