"""The scoring worker as it runs in production: real Redis, real `celery worker` processes, PostgreSQL.

Every comment is scored exactly once through a SIGKILL in the middle of a
burst, a Redis that restarts empty, a model that cannot be loaded, and a task
delivered twice. "Exactly once" is read from the workers' own logs: a worker
logs "scored comment N" only when its conditional update moved the comment.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select

from models import Comment, CommentStatus, Site, SpamModel, Thread, author_key, db
from tests.starter_model import install_model
from tests.support import RedisServer, redis_server, service_missing, wait_until
from workers.tasks import send_to_worker

pytestmark = pytest.mark.integration
S = CommentStatus
SCORED = re.compile(r"scored comment (\d+):")
BODIES = [
    "I tried this on my old laptop and it worked after the second reboot, thanks.",
    "FREE followers!!! visit http://bit.ly/more-fans and subscribe to my channel",
    "The photo of the harbour at dawn is lovely, where was it taken from?",
    "Earn 500 dollars a day from home, message me now for details",
]


@pytest.fixture
def database_url(own_postgres_url: str) -> str:
    """These tests run on PostgreSQL only, each on a database of its own."""
    return own_postgres_url


def worker_settings(broker: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "REDIS_URL": broker,
        "BROKER_VISIBILITY_TIMEOUT": "10",
        "SWEEP_AFTER_SECONDS": "3",
        "SWEEP_INTERVAL_SECONDS": "2",
        "SCORE_RETRY_SECONDS": "0.2",
        "SCORE_RETRY_MAX_SECONDS": "1",
        **extra,
    }


def beat(tmp_path: Path) -> list[str]:
    # Beat keeps its schedule file in the test's folder, not in the repository.
    return ["--beat", "--schedule", str(tmp_path / "celerybeat-schedule")]


@pytest.fixture
def scoring_app(make_app, tmp_path: Path):
    """An app on this test's database sending to `broker`, with the starter model installed."""

    def build(broker: str, starter_file: Path | None):
        app = make_app(celery={"broker_url": broker, "result_backend": broker})
        with app.app_context():
            if starter_file is not None:
                install_model(starter_file)
            site = Site(name="Blog", spam_threshold=0.999)
            db.session.add(site)
            db.session.flush()
            db.session.add(Thread(site_id=site.id, uri="/2008/07/post"))
            db.session.commit()
        return app

    return build


def add_comments(app, n: int, enqueue: bool = True) -> list[int]:
    """Store n comments as the API does (commit first), then send each to the scorer."""
    with app.app_context():
        thread = db.session.scalars(select(Thread)).one()
        comments = [
            Comment(site_id=thread.site_id, thread_id=thread.id, author=f"Author {i % 17}",
                    author_key=author_key(thread.site_id, f"Author {i % 17}", None),
                    body=f"{BODIES[i % len(BODIES)]} ({i})", seconds_to_submit=20.0)
            for i in range(n)
        ]
        db.session.add_all(comments)
        db.session.commit()
        ids = [c.id for c in comments]
        if enqueue:
            assert all(send_to_worker(cid) for cid in ids)
        return ids


def statuses(app) -> Counter:
    with app.app_context():
        rows = db.session.execute(select(Comment.status, func.count()).group_by(Comment.status)).all()
        db.session.rollback()
        return Counter({status: count for status, count in rows})


def wait_ready(worker, timeout: float = 60) -> None:
    wait_until(lambda: " ready." in worker.log(), timeout, "the worker to start", [worker])


def scored_per_comment(*workers) -> Counter:
    return Counter(int(m) for w in workers for m in SCORED.findall(w.log()))


def scored_ids(app, ids: list[int]) -> set[int]:
    with app.app_context():
        found = db.session.scalars(
            select(Comment.id).where(Comment.id.in_(ids), Comment.status != S.RECEIVED)).all()
        db.session.rollback()
        return set(found)


def assert_scored_exactly_once(app, ids: list[int], *workers, log_lost: set[int] = frozenset()) -> None:
    """Every comment scored, and no worker logged a comment's score twice.

    `log_lost`: comments scored before a SIGKILL. A worker logs a score just after committing it,
    so the kill may take the log line of a committed score with it: such a comment may show no
    line at all, but never two.
    """
    with app.app_context():
        rows = db.session.execute(
            select(Comment.id, Comment.status, Comment.score, Comment.model_version, Comment.scored_at)
            .where(Comment.id.in_(ids))
        ).all()
        db.session.rollback()
    assert len(rows) == len(ids)
    for cid, status, score, version, scored_at in rows:
        assert status in (S.PENDING, S.SPAM), (cid, status)
        assert score is not None and version and scored_at is not None
    counts = scored_per_comment(*workers)
    assert all(counts[cid] <= 1 for cid in ids), {cid: counts[cid] for cid in ids if counts[cid] > 1}
    unlogged = {cid for cid in ids if counts[cid] == 0}
    assert unlogged <= log_lost, sorted(unlogged - log_lost)
    assert len(unlogged) <= 1, sorted(unlogged)  # the one task a worker of concurrency 1 had in hand


