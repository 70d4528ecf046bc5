"""The notification parts people click: the widget's two mail boxes, a moderator's mail setting,
the confirmation page a mail's link opens, and the development outbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from models import Comment, Moderator, db
from moderation.mail_links import decision_url
from tests.console_world import PASSWORD, build_world
from tests.test_notify_mail import arrive, send_all
from tests.widget_helpers import box, fill_form, open_page, solve

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent.parent.parent / "test-results"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


def test_mail_boxes_show_with_an_email_and_are_sent_with_the_comment(app, page, host_page):
    open_page(page, host_page)
    published = page.get_by_role("checkbox", name="Email me when my comment is published")
    following = page.get_by_role("checkbox", name="Email me about new comments on this page")
    expect(published).to_be_hidden()
    expect(following).to_be_hidden()
    fill_form(page)  # types an email
    expect(published).to_be_visible()
    expect(following).to_be_visible()
    published.check()
    box(page, "Type the characters in the image").fill(solve(app, page))
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("awaits moderation")
    # The form is reset: the boxes go with the email.
    expect(published).to_be_hidden()
    with app.app_context():
        stored = db.session.query(Comment).one()
        assert stored.signals["notify"] == ["published"]

    # Ticked, then the email erased: the boxes hide and nothing is asked for.
    fill_form(page)
    following.check()
    box(page, "Email").fill("")
    expect(following).to_be_hidden()
    box(page, "Type the characters in the image").fill(solve(app, page))
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("awaits moderation")
    with app.app_context():
        second = db.session.query(Comment).order_by(Comment.id.desc()).first()
        assert second.email is None and "notify" not in second.signals


def sign_in(page, live_server: str, email: str) -> None:
    page.goto(f"{live_server}/moderate/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")


def test_a_moderator_chooses_a_digest_and_decides_from_a_mail_link(app, app_context, live_server, page):
    app.config["PUBLIC_URL"] = live_server
    world = build_world(pending_a=0, pending_b=0)
    sign_in(page, live_server, world.mod_a.email)
    page.get_by_role("link", name="Mail").click()
    each = page.get_by_role("radio", name="Each comment as it arrives")
    expect(each).to_be_checked()  # the default for a new moderator
    page.get_by_role("radio", name="A daily digest").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("a daily digest")
    db.session.expire_all()
    assert db.session.get(Moderator, world.mod_a.id).notify_mode == "daily"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "notify-settings.png"), full_page=True)

    # The admin still gets a mail per comment; its link opens a page with one button.
    comment_id = arrive(world.thread_a, author="Grace", body="The second fix worked for me.")
    send_all()
    page.context.clear_cookies()
    page.goto(decision_url(world.admin.id, comment_id, "approve"))
    expect(page.get_by_role("heading", name="Approve this comment?")).to_be_visible()
    page.screenshot(path=str(SHOTS / "notify-confirm.png"), full_page=True)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("heading", name="Comment approved")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(Comment, comment_id).status.value == "approved"
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("heading", name="Decision undone")).to_be_visible()

    # The outbox (no SMTP_URL here) shows the admin the mail as it would have been sent.
    sign_in(page, live_server, world.admin.email)
    page.get_by_role("link", name="Outbox").click()
    expect(page.locator("pre.mail")).to_contain_text("The second fix worked for me.")
    page.screenshot(path=str(SHOTS / "notify-outbox.png"), full_page=True)
