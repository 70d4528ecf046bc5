"""Status changes: every allowed one works, every other is refused, repeats change nothing.

Runs on SQLite and on PostgreSQL (the `app` fixture is parametrised).
"""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import StatementError

from models import (
    Comment,
    CommentStatus,
    Decision,
    DecisionAction,
    Moderator,
    Role,
    Thread,
    author_key,
    author_post_counts,
    db,
    decide,
    mark_score_failed,
    record_score,
    transition,
    undo,
)

S = CommentStatus


@pytest.fixture
def thread(site):
    thread = Thread(site_id=site.id, uri="/2008/07/on-moderation", title="On moderation")
    db.session.add(thread)
    db.session.commit()
    return thread


@pytest.fixture
def moderator(site):
    # Decisions need a moderator, not a password: no hash to compute.
    person = Moderator(email="mod@example.com", role=Role.MODERATOR, sites=[site])
    db.session.add(person)
    db.session.commit()
    return person


@pytest.fixture
def new_comment(thread):
    def make(status: CommentStatus = S.RECEIVED, author: str = "Ada", body: str = "Nice post.") -> Comment:
        comment = Comment(
            site_id=thread.site_id,
            thread_id=thread.id,
            author=author,
            author_key=author_key(thread.site_id, author, None),
            body=body,
            status=status,
        )
        db.session.add(comment)
        db.session.commit()
        return comment

    return make


def status_of(comment_id: int) -> CommentStatus:
    return db.session.scalar(select(Comment.status).where(Comment.id == comment_id))


# The moves a moderator or the worker can make, written out: a change to the rules must change this
# list too, on purpose.
ALLOWED = {
    (S.RECEIVED, S.PENDING),  # the worker scored it
    (S.RECEIVED, S.SPAM),  # scored above the site's threshold
    (S.RECEIVED, S.APPROVED),  # a trusted author, or a moderator who did not wait for the score
    (S.RECEIVED, S.SCORE_FAILED),  # the worker gave up
    (S.SCORE_FAILED, S.RECEIVED),  # a moderator asks for a new score
    (S.SCORE_FAILED, S.PENDING),
    (S.SCORE_FAILED, S.APPROVED),
    (S.SCORE_FAILED, S.REJECTED),
    (S.SCORE_FAILED, S.SPAM),
    (S.PENDING, S.APPROVED),
    (S.PENDING, S.REJECTED),
    (S.PENDING, S.SPAM),
    (S.APPROVED, S.PENDING),  # undo
    (S.APPROVED, S.REJECTED),  # approval withdrawn
    (S.APPROVED, S.SPAM),
    (S.REJECTED, S.PENDING),
    (S.REJECTED, S.APPROVED),
    (S.REJECTED, S.SPAM),
    (S.SPAM, S.PENDING),  # "not spam"
    (S.SPAM, S.APPROVED),
    (S.SPAM, S.REJECTED),
}
REFUSED = {
    # A scored or decided comment never goes back to waiting for the worker...
    (S.PENDING, S.RECEIVED),
    (S.APPROVED, S.RECEIVED),
    (S.REJECTED, S.RECEIVED),
    (S.SPAM, S.RECEIVED),
    # ...nor becomes "could not be scored".
    (S.PENDING, S.SCORE_FAILED),
    (S.APPROVED, S.SCORE_FAILED),
    (S.REJECTED, S.SCORE_FAILED),
    (S.SPAM, S.SCORE_FAILED),
    # A comment still being scored is not rejected behind the worker's back.
    (S.RECEIVED, S.REJECTED),
    # Moving to the status a comment already has is a repeat and changes nothing.
    *((status, status) for status in S),
}


def test_the_lists_of_allowed_and_refused_moves_cover_every_pair_once():
    assert ALLOWED.isdisjoint(REFUSED)
    assert ALLOWED | REFUSED == set(itertools.product(S, S))


