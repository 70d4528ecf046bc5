"""Models held by the database: a worker on another machine needs no model folder, and retraining
runs only on a worker that consumes the `training` queue.

Real `celery worker` processes, real Redis, PostgreSQL built by the migrations. The "other machine"
is a worker process with its own instance folder and an empty MODEL_DIR: all it shares with the
web app is the database and the broker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from config import test_config
from models import Comment, CommentStatus, Site, Thread, author_key, db
from moderation import create_app
from tests.starter_model import install_model
from tests.support import wait_until
from workers.tasks import retrain_from_decisions, send_to_worker

pytestmark = pytest.mark.integration
S = CommentStatus
PHONE_SCAM = ("FREE followers!!! visit http://bit.ly/more-fans and subscribe to my channel, "
              "win $500 now http://cheap-pills.example")


@pytest.fixture
def database_url(own_postgres_url: str) -> str:
    """These tests run on PostgreSQL only, each on a database of its own."""
    return own_postgres_url


@pytest.fixture
def other_machine(tmp_path: Path) -> dict[str, str]:
    """A worker's settings with nothing on disk in common with the web app."""
    instance = tmp_path / "other-machine"
    instance.mkdir()
    (instance / "models").mkdir()
    return {"INSTANCE_PATH": str(instance), "MODEL_DIR": str(instance / "models")}


def test_a_worker_in_another_process_loads_the_model_from_the_database(
        make_app, start_worker, clean_redis, redis_url, starter_file, other_machine, tmp_path):
    app = make_app(celery={"broker_url": redis_url, "result_backend": redis_url})
    with app.app_context():
        install_model(starter_file, version="from-the-database")
        site = Site(name="Blog")
        db.session.add(site)
        db.session.flush()
        thread = Thread(site_id=site.id, uri="/2026/12/post")
        db.session.add(thread)
        db.session.flush()
        comment = Comment(site_id=site.id, thread_id=thread.id, author="Spammer",
                          author_key=author_key(site.id, "Spammer", None), body=PHONE_SCAM)
        db.session.add(comment)
        db.session.commit()
        comment_id = comment.id
        assert send_to_worker(comment_id)
    worker = start_worker(REDIS_URL=redis_url, **other_machine)

    def scored() -> tuple | None:
        with app.app_context():
            row = db.session.execute(select(Comment.status, Comment.score, Comment.model_version)
                                     .where(Comment.id == comment_id)).one()
            db.session.rollback()
        return row if row.status != S.RECEIVED else None

    _status, score, version = wait_until(scored, 90, "the comment to be scored", [worker])
    assert version == "from-the-database" and score > 0.9
    assert "loaded spam model from-the-database from the database" in worker.log()
    assert list(Path(other_machine["MODEL_DIR"]).iterdir()) == []  # nothing was written or read there


def test_retraining_waits_for_a_worker_on_the_training_queue(
        make_app, start_worker, clean_redis, redis_url, other_machine):
    app = make_app(celery={"broker_url": redis_url, "result_backend": redis_url})
    scorer = start_worker(["-Q", "moderation"], REDIS_URL=redis_url, **other_machine)
    wait_until(lambda: " ready." in scorer.log(), 60, "the scoring worker to start", [scorer])
    with app.app_context():
        retrain_from_decisions.delay()
    wait_until(lambda: clean_redis.llen("training") == 1, 10, "the retraining task in its queue", [scorer])
    assert "retrain:" not in scorer.log()  # the scoring worker never picks it up

    trainer = start_worker(["-Q", "training"], REDIS_URL=redis_url, **other_machine)
    wait_until(lambda: "retrain: 0 new decisions" in trainer.log(), 90, "the training worker to run it",
               [trainer])
    assert clean_redis.llen("training") == 0


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrading_moves_the_model_files_into_the_database_and_back(
        backend, postgres_factory, starter_file, tmp_path):
    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade

    from models import SpamModel

    url = f"sqlite:///{tmp_path / 'old.sqlite'}" if backend == "sqlite" else postgres_factory()
    model_dir = tmp_path / "models"
    app = create_app(test_config(tmp_path, SQLALCHEMY_DATABASE_URI=url, MODEL_DIR=str(model_dir)))
    with app.app_context():
        upgrade(revision="0002_worker")
        model_dir.mkdir()
        (model_dir / "old-active.skops").write_bytes(starter_file.read_bytes())
        insert = sa.text("INSERT INTO spam_models (version, filename, active, source, metadata, "
                         "decisions_until, created_at) VALUES (:v, :f, :a, 'starter', '{}', 0, :t)")
        with db.engine.begin() as connection:
            connection.execute(insert, {"v": "old-active", "f": "old-active.skops", "a": True,
                                        "t": "2026-01-01 00:00:00"})
            connection.execute(insert, {"v": "file-gone", "f": "file-gone.skops", "a": False,
                                        "t": "2026-01-01 00:00:00"})
        upgrade(revision="0003")
        rows = {r.version: r for r in db.session.scalars(select(SpamModel))}
        assert rows["old-active"].stored and rows["old-active"].size_bytes == starter_file.stat().st_size
        assert rows["old-active"].load().score_many([]) == []  # loads through the allow-list
        assert not rows["file-gone"].stored
        db.session.remove()

        (model_dir / "old-active.skops").unlink()
        downgrade(revision="0002_worker")
        assert (model_dir / "old-active.skops").read_bytes() == starter_file.read_bytes()
        db.engine.dispose()
