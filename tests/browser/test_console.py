"""The moderator console in headless Chromium: sign in, keyboard decisions, bulk spam, undo.

The public thread API is read over HTTP from the same live server after each
step, so the test sees what a reader of the blog would see.
"""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlencode

import pytest

from models import Comment, CommentStatus, db
from tests.console_world import PASSWORD, build_world, comment

# The console's pages and keys are the subject; the unit tests cover its queries on both databases.
pytestmark = [pytest.mark.browser, pytest.mark.database("sqlite")]


def _public_thread(base: str, world) -> tuple[list[tuple[int, str, int]], str]:
    query = urlencode({"site": world.site_a.key, "uri": world.thread_a.uri})
    with urllib.request.urlopen(f"{base}/api/v1/threads?{query}", timeout=10) as answer:  # noqa: S310 - http only
        body = json.load(answer)
        etag = answer.headers["ETag"]
    return [(c["number"], c["author"], c["posts"]) for c in body["comments"]], etag


def _said(page) -> str:
    """What the page announced, without the invisible marks that isolate names (U+2068, U+2069)."""
    return page.locator("[data-live]").inner_text().replace("\u2068", "").replace("\u2069", "")


def _press_and_wait_gone(page, key: str, comment_id: int) -> None:
    page.keyboard.press(key)
    page.wait_for_selector(f"#comment-{comment_id}", state="detached")


def test_moderator_approves_with_keys_bulk_spams_and_undoes_what_readers_see(
        app, app_context, live_server, page):
    world = build_world(pending_a=5, pending_b=0)
    by_author = {c.author: c.id for c in world.comments_a}
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(f"{live_server}/moderate/")
    page.fill("#email", world.admin.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server}/moderate/?site={world.site_a.id}")
    # Highest score first; the first row starts highlighted.
    assert page.locator("[data-queue] > li").first.get_attribute("data-id") == str(by_author["Author 4"])
    assert page.locator("li.current").get_attribute("data-id") == str(by_author["Author 4"])
    assert _public_thread(live_server, world)[0] == []

    page.keyboard.press("j")
    page.keyboard.press("k")
    _press_and_wait_gone(page, "a", by_author["Author 4"])
    _press_and_wait_gone(page, "a", by_author["Author 3"])
    _press_and_wait_gone(page, "a", by_author["Author 2"])
    approved, etag_three = _public_thread(live_server, world)
    assert approved == [(1, "Author 4", 1), (2, "Author 3", 1), (3, "Author 2", 1)]

    # u takes back the last approval in place (no reload): the reply disappears for readers.
    page.evaluate("window.stillTheSamePage = true")
    page.keyboard.press("u")
    page.wait_for_selector(f"#comment-{by_author['Author 2']}")
    assert page.evaluate("window.stillTheSamePage") is True
    assert _said(page) == "Undone: Author 2's comment on Alpha post is pending again."
    assert _public_thread(live_server, world)[0] == [(1, "Author 4", 1), (2, "Author 3", 1)]
    # j moves down to Author 1, k back up to Author 2, a approves it again: it gets #3 back.
    assert page.locator("li.current").get_attribute("data-id") == str(by_author["Author 2"])
    page.keyboard.press("j")
    assert page.locator("li.current").get_attribute("data-id") == str(by_author["Author 1"])
    page.keyboard.press("k")
    _press_and_wait_gone(page, "a", by_author["Author 2"])
    assert _public_thread(live_server, world)[0] == approved

    # Bulk: tick the three approved comments and press "Spam".
    page.goto(f"{live_server}/moderate/?site={world.site_a.id}&status=approved")
    for author in ("Author 4", "Author 3", "Author 2"):
        page.check(f"#comment-{by_author[author]} input[type=checkbox]")
    assert page.locator("[data-selected-count]").inner_text() == "With the 3 selected:"
    page.click("#bulk button[value=spam]")
    page.wait_for_selector("text=3 comments marked as spam.")
    public, etag_empty = _public_thread(live_server, world)
    assert public == [] and etag_empty != etag_three
    db.session.expire_all()
    assert {db.session.get(Comment, by_author[a]).status for a in ("Author 4", "Author 3", "Author 2")} == {
        CommentStatus.SPAM}

    # One u brings all three back, each with its old number, and back onto this page.
    page.keyboard.press("u")
    page.wait_for_selector("text=Undone: 3 decisions")
    assert page.locator("[data-queue] > li").count() == 3
    assert _public_thread(live_server, world)[0] == approved
    assert errors == []  # no CSP violation or script error on the way


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/moderate/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")