def test_allowed_moves_happen_and_refused_ones_leave_the_comment_as_it_was(new_comment):
    pairs = sorted(ALLOWED | REFUSED)
    comments = {pair: new_comment(pair[0]) for pair in pairs}
    wrong = []
    for (start, to), comment in comments.items():
        moved = transition(comment.id, to)
        db.session.commit()
        allowed = (start, to) in ALLOWED
        expected = (to if allowed else start, start if allowed else None)
        if (status_of(comment.id), moved[0] if moved else None) != expected:
            wrong.append(f"{start} -> {to} ({'allowed' if allowed else 'refused'})")
    assert wrong == []


def test_scoring_moves_received_to_pending_once(new_comment):
    comment = new_comment()
    assert record_score(comment.id, score=0.12, reasons=[{"text": "no links"}], model_version="v1")
    db.session.commit()
    # A second delivery of the same task finds the comment already scored.
    assert not record_score(comment.id, score=0.99, reasons=[], model_version="v2")
    db.session.commit()
    stored = db.session.get(Comment, comment.id)
    assert stored.status == S.PENDING
    assert stored.score == pytest.approx(0.12)
    assert stored.model_version == "v1"
    assert stored.scored_at is not None


def test_scoring_never_touches_a_comment_a_moderator_already_decided(new_comment, moderator):
    comment = new_comment(S.SCORE_FAILED)
    decide(comment.id, DecisionAction.APPROVE, moderator.id)
    db.session.commit()
    assert not record_score(comment.id, score=0.5, reasons=[], model_version="v1")
    assert not mark_score_failed(comment.id, "boom")
    assert status_of(comment.id) == S.APPROVED


def test_high_score_to_spam_is_logged_as_the_systems_decision(new_comment):
    comment = new_comment()
    assert record_score(comment.id, score=0.999, reasons=[], model_version="v1", to=S.SPAM)
    db.session.commit()
    decision = db.session.scalar(select(Decision).where(Decision.comment_id == comment.id))
    assert decision.action == DecisionAction.AUTO_SPAM
    assert decision.moderator_id is None
    assert (decision.from_status, decision.to_status) == (S.RECEIVED, S.SPAM)


def test_worker_cannot_reject(new_comment):
    comment = new_comment()
    with pytest.raises(ValueError, match="cannot move"):
        record_score(comment.id, score=0.5, reasons=[], model_version="v1", to=S.REJECTED)


def test_score_failed_only_from_received(new_comment):
    waiting = new_comment(S.RECEIVED)
    assert mark_score_failed(waiting.id, "model file missing")
    assert not mark_score_failed(waiting.id, "again")
    db.session.commit()
    stored = db.session.get(Comment, waiting.id)
    assert stored.status == S.SCORE_FAILED and stored.score_error == "model file missing"


def test_approval_numbers_replies_in_order_and_renders_html(new_comment, moderator, thread):
    first = new_comment(S.PENDING, body="First!\n\nsee https://example.org")
    second = new_comment(S.PENDING)
    version_before = db.session.get(Thread, thread.id).version
    decide(second.id, DecisionAction.APPROVE, moderator.id)
    decide(first.id, DecisionAction.APPROVE, moderator.id)
    db.session.commit()
    assert db.session.get(Comment, second.id).number == 1
    stored = db.session.get(Comment, first.id)
    assert stored.number == 2
    assert stored.body_html == (
        '<p>First!</p><p>see <a href="https://example.org" rel="nofollow ugc noopener">'
        "https://example.org</a></p>"
    )
    assert stored.decided_by_id == moderator.id
    refreshed = db.session.get(Thread, thread.id)
    assert refreshed.approved_count == 2
    assert refreshed.version == version_before + 2


def test_repeated_decision_changes_nothing_and_logs_once(new_comment, moderator):
    comment = new_comment(S.PENDING)
    assert decide(comment.id, DecisionAction.APPROVE, moderator.id) is not None
    assert decide(comment.id, DecisionAction.APPROVE, moderator.id) is None
    db.session.commit()
    count = db.session.scalar(
        select(func.count()).select_from(Decision).where(Decision.comment_id == comment.id)
    )
    assert count == 1
    assert db.session.get(Comment, comment.id).number == 1


