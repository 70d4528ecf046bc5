"""Scoring worker benchmark: submit-to-scored latency under light load, and scoring throughput.

Runs a real `celery worker` process (concurrency 1) against a Redis server of
its own (or BENCH_REDIS_URL) and a temporary PostgreSQL database (SQLite when
no PostgreSQL answers at BENCH_DATABASE_ADMIN_URL), with the starter model
stored in that database. Latency: comments are committed and sent with
`send_to_worker` at 20 per second for 15 s; "submit" is the moment the row is
committed, "scored" is the row's `scored_at`. Throughput: the real
`score_comment` task body, database included, called in this process.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from .harness import (
    percentile,
    poll_until,
    scratch_database,
    scratch_redis,
    start_worker,
    store_comment,
    submit_paced,
    train_starter_model,
)

__all__ = ["main"]

RATE, SECONDS, THROUGHPUT_N = 20, 15, 300
P95_BUDGET_MS, THROUGHPUT_BUDGET = 100.0, 1000.0
TEXTS = [
    "Lovely write-up, the second photo of the bridge is my favourite one so far.",
    "CLICK HERE for free gift cards http://bit.ly/gifts subscribe to my channel!!!",
    "I had the same problem with the boiler; the reset button under the panel fixed it.",
]


def _utc_now() -> datetime:
    """Now, as `scored_at` is stored (naive UTC), so the two subtract."""
    return datetime.now(UTC).replace(tzinfo=None)


def main() -> None:
    from models import Comment, CommentStatus, Site, Thread, db
    from workers.tasks import score_comment, send_to_worker

    tmp = Path(tempfile.mkdtemp(prefix="bench-worker-"))
    try:
        with scratch_redis(tmp) as broker, \
                scratch_database(tmp, "moderation_bench", broker=broker, LOG_LEVEL="WARNING") as database:
            app = database.app
            with app.app_context():
                train_starter_model()
                site = Site(name="Bench blog")
                db.session.add(site)
                db.session.flush()
                thread = Thread(site_id=site.id, uri="/bench")
                db.session.add(thread)
                db.session.commit()
                site_id, thread_id = site.id, thread.id

            def store(i: int) -> int:
                return store_comment(site_id, thread_id, i, f"{TEXTS[i % 3]} #{i}")

            env = {"DATABASE_URL": database.url, "REDIS_URL": broker}
            log = tmp / "worker.log"
            with start_worker(tmp, env, ["--concurrency", "1", "--loglevel", "INFO"]) as worker, \
                    app.app_context():
                def scored(ids: list[int]) -> Callable[[], bool]:
                    def all_scored() -> bool:
                        query = sa.select(Comment.scored_at).where(Comment.id.in_(ids))
                        found = db.session.scalars(query).all()
                        db.session.rollback()  # the next look sees the worker's commits
                        return len(found) == len(ids) and all(found)
                    return all_scored

                # Warm up: the worker has started and loaded the model once it scored one comment.
                warm = store(-1)
                send_to_worker(warm)
                if not poll_until(scored([warm]), 90, worker, log, every=0.1):
                    raise RuntimeError(f"the worker did not score a comment; see {log}")

                submitted = {cid: at for _, cid, at in submit_paced(store, RATE, SECONDS, _utc_now)}
                poll_until(scored(list(submitted)), 60, worker, log, every=0.2)
                rows = db.session.execute(sa.select(Comment.id, Comment.scored_at)
                                          .where(Comment.id.in_(submitted))).all()
                db.session.rollback()
                worker.terminate()
                worker.wait(timeout=30)
            latencies = [(r.scored_at - submitted[r.id]).total_seconds() * 1000 for r in rows if r.scored_at]
            unscored = len(submitted) - len(latencies)

            with app.app_context():
                ids = [store(10_000 + i) for i in range(THROUGHPUT_N)]
                statements = [0]

                def count(*_args: object) -> None:
                    statements[0] += 1

                sa.event.listen(db.engine, "before_cursor_execute", count)
                started, cpu_started = time.perf_counter(), time.process_time()
                for cid in ids:
                    score_comment(cid)
                elapsed = time.perf_counter() - started
                cpu_ms = (time.process_time() - cpu_started) * 1000 / len(ids)
                sa.event.remove(db.engine, "before_cursor_execute", count)
                scored = db.session.scalar(sa.select(sa.func.count()).select_from(Comment).where(
                    Comment.id.in_(ids), Comment.status != CommentStatus.RECEIVED))

        p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
        rate = scored / elapsed
        print(f"worker: 1 process, concurrency 1; {database.name}; Redis broker; starter model")
        print(f"{'measure':<44} {'value':>12} {'budget':>12}  result")
        rows_out = [
            (f"submit-to-scored p50 ({RATE}/s for {SECONDS} s)", f"{p50:.1f} ms", "-", ""),
            (f"submit-to-scored p95 ({RATE}/s for {SECONDS} s)", f"{p95:.1f} ms", f"< {P95_BUDGET_MS:.0f} ms",
             "PASS" if p95 < P95_BUDGET_MS and not unscored else "MISS"),
            ("comments not scored within 60 s", str(unscored), "0", "PASS" if not unscored else "MISS"),
            ("score_comment throughput, DB included", f"{rate:.0f} /s", f">= {THROUGHPUT_BUDGET:.0f} /s",
             "PASS" if rate >= THROUGHPUT_BUDGET else "MISS"),
            # The database's round trips, and this process's CPU (the database server's is not in it):
            ("SQL statements per scored comment", f"{statements[0] / len(ids):.1f}", "-", ""),
            ("CPU per scored comment, worker process", f"{cpu_ms:.1f} ms", "-", ""),
        ]
        for name, value, budget, result in rows_out:
            print(f"{name:<44} {value:>12} {budget:>12}  {result}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
