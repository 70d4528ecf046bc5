"""The widget as readers and site owners meet it, in headless Chromium on another origin.

Set-up mistakes said in words, replies and permalinks, a commenter's own
comment, dark mode, languages and long threads. The host pages are real
servers on their own origins (tests/browser/conftest.py); the API is the
test's own app, so answers are read through the store and comments approved
through the models.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from models import Comment, DecisionAction, db, decide
from tests.widget_helpers import (
    approved_comment,
    axe_violations,
    box,
    fill_form,
    long_thread,
    open_page,
    solve,
)

pytestmark = pytest.mark.browser

STRICT = "default-src 'none'; script-src {api}; style-src {api}; img-src {api}; media-src {api}; " \
         "connect-src {api}; worker-src blob:"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    # What a reader sees does not depend on the database; the API tests cover both.
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


def snippet_page(api: str, key: str, extra: str = "", html_attrs: str = 'lang="en"') -> str:
    return (f'<!doctype html><html {html_attrs}><head><meta charset="utf-8"><title>A post</title></head>'
            f'<body><main><h1>A post</h1><p>Some words.</p><div id="comments"></div>'
            f'<script src="{api}/embed.js" data-site="{key}" {extra} async></script></main></body></html>')


# --- set-up mistakes --------------------------------------------------------

def test_an_unlisted_origin_replaces_the_form_with_what_the_owner_must_add(page, host_page, custom_host):
    api = host_page.api
    url = custom_host(snippet_page(api, host_page.site_key), STRICT.format(api=api), register=False)
    origin = url.rstrip("/")
    page.goto(url)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Comments are unavailable here")
    expect(alert).to_contain_text(f"does not accept {origin}")
    expect(alert).to_contain_text("add it to the site's origins in the moderation console")
    # Nothing to type into that could never be sent, no broken image, no network-failure story.
    expect(page.get_by_role("textbox")).to_have_count(0)
    expect(page.locator("img")).to_have_count(0)
    expect(page.locator("#comments")).not_to_contain_text("could not be reached")


def test_a_mistyped_site_key_says_to_copy_the_snippet_again(page, host_page, custom_host):
    api = host_page.api
    url = custom_host(snippet_page(api, "no-such-key"), STRICT.format(api=api))
    page.goto(url)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("no site “no-such-key”")
    expect(alert).to_contain_text("copy the snippet again")
    expect(page.get_by_role("textbox")).to_have_count(0)


def test_the_registered_origin_still_gets_the_form(page, host_page):
    open_page(page, host_page)
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("textbox", name="Name", exact=True)).to_be_visible()


# --- replies, permalinks, identity -------------------------------------------

def test_reply_names_the_comment_answered_with_a_link_and_numbering_stays_flat(app, page, host_page):
    approved_comment(app, host_page, author="Ann", title="", body="The tide came in early.")
    approved_comment(app, host_page, author="Ann", title="", body="A second Ann, another person.",
                     email="other-ann@example.org")
    open_page(page, host_page)
    first = page.locator("article#comment-1")
    first.get_by_role("button", name="Reply").click()
    expect(box(page, "Comment")).to_be_focused()
    banner = page.locator(".cm-replying")
    expect(banner.get_by_role("link", name="in reply to #1 (Ann)")).to_have_attribute(
        "href", f"{host_page.url}#comment-1")
    fill_form(page, body="It did, by an hour.")
    box(page, "Type the characters in the image").fill(solve(app, page))
    with page.expect_request("**/api/v1/comments") as sent:
        page.get_by_role("button", name="Post comment").click()
    assert sent.value.post_data_json["reply_to"] == 1
    expect(page.get_by_role("status")).to_contain_text("awaits moderation")
    expect(banner).to_be_hidden()

    with app.app_context():
        reply = db.session.query(Comment).filter_by(body="It did, by an hour.").one()
        assert decide(reply.id, DecisionAction.APPROVE, None)
        db.session.commit()
    page.reload()
    open_page(page, host_page)
    third = page.locator("article#comment-3")
    expect(third.locator(".cm-meta")).to_contain_text("Reply #3 on")
    expect(third.get_by_role("link", name="in reply to #1 (Ann)")).to_have_attribute(
        "href", f"{host_page.url}#comment-1")
    # Two people named Ann: their identicons differ, drawn here without any outside request.
    drawn = page.locator("svg.cm-avatar path").evaluate_all(
        "(paths) => paths.map(p => p.getAttribute('d') + ' ' + p.getAttribute('fill'))")
    assert len(drawn) == 3 and drawn[0] != drawn[1]


def test_reply_number_is_a_permalink_the_page_scrolls_to(app, page, host_page):
    for n in range(1, 13):
        approved_comment(app, host_page, author=f"Reader {n}", title="",
                         body="A long comment, to push the next one down.\n\n" * 4)
    page.set_viewport_size({"width": 800, "height": 600})
    # Opened at a permalink: the comment is scrolled into view and focused.
    page.goto(f"{host_page.url}#comment-9")
    target = page.locator("article#comment-9")
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport()
    expect(target).to_have_class(re.compile("cm-target"))
    # "Reply #N" is that link: following it puts #comment-N in the address and scrolls there.
    page.locator("article#comment-2 a.cm-num").click()
    expect(page).to_have_url(f"{host_page.url}#comment-2")
    expect(page.locator("article#comment-2")).to_be_in_viewport()
    expect(page.locator("article#comment-2")).to_be_focused()
    expect(page.locator("article#comment-9")).not_to_have_class(re.compile("cm-target"))


# --- the commenter's own comment ----------------------------------------------

def post_comment(app, page, body: str) -> None:
    fill_form(page, body=body)
    box(page, "Type the characters in the image").fill(solve(app, page))
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("awaits moderation")


def test_remember_me_keeps_name_and_email_only_when_ticked(app, page, host_page):
    open_page(page, host_page)
    remember = page.get_by_role("checkbox", name="Remember my name and email in this browser")
    expect(remember).not_to_be_checked()  # opt-in
    post_comment(app, page, "Not remembered.")
    page.reload()
    open_page(page, host_page)
    expect(box(page, "Name")).to_have_value("")
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('cm-me'))") == []

    remember.check()
    post_comment(app, page, "Remember me this time.")
    # Kept for the next comment on this page and after a reload; the comment box is emptied.
    expect(box(page, "Name")).to_have_value("Ada Lovelace")
    expect(box(page, "Comment")).to_have_value("")
    page.reload()
    open_page(page, host_page)
    expect(box(page, "Name")).to_have_value("Ada Lovelace")
    expect(box(page, "Email")).to_have_value("ada@example.org")
    expect(remember).to_be_checked()
    # Unticking forgets at once.
    remember.uncheck()
    page.reload()
    open_page(page, host_page)
    expect(box(page, "Name")).to_have_value("")
    expect(remember).not_to_be_checked()


def test_own_comment_shows_as_awaiting_only_in_its_browser_until_decided(app, browser, page, host_page):
    open_page(page, host_page)
    post_comment(app, page, "Waiting for a moderator.")
    own = page.locator("article.cm-own")
    expect(own).to_contain_text("Awaiting moderation; only you see it")
    expect(own.locator(".cm-body")).to_have_text("Waiting for a moderator.")
    post_comment(app, page, "A second one, to be refused.")
    expect(own).to_have_count(2)
    page.reload()
    open_page(page, host_page)
    expect(own).to_have_count(2)  # still waiting after a reload

    stranger = browser.new_context()
    try:
        other = stranger.new_page()
        open_page(other, host_page)
        expect(other.get_by_text("No comments yet")).to_be_visible()
        expect(other.locator("#comments")).not_to_contain_text("Waiting for a moderator")
    finally:
        stranger.close()

    with app.app_context():
        first = db.session.query(Comment).filter_by(body="Waiting for a moderator.").one()
        second = db.session.query(Comment).filter_by(body="A second one, to be refused.").one()
        assert decide(first.id, DecisionAction.APPROVE, None)
        assert decide(second.id, DecisionAction.SPAM, None)
        db.session.commit()
    page.reload()
    open_page(page, host_page)
    # Published: shown once, as reply #1, no longer as its own; refused: gone, and forgotten.
    expect(page.locator("article.cm-comment")).to_have_count(1)
    expect(page.locator("article#comment-1 .cm-body")).to_have_text("Waiting for a moderator.")
    expect(own).to_have_count(0)
    page.wait_for_function("() => JSON.parse(localStorage.getItem(Object.keys(localStorage)"
                           ".find(k => k.startsWith('cm-own')) || 'null') || []).length === 0")


# --- dark mode and theming ------------------------------------------------------

def colours(page) -> dict:
    return page.locator(".cm-root").evaluate("""(root) => ({
        theme: root.dataset.theme, root: getComputedStyle(root).backgroundColor,
        text: getComputedStyle(root).color,
        field: getComputedStyle(root.querySelector('#cm-author')).backgroundColor})""")


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_theme_follows_the_readers_system_and_passes_axe(app, browser, host_page, scheme):
    approved_comment(app, host_page, author="Grace", title="Tide clocks", body="It ran backwards.")
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    try:
        page = context.new_page()
        open_page(page, host_page)
        expect(page.locator("article.cm-comment")).to_have_count(1)
        seen = colours(page)
        assert seen["theme"] == scheme
        if scheme == "dark":
            assert seen["root"] == "rgb(22, 27, 34)" and seen["text"] == "rgb(230, 237, 243)"
            assert seen["field"] == "rgb(13, 17, 23)"  # no glaring white inputs
        else:
            assert seen["field"] == "rgb(255, 253, 248)"  # the demo page's own --cm-field-bg, for light only
        assert serious(axe_violations(page)) == []
        # With the errors on show too.
        page.get_by_role("button", name="Post comment").click()
        expect(page.locator("#cm-author-error")).not_to_be_empty()
        assert serious(axe_violations(page)) == []
    finally:
        context.close()


def test_data_theme_pins_the_palette_whatever_the_system(app, browser, host_page, custom_host):
    api = host_page.api
    url = custom_host(snippet_page(api, host_page.site_key, 'data-theme="dark"'), STRICT.format(api=api))
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.goto(url)
        expect(page.locator(".cm-root")).to_have_attribute("data-theme", "dark")
        expect(page.locator(".cm-root")).to_have_css("background-color", "rgb(22, 27, 34)")
    finally:
        context.close()


# --- languages ----------------------------------------------------------------

def test_arabic_reads_right_to_left_with_the_layout_mirrored(app, page, host_page, custom_host):
    approved_comment(app, host_page, author="Layla", title="", body="مرحبا", uri="/ar/post")
    api = host_page.api
    url = custom_host(snippet_page(api, host_page.site_key, 'data-lang="ar" data-uri="/ar/post"'),
                      STRICT.format(api=api))
    with page.expect_request(re.compile(r"/i18n/ar\.json\?v=")):
        page.goto(url)
    root = page.locator(".cm-root")
    expect(root).to_have_attribute("dir", "rtl")
    expect(root).to_have_attribute("lang", "ar")
    expect(page.get_by_role("button", name="انشر التعليق")).to_be_visible()
    expect(page.locator("#comment-1 .cm-meta")).to_contain_text("الرد رقم 1")
    # Mirrored: the identicon sits to the right of the comment, the labels start on the right.
    avatar = page.locator("#comment-1 svg.cm-avatar").bounding_box()
    text = page.locator("#comment-1 .cm-main").bounding_box()
    assert avatar["x"] > text["x"] + text["width"] - 1
    label = page.locator("label[for=cm-author]").bounding_box()
    field = page.locator("#cm-author").bounding_box()
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2


def test_the_readers_browser_language_is_used_when_the_page_does_not_say(app, browser, host_page):
    approved_comment(app, host_page, author="Ana", title="", body="Hola.")
    context = browser.new_context(locale="es-MX")
    try:
        page = context.new_page()
        open_page(page, host_page)
        expect(page.get_by_role("button", name="Publicar comentario")).to_be_visible()
        # Dates and numbers through Intl, in the same language.
        meta = page.locator("#comment-1 .cm-meta")
        expect(meta).to_contain_text(re.compile(r"Respuesta n\.º 1 el \d{1,2} de \w+"))
        expect(page.locator("[data-comment-count]")).to_have_text("1 comentario")
    finally:
        context.close()


def test_english_readers_fetch_no_language_file(page, host_page):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "/i18n/" in request.url else None)
    open_page(page, host_page)
    expect(page.get_by_role("button", name="Post comment")).to_be_visible()
    assert fetched == []


# --- long threads ---------------------------------------------------------------

def test_a_long_thread_shows_a_page_then_more_and_a_permalink_far_down_still_works(app, page, host_page):
    long_thread(app, host_page, 5000)
    open_page(page, host_page)
    comments = page.locator("article.cm-comment")
    expect(comments).to_have_count(100)
    expect(page.get_by_role("heading", name="Comments (5,000)")).to_be_visible()
    page.get_by_role("button", name="Show more comments").click()
    expect(comments).to_have_count(200)
    expect(page.locator("article#comment-101")).to_be_focused()

    # A permalink to comment 4,000 opens the page it is on, with "show earlier" above it.
    page.goto("about:blank")
    page.goto(f"{host_page.url}#comment-4000")
    target = page.locator("article#comment-4000")
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport()
    expect(target.locator(".cm-body")).to_have_text("Comment number 4000.")
    expect(page.locator("article#comment-1")).to_have_count(0)
    page.get_by_role("button", name="Show earlier comments").click()
    expect(page.locator("article#comment-3900")).to_have_count(1)
    page.get_by_role("button", name="Show more comments").click()
    expect(page.locator("article#comment-4089")).to_have_count(1)
    # The last page ends the thread: no more "show more".
    page.evaluate("location.hash = '#comment-4990'")
    expect(page.locator("article#comment-4990")).to_be_focused()
    expect(page.locator("article#comment-5000")).to_have_count(1)
    expect(page.get_by_role("button", name="Show more comments")).to_be_hidden()


# --- how it looks -----------------------------------------------------------------

SHOTS = Path(__file__).resolve().parent.parent.parent / "test-results"


@pytest.mark.parametrize("name, scheme, lang, width", [
    ("light", "light", "en", 1000), ("dark", "dark", "en", 1000), ("rtl", "light", "ar", 1000),
    ("phone", "light", "en", 390)])
def test_screenshots_fit_the_width_in_light_dark_rtl_and_on_a_phone(app, browser, host_page, custom_host,
                                                                     name, scheme, lang, width):
    approved_comment(app, host_page, author="Ann", title="Low tide", uri="/shots",
                     body="The tide came in an hour early.\n\nWe moved the towels twice.")
    approved_comment(app, host_page, author="Ann", title="", uri="/shots", email="ann@two.example",
                     body="A different Ann: same name, another identicon.")
    with app.app_context():
        first = db.session.query(Comment).filter_by(author="Ann").order_by(Comment.id).first()
        reply = Comment(site_id=host_page.site_id, thread_id=first.thread_id, author="Bob", title="",
                        body="It did, by an hour.", parent_id=first.id,
                        author_key="bob")
        db.session.add(reply)
        db.session.commit()
        assert decide(reply.id, DecisionAction.APPROVE, None)
        db.session.commit()
    api = host_page.api
    url = custom_host(snippet_page(api, host_page.site_key, f'data-lang="{lang}" data-uri="/shots"'),
                      STRICT.format(api=api))
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{url}#comment-1")
        expect(page.locator("article#comment-3")).to_be_visible()
        page.locator("article#comment-1 .cm-reply").click()
        page.wait_for_function("() => document.fonts.ready.then(() => true)")
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"widget-{name}.png"), full_page=True)
    finally:
        context.close()