def test_not_spam_only_from_the_spam_folder(new_comment, moderator):
    pending = new_comment(S.PENDING)
    assert decide(pending.id, DecisionAction.NOT_SPAM, moderator.id) is None
    spam = new_comment(S.SPAM)
    decision = decide(spam.id, DecisionAction.NOT_SPAM, moderator.id)
    assert decision is not None and decision.to_status == S.PENDING


def test_withdrawing_approval_frees_the_number_and_undo_restores_it(new_comment, moderator, thread):
    a, b = new_comment(S.PENDING), new_comment(S.PENDING)
    decide(a.id, DecisionAction.APPROVE, moderator.id)
    decide(b.id, DecisionAction.APPROVE, moderator.id)
    db.session.commit()
    rejection = decide(b.id, DecisionAction.REJECT, moderator.id)
    db.session.commit()
    assert rejection.from_number == 2
    assert db.session.get(Comment, b.id).number is None
    assert db.session.get(Thread, thread.id).approved_count == 1

    reversal = undo(rejection.id, moderator.id)
    db.session.commit()
    assert reversal is not None and reversal.to_status == S.APPROVED
    restored = db.session.get(Comment, b.id)
    assert (restored.status, restored.number) == (S.APPROVED, 2)
    assert db.session.get(Thread, thread.id).approved_count == 2
    # Undoing twice is harmless.
    assert undo(rejection.id, moderator.id) is None


def test_undo_of_an_approval_takes_the_number_back(new_comment, moderator):
    comment = new_comment(S.PENDING)
    approval = decide(comment.id, DecisionAction.APPROVE, moderator.id)
    db.session.commit()
    undo(approval.id, moderator.id)
    db.session.commit()
    stored = db.session.get(Comment, comment.id)
    assert (stored.status, stored.number) == (S.PENDING, None)
    # The next approval gets #1 again: numbering has no gap.
    decide(comment.id, DecisionAction.APPROVE, moderator.id)
    db.session.commit()
    assert db.session.get(Comment, comment.id).number == 1


def test_undo_refused_once_the_comment_has_moved_on(new_comment, moderator):
    comment = new_comment(S.PENDING)
    approval = decide(comment.id, DecisionAction.APPROVE, moderator.id)
    decide(comment.id, DecisionAction.SPAM, moderator.id)
    db.session.commit()
    assert undo(approval.id, moderator.id) is None
    assert status_of(comment.id) == S.SPAM


def test_a_restored_number_taken_meanwhile_gets_the_next_free_one(new_comment, moderator):
    a, b = new_comment(S.PENDING), new_comment(S.PENDING)
    decide(a.id, DecisionAction.APPROVE, moderator.id)
    db.session.commit()
    rejection = decide(a.id, DecisionAction.REJECT, moderator.id)
    decide(b.id, DecisionAction.APPROVE, moderator.id)  # takes #1
    db.session.commit()
    undo(rejection.id, moderator.id)
    db.session.commit()
    assert db.session.get(Comment, b.id).number == 1
    assert db.session.get(Comment, a.id).number == 2


def test_post_counts_count_only_approved_comments_per_author(new_comment, moderator, site):
    for _ in range(3):
        decide(new_comment(S.PENDING, author="Ada").id, DecisionAction.APPROVE, moderator.id)
    new_comment(S.PENDING, author="Ada")
    decide(new_comment(S.PENDING, author="Bob").id, DecisionAction.SPAM, moderator.id)
    db.session.commit()
    ada, bob = author_key(site.id, "Ada", None), author_key(site.id, "Bob", None)
    assert author_post_counts(site.id, {ada, bob}) == {ada: 3}


def test_status_column_refuses_unknown_values(new_comment):
    comment = new_comment()
    comment.status = "published"
    # SQLAlchemy's Enum refuses the value before any SQL is sent, on either database.
    with pytest.raises(StatementError, match="'published' is not among the defined enum values"):
        db.session.commit()
    db.session.rollback()
    assert status_of(comment.id) == S.RECEIVED