@pytest.mark.parametrize("width", [360, 1280])
def test_the_queue_fits_the_screen_and_works_by_keyboard_and_touch(app, app_context, live_server, page,
                                                                   width):
    world = build_world(pending_a=3, pending_b=0)
    by_author = {c.author: c.id for c in world.comments_a}
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.set_viewport_size({"width": width, "height": 800})
    _sign_in(page, live_server, world.admin.email)
    page.goto(f"{live_server}/moderate/?site={world.site_a.id}")

    # Nothing is wider than the screen, and every row's buttons are on it.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for button in page.locator("[data-queue] .actions button").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    if width < 700:  # cards stack: the buttons sit under the text, not beside it
        text = page.locator(f"#comment-{by_author['Author 2']} .text").bounding_box()
        approve = page.locator(f"#comment-{by_author['Author 2']} button.approve").bounding_box()
        assert approve["y"] > text["y"] + text["height"] - 1
    assert page.locator('[data-count="pending"]').inner_text() == "3"

    # Keyboard as before; the message names the author, the counts follow.
    page.keyboard.press("a")
    page.wait_for_selector(f"#comment-{by_author['Author 2']}", state="detached")
    assert _said(page) == "Approved as reply #1: Author 2's comment on Alpha post."
    assert page.locator('[data-count="pending"]').inner_text() == "2"
    assert page.locator('[data-count="approved"]').inner_text() == "1"

    # A tap on a row's own button works the same way on a phone.
    page.locator(f"#comment-{by_author['Author 1']} button.reject").click()
    page.wait_for_url("**/moderate/**")
    page.wait_for_selector(f"#comment-{by_author['Author 1']}", state="detached")
    page.keyboard.press("s")
    page.wait_for_selector(f"#comment-{by_author['Author 0']}", state="detached")
    # The last one gone: all caught up, without a reload and without stale messages.
    assert page.locator("text=All caught up.").is_visible()
    assert page.locator(".flash").count() <= 1
    page.keyboard.press("u")
    page.wait_for_selector(f"#comment-{by_author['Author 0']}")
    assert not page.locator("text=All caught up.").is_visible()
    assert page.locator('[data-count="spam"]').inner_text() == "0"
    assert errors == []


def test_confirming_the_policys_spam_with_s_is_a_decision(app, app_context, live_server, page):
    world = build_world(pending_a=0, pending_b=0)
    filed = comment(world.thread_a, score=0.997, author="Prize Bot", body="WIN NOW!!!",
                    status=CommentStatus.SPAM)
    db.session.commit()
    _sign_in(page, live_server, world.admin.email)
    page.goto(f"{live_server}/moderate/?site={world.site_a.id}&status=spam")
    assert "Filed as spam by the site's policy at 0.99" in page.locator(f"#comment-{filed.id}").inner_text()
    page.keyboard.press("s")
    page.wait_for_selector("text=Confirmed as spam")
    assert _said(page) == "Confirmed as spam: Prize Bot's comment on Alpha post. The filter learns from it."
    assert page.locator(f"#comment-{filed.id}").is_visible()  # still spam, so still in this list
    db.session.expire_all()
    assert db.session.get(Comment, filed.id).decided_by_id == world.admin.id


def test_search_from_the_keyboard_finds_a_comment_by_its_author(app, app_context, live_server, page):
    world = build_world(pending_a=4, pending_b=0)
    _sign_in(page, live_server, world.admin.email)
    page.goto(f"{live_server}/moderate/?site={world.site_a.id}")
    page.keyboard.press("/")
    page.keyboard.type("author 1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert [li.get_attribute("data-id") for li in page.locator("[data-queue] > li").all()] == [
        str(world.comments_a[1].id)]
    assert page.locator("h1").inner_text() == "Pending comments matching “author 1”"
