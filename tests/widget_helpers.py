"""Helpers for the widget's browser tests: open the host page, read the CAPTCHA, fill the form.

The CAPTCHA answer is read through the challenge store, as a person reads the
image; comments are approved through the models, as a moderator would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import Flask
from playwright.sync_api import Page, expect

from config import BASE_DIR
from models import ChallengeStore, Comment, DecisionAction, Thread, author_key, db, decide, normalise_uri
from tests.support import service_missing

AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


@dataclass
class HostPage:
    url: str
    site_id: int
    site_key: str
    api: str
    csp_violations: list[str] = field(default_factory=list)


def open_page(page: Page, host: HostPage) -> Page:
    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            host.csp_violations.append(message.text)

    page.on("console", on_console)
    page.goto(host.url)
    expect(page.locator(".cm-root")).to_be_visible()
    expect(page.locator(".cm-list")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("img.cm-captcha-img")).to_have_attribute(
        "data-challenge", re.compile(r"^[0-9a-f]{32}$"))
    return page


def challenge_id(page: Page) -> str:
    return page.locator("img.cm-captcha-img").get_attribute("data-challenge")


def solve(app: Flask, page: Page) -> str:
    """Read the answer of the challenge on screen through the store, as a person reads the image."""
    with app.app_context():
        answer = ChallengeStore().answer_for(challenge_id(page))
    assert answer, "the challenge on screen is unknown to the store"
    return answer


def box(page: Page, name: str):
    return page.get_by_role("textbox", name=name, exact=True)


def fill_form(page: Page, body: str = "The still mornings are the best ones here too.") -> None:
    box(page, "Name").fill("Ada Lovelace")
    box(page, "Email").fill("ada@example.org")
    box(page, "Title").fill("Low tide at six")
    box(page, "Comment").fill(body)


def approved_comment(app: Flask, host: HostPage, author: str, title: str, body: str,
                     uri: str | None = None, email: str | None = None) -> None:
    """Store a comment on the host page's thread (or `uri`'s) and approve it, as a moderator would."""
    with app.app_context():
        uri = normalise_uri(uri or host.url)
        thread = db.session.query(Thread).filter_by(site_id=host.site_id, uri=uri).one_or_none()
        if thread is None:
            thread = Thread(site_id=host.site_id, uri=uri, title="Tide tables")
            db.session.add(thread)
            db.session.flush()
        comment = Comment(site_id=host.site_id, thread_id=thread.id, author=author, title=title, body=body,
                          email=email, author_key=author_key(host.site_id, author, email))
        db.session.add(comment)
        db.session.commit()
        assert decide(comment.id, DecisionAction.APPROVE, None) is not None
        db.session.commit()


def axe_violations(page: Page) -> list[dict]:
    if not AXE.exists():
        service_missing("axe-core", "run `npm ci` in the repository (make test does)")
    page.add_script_tag(content=AXE.read_text())
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
    }""")


def long_thread(app: Flask, host: HostPage, count: int) -> None:
    """Publish comments 1 to `count` on the host page's thread, written straight to the table."""
    from sqlalchemy import insert

    with app.app_context():
        thread = Thread(site_id=host.site_id, uri=normalise_uri(host.url), title="Tide tables",
                        approved_count=count, version=1)
        db.session.add(thread)
        db.session.flush()
        db.session.execute(insert(Comment), [
            {"site_id": host.site_id, "thread_id": thread.id, "author": f"Reader {n}", "title": "",
             "author_key": author_key(host.site_id, f"Reader {n}", None), "body": f"Comment number {n}.",
             "body_html": f"<p>Comment number {n}.</p>", "status": "approved", "number": n}
            for n in range(1, count + 1)])
        db.session.commit()
