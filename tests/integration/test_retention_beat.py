"""Retention on schedule: a real worker with beat forgets networks and deletes old spam by itself."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from models import Comment, CommentStatus, Site, Thread, author_key, db, utcnow
from tests.support import wait_until

pytestmark = pytest.mark.integration
S = CommentStatus


@pytest.fixture
def database_url(own_postgres_url: str) -> str:
    """The worker writes to the database: a PostgreSQL database of this test's own."""
    return own_postgres_url


def test_a_worker_with_beat_purges_by_each_sites_settings(make_app, start_worker, clean_redis, redis_url,
                                                          tmp_path: Path):
    app = make_app(celery={"broker_url": redis_url, "result_backend": redis_url})
    with app.app_context():
        strict = Site(name="Strict", keep_network_days=7, keep_rejected_days=30)
        lenient = Site(name="Lenient", keep_network_days=None, keep_rejected_days=None)
        db.session.add_all([strict, lenient])
        db.session.flush()
        ids = {}
        now = utcnow()
        for site in (strict, lenient):
            thread = Thread(site_id=site.id, uri=f"/{site.name.lower()}/post")
            db.session.add(thread)
            db.session.flush()
            for name, status, age_days in (("old spam", S.SPAM, 40), ("fresh rejected", S.REJECTED, 5),
                                           ("old reply", S.APPROVED, 10), ("new reply", S.APPROVED, 1)):
                comment = Comment(site_id=site.id, thread_id=thread.id, author=name,
                                  author_key=author_key(site.id, name, None), body=f"{name} here",
                                  status=status, ip_prefix="198.51.100.0/24", user_agent="Browser/2",
                                  created_at=now - timedelta(days=age_days),
                                  decided_at=now - timedelta(days=age_days))
                db.session.add(comment)
                db.session.flush()
                ids[(site.name, name)] = comment.id
        db.session.commit()

    worker = start_worker(args=["--beat", "--schedule", str(tmp_path / "celerybeat-schedule")],
                          REDIS_URL=redis_url, RETENTION_INTERVAL_SECONDS="1")

    def old_spam_gone() -> bool:
        with app.app_context():
            return db.session.get(Comment, ids[("Strict", "old spam")]) is None

    wait_until(old_spam_gone, 60, "beat to run the retention task", [worker])
    with app.app_context():
        def get(site: str, name: str) -> Comment | None:
            return db.session.get(Comment, ids[(site, name)])

        assert get("Strict", "fresh rejected") is not None  # decided 5 days ago, kept 30
        assert get("Strict", "old reply").ip_prefix is None
        assert get("Strict", "old reply").user_agent == ""
        assert get("Strict", "new reply").ip_prefix == "198.51.100.0/24"
        # The other site keeps everything: its settings say never.
        assert get("Lenient", "old spam") is not None
        assert get("Lenient", "old reply").ip_prefix == "198.51.100.0/24"
    assert "retention: cleared the network and user agent of 1 comments, deleted 1" in worker.log()
