"""A comment and the only ways its status may change.

A comment is `received` when the request stores it, `pending` once the worker
has scored it, and then `approved`, `rejected` or `spam` by a moderator's
decision. Every change goes through `transition()`, a conditional
`UPDATE ... WHERE id = ? AND status IN (...)`: a second delivery of the same
task or a double click on "approve" finds the row already moved and changes
nothing. Approval and its reversal also keep the thread's reply numbers, its
approved count and the ETag versions in step, in the same transaction.
"""

from __future__ import annotations

import enum
import functools
import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Update,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .outbound import comment_moved
from .render import render_body
from .site import Site
from .thread import Thread

__all__ = [
    "Comment",
    "CommentStatus",
    "Decision",
    "DecisionAction",
    "TRANSITIONS",
    "author_key",
    "author_post_counts",
    "decide",
    "mark_score_failed",
    "record_score",
    "transition",
    "undo",
]



class CommentStatus(enum.StrEnum):
    RECEIVED = "received"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SPAM = "spam"
    SCORE_FAILED = "score_failed"


S = CommentStatus

# to-status -> the statuses it may be reached from.
TRANSITIONS: dict[CommentStatus, frozenset[CommentStatus]] = {
    S.RECEIVED: frozenset({S.SCORE_FAILED}),  # a moderator asks for a new score
    S.PENDING: frozenset({S.RECEIVED, S.SCORE_FAILED, S.SPAM, S.REJECTED, S.APPROVED}),
    S.APPROVED: frozenset({S.RECEIVED, S.PENDING, S.SPAM, S.REJECTED, S.SCORE_FAILED}),
    S.REJECTED: frozenset({S.PENDING, S.APPROVED, S.SPAM, S.SCORE_FAILED}),
    S.SPAM: frozenset({S.RECEIVED, S.PENDING, S.APPROVED, S.REJECTED, S.SCORE_FAILED}),
    S.SCORE_FAILED: frozenset({S.RECEIVED}),
}


