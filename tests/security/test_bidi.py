"""Text that reorders itself: bidirectional embeddings, overrides and isolates.

U+202E in a name or a body makes what follows show right to left, so
"moc.elpmaxe//:sptth" is read as a link to another address. The API refuses
them in every text field; the console isolates whatever it shows in <bdi>.
Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Comment, CommentStatus, Thread, author_key, db
from tests.api_helpers import Commenter
from tests.console_world import build_world, log_in

BIDI_CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.fixture
def commenter(app, client, site) -> Commenter:
    return Commenter(app, client, site.key)


@pytest.mark.parametrize("field", ["author", "title", "body", "page_title"])
@pytest.mark.parametrize("char", BIDI_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_reordering_characters_are_refused_in_every_text_field(commenter, field, char):
    form = commenter.form(**{field: f"Visit https://bank.example{char}moc.live//:sptth now"})
    answer = commenter.post(form)
    assert answer.status_code == 400
    assert f"U+{ord(char):04X}" in answer.json["fields"][field]
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0
    # A field error comes before the CAPTCHA: the same challenge still works once the field is fixed.
    form[field] = "Fixed"
    assert commenter.post(form).status_code == 202


def test_right_to_left_text_and_direction_marks_are_welcome(commenter):
    answer = commenter.post(author="דוד", title="مرحبا", body="שלום \u200fעולם\u200e and hello")
    assert answer.status_code == 202


def test_the_console_isolates_what_commenters_wrote(app, client, app_context):
    world = build_world(pending_a=0, pending_b=0)
    thread = db.session.get(Thread, world.thread_a.id)
    # As an import or an older release might have stored it.
    sneaky = "Ada\u202e moc.live"
    db.session.add(Comment(site_id=thread.site_id, thread_id=thread.id, author=sneaky,
                           author_key=author_key(thread.site_id, sneaky, None), body="Hi",
                           title="\u202eeltit", status=CommentStatus.PENDING, score=0.5))
    db.session.commit()
    assert log_in(client, world.admin.email).status_code == 302
    html = client.get("/moderate/").get_data(as_text=True)
    assert f"<bdi>{sneaky}</bdi>" in html
    assert "<bdi>\u202eeltit</bdi>" in html
    assert '<div class="text" dir="auto">Hi</div>' in html


def test_the_widget_isolates_names_titles_and_bodies(client):
    css = client.get("/embed.css").get_data(as_text=True).replace(" ", "")
    # .cm-to a: the name of the author a reply answers. plaintext isolates too, and takes
    # each paragraph's direction from its own text.
    assert ".cm-authorstrong,.cm-title,.cm-bodyp,.cm-toa{unicode-bidi:plaintext" in css
