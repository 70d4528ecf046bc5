"""A commenter's data on request, and forgetting what a site no longer needs to keep.

`commenter_comments` finds everything written with one email address, `export_commenter` gives it
back as JSON, `erase_commenter` removes it (or, where the site keeps numbering, leaves each
approved reply's place as "deleted"), and `purge_expired` applies the sites' retention settings.
Every request is logged in `privacy_log` under a hash of the address, never the address itself:
the log must not keep what the erasure removed.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Enum, ForeignKey, Integer, String, delete, func, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, utcnow
from .comment import Comment, CommentStatus
from .imported import ImportedComment
from .insight_counts import mark_comments
from .moderator import Moderator
from .outbound import address_record, forget_address
from .render import render_body
from .site import Site
from .thread import Thread

__all__ = ["ERASED", "PrivacyAction", "PrivacyLog", "commenter_comments", "erase_commenter",
           "export_commenter", "purge_expired", "subject_of"]

S = CommentStatus
ERASED = "deleted"


class PrivacyAction(enum.StrEnum):
    EXPORT = "export"
    ERASE = "erase"
    PURGE = "purge"


def subject_of(email: str) -> str:
    """Return how the log names a commenter: a hash of the address, equal for equal addresses."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class PrivacyLog(db.Model):
    """The history of privacy requests and retention runs: who, when, whose, how many."""

    __tablename__ = "privacy_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id", ondelete="SET NULL"))
    action: Mapped[PrivacyAction] = mapped_column(
        Enum(PrivacyAction, name="privacy_action", native_enum=False, create_constraint=True, length=16,
             values_callable=lambda e: [m.value for m in e], validate_strings=True))
    subject: Mapped[str | None] = mapped_column(String(64))
    comments: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds") + "Z"


def commenter_comments(email: str, site_ids: list[int] | None = None) -> list[Comment]:
    """Return every comment written with this address (case ignored), oldest first."""
    query = select(Comment).where(Comment.email_hash == subject_of(email))
    if site_ids is not None:
        query = query.where(Comment.site_id.in_(site_ids))
    return list(db.session.scalars(query.order_by(Comment.created_at, Comment.id)))


def export_commenter(email: str, site_ids: list[int] | None = None,
                     moderator: Moderator | None = None) -> dict[str, Any]:
    """Return everything stored about the commenter's comments, and log the request; the caller commits."""
    comments = commenter_comments(email, site_ids)
    websites = dict(db.session.execute(
        select(ImportedComment.comment_id, ImportedComment.author_url)
        .where(ImportedComment.comment_id.in_([c.id for c in comments]))).all()) if comments else {}
    document = {
        "format": "moderation-commenter",
        "version": 1,
        "email": email.strip(),
        "exported_at": _iso(utcnow()),
        "comments": [{
            "site": comment.site.key,
            "page": comment.thread.uri,
            "page_title": comment.thread.title,
            "status": comment.status.value,
            "number": comment.number,
            "author": comment.author,
            "email": comment.email,
            "website": websites.get(comment.id),
            "title": comment.title,
            "body": comment.body,
            "created_at": _iso(comment.created_at),
            "network": comment.ip_prefix,
            "user_agent": comment.user_agent,
            "score": comment.score,
        } for comment in comments],
    }
    document["mail"] = address_record(email, site_ids)  # confirmation, subscriptions, mails sent
    _log(PrivacyAction.EXPORT, site_ids, moderator, subject_of(email), len(comments))
    return document


def _log(action: PrivacyAction, site_ids: list[int] | None, moderator: Moderator | None,
         subject: str | None, count: int, note: str = "") -> None:
    for site_id in site_ids if site_ids else [None]:
        db.session.add(PrivacyLog(site_id=site_id, moderator_id=moderator.id if moderator else None,
                                  action=action, subject=subject, comments=count, note=note[:500]))


def _forget_replies(thread_ids: set[int], site_ids: set[int]) -> None:
    # Approved replies left their thread: its count and both ETag versions change.
    count = (select(func.count()).select_from(Comment)
             .where(Comment.thread_id == Thread.id, Comment.status == S.APPROVED).scalar_subquery())
    db.session.execute(update(Thread).where(Thread.id.in_(thread_ids))
                       .values(approved_count=count, version=Thread.version + 1)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(Site).where(Site.id.in_(site_ids))
                       .values(content_version=Site.content_version + 1)
                       .execution_options(synchronize_session=False))


