"""Every payload of the abuse corpus, approved, stays inert in the widget and in the console.

Headless Chromium renders one thread holding all the payloads (as bodies,
titles and author names) in the widget on a host page of another origin,
and then the console's queue and history pages, following their pagination.
The host page here sends no Content-Security-Policy, because many blogs do
not: the widget must be safe on its own. The test fails on any dialog, on
the `window.__xss` canary being set, on any request to an address other than
the service and the host page (those are aborted, so nothing leaves), and on
any element or attribute in a rendered comment that could run code.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import expect

from models import (
    Comment,
    CommentStatus,
    DecisionAction,
    Role,
    Site,
    Thread,
    author_key,
    db,
    decide,
    normalise_uri,
)
from tests.api_helpers import Commenter
from tests.console_world import PASSWORD, person
from tests.security.payloads import PAYLOADS, short_payloads

pytestmark = pytest.mark.browser

# Inside a rendered comment body: only p, br and http(s) links, no other attribute that matters.
INSPECT_BODIES = r"""(root) => {
  const bad = [];
  const allowed = new Set(["P", "BR", "A"]);
  for (const body of root.querySelectorAll(".cm-body")) {
    for (const el of body.querySelectorAll("*")) {
      if (!allowed.has(el.tagName)) bad.push("element " + el.tagName);
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase(), value = attr.value.trim().toLowerCase();
        if (name.startsWith("on")) bad.push("handler " + name + " on " + el.tagName);
        if (name !== "href" && name !== "rel") bad.push("attribute " + name + " on " + el.tagName);
        if (name === "href" && !/^https?:\/\//.test(value)) bad.push("href=" + value.slice(0, 60));
      }
    }
  }
  return bad;
}"""

# Anywhere on the page (console or host page, shadow roots included): nothing that runs code
# or loads from elsewhere.
INSPECT_PAGE = r"""(service) => {
  const bad = [];
  const all = [];
  const walk = (node) => {
    for (const el of node.querySelectorAll("*")) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const never = new Set(["IFRAME", "FRAME", "FRAMESET", "OBJECT", "EMBED", "MATH", "BASE", "APPLET",
                         "VIDEO", "AUDIO", "SOURCE", "TEMPLATE", "NOSCRIPT", "XMP", "PLAINTEXT"]);
  for (const el of all) {
    const tag = el.tagName.toUpperCase();
    if (never.has(tag)) bad.push("element " + tag);
    if (tag === "SCRIPT" && !(el.src || "").startsWith(service)) bad.push("script " + (el.src || "inline"));
    if (tag === "META" && (el.httpEquiv || "").toLowerCase() === "refresh") bad.push("meta refresh");
    // The widget's own identicon (one path, drawn from a hash) is the only svg a comment may hold.
    const identicon = el.matches(".cm-comment > svg.cm-avatar") && el.children.length === 1 &&
      el.firstElementChild.tagName.toUpperCase() === "PATH";
    if (tag === "SVG" && !identicon && el.closest("[data-queue], table, .cm-body, .cm-comment")) {
      bad.push("svg in content");
    }
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.replace(/\s+/g, "").toLowerCase();
      const shown = name + "=" + value.slice(0, 60) + " on " + tag;
      if (name.startsWith("on")) bad.push("handler " + shown);
      const emptyIcon = tag === "LINK" && el.rel === "icon" && value === "data:,";  // the console's own
      const scheme = /^(javascript|vbscript|data):/.test(value);
      if (name !== "value" && !emptyIcon && scheme) bad.push("scheme " + shown);
      if (name === "style" && /expression\(|url\(|binding|behavior/.test(value)) bad.push("style " + shown);
    }
  }
  return bad;
}"""


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    # What a reader sees does not depend on the database; the API abuse tests run on both.
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@dataclass
class Guard:
    """What the browser tried that it must not: dialogs, outside requests, the canary."""

    allowed: tuple[str, ...]
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        def on_dialog(dialog) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        def route(route) -> None:
            url = route.request.url
            if url.startswith(self.allowed) or url.startswith(("data:", "blob:", "about:")):
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()

        page.on("dialog", on_dialog)
        page.route("**/*", route)
        # Set before any page script: a payload that runs sets or reads it.
        page.add_init_script("Object.defineProperty(window, '__xss', {configurable: false, "
                             "set(v) { window.__xssSet = (window.__xssSet || 0) + 1; }, "
                             "get() { return window.__xssSet; }});")

    def check(self, page, where: str) -> None:
        assert self.dialogs == [], f"{where}: dialogs {self.dialogs[:5]}"
        assert self.outside == [], f"{where}: requests outside the service {self.outside[:5]}"
        assert page.evaluate("window.__xssSet || 0") == 0, f"{where}: a payload set window.__xss"


@pytest.fixture
def host_origin() -> Iterator[tuple[str, dict[str, str]]]:
    """A bare host page on its own origin, without any CSP; its HTML is set by the test."""
    content: dict[str, str] = {"html": ""}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            body = content["html"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", content
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def _store_approved(app: Flask, site_id: int, uri: str, page_title: str) -> int:
    """Store every payload on one thread and approve it; return the number stored."""
    bodies = PAYLOADS
    titles = short_payloads(200)
    authors = short_payloads(80)
    with app.app_context():
        thread = db.session.query(Thread).filter_by(site_id=site_id, uri=uri).one_or_none()
        if thread is None:
            thread = Thread(site_id=site_id, uri=uri, title=page_title)
            db.session.add(thread)
            db.session.flush()
        made = []
        for n, body in enumerate(bodies):
            author = authors[n % len(authors)].strip()
            made.append(Comment(site_id=site_id, thread_id=thread.id, author=author,
                                title=titles[(n * 7) % len(titles)].strip(), body=body,
                                author_key=author_key(site_id, author, None), status=CommentStatus.PENDING))
        db.session.add_all(made)
        db.session.commit()
        for comment in made:
            assert decide(comment.id, DecisionAction.APPROVE, None) is not None
        db.session.commit()
        return len(made)


def test_every_payload_is_inert_in_the_widget_and_the_console(app, live_server, host_origin, browser):
    origin, host = host_origin
    app.config["PUBLIC_URL"] = live_server
    with app.app_context():
        site = Site(name="<script>window.__xss=1</script> blog", origins=[origin])
        db.session.add(site)
        db.session.flush()
        person("admin@example.com", Role.ADMIN, [])
        db.session.commit()
        site_id, site_key = site.id, site.key
    page_url = f"{origin}/article"
    uri = normalise_uri(page_url)

    # A sample goes through the real API first (CAPTCHA answered through the store).
    commenter = Commenter(app, app.test_client(), site_key, origin=origin)
    sample = PAYLOADS[:: len(PAYLOADS) // 12][:12]
    for payload in sample:
        answer = commenter.post(origin=origin, body=payload, uri=page_url,
                                page_title="<img src=x onerror=alert(1)>",
                                author="<svg onload=alert(1)>", title="\"><script>alert(1)</script>")
        assert answer.status_code == 202, answer.json
        with app.app_context():
            assert decide(answer.json["id"], DecisionAction.APPROVE, None) is not None
            db.session.commit()
    stored = len(sample) + _store_approved(app, site_id, uri, "<img src=x onerror=alert(1)>")

    host["html"] = (
        "<!doctype html><html><head><meta charset=utf-8><title>Article</title></head><body>"
        "<h1>An article</h1><div id=\"comments\"></div>"
        f"<script src=\"{live_server}/embed.js\" data-site=\"{site_key}\" async></script></body></html>"
    )
    guard = Guard(allowed=(live_server + "/", origin + "/"))
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    guard.attach(page)
    try:
        # --- the widget -------------------------------------------------------
        page.goto(page_url)
        # The widget draws into a shadow root; Playwright's locators reach into it.
        # A hundred comments a page: show them all.
        more = page.get_by_role("button", name="Show more comments")
        for shown in range(100, stored, 100):
            expect(page.locator(".cm-comment")).to_have_count(shown)
            more.click()
        expect(page.locator(".cm-comment")).to_have_count(stored)
        # Move over and click into every comment, as a reader might, to fire any
        # mouse or focus handler a payload might have smuggled in.
        comments = page.locator(".cm-comment")
        for index in range(0, comments.count(), 25):
            comments.nth(index).scroll_into_view_if_needed()
            comments.nth(index).hover()
        page.mouse.click(5, 5)
        page.wait_for_timeout(500)
        problems = page.locator(".cm-root").evaluate(INSPECT_BODIES)
        problems += page.evaluate(INSPECT_PAGE, live_server)
        assert problems == [], problems[:10]
        texts = page.locator(".cm-body").all_inner_texts()
        assert any("<script>" in text for text in texts)  # shown as text, not run
        guard.check(page, "widget")

        # --- the console ------------------------------------------------------
        page.goto(f"{live_server}/moderate/login")
        page.fill("#email", "admin@example.com")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server}/moderate/**")
        for start in (f"/moderate/?site={site_id}&status=approved", f"/moderate/history?site={site_id}"):
            page.goto(live_server + start)
            seen = 0
            while True:
                seen += page.locator("[data-queue] > li, table tbody tr").count()
                problems = page.evaluate(INSPECT_PAGE, live_server)
                assert problems == [], (start, problems[:10])
                guard.check(page, start)
                following = page.locator("a[rel=next]")
                if following.count() == 0:
                    break
                following.first.click()
                page.wait_for_load_state()
            assert seen >= stored, (start, seen, stored)
        guard.check(page, "console")
    finally:
        context.close()
