"""One row per trained classifier version; exactly one is active."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, utcnow

__all__ = ["SpamModel"]


class SpamModel(db.Model):
    __tablename__ = "spam_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    # Relative to MODEL_DIR: the service loads models only from its own folder.
    filename: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    source: Mapped[str] = mapped_column(String(32), default="starter")  # starter, csv, decisions
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    # The newest decision id this model was trained with, so retraining
    # knows how many new decisions have arrived since.
    decisions_until: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column()

    @classmethod
    def active_model(cls) -> SpamModel | None:
        return db.session.scalar(select(cls).where(cls.active.is_(True)).order_by(cls.id.desc()))

    def promote(self) -> None:
        """Make this the one active model; the caller commits."""
        db.session.execute(update(SpamModel).where(SpamModel.id != self.id).values(active=False))
        self.active = True
        self.promoted_at = utcnow()
