"""A site's webhooks and every delivery made to them.

A delivery is a row written in the same transaction as the event it reports,
under a unique key (`<webhook>:<event>:<comment>:<decision or 0>`), with its
JSON body fixed at that moment: a retry sends the same bytes, signed anew
with a fresh timestamp. Deliveries move `pending -> sending -> delivered` (or
back to `pending` with a later `next_attempt_at`, then `failed` after
WEBHOOK_MAX_ATTEMPTS) by conditional updates, as notifications do.
"""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .notification import state_column

__all__ = ["WEBHOOK_EVENTS", "DeliveryState", "Webhook", "WebhookDelivery"]

WEBHOOK_EVENTS = {
    "comment.received": "A comment arrived (when the worker takes it up)",
    "comment.scored": "The spam filter scored it",
    "comment.approved": "A moderator approved it",
    "comment.rejected": "A moderator rejected it",
    "comment.spam": "It went to the spam folder (a moderator, or the site's threshold)",
}


class DeliveryState(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"


class Webhook(db.Model):
    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(100), default=lambda: secrets.token_urlsafe(32))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    # "json": our signed JSON; "slack": {"text": ...}, which Slack, Mattermost and others show as is.
    format: Mapped[str] = mapped_column(String(8), default="json")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(db.Model):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_state_due", "state", "next_attempt_at"),
        Index("ix_webhook_deliveries_hook_time", "webhook_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(32))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[DeliveryState] = mapped_column(state_column(DeliveryState), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    response_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    claimed_at: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()

    webhook: Mapped[Webhook] = relationship()