def test_a_worker_killed_mid_burst_loses_nothing_and_scores_each_comment_once(
        scoring_app, start_worker, clean_redis, redis_url, starter_file, tmp_path):
    app = scoring_app(redis_url, starter_file)
    settings = worker_settings(redis_url, tmp_path)
    first = start_worker(args=beat(tmp_path), **settings)
    wait_ready(first)
    ids = add_comments(app, 200)
    wait_until(lambda: len(scored_per_comment(first)) >= 30, 60, "the first 30 scores", [first])
    first.kill()
    before_kill = scored_ids(app, ids)
    left = statuses(app)[S.RECEIVED]
    assert left > 0, "the burst finished before the kill; nothing was tested"

    second = start_worker(args=beat(tmp_path), **settings)
    wait_until(lambda: statuses(app)[S.RECEIVED] == 0, 90, "every comment to be scored", [first, second])
    assert_scored_exactly_once(app, ids, first, second, log_lost=before_kill)
    with app.app_context():
        attempts = db.session.scalar(select(func.max(Comment.score_attempts)))
    assert attempts <= 3


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test's own, without persistence: `.restart()` brings it back empty."""
    if shutil.which("redis-server") is None:
        service_missing("redis-server", "install it (apt-get install redis-server)")
    server = redis_server(tmp_path).start()
    yield server
    server.kill()


def test_the_sweeper_scores_every_comment_after_redis_restarts_empty(
        scoring_app, start_worker, own_redis, starter_file, tmp_path):
    url = own_redis.url
    app = scoring_app(url, starter_file)
    queued = add_comments(app, 40)  # no worker yet: they wait in Redis
    client = redis.Redis.from_url(url)
    assert client.llen("moderation") == 40
    own_redis.restart()
    assert client.llen("moderation") == 0  # the queue is gone; only the rows remain

    worker = start_worker(args=beat(tmp_path), **worker_settings(url, tmp_path, SWEEP_AFTER_SECONDS="2"))
    wait_until(lambda: statuses(app)[S.RECEIVED] == 0, 60, "the sweeper to get every comment scored",
               [worker])
    assert_scored_exactly_once(app, queued, worker)

    # Redis restarts again under a running worker: it reconnects, and what
    # was stored meanwhile is scored too.
    own_redis.restart()
    later = add_comments(app, 10, enqueue=False)
    with app.app_context():
        for cid in later:
            send_to_worker(cid)
    wait_until(lambda: statuses(app)[S.RECEIVED] == 0, 60, "comments stored after the restart", [worker])
    assert_scored_exactly_once(app, queued + later, worker)
    client.close()


def test_a_scorer_that_always_fails_leaves_comments_score_failed_after_its_retries(
        scoring_app, start_worker, clean_redis, redis_url, tmp_path):
    app = scoring_app(redis_url, None)
    with app.app_context():
        corrupt = SpamModel(version="corrupt", payload=b"PK\x03\x04 a truncated upload")
        db.session.add(corrupt)
        db.session.flush()
        corrupt.promote()
        db.session.commit()
    worker = start_worker(**worker_settings(redis_url, tmp_path, SCORE_MAX_ATTEMPTS="3"))
    ids = add_comments(app, 5)
    wait_until(lambda: statuses(app)[S.SCORE_FAILED] == 5, 60, "five score_failed comments", [worker])
    with app.app_context():
        rows = db.session.execute(
            select(Comment.score_attempts, Comment.score_error, Comment.score).where(Comment.id.in_(ids))
        ).all()
    for attempts, error, score in rows:
        assert attempts == 3 and score is None
        assert "not scored after 3 attempts" in error and "cannot load model corrupt" in error
    assert worker.log().count("retrying in") == 5 * 2


def test_a_task_delivered_twice_scores_the_comment_once(
        scoring_app, start_worker, clean_redis, redis_url, starter_file, tmp_path):
    app = scoring_app(redis_url, starter_file)
    worker = start_worker(**worker_settings(redis_url, tmp_path))
    [cid] = add_comments(app, 1)
    with app.app_context():
        assert send_to_worker(cid)  # the same message again, as a broker redelivery would
    wait_until(lambda: worker.log().count(f"comment {cid} already scored") == 1, 60,
             "the second delivery", [worker])
    with app.app_context():
        first = db.session.execute(
            select(Comment.score, Comment.scored_at, Comment.reasons, Comment.score_attempts)
            .where(Comment.id == cid)).one()
        db.session.rollback()
        assert send_to_worker(cid)
    wait_until(lambda: worker.log().count(f"comment {cid} already scored") == 2, 60,
             "the third delivery", [worker])
    with app.app_context():
        again = db.session.execute(
            select(Comment.score, Comment.scored_at, Comment.reasons, Comment.score_attempts)
            .where(Comment.id == cid)).one()
    assert again == first and first.score_attempts == 1
    assert scored_per_comment(worker)[cid] == 1
