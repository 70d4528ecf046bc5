"""What the classifier sees of a stored comment, and the moderators' decisions as labelled samples.

A sample carries what the site knows beyond the text: its author's approved and spam comments on
the site before it, and how many near-identical comments the site received in the day before it
(found through ``body_fingerprint``, an index lookup). History counts only comments that came
before this one (a lower id), so a training sample built later from a decided comment sees exactly
what its scorer saw. ``spam`` is imported inside the functions: web processes never need it.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import CompoundSelect, Row, bindparam, func, literal, null, select, union_all

from .base import db
from .comment import Comment, CommentStatus, Decision

if TYPE_CHECKING:
    from spam import Labelled, Sample

__all__ = ["body_fingerprint", "build_sample", "decision_corpus"]

S = CommentStatus
NEAR_DUPLICATE_WINDOW = timedelta(days=1)
# Below this many letters and digits, comments like "Thanks!" are alike by
# nature, not because one sender copied them.
FINGERPRINT_MIN_CHARS = 20

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[\W_]+")


def body_fingerprint(body: str) -> str | None:
    """Return a 16-hex-digit hash shared by near-identical bodies, or None for short ones.

    Case, digits, links, punctuation and spacing are folded away, so a spam
    run that only changes a number or a tracking link gives one fingerprint.
    """
    text = "".join(c for c in unicodedata.normalize("NFKC", body) if unicodedata.category(c) != "Cf")
    text = _URL.sub(" u ", text.casefold())
    text = _DIGITS.sub("0", text)
    text = _NOT_WORD.sub(" ", text).strip()
    if sum(1 for c in text if c.isalnum()) < FINGERPRINT_MIN_CHARS:
        return None
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def build_sample(comment: Comment | Row[Any], fingerprint: str | None = None, *,
                 page_title: str | None = None) -> Sample:
    """Assemble what the classifier sees: the text, the client signals, the site's history.

    `comment` is a Comment or a row with the columns read here; `page_title` is its page's title
    when the caller read it with the comment, else it comes from `comment.thread`.
    """
    from spam import Sample
    from spam.features import THREAD_CHARS

    fingerprint = fingerprint or comment.body_fingerprint or body_fingerprint(comment.body)
    rows = db.session.execute(_history_query(fingerprint is not None), {
        "site_id": comment.site_id, "thread_id": comment.thread_id, "comment_id": comment.id,
        "author_key": comment.author_key, "fingerprint": fingerprint,
        "day_before": comment.created_at - NEAR_DUPLICATE_WINDOW,
    }).all()
    _, approved, spam, near, *_ = rows[0]
    thread_text = "\n".join(row.body for row in rows[1:])[:THREAD_CHARS]
    if page_title is None:
        page_title = comment.thread.title
    return Sample(
        body=comment.body,
        author=comment.author,
        title=comment.title or "",
        email=comment.email or "",
        honeypot=bool(comment.honeypot),
        seconds_to_submit=comment.seconds_to_submit,
        author_approved=approved or 0,
        author_spam=spam or 0,
        near_duplicates=near or 0,
        page_title=page_title or "",
        thread_text=thread_text,
    )


@functools.cache
def _history_query(with_fingerprint: bool) -> CompoundSelect:
    """What the site knows around a comment, one round trip, built once (values are bound at execution).

    The counts' row comes first (part 0): the author's earlier verdicts and the near-identical
    comments of the day, each its own indexed subquery (ix_comments_author, ix_comments_fingerprint).
    Then the page's language, for relevance: the approved comments before this one, oldest first,
    as many as the classifier reads.
    """
    # Core, on the table: the ORM adds nothing to a statement of plain columns, only CPU.
    comments = Comment.__table__
    c = comments.c
    site_id, comment_id = bindparam("site_id"), bindparam("comment_id")

    def author_count(status: CommentStatus):
        return (
            select(func.count())
            .select_from(comments)
            .where(
                c.site_id == site_id,
                c.author_key == bindparam("author_key"),
                c.status == status,
                c.id < comment_id,
            )
            .scalar_subquery()
        )

    near_count = literal(0)
    if with_fingerprint:
        near_count = (
            select(func.count())
            .select_from(comments)
            .where(
                c.site_id == site_id,
                c.body_fingerprint == bindparam("fingerprint"),
                c.created_at >= bindparam("day_before"),
                c.id < comment_id,
            )
            .scalar_subquery()
        )
    page = (
        select(c.body, c.number, c.id)
        .where(
            c.thread_id == bindparam("thread_id"),
            c.status == S.APPROVED,
            c.id < comment_id,
        )
        .order_by(c.number, c.id)
        .limit(50)
        .subquery()
    )
    counts = select(literal(0).label("part"), author_count(S.APPROVED).label("approved"),
                    author_count(S.SPAM).label("spam"), near_count.label("near"), null().label("body"),
                    null().label("number"), null().label("id"))
    bodies = select(literal(1), null(), null(), null(), page.c.body, page.c.number, page.c.id)
    return union_all(counts, bodies).order_by("part", "number", "id")


def decision_corpus() -> tuple[Labelled, int]:
    """Return moderators' labels, oldest decision first, and the newest decision id seen.

    A comment counts with the status a person last gave it: `decided_at` is
    set only by a moderator's decision, never by the worker's own policy, so
    the model never learns from its own verdicts.
    """
    from spam import Labelled

    comments = db.session.scalars(
        select(Comment)
        .where(Comment.status.in_((S.APPROVED, S.SPAM)), Comment.decided_at.is_not(None))
        .order_by(Comment.decided_at, Comment.id)
    ).all()
    data = Labelled()
    for comment in comments:
        data.samples.append(build_sample(comment))
        data.labels.append(1 if comment.status == S.SPAM else 0)
        data.sources.append("decisions")
    until = db.session.scalar(select(func.max(Decision.id))) or 0
    return data, until
