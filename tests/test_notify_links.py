"""Deciding from a moderator's mail: the link's GET decides nothing, its page's POST does, once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Comment, CommentStatus, Decision, DecisionAction, db, decide
from moderation.mail_links import decision_url
from tests.console_world import build_world
from tests.test_notify_mail import arrive, send_all, text_of

S = CommentStatus
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


@pytest.fixture
def link_app(make_app, smtp_sink):
    # CSRF on, as in production: the page's button must carry its token.
    return make_app(SMTP_URL=smtp_sink.url, WTF_CSRF_ENABLED=True, PUBLIC_URL="https://comments.example")


@pytest.fixture
def world(link_app):
    with link_app.app_context():
        yield build_world(pending_a=0, pending_b=0)


def path_of(url: str) -> str:
    return url.removeprefix("https://comments.example")


def token_from(page: str) -> str:
    match = CSRF.search(page)
    assert match, "the page has no CSRF token"
    return match.group(1)


def status_of(comment_id: int) -> CommentStatus:
    return db.session.scalar(select(Comment.status).where(Comment.id == comment_id))


def test_the_mail_s_approve_link_asks_first_then_approves_as_that_moderator(world, link_app, smtp_sink):
    comment_id = arrive(world.thread_a, author="Linus", body="Patch attached, see line 12.")
    send_all()
    mail = smtp_sink.to("mod-a@example.com")[0]
    approve = re.search(r"Approve:\s+(\S+)", text_of(mail)).group(1)
    client = link_app.test_client()

    for _ in range(3):  # a mail scanner, a prefetcher and the person: GET changes nothing
        page = client.get(path_of(approve))
        assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Approve this comment?" in html and "Patch attached, see line 12." in html
    assert "mod-a@example.com" in html
    assert status_of(comment_id) == S.PENDING

    assert client.post(path_of(approve), data={}).status_code == 400  # no CSRF token: refused
    assert status_of(comment_id) == S.PENDING

    done = client.post(path_of(approve), data={"csrf_token": token_from(html)})
    assert done.status_code == 200
    assert "Comment approved" in done.get_data(as_text=True)
    assert status_of(comment_id) == S.APPROVED
    decision = db.session.scalar(select(Decision).where(Decision.comment_id == comment_id))
    assert (decision.action, decision.moderator_id) == (DecisionAction.APPROVE, world.mod_a.id)

    # Undo from the page that followed: the comment waits again, the reversal is logged as theirs.
    undone = client.post(path_of(approve) + "/undo",
                         data={"csrf_token": token_from(done.get_data(as_text=True)),
                               "decision": decision.id})
    assert "Decision undone" in undone.get_data(as_text=True)
    db.session.expire_all()
    assert status_of(comment_id) == S.PENDING
    assert db.session.get(Decision, decision.id).undone_by_id is not None


def test_a_link_for_a_decided_comment_says_so_and_offers_nothing(world, link_app):
    comment_id = arrive(world.thread_a)
    decide(comment_id, DecisionAction.REJECT, world.owner_a.id)
    db.session.commit()
    client = link_app.test_client()
    url = path_of(decision_url(world.mod_a.id, comment_id, "approve"))
    html = client.get(url).get_data(as_text=True)
    assert "Already decided" in html and "rejected" in html and "owner-a@example.com" in html
    assert 'type="submit" class="primary"' not in html
    client.post(url, data={"csrf_token": token_from(html)})
    assert status_of(comment_id) == S.REJECTED


def test_expired_altered_and_foreign_links_are_refused(world, link_app):
    comment_id = arrive(world.thread_a)
    client = link_app.test_client()
    url = path_of(decision_url(world.mod_a.id, comment_id, "spam"))
    link_app.config["MAIL_LINK_MAX_AGE_SECONDS"] = -1  # every link is past its age
    expired = client.get(url)
    assert expired.status_code == 410 and "expired" in expired.get_data(as_text=True)
    form = {"csrf_token": token_from(expired.get_data(as_text=True))}  # a valid form: only the link is wrong
    assert client.post(url, data=form).status_code == 410
    link_app.config["MAIL_LINK_MAX_AGE_SECONDS"] = 7 * 86400
    assert client.get(url).status_code == 200
    # One character changed: another comment or action cannot be forged.
    altered = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
    assert client.get(altered).status_code == 404
    assert client.post(altered, data=form).status_code == 404
    # A moderator of site A holds no key to site B's comments, even with a real signature.
    beta_id = arrive(world.thread_b)
    foreign = path_of(decision_url(world.mod_a.id, beta_id, "approve"))
    assert client.get(foreign).status_code == 403
    assert client.post(foreign, data=form).status_code == 403
    # Removed from the site: their links stop working.
    world.mod_a.sites = []
    db.session.commit()
    assert client.get(url).status_code == 403
    assert client.post(url, data=form).status_code == 403
    assert status_of(comment_id) == S.PENDING and status_of(beta_id) == S.PENDING