class DecisionAction(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    SPAM = "spam"
    NOT_SPAM = "not_spam"
    UNDO = "undo"
    AUTO_APPROVE = "auto_approve"  # the worker, under the site's opt-in policy
    AUTO_SPAM = "auto_spam"  # the worker, score above the site's threshold
    RESCORE = "rescore"


ACTION_TARGET = {
    DecisionAction.APPROVE: S.APPROVED,
    DecisionAction.REJECT: S.REJECTED,
    DecisionAction.SPAM: S.SPAM,
    DecisionAction.NOT_SPAM: S.PENDING,
    DecisionAction.RESCORE: S.RECEIVED,
}


def _status_column(name: str) -> Enum:
    # Stored as short strings with a CHECK (named, so each column's CHECK is
    # distinct), the same on SQLite and PostgreSQL.
    return Enum(
        CommentStatus,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def author_key(site_id: int, author: str, email: str | None) -> str:
    """Return who an author is for post counts: the email if given, else the name."""
    who = f"email:{email.strip().lower()}" if email else f"name:{author.strip().casefold()}"
    return hashlib.sha256(f"{site_id}:{who}".encode()).hexdigest()


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        # The moderator queue: one site, one status, by score or by time.
        Index("ix_comments_queue_score", "site_id", "status", "score", "id"),
        Index("ix_comments_queue_time", "site_id", "status", "created_at", "id"),
        # The same across all sites, for admins.
        Index("ix_comments_status_score", "status", "score", "id"),
        # Reading a thread: its approved comments in reply order.
        Index("ix_comments_thread", "thread_id", "status", "number"),
        # Post counts per author, and the sweeper's look for stale `received`.
        Index("ix_comments_author", "site_id", "author_key", "status"),
        Index("ix_comments_status_created", "status", "created_at"),
        # The three below hold only rows with a value: a new comment has no fingerprint and no
        # decision yet (and often no email), and every comment POST wrote an entry for a NULL that
        # no query looks up. Each query that uses them compares the column, which implies the WHERE.
        # The worker's count of near-identical comments on a site in the last day.
        Index("ix_comments_fingerprint", "site_id", "body_fingerprint", "created_at",
              sqlite_where=text("body_fingerprint IS NOT NULL"),
              postgresql_where=text("body_fingerprint IS NOT NULL")),
        # A commenter's comments, for their export or erasure on request.
        Index("ix_comments_email_hash", "email_hash", sqlite_where=text("email_hash IS NOT NULL"),
              postgresql_where=text("email_hash IS NOT NULL")),
        # The Insights recount of one site's day: the comments decided on it.
        Index("ix_comments_site_decided", "site_id", "decided_at",
              sqlite_where=text("decided_at IS NOT NULL"), postgresql_where=text("decided_at IS NOT NULL")),
        UniqueConstraint("thread_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    # Column sizes sit above the validation limits (moderation/validation.py: name 80,
    # email 254, title 200), so nothing that passed validation can ever be truncated.
    author: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(320))
    email_hash: Mapped[str | None] = mapped_column(String(64))
    author_key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)  # exactly as typed
    body_html: Mapped[str | None] = mapped_column(Text)  # rendered on approval
    # A hash of the body with case, digits, links and spacing folded away, set
    # by the worker, so copies of one spam message are found by an index.
    body_fingerprint: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[CommentStatus] = mapped_column(_status_column("status"), default=S.RECEIVED)
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    model_version: Mapped[str | None] = mapped_column(String(64))
    number: Mapped[int | None] = mapped_column(Integer)
    # Client signals: the hidden field bots fill, the seconds between the
    # signed form-shown time and the submission, and anything else the
    # widget reports, kept for the classifier and for moderators.
    honeypot: Mapped[bool] = mapped_column(Boolean, default=False)
    seconds_to_submit: Mapped[float | None] = mapped_column(Float)
    signals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    ip_prefix: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(512), default="")
    score_attempts: Mapped[int] = mapped_column(Integer, default=0)
    score_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enqueued_at: Mapped[datetime | None] = mapped_column()
    scored_at: Mapped[datetime | None] = mapped_column()
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id", ondelete="SET NULL"))
    # The comment this one answers, when known (imports keep it); replies still show flat, by number.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))

    thread: Mapped[Thread] = relationship()
    site: Mapped[Site] = relationship()

    def __repr__(self) -> str:
        return f"<Comment {self.id} {self.status.value}>"