def erase_commenter(email: str, site_ids: list[int] | None = None,
                    moderator: Moderator | None = None) -> dict[str, int]:
    """Erase the commenter's comments; return how many were deleted and how many kept as "deleted".

    On a site that keeps numbering, an approved reply stays in its place with its text, name and
    everything else about its author replaced by "deleted"; every other comment is deleted.
    The caller commits.
    """
    comments = commenter_comments(email, site_ids)
    keeps = dict(db.session.execute(select(Site.id, Site.erase_keeps_numbering)).all())
    kept = [c.id for c in comments if c.status == S.APPROVED and keeps.get(c.site_id, True)]
    gone = [c.id for c in comments if c.id not in set(kept)]
    touched_threads = {c.thread_id for c in comments if c.status == S.APPROVED}
    touched_sites = {c.site_id for c in comments}
    if kept:
        for comment_id in kept:
            db.session.execute(update(Comment).where(Comment.id == comment_id).values(
                author=ERASED, email=None, email_hash=None, title="", body=ERASED,
                body_html=render_body(ERASED), body_fingerprint=None, ip_prefix=None, user_agent="",
                signals={}, reasons=None,
                # A key of its own, so erased replies never add up to one author's post count.
                author_key=hashlib.sha256(f"erased:{comment_id}".encode()).hexdigest(),
            ).execution_options(synchronize_session=False))
        db.session.execute(update(ImportedComment).where(ImportedComment.comment_id.in_(kept))
                           .values(author_url=None).execution_options(synchronize_session=False))
    if gone:
        mark_comments(Comment.id.in_(gone))  # the Insights days they counted on
        db.session.execute(delete(Comment).where(Comment.id.in_(gone)).execution_options(synchronize_session=False))
    if touched_threads:
        _forget_replies(touched_threads, touched_sites)
    forget_address(email, site_ids)  # the address's subscriptions and mails go too
    db.session.expire_all()
    _log(PrivacyAction.ERASE, site_ids, moderator, subject_of(email), len(comments),
         note=f"{len(gone)} deleted, {len(kept)} kept as '{ERASED}' for numbering")
    return {"deleted": len(gone), "kept_as_deleted": len(kept)}


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Apply every site's retention settings; return how many comments each rule touched.

    Networks and user agents older than `keep_network_days` are cleared; rejected and spam
    comments decided more than `keep_rejected_days` ago are deleted. The caller commits.
    """
    now = now or utcnow()
    cleared = deleted = 0
    sites = db.session.execute(select(Site.id, Site.keep_network_days, Site.keep_rejected_days)).all()
    for site_id, network_days, rejected_days in sites:
        # Deleting first: a comment about to go needs no clearing, nor counting twice.
        if rejected_days is not None:
            cutoff = now - timedelta(days=rejected_days)
            expired = (Comment.site_id == site_id, Comment.status.in_((S.REJECTED, S.SPAM)),
                       func.coalesce(Comment.decided_at, Comment.created_at) < cutoff)
            mark_comments(*expired)  # the Insights days they counted on
            deleted += db.session.execute(
                delete(Comment).where(*expired).execution_options(synchronize_session=False)).rowcount
        if network_days is not None:
            cleared += db.session.execute(
                update(Comment)
                .where(Comment.site_id == site_id, Comment.created_at < now - timedelta(days=network_days),
                       or_(Comment.ip_prefix.is_not(None), Comment.user_agent != ""))
                .values(ip_prefix=None, user_agent="")
                .execution_options(synchronize_session=False)).rowcount
    # Logged only when it did something: an hourly run must not fill the history with zeros.
    if cleared or deleted:
        db.session.add(PrivacyLog(action=PrivacyAction.PURGE, comments=cleared + deleted,
                                  note=f"{cleared} networks and user agents cleared, {deleted} rejected "
                                       "or spam comments deleted"))
    return {"networks_cleared": cleared, "rejected_deleted": deleted}
