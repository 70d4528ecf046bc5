"""The embedded widget in headless Chromium, on a host page served from another origin.

The API is the `live_server` (the test's own app, so the test reads CAPTCHA
answers through `ChallengeStore` and approves through the models); the host
page is the demo blog app (moderation/demo.py) on a second port, with its
strict Content-Security-Policy: scripts, styles, images, media and
connections from the service only (plus the page's own stylesheet).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import expect
from werkzeug.serving import make_server

from config import BASE_DIR
from models import (
    Comment,
    CommentStatus,
    Moderator,
    Role,
    Site,
    Thread,
    db,
    record_score,
)
from models.site import POW_MAX_NUMBER
from moderation.demo import create_demo_app
from tests.support import PASSWORD, PASSWORD_HASH
from tests.widget_helpers import (
    HostPage,
    approved_comment,
    axe_violations,
    box,
    challenge_id,
    fill_form,
    open_page,
    solve,
)

pytestmark = pytest.mark.browser

AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    # The browser tests check what a reader sees; both databases are covered by
    # the API and model tests, so one is enough here and keeps the suite quick.
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


def test_empty_thread_loads_and_a_comment_posts_after_the_captcha(app, page, host_page):
    open_page(page, host_page)
    expect(page.get_by_text("No comments yet")).to_be_visible()
    expect(page.get_by_text("Required fields are marked with *")).to_be_visible()
    fill_form(page)
    box(page, "Type the characters in the image").fill(solve(app, page).lower())
    page.get_by_role("button", name="Post comment").click()

    expect(page.get_by_role("status")).to_contain_text("awaits moderation")
    expect(box(page, "Name")).to_have_value("")
    expect(box(page, "Comment")).to_have_value("")
    with app.app_context():
        stored = db.session.query(Comment).one()
        assert (stored.author, stored.title) == ("Ada Lovelace", "Low tide at six")
        assert stored.email == "ada@example.org"
        assert stored.body == "The still mornings are the best ones here too."
        assert stored.honeypot is False
        assert stored.seconds_to_submit is not None and stored.seconds_to_submit >= 0
    assert host_page.csp_violations == []


def test_wrong_captcha_answer_keeps_everything_typed_and_shows_a_new_image(app, page, host_page):
    open_page(page, host_page)
    fill_form(page)
    first = challenge_id(page)
    right = solve(app, page)
    wrong = "".join("A" if c != "A" else "C" for c in right)
    box(page, "Type the characters in the image").fill(wrong)
    page.get_by_role("button", name="Post comment").click()

    expect(page.get_by_role("status")).to_contain_text("Everything else you typed is kept")
    expect(page.locator("img.cm-captcha-img")).not_to_have_attribute("data-challenge", first)
    expect(box(page, "Name")).to_have_value("Ada Lovelace")
    expect(box(page, "Email")).to_have_value("ada@example.org")
    expect(box(page, "Title")).to_have_value("Low tide at six")
    expect(box(page, "Comment")).to_have_value("The still mornings are the best ones here too.")
    expect(box(page, "Type the characters in the image")).to_be_focused()
    with app.app_context():
        assert db.session.query(Comment).count() == 0

    # The new image works: answering it posts the comment that was kept.
    box(page, "Type the characters in the image").fill(solve(app, page))
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("awaits moderation")


def test_captcha_image_changes_on_click_or_enter_and_its_audio_plays(app, page, host_page):
    open_page(page, host_page)
    image = page.locator("img.cm-captcha-img")
    first = challenge_id(page)
    first_src = image.get_attribute("src")
    image.click()
    expect(image).not_to_have_attribute("data-challenge", first)
    assert image.get_attribute("src") != first_src
    second = challenge_id(page)
    # The image loaded (a broken image has no natural width).
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())

    page.locator("button.cm-captcha-btn").focus()
    page.keyboard.press("Enter")
    expect(image).not_to_have_attribute("data-challenge", second)
    alt = image.get_attribute("alt")
    assert "CAPTCHA" in alt and "type" in alt
    answer = box(page, "Type the characters in the image")
    # The hint says what to type, and is read out with the box.
    expect(answer).to_have_accessible_description("5 letters or digits, not case-sensitive")
    # Drawn at the size it is shown, with twice that for high-density screens.
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    shown = image.evaluate("(i) => [i.clientWidth, i.clientHeight, i.naturalWidth, i.naturalHeight]")
    assert shown == [240, 110, 240, 110]
    assert image.get_attribute("srcset").endswith("?scale=2 2x")


def test_audio_captcha_plays_says_when_it_has_finished_and_plays_again(app, page, host_page):
    open_page(page, host_page)
    listen = page.get_by_role("button", name="Listen to the characters")
    with page.expect_response(re.compile(r"/api/v1/captcha/[0-9a-f]{32}\.wav$")) as sound:
        listen.click()
    assert sound.value.ok and sound.value.url.endswith(f"{challenge_id(page)}.wav")
    heard = page.locator(".cm-heard")
    expect(heard).to_have_text("Playing…")
    # The status ends with the sound (five voices and pauses: a few seconds).
    expect(heard).to_have_text("Done. Type what you heard, or play it again.", timeout=30_000)
    again = page.get_by_role("button", name="Play them again")
    again.click()
    expect(heard).to_have_text("Playing…")
    # A new image is a new challenge: its sound starts over from "Listen".
    page.locator("button.cm-captcha-btn").click()
    expect(page.get_by_role("button", name="Listen to the characters")).to_be_visible()
    expect(heard).to_have_text("")
    assert page.url == host_page.url


def test_missing_fields_are_named_beside_them_and_the_challenge_survives(app, page, host_page):
    open_page(page, host_page)
    box(page, "Title").fill("Only a title")
    first = challenge_id(page)
    box(page, "Type the characters in the image").fill(solve(app, page))
    page.get_by_role("button", name="Post comment").click()

    expect(page.locator("#cm-author-error")).not_to_be_empty()
    expect(page.locator("#cm-body-error")).not_to_be_empty()
    expect(box(page, "Name")).to_have_attribute("aria-invalid", "true")
    expect(box(page, "Name")).to_be_focused()
    expect(box(page, "Title")).to_have_value("Only a title")
    # Field errors come before the CAPTCHA check: the same challenge still stands.
    assert challenge_id(page) == first

    fill_form(page)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("awaits moderation")


def test_network_failure_and_rate_limit_lose_nothing_typed(app, page, host_page):
    open_page(page, host_page)
    fill_form(page)
    box(page, "Type the characters in the image").fill(solve(app, page))
    page.route("**/api/v1/comments", lambda route: route.abort("connectionrefused"))
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("could not be reached")
    expect(box(page, "Comment")).to_have_value("The still mornings are the best ones here too.")

    page.unroute("**/api/v1/comments")
    page.route("**/api/v1/comments", lambda route: route.fulfill(
        status=429, headers={"Retry-After": "30", "Access-Control-Allow-Origin": "*",
                 "Access-Control-Expose-Headers": "Retry-After"},
        content_type="application/json",
        body='{"error": "rate_limited", "message": "Too many requests; try again in a little while."}'))
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("wait 30 seconds")
    expect(box(page, "Name")).to_have_value("Ada Lovelace")
    expect(box(page, "Type the characters in the image")).not_to_have_value("")

    page.unroute("**/api/v1/comments")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("awaits moderation")


def test_approved_comment_shows_as_reply_1_with_its_post_count_after_reload(app, browser, page, host_page):
    open_page(page, host_page)
    fill_form(page)
    box(page, "Type the characters in the image").fill(solve(app, page))
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("awaits moderation")
    # The commenter sees it, marked as waiting; any other reader sees nothing yet.
    expect(page.locator("article.cm-own")).to_contain_text("Awaiting moderation")
    stranger = browser.new_context()
    try:
        other = stranger.new_page()
        open_page(other, host_page)
        expect(other.get_by_text("No comments yet")).to_be_visible()
        expect(other.locator("article.cm-comment")).to_have_count(0)
    finally:
        stranger.close()

    # The worker scores it into the queue; a moderator approves it in the console.
    with app.app_context():
        comment_id = db.session.query(Comment.id).scalar()
        assert record_score(comment_id, score=0.02, reasons=[], model_version="test")
        moderator = Moderator(email="mod@example.org", role=Role.ADMIN, password_hash=PASSWORD_HASH)
        db.session.add(moderator)
        db.session.commit()
    console = browser.new_context()
    try:
        moderator_page = console.new_page()
        moderator_page.goto(f"{host_page.api}/moderate/login")
        moderator_page.get_by_label("Email").fill("mod@example.org")
        moderator_page.get_by_label("Password").fill(PASSWORD)
        moderator_page.get_by_role("button", name="Sign in").click()
        row = moderator_page.locator(f"form[action$='/comments/{comment_id}/decide']")
        expect(row).to_be_visible()
        row.locator("button[value=approve]").click()
        moderator_page.wait_for_load_state()
    finally:
        console.close()
    with app.app_context():
        assert db.session.get(Comment, comment_id).status == CommentStatus.APPROVED

    page.reload()
    open_page(page, host_page)
    reply = page.locator("article.cm-comment")
    expect(reply).to_have_count(1)
    expect(reply.locator(".cm-meta")).to_have_text(
        re.compile(r"^Reply #1 on \d{1,2} \w+ \d{4} at \d{2}:\d{2}$"))
    expect(reply).to_contain_text("Ada Lovelace")
    expect(reply.locator(".cm-posts")).to_have_text("Posts: 1")
    expect(reply.locator(".cm-title")).to_have_text("Low tide at six")
    expect(reply.locator(".cm-body")).to_have_text("The still mornings are the best ones here too.")
    expect(reply).not_to_contain_text("ada@example.org")
    expect(page.get_by_role("heading", name="Comments (1)")).to_be_visible()
    # The count in the article's byline, from the one counts request.
    expect(page.locator("[data-comment-count]")).to_have_text("1 comment")
    assert host_page.csp_violations == []


class _Attacker(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        _Attacker.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def attacker() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Attacker)
    _Attacker.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def xss_payloads(attacker: str) -> list[str]:
    return [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">click me</a> and javascript:alert(1)',
        "<svg onload=alert(1)>",
        f"\"><svg/onload=fetch('http://{attacker}/svg')>",
        f"<img src=\"http://{attacker}/img\">",
        "<iframe src=javascript:alert(1)></iframe>",
        f"<style>@import 'http://{attacker}/css';</style>",
        "<body onload=alert(1)>",
        f"<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)> "
        f"<object data=http://{attacker}/obj></object>",
    ]


def test_script_handler_javascript_and_svg_payloads_render_as_inert_text(
        app, unguarded_page, host_page, attacker):
    page = unguarded_page
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    payloads = xss_payloads(attacker)
    for n, payload in enumerate(payloads):
        approved_comment(app, host_page, author=f"<b>Mallory {n}</b><img src=x onerror=alert(2)>",
                         title=f"<svg onload=alert({n})>", body=payload)

    open_page(page, host_page)
    replies = page.locator("article.cm-comment")
    expect(replies).to_have_count(len(payloads))
    for n, payload in enumerate(payloads):
        reply = replies.nth(n)
        expect(reply.locator(".cm-body")).to_have_text(payload)
        expect(reply.locator("strong")).to_have_text(f"<b>Mallory {n}</b><img src=x onerror=alert(2)>")
        expect(reply.locator(".cm-title")).to_have_text(f"<svg onload=alert({n})>")
    page.wait_for_timeout(500)  # time for any handler or fetch to fire
    live_markup = page.evaluate("""() => {
        const root = document.querySelector('#comments').shadowRoot;
        return {
            elements: [...root.querySelectorAll('.cm-list *')].map(e => e.tagName.toLowerCase()),
            handlers: [...root.querySelectorAll('.cm-list *')].flatMap(
                e => [...e.attributes].map(a => a.name).filter(n => n.startsWith('on'))),
            hrefs: [...root.querySelectorAll('.cm-list a')].map(a => a.getAttribute('href')),
        };
    }""")
    assert set(live_markup["elements"]) <= {"article", "p", "span", "time", "strong", "h4", "div", "br", "a",
                                            "svg", "path", "button"}
    assert live_markup["handlers"] == []
    assert all(href.startswith(("http://", "https://")) for href in live_markup["hrefs"])
    assert dialogs == []
    assert [url for url in requests if attacker in url] == []
    assert _Attacker.hits == []


def test_widget_rebuilds_html_itself_even_if_the_server_sent_markup(app, unguarded_page, host_page, attacker):
    # Defence in depth: should the server ever send unsafe HTML, the widget
    # keeps only p, br and http(s) links.
    page = unguarded_page
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    hostile = (f'<p>Hello <img src="http://{attacker}/img" onerror="alert(1)">'
               f'<a href="javascript:alert(1)">js</a>'
               f'<a href="https://example.org/ok" onclick="alert(1)">ok</a></p><script>alert(1)</script>'
               f'<svg><animate onbegin="alert(1)" attributeName="x"></animate></svg>')
    thread = ('{"uri": "/", "title": "t", "count": 1, '
              '"comments": [{"number": 1, "author": "Eve", "posts": 1, '
              '"title": "", "html": ' + _json(hostile) + ', "created_at": "2008-07-03T10:58:00Z"}]}')
    page.route("**/api/v1/threads?**", lambda route: route.fulfill(
        status=200, content_type="application/json", body=thread,
        headers={"Access-Control-Allow-Origin": "*"}))
    open_page(page, host_page)
    body = page.locator(".cm-body")
    expect(body).to_have_text("Hello jsok")
    page.wait_for_timeout(500)
    assert page.locator(".cm-body a").count() == 1
    assert page.locator(".cm-body a").get_attribute("href") == "https://example.org/ok"
    assert page.locator(".cm-body a").get_attribute("onclick") is None
    assert page.locator(".cm-body a").get_attribute("rel") == "nofollow ugc noopener"
    assert page.locator(".cm-body img, .cm-body svg, .cm-body script").count() == 0
    assert dialogs == []
    assert [url for url in requests if attacker in url] == []


def _json(text: str) -> str:
    import json

    return json.dumps(text)


def test_host_page_css_themes_the_widget_but_cannot_break_it(app, page, host_page):
    hostile_css = """
        body { font-family: "Courier New", monospace; text-transform: uppercase; letter-spacing: 4px; }
        #comments { --cm-accent: rgb(128, 0, 128); }
        button { background: lime !important; } label { display: none !important; }
        p { color: red !important; } * { box-shadow: 0 0 0 5px orange !important; }
    """
    page.route("**/article.css",
               lambda route: route.fulfill(status=200, content_type="text/css", body=hostile_css))
    open_page(page, host_page)
    styles = page.locator("button.cm-submit").evaluate("""(b) => {
        const s = getComputedStyle(b), label = b.getRootNode().querySelector('label[for=cm-author]');
        const note = b.getRootNode().querySelector('.cm-note');
        return {bg: s.backgroundColor, font: s.fontFamily, transform: s.textTransform,
                spacing: getComputedStyle(note).letterSpacing, shadow: s.boxShadow,
                label: getComputedStyle(label).display, note: getComputedStyle(note).color};
    }""")
    assert styles["bg"] == "rgb(128, 0, 128)"  # themed through the custom property
    assert "Courier New" in styles["font"]  # the host's font is inherited
    assert styles["transform"] == "none" and styles["spacing"] == "normal"  # other inheritance is cut
    assert styles["label"] != "none" and styles["shadow"] == "none" and styles["note"] != "rgb(255, 0, 0)"
    # And the widget's rules stay inside: the host page's own paragraphs are untouched by .cm-* rules.
    assert page.locator("article > p").first.evaluate("(p) => getComputedStyle(p).fontWeight") == "400"


def test_page_with_widget_has_no_serious_accessibility_violations(app, unguarded_page, host_page):
    page = unguarded_page
    approved_comment(app, host_page, author="Grace", title="Tide clocks",
                     body="My grandfather had a tide clock.\n\n"
                          "It ran backwards, he said, to keep the sea honest.")
    open_page(page, host_page)
    expect(page.locator("article.cm-comment")).to_have_count(1)
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == []

    # And with errors on show after a submit with empty fields.
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#cm-author-error")).not_to_be_empty()
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_everything_is_reachable_with_the_keyboard_alone(app, page, host_page):
    open_page(page, host_page)
    box(page, "Name").focus()
    order = []
    for _ in range(9):
        order.append(page.evaluate("""() => {
            const a = document.activeElement.shadowRoot ? document.activeElement.shadowRoot.activeElement
                                                        : document.activeElement;
            return a ? (a.name || a.className || a.tagName) : null;
        }"""))
        page.keyboard.press("Tab")
    assert order == ["author", "email", "remember", "title", "body",
                     "cm-captcha-btn", "cm-listen", "captcha_answer", "cm-submit"]
    assert "website" not in order  # the honeypot is never focused
    # Typed in and sent with Enter from the answer box, without the mouse.
    fill_form(page)
    box(page, "Type the characters in the image").fill(solve(app, page))
    box(page, "Type the characters in the image").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("awaits moderation")


def test_snippet_attributes_choose_page_title_container_and_language(app, page, host_page, custom_host):
    approved_comment(app, host_page, author="Jonas", title="", body="Schön geschrieben.",
                     uri="/2008/07/gezeiten")
    api = host_page.api
    url = custom_host(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
        <title>Browser title</title></head><body><main><h1>Gezeiten</h1>
        <p>Kommentare: <span data-comment-count="/2008/07/gezeiten">?</span></p>
        <div id="comments">not this one</div><aside id="elsewhere"></aside>
        <script src="{api}/embed.js" data-site="{host_page.site_key}" data-uri="/2008/07/gezeiten"
          data-title="Was die Gezeiten lehren" data-container="#elsewhere" data-lang="de" async></script>
        </main></body></html>""",
        # Only the service, for everything: not even the page's own origin (and the
        # proof of work's blob: worker, without which the page itself would solve it).
        f"default-src 'none'; script-src {api}; style-src {api}; img-src {api}; media-src {api}; "
        f"connect-src {api}; worker-src blob:")
    page.on("console", lambda m: host_page.csp_violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.goto(url)
    reply = page.locator("#elsewhere article.cm-comment")
    expect(reply.locator(".cm-meta")).to_have_text(
        re.compile(r"^Antwort #1 vom \d{1,2}\. \w+ \d{4} um \d{2}:\d{2}$"))  # "vom 3. Juli 2008 um 10:58"
    expect(page.locator("#comments")).to_have_text("not this one")
    expect(page.locator("[data-comment-count]")).to_have_text("1 Kommentar")

    page.locator("#elsewhere img.cm-captcha-img").wait_for()
    box(page, "Name").fill("Jonas")
    box(page, "Kommentar").fill("Die Flut kam früh.")
    box(page, "Zeichen aus dem Bild eingeben").fill(solve(app, page))
    with page.expect_request("**/api/v1/comments") as sent:
        page.get_by_role("button", name="Kommentar senden").click()
    assert sent.value.post_data_json["page_title"] == "Was die Gezeiten lehren"
    assert sent.value.post_data_json["uri"] == "/2008/07/gezeiten"
    assert sent.value.post_data_json["website"] == ""
    assert sent.value.post_data_json["form_token"]
    expect(page.get_by_role("status")).to_contain_text("wartet auf Freigabe")
    with app.app_context():
        thread = db.session.query(Thread).filter_by(uri="/2008/07/gezeiten").one()
        assert db.session.query(Comment).filter_by(thread_id=thread.id).count() == 2
    assert host_page.csp_violations == []


def test_hidden_field_is_invisible_to_people_but_a_bot_that_fills_it_is_flagged(app, page, host_page):
    open_page(page, host_page)
    trap = page.locator("input[name=website]")
    assert trap.evaluate("(i) => i.getBoundingClientRect().right <= 0")  # off-screen
    assert trap.evaluate("(i) => i.closest('[aria-hidden=true]') !== null")
    assert trap.get_attribute("tabindex") == "-1" and trap.get_attribute("autocomplete") == "off"
    fill_form(page)
    trap.fill("http://cheap-pills.example")  # what a form-filling bot does
    box(page, "Type the characters in the image").fill(solve(app, page))
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("awaits moderation")
    with app.app_context():
        assert db.session.query(Comment).one().honeypot is True


def _set_puzzle_size(app: Flask, host: HostPage, size: int) -> None:
    with app.app_context():
        db.session.get(Site, host.site_id).pow_max_number = size
        db.session.commit()


def test_the_puzzle_is_solved_in_a_worker_while_the_person_types_and_sent_with_the_comment(
        app, page, host_page):
    _set_puzzle_size(app, host_page, POW_MAX_NUMBER)
    workers = []
    page.on("worker", lambda worker: workers.append(worker))
    open_page(page, host_page)
    assert workers == []  # reading the article costs the reader nothing
    with page.expect_worker() as started:
        box(page, "Name").fill("Ada Lovelace")
    with started.value.expect_event("close", timeout=120_000):  # the worker ends once solved
        fill_form(page)
        box(page, "Type the characters in the image").fill(solve(app, page))
    with page.expect_request("**/api/v1/comments") as sent:
        page.get_by_role("button", name="Post comment").click()
        # Solved while typing: Post sends at once, nothing to wait for.
        expect(page.get_by_role("status")).not_to_have_text("Preparing…", timeout=1)
    solution = sent.value.post_data_json["pow"]
    assert solution["max_number"] == POW_MAX_NUMBER and 0 <= solution["number"] <= POW_MAX_NUMBER
    expect(page.get_by_role("status")).to_contain_text("awaits moderation")
    with app.app_context():
        assert db.session.query(Comment).count() == 1
    assert len(workers) == 1 and host_page.csp_violations == []


def test_post_pressed_before_the_puzzle_is_solved_says_preparing_and_then_sends(app, page, host_page):
    _set_puzzle_size(app, host_page, 2_000_000)
    open_page(page, host_page)
    # Filled without focusing the form, as autofill might: the puzzle starts only on Post.
    answer = solve(app, page)
    page.locator("#comments").evaluate("""(host, answer) => {
        const root = host.shadowRoot;
        const values = {"cm-author": "Ada", "cm-body": "Straight to Post.", "cm-captcha": answer};
        for (const id in values) root.getElementById(id).value = values[id];
        root.querySelector(".cm-submit").click();
    }""", answer)
    expect(page.get_by_role("status")).to_have_text("Preparing…")
    expect(page.get_by_role("status")).to_contain_text("awaits moderation", timeout=60_000)
    with app.app_context():
        assert db.session.query(Comment).one().body == "Straight to Post."


def test_where_the_page_forbids_workers_the_widget_solves_the_puzzle_itself(
        app, page, host_page, monkeypatch):
    import moderation.demo

    strict = moderation.demo.content_security_policy
    monkeypatch.setattr(moderation.demo, "content_security_policy",
                        lambda service: strict(service).replace("; worker-src blob:", ""))
    server = make_server("127.0.0.1", 0, create_demo_app(host_page.site_key, host_page.api), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"
    with app.app_context():
        site = db.session.get(Site, host_page.site_id)
        site.origins, site.pow_max_number = [origin], 200_000
        db.session.commit()
    workers = []
    page.on("worker", lambda worker: workers.append(worker))
    try:
        open_page(page, HostPage(f"{origin}/", host_page.site_id, host_page.site_key, host_page.api))
        fill_form(page)
        box(page, "Type the characters in the image").fill(solve(app, page))
        page.get_by_role("button", name="Post comment").click()
        expect(page.get_by_role("status")).to_contain_text("awaits moderation", timeout=60_000)
    finally:
        server.shutdown()
        server.server_close()
    assert workers == []
    with app.app_context():
        assert db.session.query(Comment).count() == 1
