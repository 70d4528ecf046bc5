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
from tests.console_world import PASSWORD, build_world

pytestmark = pytest.mark.browser


def _public_thread(base: str, world) -> tuple[list[tuple[int, str, int]], str]:
    query = urlencode({"site": world.site_a.key, "uri": world.thread_a.uri})
    with urllib.request.urlopen(f"{base}/api/v1/threads?{query}", timeout=10) as answer:  # noqa: S310 - http only
        body = json.load(answer)
        etag = answer.headers["ETag"]
    return [(c["number"], c["author"], c["posts"]) for c in body["comments"]], etag


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

    # u takes back the last approval: the reply disappears for readers.
    with page.expect_navigation():
        page.keyboard.press("u")
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

    # One u brings all three back, each with its old number.
    with page.expect_navigation():
        page.keyboard.press("u")
    assert _public_thread(live_server, world)[0] == approved
    page.wait_for_selector("text=Undone: 3 decisions.")
    assert errors == []  # no CSP violation or script error on the way
