"""Mail through a real Celery worker process, Redis and PostgreSQL, to a real SMTP server.

The SMTP server is down when the mails are owed and comes up a while later: every mail arrives,
each exactly once ("exactly once" read from the server's own inbox and the worker's log).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from models import MailState, Notification, db
from tests.console_world import build_world
from tests.support import SmtpSink, free_port, wait_until
from tests.test_notify_mail import arrive

pytestmark = pytest.mark.integration
SENT = re.compile(r"sent mail (\d+) ")


@pytest.fixture
def database_url(own_postgres_url: str) -> str:
    """PostgreSQL only, a database of this test's own: the worker writes to it."""
    return own_postgres_url


def states() -> Counter:
    db.session.rollback()  # a fresh snapshot of what the worker wrote
    return Counter(db.session.scalars(select(Notification.state)))


def failed_twice() -> int:
    db.session.rollback()
    return sum(n.attempts >= 2 for n in db.session.scalars(select(Notification)))


def test_smtp_down_for_a_while_then_every_mail_arrives_once(make_app, start_worker, clean_redis, redis_url,
                                                            tmp_path: Path):
    port = free_port()
    app = make_app(celery={"broker_url": redis_url, "result_backend": redis_url})
    worker = start_worker(
        ["--beat", "--schedule", str(tmp_path / "celerybeat-schedule")],
        REDIS_URL=redis_url, SMTP_URL=f"smtp://127.0.0.1:{port}?timeout=2",
        MAIL_RETRY_SECONDS="0.3", MAIL_RETRY_MAX_SECONDS="1", SWEEP_AFTER_SECONDS="2",
        SWEEP_INTERVAL_SECONDS="1",
    )
    with app.app_context():
        world = build_world(pending_a=0, pending_b=0)
        for i in range(5):
            arrive(world.thread_a, author=f"Reader {i}", body=f"Comment {i}: the ferry times changed.")
        # Three moderators of site A, five comments: fifteen mails, none deliverable yet.
        wait_until(lambda: failed_twice() == 15, 60, "every mail to fail twice", [worker])
        assert MailState.SENT not in states() and MailState.FAILED not in states()

        sink = SmtpSink(port).start()
        try:
            wait_until(lambda: states() == Counter({MailState.SENT: 15}), 90, "every mail sent", [worker])
            assert len(sink.messages) == 15
            assert len({m["Message-ID"] for m in sink.messages}) == 15
            assert Counter(to for _, (to,) in sink.envelopes) == Counter(
                {"admin@example.com": 5, "mod-a@example.com": 5, "owner-a@example.com": 5})
            sent = Counter(SENT.findall(worker.log()))
            assert len(sent) == 15 and set(sent.values()) == {1}
        finally:
            sink.stop()


def test_webhooks_go_through_their_queue_and_retry_until_the_receiver_answers(
        make_app, start_worker, clean_redis, redis_url, tmp_path: Path):
    import hashlib
    import hmac
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from models import DeliveryState, Webhook, WebhookDelivery

    received: list[tuple[dict, bytes]] = []
    failures = {"left": 3}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            failing = failures["left"] > 0
            failures["left"] -= failing
            self.send_response(500 if failing else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        app = make_app(celery={"broker_url": redis_url, "result_backend": redis_url})
        # Only the webhooks queue: the delivery must be routed there to be delivered at all.
        worker = start_worker(["-Q", "webhooks"], REDIS_URL=redis_url, WEBHOOK_ALLOW_PRIVATE="true",
                              WEBHOOK_RETRY_SECONDS="0.3", WEBHOOK_RETRY_MAX_SECONDS="1")
        with app.app_context():
            world = build_world(pending_a=0, pending_b=0)
            hook = Webhook(site_id=world.site_a.id, url=f"http://127.0.0.1:{server.server_port}/in",
                           events=["comment.scored"])
            db.session.add(hook)
            db.session.commit()
            secret = hook.secret
            arrive(world.thread_a, body="Is the ferry running on Sunday?")

            def delivered():
                db.session.rollback()
                return db.session.scalar(select(WebhookDelivery.state)) == DeliveryState.DELIVERED

            wait_until(delivered, 60, "the delivery after three failures", [worker])
            assert len(received) == 4
            headers, body = received[-1]
            signed = f"{headers['X-Comments-Timestamp']}.".encode() + body
            expected = "v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
            assert headers["X-Comments-Signature"] == expected
            assert {h["X-Comments-Delivery"] for h, _ in received} == {headers["X-Comments-Delivery"]}
            assert db.session.scalar(select(WebhookDelivery.attempts)) == 4
    finally:
        server.shutdown()
        server.server_close()
