"""Insights on schedule: a real worker with beat recounts the day a moderator's decision changed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from models import Comment, CommentStatus, DecisionAction, db, decide
from tests.console_world import log_in
from tests.insights_world import build_insights_world
from tests.support import wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def database_url(own_postgres_url: str) -> str:
    """The worker writes to the database: a PostgreSQL database of this test's own."""
    return own_postgres_url


def test_a_worker_with_beat_brings_the_page_up_to_date_after_a_decision(make_app, start_worker, clean_redis,
                                                                       redis_url, tmp_path: Path):
    app = make_app(celery={"broker_url": redis_url, "result_backend": redis_url})
    with app.app_context():
        world = build_insights_world(datetime.now(UTC).date(), days=3)
        waiting = db.session.scalars(select(Comment).where(Comment.status == CommentStatus.PENDING,
                                                           Comment.site_id == world.site_a.id)
                                     .order_by(Comment.id)).first()
        day = waiting.created_at.date().isoformat()
        decide(waiting.id, DecisionAction.SPAM, world.ana.id)
        db.session.commit()
        email = world.ana.email
    client = app.test_client()
    log_in(client, email)

    def spam_by_moderators_that_day() -> int:
        rows = list(csv.reader(io.StringIO(client.get("/moderate/insights/volume.csv?range=7")
                                           .get_data(as_text=True))))
        return next(int(r[3]) for r in rows[1:] if r[0] == day)

    assert spam_by_moderators_that_day() == 2  # counted before the decision
    worker = start_worker(args=["--beat", "--schedule", str(tmp_path / "celerybeat-schedule")],
                          REDIS_URL=redis_url, INSIGHTS_INTERVAL_SECONDS="1")
    wait_until(lambda: spam_by_moderators_that_day() == 3, 60, "beat to recount the day", [worker])
