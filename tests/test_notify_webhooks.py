"""Webhooks, received by a real HTTP server in this process: signature, retries, chat text, refusals."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery.exceptions import Retry
from sqlalchemy import select

from models import CommentStatus, DecisionAction, DeliveryState, Webhook, WebhookDelivery, db, decide
from tests.console_world import build_world, log_in
from tests.test_notify_mail import arrive
from workers.webhooks import deliver_webhook


@dataclass
class Receiver:
    url: str
    requests: list[dict] = field(default_factory=list)
    fail_next: int = 0  # answer 503 to this many requests first


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append({"headers": dict(self.headers), "body": body, "path": self.path})
            failing = state.fail_next > 0
            state.fail_next -= failing
            self.send_response(503 if failing else 204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/hooks/comments?from=test"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def hooked(make_app, receiver):
    # The receiver is on loopback, which production refuses: these tests allow it.
    app = make_app(WEBHOOK_ALLOW_PRIVATE=True)
    with app.app_context():
        world = build_world(pending_a=0, pending_b=0)
        hook = Webhook(site_id=world.site_a.id, url=receiver.url,
                       events=["comment.received", "comment.scored", "comment.approved", "comment.rejected",
                               "comment.spam"])
        db.session.add(hook)
        db.session.commit()
        yield app, world, hook


def deliveries() -> list[WebhookDelivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def deliver_all() -> None:
    for d in deliveries():
        if d.state == DeliveryState.PENDING:
            deliver_webhook(d.id)


def verify(secret: str, request: dict, window: int = 300) -> dict:
    """What a receiver does: recompute the signature over the raw body, check the timestamp's age."""
    headers = request["headers"]
    timestamp = int(headers["X-Comments-Timestamp"])
    assert abs(time.time() - timestamp) < window
    expected = "v1=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + request["body"],
                                hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, headers["X-Comments-Signature"])
    return json.loads(request["body"])


def test_each_event_arrives_signed_with_the_comment(hooked, receiver):
    app, world, hook = hooked
    comment_id = arrive(world.thread_a, author="Grace", body="Low tide was at six.")
    decide(comment_id, DecisionAction.APPROVE, world.mod_a.id)
    db.session.commit()
    arrive(world.thread_b)  # another site's comment: not this webhook's business
    deliver_all()
    events = [r["headers"]["X-Comments-Event"] for r in receiver.requests]
    assert events == ["comment.received", "comment.scored", "comment.approved"]
    approved = verify(hook.secret, receiver.requests[-1])
    assert approved["event"] == "comment.approved"
    assert approved["comment"]["id"] == comment_id and approved["comment"]["number"] == 1
    assert approved["comment"]["body"] == "Low tide was at six."
    assert approved["decision"]["moderator"] == "mod-a@example.com"
    assert approved["site"]["name"] == "Alpha blog"
    assert "email" not in json.dumps(approved["comment"])  # commenters' addresses never leave
    assert receiver.requests[0]["path"] == "/hooks/comments?from=test"
    # A body changed in transit fails the check.
    tampered = dict(receiver.requests[-1], body=receiver.requests[-1]["body"].replace(b"six", b"ten"))
    with pytest.raises(AssertionError):
        verify(hook.secret, tampered)


def test_a_failing_receiver_gets_retries_then_the_same_body(hooked, receiver):
    app, world, hook = hooked
    hook.events = ["comment.spam"]
    db.session.commit()
    receiver.fail_next = 2
    arrive(world.thread_a, body="pills", score=0.999, to=CommentStatus.SPAM)
    (delivery,) = deliveries()
    for _ in range(2):
        with pytest.raises(Retry):
            deliver_webhook(delivery.id)
    assert deliveries()[0].state == DeliveryState.PENDING and deliveries()[0].response_status == 503
    assert deliver_webhook(delivery.id) == "delivered"
    assert deliver_webhook(delivery.id) == "not pending"  # a duplicate task sends nothing
    assert len(receiver.requests) == 3
    assert len({r["body"] for r in receiver.requests}) == 1
    assert len({r["headers"]["X-Comments-Delivery"] for r in receiver.requests}) == 1
    final = deliveries()[0]
    assert (final.state, final.attempts, final.response_status) == (DeliveryState.DELIVERED, 3, 204)


def test_gives_up_after_the_last_attempt_and_the_console_sends_again(hooked, receiver):
    app, world, hook = hooked
    app.config["WEBHOOK_MAX_ATTEMPTS"] = 2
    hook.events = ["comment.rejected"]
    db.session.commit()
    receiver.fail_next = 5
    comment_id = arrive(world.thread_a)
    decide(comment_id, DecisionAction.REJECT, world.owner_a.id)
    db.session.commit()
    (delivery,) = deliveries()
    with pytest.raises(Retry):
        deliver_webhook(delivery.id)
    assert deliver_webhook(delivery.id) == "failed"
    receiver.fail_next = 0

    client = app.test_client()
    log_in(client, "owner-a@example.com")
    page = client.get(f"/moderate/sites/{world.site_a.id}/webhooks").get_data(as_text=True)
    assert "failed" in page and "HTTP 503" in page and "Send again" in page
    again = client.post(f"/moderate/sites/{world.site_a.id}/deliveries/{delivery.id}/again",
                        follow_redirects=True)
    assert "will be sent again" in again.get_data(as_text=True)
    assert deliver_webhook(delivery.id) == "delivered"


def test_chat_text_for_slack_and_its_likes(hooked, receiver):
    app, world, hook = hooked
    hook.format = "slack"
    hook.events = ["comment.scored"]
    db.session.commit()
    arrive(world.thread_a, author="<!channel> Grace", body="Ferry *times* & tides <b>")
    deliver_all()
    text = json.loads(receiver.requests[0]["body"])["text"]
    # What the commenter typed cannot ping a channel or become a link.
    assert text.startswith("Scored comment by &lt;!channel&gt; Grace on Alpha post (Alpha blog), "
                           "score 0.12: ")
    assert "Ferry *times* &amp; tides &lt;b&gt;" in text and text.endswith("|Open the queue>")
    verify(hook.secret, receiver.requests[0])


def test_private_targets_are_refused_unless_allowed(make_app, receiver):
    app = make_app()
    with app.app_context():
        world = build_world(pending_a=0, pending_b=0)
        client = app.test_client()
        log_in(client, "owner-a@example.com")
        url = f"/moderate/sites/{world.site_a.id}/webhooks"
        for target in (receiver.url, "http://10.1.2.3/x", "http://169.254.169.254/latest", "http://[::1]:80/"):
            answer = client.post(url, data={"url": target, "events": ["comment.approved"], "format": "json"})
            assert answer.status_code == 400, target
            assert "is a private, loopback or link-local address" in answer.get_data(as_text=True)
        answer = client.post(url, data={"url": "ftp://example.com/", "events": ["comment.approved"]})
        assert "use an http:// or https:// address" in answer.get_data(as_text=True)
        assert db.session.scalars(select(Webhook)).all() == []
        # A hook stored while allowed, then used after the setting is withdrawn, is not called.
        db.session.add(Webhook(site_id=world.site_a.id, url=receiver.url, events=["comment.scored"]))
        db.session.commit()
        arrive(world.thread_a)
        (delivery,) = deliveries()
        with pytest.raises(Retry):
            deliver_webhook(delivery.id)
        assert "refused target" in deliveries()[0].last_error
        assert receiver.requests == []
