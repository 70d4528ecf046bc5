"""Outbound mail as rows: what is owed to whom, and the commenters' addresses and subscriptions.

Every mail the service owes is a `Notification` row written in the same
transaction as the change that caused it (a comment entering the queue, a
decision, a confirmation asked for), under a unique `key` such as
`moderator_comment:7:1234`: writing the same mail twice is impossible, and a
worker sends a row only after moving it `pending -> sending` with a conditional
update, so a retried or redelivered task never sends it twice. The ids written
in a transaction are handed to the `mail` queue once it commits
(`dispatch_after_commit`); a row the broker never got waits for the sweeper.
Commenters' addresses are per site and unconfirmed until they follow the link
in the one mail an unconfirmed address may receive.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import db, utcnow

__all__ = ["MailAddress", "MailKind", "MailState", "NOTIFY_MODES", "Notification", "Subscription",
           "SubscriptionKind", "queue_after_commit", "state_column"]

# A moderator's choice: each comment as it enters the queue, a digest, or nothing.
NOTIFY_MODES = {"each": "Each comment as it arrives", "hourly": "An hourly digest",
                "daily": "A daily digest", "off": "No mail"}


class MailState(enum.StrEnum):
    PENDING = "pending"  # owed; a worker will send it (again, after a failure)
    SENDING = "sending"  # claimed by a worker
    SENT = "sent"  # handed to the SMTP server (or written to the outbox)
    FAILED = "failed"  # gave up after MAIL_MAX_ATTEMPTS; shown in the console
    DROPPED = "dropped"  # no longer owed: unsubscribed, comment gone or decided meanwhile


class MailKind(enum.StrEnum):
    MODERATOR_COMMENT = "moderator_comment"
    MODERATOR_DIGEST = "moderator_digest"
    CONFIRM = "confirm"  # the double opt-in request
    PUBLISHED = "published"  # your comment is published
    PAGE_COMMENT = "page_comment"  # a new comment on a page you follow


class SubscriptionKind(enum.StrEnum):
    PUBLISHED = "published"
    PAGE = "page"


def state_column(states: type[enum.StrEnum], name: str = "state") -> Enum:
    return Enum(states, name=name, native_enum=False, create_constraint=True, length=24,
                values_callable=lambda e: [m.value for m in e], validate_strings=True)


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # The sweeper: owed rows by when they are due.
        Index("ix_notifications_state_due", "state", "next_attempt_at"),
        # Per-address limits: mails to one address in the last day.
        Index("ix_notifications_recipient_time", "recipient", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # One mail per (kind, recipient, subject): "moderator_comment:<moderator>:<comment>".
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[MailKind] = mapped_column(state_column(MailKind, "kind"))
    recipient: Mapped[str] = mapped_column(String(320))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id", ondelete="CASCADE"))
    address_id: Mapped[int | None] = mapped_column(ForeignKey("mail_addresses.id", ondelete="CASCADE"))
    state: Mapped[MailState] = mapped_column(state_column(MailState), default=MailState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    claimed_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    subject: Mapped[str | None] = mapped_column(String(300))
    # The whole message, kept only when it went to the development outbox.
    outbox_message: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind.value} {self.state.value}>"


class MailAddress(db.Model):
    """A commenter's address on one site: confirmed or not, and whether it wants any mail at all."""

    __tablename__ = "mail_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))  # lower-cased
    confirmed_at: Mapped[datetime | None] = mapped_column()
    # Unsubscribed from the whole site: nothing is ever sent again, confirmation requests included.
    unsubscribed_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (db.UniqueConstraint("site_id", "email"),)


class Subscription(db.Model):
    """What an address asked for: its comment's publication, or new comments on a page."""

    __tablename__ = "subscriptions"
    __table_args__ = (Index("ix_subscriptions_thread", "thread_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "published:<comment>" or "page:<address>:<thread>": asking twice changes nothing.
    key: Mapped[str] = mapped_column(String(100), unique=True)
    address_id: Mapped[int] = mapped_column(ForeignKey("mail_addresses.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SubscriptionKind] = mapped_column(state_column(SubscriptionKind, "kind"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    # The comment whose form asked for it; its subscriptions go if it turns out to be spam.
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()


# --- handing new rows to the worker once they are committed -------------------------------

OUTBOUND_KEY = "outbound"


def queue_after_commit(session: Session, kind: str, row_id: int) -> None:
    """Remember `row_id` (a notification or a webhook delivery) to send once the transaction commits."""
    session.info.setdefault(OUTBOUND_KEY, []).append((kind, row_id))


@event.listens_for(Session, "after_commit")
def _dispatch(session: Session) -> None:
    # Before the commit a worker could not see the rows; a rollback forgets them. A send that
    # fails here leaves the rows pending for the sweeper.
    owed = session.info.pop(OUTBOUND_KEY, None)
    if owed:
        from workers.notify import dispatch

        dispatch(owed)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(OUTBOUND_KEY, None)
