"""How many SQL statements the worker issues to score one comment: a ceiling, so a regression shows.

The database's round trips, not the model, are most of a scoring's cost (bench/worker.py prints
the statements per comment beside the CPU). The ceilings hold on SQLite and on PostgreSQL and
count every statement from the task's start to its last commit, savepoints included.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import event, select

from models import (
    Comment,
    CommentStatus,
    Moderator,
    Notification,
    Role,
    Thread,
    Webhook,
    WebhookDelivery,
    author_key,
    db,
    utcnow,
)
from tests.starter_model import install_model, starter_model_file
from workers.tasks import score_comment

S = CommentStatus
HAM = ("I tried the sourdough recipe from your post last weekend and the crust came out "
       "much better with the longer proof. Thanks for explaining why it works. #{}")
# Nothing owed: no moderator wants a mail per comment, no webhook. Counting the attempt; reading the
# comment with its page, its site's policy and the active model's id; the author's and the page's
# history; the move; the Insights day it dirties; who is owed anything.
QUIET_CEILING = 6
# A moderator mailed for each comment and a webhook subscribed to the scoring: the two rows owed
# cost a savepoint, an insert and a release each, and the webhook's body reads the moved comment.
OWED_CEILING = 13


@pytest.fixture(scope="session")
def starter_file(request: pytest.FixtureRequest):
    return starter_model_file(request.config.cache.mkdir("starter-model"))


@pytest.fixture
def thread(app, app_context, site, starter_file) -> Thread:
    install_model(starter_file)
    thread = Thread(site_id=site.id, uri="/2008/07/bread", title="Bread")
    db.session.add(thread)
    db.session.commit()
    return thread


def _store(thread: Thread, n: int) -> list[int]:
    ids = []
    for i in range(n):
        author = f"Reader {i % 3}"
        comment = Comment(site_id=thread.site_id, thread_id=thread.id, author=author,
                          author_key=author_key(thread.site_id, author, None), body=HAM.format(i),
                          status=S.RECEIVED, created_at=utcnow())
        db.session.add(comment)
        db.session.commit()
        ids.append(comment.id)
    return ids


def _statements_per_comment(ids: list[int]) -> list[list[str]]:
    per_comment: list[list[str]] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        per_comment[-1].append(" ".join(statement.split())[:120])

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        for comment_id in ids:
            per_comment.append([])
            assert score_comment(comment_id) == "pending"
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    if os.environ.get("SHOW_STATEMENTS"):
        print("statements per comment:", [len(s) for s in per_comment])
        for statement in per_comment[-1]:
            print(statement)
    return per_comment


def test_scoring_a_comment_nobody_is_told_about_takes_few_statements(thread):
    ids = _store(thread, 6)
    per_comment = _statements_per_comment(ids)
    # The first comment may load what the worker keeps (the model, the site's settings).
    assert max(len(s) for s in per_comment[1:]) <= QUIET_CEILING, per_comment[-1]
    assert db.session.scalar(select(Notification.id)) is None
    statuses = set(db.session.scalars(select(Comment.status).where(Comment.id.in_(ids))))
    assert statuses == {S.PENDING}


def test_scoring_a_comment_that_owes_a_mail_and_a_webhook_takes_few_statements(thread, site):
    db.session.add(Moderator(email="mod@example.com", role=Role.MODERATOR, sites=[site]))
    db.session.add(Webhook(site_id=site.id, url="https://hooks.example/in", events=["comment.scored"]))
    db.session.commit()
    ids = _store(thread, 6)
    per_comment = _statements_per_comment(ids)
    assert max(len(s) for s in per_comment[1:]) <= OWED_CEILING, per_comment[-1]
    # Each comment owes exactly its mail and its delivery.
    mailed = db.session.scalars(select(Notification.comment_id)).all()
    delivered = db.session.scalars(select(WebhookDelivery.comment_id)).all()
    assert sorted(mailed) == ids and sorted(delivered) == ids
