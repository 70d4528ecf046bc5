"""The API against real Redis: rate limits shared in Redis, and commenting while Redis is down.

The outage test runs its own redis-server on a free port and stops it, never
the shared one. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import shutil
import time

import pytest
import redis
from sqlalchemy import select

from config import load_config
from models import Comment, CommentStatus, Site, db
from tests.api_helpers import ORIGIN, Commenter
from tests.support import RedisServer, redis_server, service_missing

pytestmark = pytest.mark.integration


def queue_length(server: RedisServer, queue: str = "moderation") -> int:
    client = redis.Redis.from_url(server.url)
    try:
        return client.llen(queue)
    finally:
        client.close()


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server this test owns: stop it, start it again (empty) on the same port."""
    if shutil.which("redis-server") is None:
        service_missing("redis-server", "install it (apt-get install redis-server)")
    server = redis_server(tmp_path).start()
    yield server
    server.stop()


def make_site() -> str:
    site = Site(name="Test blog", origins=[ORIGIN])
    db.session.add(site)
    db.session.commit()
    return site.key


def test_creating_challenges_is_rate_limited_per_client_in_redis(make_app, clean_redis, redis_url):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url, RATELIMIT_CAPTCHA="3/minute")
    with app.app_context():
        key = make_site()
    client = app.test_client()
    answers = [client.post("/api/v1/captcha", json={"site": key}, headers={"Origin": ORIGIN})
               for _ in range(4)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    limited = answers[-1]
    assert limited.json["error"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["Access-Control-Allow-Origin"] == ORIGIN
    # The counter lives in Redis, where every gunicorn worker shares it.
    assert any(b"moderation" in k for k in clean_redis.keys("*"))
    # Another client address has its own allowance.
    other = client.post("/api/v1/captcha", json={"site": key}, headers={"Origin": ORIGIN},
                        environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert other.status_code == 201


def test_captcha_images_are_rate_limited(make_app, clean_redis, redis_url):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url,
                   RATELIMIT_CAPTCHA_MEDIA="2/minute")
    with app.app_context():
        key = make_site()
    commenter = Commenter(app, app.test_client(), key)
    challenge_id = commenter.challenge()["id"]
    codes = [commenter.client.get(f"/api/v1/captcha/{challenge_id}.png").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_comments_are_rate_limited(make_app, clean_redis, redis_url):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url, RATELIMIT_COMMENTS="2/minute")
    with app.app_context():
        key = make_site()
    commenter = Commenter(app, app.test_client(), key)
    codes = [commenter.post().status_code for _ in range(3)]
    assert codes == [202, 202, 429]
    with app.app_context():
        assert len(db.session.scalars(select(Comment.id)).all()) == 2


def test_after_redis_restarts_the_limits_count_there_again(make_app, own_redis, tmp_path):
    # Each web process keeps its own connection for counting (moderation/ratelimits.py):
    # one that Redis dropped must reconnect, not leave the counts in one process's memory.
    production = load_config({"APP_ENV": "test", "INSTANCE_PATH": str(tmp_path), "REDIS_URL": own_redis.url,
                              "SECRET_KEY": "test-secret-key-0123456789"})
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=own_redis.url, RATELIMIT_CAPTCHA="3/minute",
                   RATELIMIT_STORAGE_OPTIONS=production["RATELIMIT_STORAGE_OPTIONS"])
    with app.app_context():
        key = make_site()
    client = app.test_client()

    def ask() -> int:
        return client.post("/api/v1/captcha", json={"site": key}, headers={"Origin": ORIGIN}).status_code

    assert [ask(), ask()] == [201, 201]
    own_redis.stop()
    own_redis.start()  # empty, and every connection to it is gone
    assert [ask() for _ in range(4)] == [201, 201, 201, 429]  # counted from zero, in the new Redis
    counters = redis.Redis.from_url(own_redis.url)
    try:
        assert [int(counters.get(k)) for k in counters.keys("*moderation*")] == [4]
    finally:
        counters.close()


def test_after_redis_restarts_the_next_comment_goes_straight_to_the_queue(make_app, own_redis, tmp_path):
    # Each web process keeps its connection to the broker between comments
    # (workers/tasks.py, workers/broker.py): one that Redis dropped must not
    # leave the next comment to wait for the sweeper.
    production = load_config({"APP_ENV": "test", "INSTANCE_PATH": str(tmp_path), "REDIS_URL": own_redis.url,
                              "SECRET_KEY": "test-secret-key-0123456789"})
    app = make_app(celery=production["CELERY"])
    with app.app_context():
        key = make_site()
    commenter = Commenter(app, app.test_client(), key)
    before = commenter.post(body="before the restart")
    assert before.status_code == 202 and queue_length(own_redis) == 1
    own_redis.stop()
    own_redis.start()  # empty, and every connection to it is gone
    after = commenter.post(body="after the restart")
    assert after.status_code == 202
    with app.app_context():
        assert db.session.get(Comment, after.json["id"]).enqueued_at is not None
    assert queue_length(own_redis) == 1


def test_a_comment_posted_while_redis_is_down_is_stored_answered_and_sent_later(
    make_app, own_redis, tmp_path, capsys
):
    # The production settings for a Redis broker, with this test's server.
    production = load_config({"APP_ENV": "test", "INSTANCE_PATH": str(tmp_path), "REDIS_URL": own_redis.url,
                              "SECRET_KEY": "test-secret-key-0123456789"})
    app = make_app(
        RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=own_redis.url, RATELIMIT_COMMENTS="3/minute",
        RATELIMIT_STORAGE_OPTIONS=production["RATELIMIT_STORAGE_OPTIONS"], SWEEP_AFTER_SECONDS=1,
        celery=production["CELERY"],
    )
    with app.app_context():
        key = make_site()
    commenter = Commenter(app, app.test_client(), key)
    assert commenter.post(body="while Redis is up").status_code == 202
    form = commenter.form(body="while Redis is down")
    spare = [commenter.form() for _ in range(3)]

    own_redis.stop()
    started = time.monotonic()
    response = commenter.post(form)
    seconds = time.monotonic() - started
    assert response.status_code == 202, response.json
    with capsys.disabled():
        print(f"\n  POST /api/v1/comments with Redis down answered {response.status_code} in {seconds:.3f} s")
    comment_id = response.json["id"]
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment.status == CommentStatus.RECEIVED and comment.body == "while Redis is down"
        assert comment.enqueued_at is None  # the broker never took it
    # Rate limits count in this process's memory meanwhile (from zero): the
    # 3/minute limit still bites on the fourth comment of the outage.
    assert [commenter.post(f).status_code for f in spare] == [202, 202, 429]

    own_redis.start()  # empty: whatever it held before is gone
    assert queue_length(own_redis) == 0
    time.sleep(1.1)  # older than SWEEP_AFTER_SECONDS
    from workers.tasks import sweep_received

    with app.app_context():
        report = sweep_received()
        assert report["sent"] >= 1
        db.session.expire_all()
        assert db.session.get(Comment, comment_id).enqueued_at is not None
    assert queue_length(own_redis) >= 1
