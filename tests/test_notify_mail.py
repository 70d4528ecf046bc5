"""Mail to moderators and commenters, received by a real SMTP server (aiosmtpd) in this process.

The worker's tasks run here in the test process (`send_mail(id)` runs the task's body), against
the test's database; tests/integration/test_notify_worker.py runs them in real worker processes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from models import (
    Comment,
    CommentStatus,
    DecisionAction,
    MailKind,
    MailState,
    Notification,
    db,
    decide,
    record_score,
)
from tests.console_world import build_world, comment
from tests.support import SmtpSink, free_port, self_signed_certificate
from workers.mailer import TemporaryFailure
from workers.notify import send_digests, send_mail, sweep_outbound

S = CommentStatus


def arrive(thread, *, body="I tried the second fix and it worked.", author="Grace", score=0.12,
           to=S.PENDING, email=None, notify=None) -> int:
    """A comment the worker has just scored: stored `received`, then moved by its policy."""
    made = comment(thread, score=None, author=author, body=body, status=S.RECEIVED, email=email)
    if notify:
        made.signals = {"notify": notify}
    db.session.commit()
    record_score(made.id, score=score, reasons=[{"feature": "w:fix", "text": "the word 'fix'",
                                                 "weight": -1.2}], model_version="test", to=to)
    db.session.commit()
    return made.id


def owed(kind: MailKind | None = None, state: MailState | None = None) -> list[Notification]:
    query = select(Notification).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == kind)
    if state:
        query = query.where(Notification.state == state)
    return list(db.session.scalars(query))


def send_all() -> list[str]:
    return [send_mail(n.id) for n in owed(state=MailState.PENDING)]


@pytest.fixture
def mail_app(make_app, smtp_sink: SmtpSink):
    return make_app(SMTP_URL=smtp_sink.url, MAIL_FROM="Blog comments <noreply@blog.example>",
                    PUBLIC_URL="https://comments.example")


@pytest.fixture
def world(mail_app):
    with mail_app.app_context():
        yield build_world(pending_a=0, pending_b=0)


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def html_of(message) -> str:
    return message.get_body(("html",)).get_content().replace("\r\n", "\n")


def test_a_comment_entering_the_queue_mails_each_moderator_who_asked(world, smtp_sink):
    world.owner_a.notify_mode = "off"
    db.session.commit()
    comment_id = arrive(world.thread_a, author="Grace <b>", body="Thanks!\n<script>alert(1)</script> & more")
    assert send_all() == ["sent", "sent"]
    assert sorted(to for _, (to,) in smtp_sink.envelopes) == ["admin@example.com", "mod-a@example.com"]
    message = smtp_sink.to("mod-a@example.com")[0]
    assert message["Subject"] == "[Alpha blog] Grace <b> on Alpha post"
    assert message["From"] == "Blog comments <noreply@blog.example>"
    assert message.is_multipart() and message.get_content_type() == "multipart/alternative"
    text, html = text_of(message), html_of(message)
    assert "Thanks!\n<script>alert(1)</script> & more" in text
    assert "Score:    0.12" in text and "Towards fine: the word 'fix'" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html and "<script>" not in html
    assert "Grace &lt;b&gt;" in html
    for action in ("Approve:", "Reject:", "Mark as spam:"):
        assert re.search(rf"{action}\s+https://comments\.example/moderate/mail/\S+", text)
    # The mail belongs to its row: a second delivery of the task finds it sent and sends nothing.
    first = owed(MailKind.MODERATOR_COMMENT)[0]
    assert send_mail(first.id) == "not pending"
    assert len(smtp_sink.messages) == 2
    assert db.session.get(Comment, comment_id).status == S.PENDING


def test_the_policy_s_spam_mails_nobody(world, smtp_sink):
    arrive(world.thread_a, body="cheap pills bit.ly/x", score=0.999, to=S.SPAM, email="spammer@example.org",
           notify=["published", "page"])
    assert owed() == []
    assert send_digests() == 0  # no digest reader yet
    world.mod_a.notify_mode = "hourly"
    db.session.commit()
    assert send_digests() == 1  # counted in the digest instead
    assert send_all() == ["sent"]
    (digest,) = smtp_sink.messages
    assert "Alpha blog: 0 new comments waiting, 1 filed as spam; 0 waiting in all." in text_of(digest)
    assert "cheap pills" not in text_of(digest)


def test_a_moderator_who_chose_nothing_or_another_site_gets_nothing(world, smtp_sink):
    world.mod_a.notify_mode = "off"
    world.owner_a.notify_mode = "daily"
    world.admin.notify_mode = "off"
    db.session.commit()
    arrive(world.thread_a)
    arrive(world.thread_b)
    assert owed() == []


def test_a_comment_decided_before_its_mail_went_out_is_not_mailed(world, smtp_sink):
    comment_id = arrive(world.thread_a)
    decide(comment_id, DecisionAction.APPROVE, world.admin.id)
    db.session.commit()
    assert send_all() == []
    assert {n.state for n in owed()} == {MailState.DROPPED}
    assert smtp_sink.messages == []


def test_smtp_down_then_back_sends_every_mail_once(make_app, tmp_path: Path):
    port = free_port()
    app = make_app(SMTP_URL=f"smtp://127.0.0.1:{port}?timeout=2", MAIL_RETRY_SECONDS=0.0,
                   SWEEP_AFTER_SECONDS=0)
    with app.app_context():
        world = build_world(pending_a=0, pending_b=0)
        for i in range(3):
            arrive(world.thread_a, body=f"Comment {i} about the harbour photo")
        rows = owed(state=MailState.PENDING)
        assert len(rows) == 9  # three comments, three moderators of site A each
        for row in rows:
            with pytest.raises(TemporaryFailure):
                send_mail(row.id)
        db.session.expire_all()
        assert {(n.state, n.attempts) for n in owed()} == {(MailState.PENDING, 1)}
        assert all("ConnectionRefusedError" in n.last_error for n in owed())

        sink = SmtpSink(port).start()
        try:
            assert sweep_outbound()["resent"] == 9  # due again (no grace left with SWEEP_AFTER 0)
            for row in owed():
                send_mail(row.id)
                send_mail(row.id)  # a duplicate of the task: nothing more
            db.session.expire_all()
            assert {(n.state, n.attempts) for n in owed()} == {(MailState.SENT, 2)}
            assert len(sink.messages) == 9
            assert len({m["Message-ID"] for m in sink.messages}) == 9
        finally:
            sink.stop()


@pytest.mark.parametrize("mode", ["starttls", "smtps"])
def test_tls_and_login(make_app, tmp_path: Path, monkeypatch, mode):
    cert, key = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts our test certificate, nothing else
    sink = SmtpSink(tls=(cert, key), starttls=mode == "starttls", implicit=mode == "smtps",
                    login=("mailer", "p@ss word")).start()
    try:
        url = sink.url.replace("mailer:p@ss word@", "mailer:p%40ss%20word@")
        app = make_app(SMTP_URL=url)
        with app.app_context():
            world = build_world(pending_a=0, pending_b=0)
            world.admin.notify_mode = world.owner_a.notify_mode = "off"
            db.session.commit()
            arrive(world.thread_a)
            assert send_all() == ["sent"]
        assert len(sink.messages) == 1
    finally:
        sink.stop()


def test_without_smtp_the_outbox_keeps_the_mail_and_the_console_shows_it(make_app, caplog):
    from tests.console_world import log_in

    app = make_app()
    with app.app_context():
        world = build_world(pending_a=0, pending_b=0)
        arrive(world.thread_a, author="Outbox reader", body="Where do these mails go?")
        with caplog.at_level("INFO", logger="workers.notify"):
            assert set(send_all()) == {"outbox"}
        assert "Where do these mails go?" in caplog.text
        row = owed(MailKind.MODERATOR_COMMENT)[0]
        assert row.state == MailState.SENT and row.outbox_message
    client = app.test_client()
    log_in(client, "admin@example.com")
    page = client.get("/moderate/outbox").get_data(as_text=True)
    assert "[Alpha blog] Outbox reader on Alpha post" in page
    assert "Where do these mails go?" in page


def test_digest_counts_waiting_and_policy_spam(world, smtp_sink):
    from datetime import timedelta

    from models import utcnow

    world.mod_a.notify_mode = "hourly"
    world.admin.notify_mode = world.owner_a.notify_mode = "off"
    world.mod_a.digest_sent_at = utcnow() - timedelta(hours=1, minutes=1)
    db.session.commit()
    arrive(world.thread_a, author="Waiting one")
    arrive(world.thread_a, author="Waiting two")
    arrive(world.thread_a, author="Spammer", body="cheap pills", score=0.999, to=S.SPAM)
    assert owed() == []  # digest readers get no mail per comment
    assert send_digests() == 1
    assert send_digests() == 0  # not again within the hour
    assert send_all() == ["sent"]
    text = text_of(smtp_sink.messages[0])
    assert "Alpha blog: 2 new comments waiting, 1 filed as spam; 2 waiting in all." in text
    assert "Waiting one" in text and "Spammer" not in text

