"""Scoring worker benchmark: submit-to-scored latency under light load, and scoring throughput.

Runs a real `celery worker` process (concurrency 1) against a Redis server of
its own (or BENCH_REDIS_URL) and a temporary PostgreSQL database (SQLite when
no PostgreSQL answers at BENCH_DATABASE_ADMIN_URL), with the starter model
trained into a temporary MODEL_DIR. Latency: comments are committed and sent
with `send_to_worker` at 20 per second for 15 s; "submit" is the moment the
row is committed, "scored" is the row's `scored_at`. Throughput: the real
`score_comment` task body, database included, called in this process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from config import BASE_DIR, test_config
from tools.processes import RedisServer, redis_server

__all__ = ["main"]

RATE, SECONDS, THROUGHPUT_N = 20, 15, 300
P95_BUDGET_MS, THROUGHPUT_BUDGET = 100.0, 1000.0
ADMIN_URL = os.environ.get("BENCH_DATABASE_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _database(tmp: Path) -> tuple[str, str, object]:
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            name = f"moderation_bench_{uuid.uuid4().hex[:8]}"
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError:
        admin.dispose()
        return f"sqlite:///{tmp / 'bench.sqlite'}", "SQLite", None

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin.url.set(database=name).render_as_string(hide_password=False), "PostgreSQL", drop


def _redis(tmp: Path) -> tuple[str, RedisServer | None]:
    if os.environ.get("BENCH_REDIS_URL"):
        return os.environ["BENCH_REDIS_URL"], None
    if shutil.which("redis-server") is None:
        raise RuntimeError("needs redis-server on PATH or BENCH_REDIS_URL")
    server = redis_server(tmp).start()
    return server.url, server


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    from flask_migrate import upgrade

    from models import Comment, CommentStatus, Site, Thread, author_key, db
    from moderation import create_app
    from spam import SpamClassifier, load_labelled_csv
    from workers.tasks import score_comment, send_to_worker

    tmp = Path(tempfile.mkdtemp(prefix="bench-worker-"))
    db_url, db_name, drop_db = _database(tmp)
    broker, redis_proc = _redis(tmp)
    worker = None
    try:
        config = test_config(tmp, SQLALCHEMY_DATABASE_URI=db_url, LOG_LEVEL="WARNING")
        config["CELERY"] = {**config["CELERY"], "broker_url": broker, "result_backend": broker}
        app = create_app(config)
        with app.app_context():
            upgrade(revision="heads")
            samples, labels = load_labelled_csv(BASE_DIR / "data" / "starter_corpus.csv", "generic")
            model = SpamClassifier.train(samples, labels, sources=["starter"] * len(labels),
                                         evaluate_folds=0)
            from models.spam_model import register_model

            register_model(model, "starter", promote=True)
            site = Site(name="Bench blog")
            db.session.add(site)
            db.session.flush()
            thread = Thread(site_id=site.id, uri="/bench")
            db.session.add(thread)
            db.session.commit()
            site_id, thread_id = site.id, thread.id

        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
               "APP_ENV": "test", "SECRET_KEY": "bench-secret-key-0123456789", "INSTANCE_PATH": str(tmp),
               "DATABASE_URL": db_url, "REDIS_URL": broker, "LOG_LEVEL": "WARNING",
               "MODEL_DIR": app.config["MODEL_DIR"]}
        log = open(tmp / "worker.log", "ab")  # noqa: SIM115 - closed after the worker stops
        worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker",
                                   "--concurrency", "1", "--without-gossip", "--without-mingle",
                                   "--loglevel", "INFO"], cwd=BASE_DIR, env=env, stdout=log, stderr=log,
                                  start_new_session=True)
        texts = [
            "Lovely write-up, the second photo of the bridge is my favourite one so far.",
            "CLICK HERE for free gift cards http://bit.ly/gifts subscribe to my channel!!!",
            "I had the same problem with the boiler; the reset button under the panel fixed it.",
        ]

        def store(i: int) -> int:
            comment = Comment(site_id=site_id, thread_id=thread_id, author=f"Reader {i % 50}",
                              author_key=author_key(site_id, f"Reader {i % 50}", None),
                              body=f"{texts[i % 3]} #{i}", seconds_to_submit=30.0)
            db.session.add(comment)
            db.session.commit()
            return comment.id

        with app.app_context():
            # Warm up: the worker has started and loaded the model once it scored one comment.
            warm = store(-1)
            send_to_worker(warm)
            deadline = time.monotonic() + 90
            while db.session.scalar(sa.select(Comment.scored_at).where(Comment.id == warm)) is None:
                db.session.rollback()
                if time.monotonic() > deadline or worker.poll() is not None:
                    raise RuntimeError(f"the worker did not score a comment; see {tmp / 'worker.log'}")
                time.sleep(0.1)

            submitted: dict[int, datetime] = {}
            start = time.monotonic()
            for i in range(RATE * SECONDS):
                delay = start + i / RATE - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                cid = store(i)
                submitted[cid] = datetime.now(UTC).replace(tzinfo=None)
                send_to_worker(cid)
            deadline = time.monotonic() + 60
            while True:
                rows = db.session.execute(sa.select(Comment.id, Comment.scored_at)
                                          .where(Comment.id.in_(submitted))).all()
                db.session.rollback()
                if all(r.scored_at for r in rows) or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            latencies = [(r.scored_at - submitted[r.id]).total_seconds() * 1000 for r in rows if r.scored_at]
            unscored = len(submitted) - len(latencies)

            worker.terminate()
            worker.wait(timeout=30)
            worker = None
            ids = [store(10_000 + i) for i in range(THROUGHPUT_N)]
            started = time.perf_counter()
            for cid in ids:
                score_comment(cid)
            elapsed = time.perf_counter() - started
            scored = db.session.scalar(sa.select(sa.func.count()).select_from(Comment).where(
                Comment.id.in_(ids), Comment.status != CommentStatus.RECEIVED))
            db.session.remove()
            db.engine.dispose()

        p50, p95 = _percentile(latencies, 0.5), _percentile(latencies, 0.95)
        rate = scored / elapsed
        print(f"worker: 1 process, concurrency 1; {db_name}; Redis broker; starter model")
        print(f"{'measure':<44} {'value':>12} {'budget':>12}  result")
        rows_out = [
            (f"submit-to-scored p50 ({RATE}/s for {SECONDS} s)", f"{p50:.1f} ms", "-", ""),
            (f"submit-to-scored p95 ({RATE}/s for {SECONDS} s)", f"{p95:.1f} ms", f"< {P95_BUDGET_MS:.0f} ms",
             "PASS" if p95 < P95_BUDGET_MS and not unscored else "MISS"),
            ("comments not scored within 60 s", str(unscored), "0", "PASS" if not unscored else "MISS"),
            ("score_comment throughput, DB included", f"{rate:.0f} /s", f">= {THROUGHPUT_BUDGET:.0f} /s",
             "PASS" if rate >= THROUGHPUT_BUDGET else "MISS"),
        ]
        for name, value, budget, result in rows_out:
            print(f"{name:<44} {value:>12} {budget:>12}  {result}")
    finally:
        if worker is not None:
            worker.kill()
            worker.wait(timeout=30)
        if redis_proc is not None:
            redis_proc.kill()
        if drop_db is not None:
            drop_db()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
