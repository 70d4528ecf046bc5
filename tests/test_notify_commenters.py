"""Commenters' mail: the widget's two boxes, double opt-in, both unsubscribe paths, limits, no mail for spam.

Comments come through the public API as the widget sends them; the worker's steps (scoring, sending)
run here in the test process; a real SMTP server (aiosmtpd) receives the mail.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import (
    Comment,
    CommentStatus,
    DecisionAction,
    MailKind,
    MailState,
    Notification,
    Site,
    db,
    decide,
    record_score,
)
from tests.api_helpers import Commenter
from tests.test_notify_mail import send_all, text_of

S = CommentStatus


@pytest.fixture
def blog(make_app, smtp_sink):
    app = make_app(SMTP_URL=smtp_sink.url, PUBLIC_URL="https://comments.example",
                   MAIL_CONFIRMATIONS_PER_DAY=2)
    with app.app_context():
        site = Site(name="Harbour blog", origins=["https://blog.example"])
        db.session.add(site)
        db.session.commit()
        yield app, Commenter(app, app.test_client(), site.key)


def post_and_score(commenter: Commenter, *, score: float = 0.1, to: S = S.PENDING, **fields) -> int:
    response = commenter.post(**fields)
    assert response.status_code == 202, response.json
    comment_id = response.json["id"]
    record_score(comment_id, score=score, reasons=[], model_version="test", to=to)
    db.session.commit()
    return comment_id


def approve(comment_id: int) -> None:
    decide(comment_id, DecisionAction.APPROVE, None)
    db.session.commit()


def link(message, kind: str) -> str:
    return re.search(rf"https://comments\.example(/mail/{kind}/\S+)", text_of(message)).group(1)


def kinds() -> list[str]:
    return [n.kind.value for n in db.session.scalars(select(Notification).order_by(Notification.id))]


def test_a_box_ticked_without_an_email_is_a_field_error(blog):
    _, commenter = blog
    response = commenter.post(email="", notify_published=True)
    assert response.status_code == 400
    assert response.json["fields"] == {"notify_published": "needs an email address to write to"}
    assert commenter.post(notify_page="yes").json["fields"]["notify_page"] == "must be true or false"


def test_double_opt_in_then_published_and_page_mails(blog, smtp_sink):
    app, commenter = blog
    first = post_and_score(commenter, email="Ada@Example.com", notify_published=True, notify_page=True)
    assert kinds() == ["confirm"]  # the only mail an unconfirmed address can get
    assert send_all() == ["sent"]
    (confirm,) = smtp_sink.to("ada@example.com")
    assert confirm["Subject"] == "Please confirm your address for comments on Harbour blog"
    assert confirm["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Approved before the address is confirmed: nothing is sent yet.
    approve(first)
    assert kinds() == ["confirm"]

    client = app.test_client()
    confirm_path = link(confirm, "confirm")
    page = client.get(confirm_path).get_data(as_text=True)
    assert "Confirm my address" in page and "ada@example.com" in page
    assert kinds() == ["confirm"]  # opening the link confirmed nothing
    assert "Address confirmed" in client.post(confirm_path).get_data(as_text=True)
    # Its comment was approved meanwhile: that mail is owed now.
    assert kinds() == ["confirm", "published"]
    assert send_all() == ["sent"]
    published = smtp_sink.to("ada@example.com")[-1]
    assert published["Subject"] == "Your comment on On moderation is published"
    assert "is published as reply #1" in text_of(published)
    assert published["List-Unsubscribe"].startswith("<https://comments.example/mail/unsubscribe/")

    # Someone else comments on the page: Ada hears of it once it is approved, not before.
    other = post_and_score(commenter, author="Brendan", email="", body="The tide tables are wrong.")
    assert kinds() == ["confirm", "published"]
    approve(other)
    assert kinds()[-1] == "page_comment"
    assert send_all() == ["sent"]
    news = smtp_sink.to("ada@example.com")[-1]
    assert news["Subject"] == "New comment by Brendan on On moderation"
    assert "The tide tables are wrong." in text_of(news)


def confirmed_follower(app, commenter, smtp_sink) -> None:
    post_and_score(commenter, email="ada@example.com", notify_page=True)
    send_all()
    app.test_client().post(link(smtp_sink.to("ada@example.com")[-1], "confirm"))


def test_one_click_unsubscribe_stops_the_page(blog, smtp_sink):
    app, commenter = blog
    confirmed_follower(app, commenter, smtp_sink)
    approve(post_and_score(commenter, author="Brendan", email=""))
    send_all()
    news = smtp_sink.to("ada@example.com")[-1]
    target = news["List-Unsubscribe"].strip("<>").removeprefix("https://comments.example")
    # What a mail client sends for RFC 8058's one-click unsubscribe: no cookie, no CSRF token.
    answer = app.test_client().post(target, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    approve(post_and_score(commenter, author="Carol", email=""))
    assert kinds().count("page_comment") == 1


def test_unsubscribe_from_the_whole_site_refuses_even_confirmation_requests(blog, smtp_sink):
    app, commenter = blog
    post_and_score(commenter, email="victim@example.com", notify_page=True)
    send_all()
    confirm = smtp_sink.to("victim@example.com")[-1]
    client = app.test_client()
    path = link(confirm, "unsubscribe")
    page = client.get(path).get_data(as_text=True)
    assert "All mail from Harbour blog" in page
    done = client.post(path, data={"scope": "site"}).get_data(as_text=True)
    assert "will send no more mail to victim@example.com" in done
    before = len(smtp_sink.messages)
    post_and_score(commenter, email="victim@example.com", notify_published=True)
    assert send_all() == []
    assert len(smtp_sink.messages) == before


def test_confirmation_requests_are_limited_per_address(blog, smtp_sink):
    _, commenter = blog
    for _ in range(4):  # someone types a stranger's address again and again
        post_and_score(commenter, email="stranger@example.com", notify_published=True)
    send_all()
    assert len(smtp_sink.to("stranger@example.com")) == 2  # MAIL_CONFIRMATIONS_PER_DAY


def test_a_comment_held_as_spam_never_causes_a_mail(blog, smtp_sink):
    app, commenter = blog
    confirmed_follower(app, commenter, smtp_sink)
    sent = len(smtp_sink.messages)
    spam_id = post_and_score(commenter, author="Pills", email="pills@spam.example", body="cheap pills",
                             score=0.999, to=S.SPAM, notify_published=True, notify_page=True)
    # Filed away by the policy: no confirmation for its address, nothing to the page's followers.
    assert db.session.get(Comment, spam_id).status == S.SPAM
    assert db.session.scalars(
        select(Notification).where(Notification.recipient == "pills@spam.example")).all() == []
    # A moderator's spam decision on a waiting comment ends its subscriptions and drops its mail.
    later = post_and_score(commenter, author="Later", email="later@spam.example", notify_published=True)
    decide(later, DecisionAction.SPAM, None)
    db.session.commit()
    assert send_all() == []
    assert len(smtp_sink.messages) == sent
    states = {n.state for n in db.session.scalars(
        select(Notification).where(Notification.recipient == "later@spam.example"))}
    assert states == {MailState.DROPPED}
    assert MailKind.PAGE_COMMENT.value not in kinds()


def test_export_shows_and_erasure_forgets_a_commenter_s_address_and_its_mail(blog, smtp_sink):
    from models import MailAddress, Subscription
    from models.privacy import erase_commenter

    app, commenter = blog
    confirmed_follower(app, commenter, smtp_sink)
    assert db.session.scalars(select(MailAddress)).all()
    from models.privacy import export_commenter

    (record,) = export_commenter("ada@example.com")["mail"]
    assert record["confirmed_at"] and record["unsubscribed_at"] is None
    assert [(s["kind"], s["page"]) for s in record["subscriptions"]] == [("page", "/2008/07/on-moderation")]
    assert [(m["kind"], m["state"]) for m in record["mails"]] == [("confirm", "sent")]
    erase_commenter("Ada@example.com")
    db.session.commit()
    assert db.session.scalars(select(MailAddress)).all() == []
    assert db.session.scalars(select(Subscription)).all() == []
    assert db.session.scalars(
        select(Notification).where(Notification.recipient == "ada@example.com")).all() == []