class Decision(db.Model):
    """The audit log: who moved which comment from what to what, and when."""

    __tablename__ = "decisions"
    __table_args__ = (
        Index("ix_decisions_site_time", "site_id", "created_at"),
        Index("ix_decisions_moderator_time", "moderator_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    # None: the worker, acting on the site's policy.
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id", ondelete="SET NULL"))
    action: Mapped[DecisionAction] = mapped_column(
        Enum(DecisionAction, name="action", native_enum=False, create_constraint=True, length=16,
             values_callable=lambda e: [m.value for m in e], validate_strings=True)
    )
    from_status: Mapped[CommentStatus] = mapped_column(_status_column("from_status"))
    to_status: Mapped[CommentStatus] = mapped_column(_status_column("to_status"))
    from_number: Mapped[int | None] = mapped_column(Integer)
    to_number: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"))

    comment: Mapped[Comment] = relationship()


def _next_number(thread_id: int) -> int:
    top = db.session.scalar(select(func.max(Comment.number)).where(Comment.thread_id == thread_id))
    return (top or 0) + 1


def _number_is_free(thread_id: int, number: int) -> bool:
    taken = db.session.scalar(
        select(Comment.id).where(Comment.thread_id == thread_id, Comment.number == number)
    )
    return taken is None


# What `transition` reads of a comment before moving it; a caller that read these columns
# (by these names) in its own transaction may hand its row over instead.
_c = Comment.__table__.c
TRANSITION_READS = (_c.status, _c.number, _c.thread_id, _c.site_id, _c.body, _c.signals, _c.created_at,
                    _c.decided_at)


@functools.cache
def _move_statement() -> Update:
    # Built once, a Core update whose SET clause is the columns given at execution: building it
    # for each move, or going through the ORM's bulk-update path, cost more than running it.
    comments = Comment.__table__
    return update(comments).where(comments.c.id == bindparam("moved_id"),
                                  comments.c.status == bindparam("moved_from"))


def transition(
    comment_id: int,
    to: CommentStatus,
    *,
    allowed_from: frozenset[CommentStatus] | None = None,
    restore_number: int | None = None,
    read: Any = None,
    **values: Any,
) -> tuple[CommentStatus, int | None, int | None] | None:
    """Move a comment to `to` if its status is one it may come from.

    Returns (from_status, from_number, to_number), or None when the comment
    is missing or already elsewhere: then nothing was written. The caller
    commits. `allowed_from` narrows TRANSITIONS (the worker only moves
    `received` comments); it never widens them. `read` is the comment's row
    with the TRANSITION_READS columns, when the caller has just read it in
    this transaction: the update stays conditional on the status it shows.
    """
    allowed = TRANSITIONS[to] if allowed_from is None else TRANSITIONS[to] & allowed_from
    row = read if read is not None else db.session.execute(
        select(*TRANSITION_READS).where(_c.id == comment_id)
    ).first()
    if row is None or row.status not in allowed:
        return None
    from_status, from_number, thread_id, site_id = row.status, row.number, row.thread_id, row.site_id
    body, signals, created_at, decided_at = row.body, row.signals, row.created_at, row.decided_at
    changes: dict[str, Any] = {"status": to, **values}
    if to == S.APPROVED:
        changes["body_html"] = render_body(body)
    elif from_status == S.APPROVED:
        changes["number"] = None

    # Conditional on the status we just read: if another process moved the
    # comment in between, this matches no row and we report "nothing done".
    result = db.session.execute(_move_statement(), {"moved_id": comment_id, "moved_from": from_status,
                                                    **changes})
    if result.rowcount != 1:
        return None
    from .insight_counts import mark_dirty  # here: insight_counts imports this module

    # The Insights counts of the day it arrived, the day of its last decision and today change.
    mark_dirty(site_id, (created_at, decided_at, utcnow()))

    to_number = None
    if to == S.APPROVED or from_status == S.APPROVED:
        delta = 1 if to == S.APPROVED else -1
        # Updating the thread row first serialises approvals in one thread
        # (a row lock on PostgreSQL, the write lock on SQLite), so the
        # next-free number below cannot be handed out twice.
        db.session.execute(
            update(Thread)
            .where(Thread.id == thread_id)
            .values(version=Thread.version + 1, approved_count=Thread.approved_count + delta)
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            update(Site)
            .where(Site.id == site_id)
            .values(content_version=Site.content_version + 1)
            .execution_options(synchronize_session=False)
        )
        if to == S.APPROVED:
            # The page title a comment brought is published with the first
            # approved comment, never while it waits (the API stores it aside).
            page_title = (signals or {}).get("page_title") if isinstance(signals, dict) else None
            if isinstance(page_title, str) and page_title:
                db.session.execute(
                    update(Thread)
                    .where(Thread.id == thread_id, Thread.title == "")
                    .values(title=page_title)
                    .execution_options(synchronize_session=False)
                )
            if restore_number is not None and _number_is_free(thread_id, restore_number):
                to_number = restore_number
            else:
                to_number = _next_number(thread_id)
            db.session.execute(
                update(Comment)
                .where(Comment.id == comment_id)
                .values(number=to_number)
                .execution_options(synchronize_session=False)
            )
    # Objects already loaded in this session must not show the old status.
    db.session.expire_all()
    return from_status, from_number, to_number


def record_score(
    comment_id: int,
    *,
    score: float,
    reasons: list[dict[str, Any]],
    model_version: str,
    to: CommentStatus = S.PENDING,
    body_fingerprint: str | None = None,
    read: Any = None,
) -> bool:
    """Store the worker's score and move a `received` comment on; False if it already moved.

    `body_fingerprint`, when given, is stored by the same update. `read` is the comment's
    row as the worker read it in this transaction (see `transition`); with its `id`, `email`
    and `thread_id` as well, nothing is read again that it holds.
    """
    if to not in (S.PENDING, S.SPAM, S.APPROVED):
        raise ValueError(f"the worker cannot move a comment to {to}")
    now = utcnow()
    # The site's policy decided: an auto-approved comment is published now, and
    # the time shown beside its reply number is this moment.
    decided = {} if to == S.PENDING else {"decided_at": now}
    if body_fingerprint is not None:
        decided["body_fingerprint"] = body_fingerprint
    moved = transition(
        comment_id,
        to,
        allowed_from=frozenset({S.RECEIVED}),
        read=read,
        score=score,
        reasons=reasons,
        model_version=model_version,
        scored_at=now,
        score_error=None,
        **decided,
    )
    if moved is None:
        return False
    if to != S.PENDING:
        action = DecisionAction.AUTO_SPAM if to == S.SPAM else DecisionAction.AUTO_APPROVE
        # The worker never looks at its log row again: a Core insert, without the ORM's flush.
        db.session.execute(insert(Decision.__table__), _decision_values(
            comment_id, action, None, moved, to, note=f"score {score:.3f}",
            site_id=None if read is None else read.site_id))
    comment_moved(comment_id, moved[0], to, by_worker=True, read=read)
    return True


def mark_score_failed(comment_id: int, error: str) -> bool:
    """Park a comment the worker could not score where moderators still see it."""
    moved = transition(
        comment_id,
        S.SCORE_FAILED,
        allowed_from=frozenset({S.RECEIVED}),
        score_error=error[:500],
    )
    if moved is None:
        return False
    comment_moved(comment_id, moved[0], S.SCORE_FAILED, by_worker=True)
    return True


def _decision_values(
    comment_id: int,
    action: DecisionAction,
    moderator_id: int | None,
    moved: tuple[CommentStatus, int | None, int | None],
    to: CommentStatus,
    note: str = "",
    site_id: int | None = None,
) -> dict[str, Any]:
    """The audit log's row for a move, as `_log` writes it."""
    from_status, from_number, to_number = moved
    if site_id is None:
        site_id = db.session.scalar(select(Comment.site_id).where(Comment.id == comment_id))
    return {
        "comment_id": comment_id,
        "site_id": site_id,
        "moderator_id": moderator_id,
        "action": action,
        "from_status": from_status,
        "to_status": to,
        "from_number": from_number,
        "to_number": to_number,
        "note": note[:500],
    }


def _log(
    comment_id: int,
    action: DecisionAction,
    moderator_id: int | None,
    moved: tuple[CommentStatus, int | None, int | None],
    to: CommentStatus,
    note: str = "",
) -> Decision:
    decision = Decision(**_decision_values(comment_id, action, moderator_id, moved, to, note))
    db.session.add(decision)
    db.session.flush()
    return decision


def decide(
    comment_id: int, action: DecisionAction, moderator_id: int | None, note: str = ""
) -> Decision | None:
    """Apply a moderator's decision and log it; None when it changes nothing.

    Deciding what is already so (approving an approved comment) is harmless
    and writes nothing, so a double submit or a repeated bulk action is safe.
    """
    to = ACTION_TARGET.get(action)
    if to is None:
        raise ValueError(f"{action} is not a moderator's decision")
    allowed = None
    if action == DecisionAction.NOT_SPAM:
        allowed = frozenset({S.SPAM})
    moved = transition(
        comment_id,
        to,
        allowed_from=allowed,
        decided_at=utcnow(),
        decided_by_id=moderator_id,
    )
    if moved is None:
        if action == DecisionAction.SPAM:
            return _confirm_policy_spam(comment_id, moderator_id, note)
        return None
    decision = _log(comment_id, action, moderator_id, moved, to, note)
    comment_moved(comment_id, moved[0], to, by_worker=False, decision_id=decision.id,
                  moderator_id=moderator_id)
    return decision


def _decision_days_changed(comment_id: int, *more: datetime) -> None:
    # A confirmation changes who decided, not the status, so transition()'s own note is missed.
    from .insight_counts import mark_dirty  # here: insight_counts imports this module

    site_id, created_at = db.session.execute(
        select(Comment.site_id, Comment.created_at).where(Comment.id == comment_id)).one()
    mark_dirty(site_id, (created_at, utcnow(), *more))


def _confirm_policy_spam(comment_id: int, moderator_id: int | None, note: str) -> Decision | None:
    """Record a person agreeing with the policy's spam verdict: logged, and a label from now on.

    Only a comment no person has decided yet (`decided_at` is empty: the worker filed it) can be
    confirmed; marking spam what a moderator already marked spam still changes nothing.
    """
    result = db.session.execute(
        update(Comment)
        .where(Comment.id == comment_id, Comment.status == S.SPAM, Comment.decided_at.is_(None))
        .values(decided_at=utcnow(), decided_by_id=moderator_id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    _decision_days_changed(comment_id)
    db.session.expire_all()
    return _log(comment_id, DecisionAction.SPAM, moderator_id, (S.SPAM, None, None), S.SPAM, note)


def undo(decision_id: int, moderator_id: int | None) -> Decision | None:
    """Reverse one decision if the comment is still where it left it.

    The comment gets back its previous status and, when it was approved, its
    previous reply number if nobody has taken it since. None when the
    decision was undone already or the comment has moved on.
    """
    original = db.session.get(Decision, decision_id)
    if original is None or original.undone_by_id is not None or original.action == DecisionAction.UNDO:
        return None
    back_to = original.from_status
    if back_to in (S.RECEIVED, S.SCORE_FAILED):
        back_to = S.PENDING  # a decision on an unscored comment undoes to review
    if original.from_status == original.to_status == S.SPAM:
        # A confirmation of the policy's verdict: undone, the comment is the policy's again,
        # unless something happened to it since.
        latest = db.session.scalar(
            select(func.max(Decision.id)).where(Decision.comment_id == original.comment_id))
        reverted = db.session.execute(
            update(Comment)
            .where(Comment.id == original.comment_id, Comment.status == S.SPAM)
            .values(decided_at=None, decided_by_id=None)
            .execution_options(synchronize_session=False)
        ) if latest == decision_id else None
        moved = (S.SPAM, None, None) if reverted is not None and reverted.rowcount == 1 else None
        if moved is not None:
            _decision_days_changed(original.comment_id, original.created_at)
    else:
        moved = transition(
            original.comment_id,
            back_to,
            allowed_from=frozenset({original.to_status}),
            restore_number=original.from_number,
            decided_at=utcnow(),
            decided_by_id=moderator_id,
        )
    if moved is None:
        return None
    reversal = _log(original.comment_id, DecisionAction.UNDO, moderator_id, moved, back_to,
                    note=f"undo of decision {decision_id}")
    db.session.execute(
        update(Decision)
        .where(Decision.id == decision_id)
        .values(undone_by_id=reversal.id)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    return reversal


def author_post_counts(site_id: int, keys: set[str]) -> dict[str, int]:
    """Return each author's number of approved comments on the site."""
    if not keys:
        return {}
    rows = db.session.execute(
        select(Comment.author_key, func.count())
        .where(Comment.site_id == site_id, Comment.status == S.APPROVED, Comment.author_key.in_(keys))
        .group_by(Comment.author_key)
    )
    return {key: count for key, count in rows}
