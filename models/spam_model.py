"""The spam model registry: one row per trained classifier version, exactly one active.

A model lives in its row: its skops bytes (``payload``) beside its metadata, so every worker on
every machine loads the active model from the database and no folder has to be shared. Registering
stores a model and records its row; promoting makes it the one active model; rolling back
re-activates the one promoted before it; pruning empties the payloads of models no one will load
again (their rows stay, with their metrics, as the history of the model). The payload is deferred:
listing or choosing rows must never pull megabytes; only ``load`` reads it. ``spam`` is imported
only inside the functions that load or save a model, so web processes that never score do not pay
for scikit-learn.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, Integer, LargeBinary, String, select, update
from sqlalchemy.orm import Mapped, column_property, mapped_column

from .base import db, utcnow

if TYPE_CHECKING:
    from spam import SpamClassifier

__all__ = [
    "ROLLBACK_DEPTH",
    "ModelUnavailable",
    "SpamModel",
    "active_model_usable",
    "export_model",
    "load_model",
    "prune_models",
    "register_model",
    "rollback",
]

log = logging.getLogger(__name__)

# How many earlier promoted models keep their payloads, so a rollback has somewhere to go.
ROLLBACK_DEPTH = 3


class ModelUnavailable(RuntimeError):
    """No active model, or its stored bytes cannot be loaded; scoring is retried later."""


class SpamModel(db.Model):
    __tablename__ = "spam_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    source: Mapped[str] = mapped_column(String(32), default="starter")  # starter, csv, decisions
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    # The newest decision id this model was trained with, so retraining
    # knows how many new decisions have arrived since.
    decisions_until: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column()
    # The skops bytes, NULL once pruned. Deferred: megabytes, read only by load_model.
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    size_bytes: Mapped[int | None] = mapped_column(Integer)  # kept after pruning, as history
    # Whether the payload is still there, answered by the database without sending it.
    stored: Mapped[bool] = column_property(payload.column.is_not(None))

    @classmethod
    def active_model(cls) -> SpamModel | None:
        return db.session.scalar(select(cls).where(cls.active.is_(True)).order_by(cls.id.desc()))

    def promote(self) -> None:
        """Make this the one active model; the caller commits."""
        db.session.execute(update(SpamModel).where(SpamModel.id != self.id).values(active=False))
        self.active = True
        self.promoted_at = utcnow()

    def load(self) -> SpamClassifier:
        """Load this row's model; ModelUnavailable names the version when it cannot be."""
        return load_model(self.id, self.version)


def load_model(model_id: int, version: str) -> SpamClassifier:
    """Read one model's bytes from the database and load them through the skops allow-list."""
    from spam import SpamClassifier

    payload = db.session.scalar(select(SpamModel.payload).where(SpamModel.id == model_id))
    if payload is None:
        raise ModelUnavailable(f"cannot load model {version}: it was pruned (no stored model)")
    try:
        classifier = SpamClassifier.from_bytes(payload, origin=f"model {version}")
    except ValueError as error:
        raise ModelUnavailable(f"cannot load model {version}: {error}") from error
    classifier.version = version
    return classifier


def register_model(classifier: SpamClassifier, source: str, *, decisions_until: int = 0,
                   promote: bool = False) -> SpamModel:
    """Store the model and its metadata in one row, and promote it if asked; commits."""
    payload = classifier.to_bytes()
    row = SpamModel(version=classifier.version, source=source, metadata_=classifier.metadata,
                    decisions_until=decisions_until, payload=payload, size_bytes=len(payload))
    db.session.add(row)
    db.session.flush()
    if promote:
        row.promote()
    db.session.commit()
    return row


def export_model(row: SpamModel, directory: str | Path) -> Path:
    """Write a stored model to ``<directory>/<version>.skops`` (for a look outside the service)."""
    from spam import MODEL_SUFFIX

    payload = db.session.scalar(select(SpamModel.payload).where(SpamModel.id == row.id))
    if payload is None:
        raise ModelUnavailable(f"spam model {row.version} was pruned: nothing to export")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{row.version}{MODEL_SUFFIX}"
    path.write_bytes(payload)
    return path


def active_model_usable() -> SpamModel | None:
    """Return the active row if its model is stored, else None."""
    row = SpamModel.active_model()
    return row if row is not None and row.stored else None


def prune_models(keep: int | None = None) -> list[str]:
    """Empty the payloads of models no one will load again; return their versions; commits.

    Kept: the active model, the ROLLBACK_DEPTH most recently promoted ones and the ``keep``
    newest (MODEL_KEEP by default). A pruned model's row remains, so `flask spam models` still
    lists it, and promoting it says its model is gone.
    """
    from flask import current_app

    keep = current_app.config["MODEL_KEEP"] if keep is None else keep
    rows = db.session.execute(
        select(SpamModel.id, SpamModel.version, SpamModel.active, SpamModel.promoted_at,
               SpamModel.stored).order_by(SpamModel.id.desc())
    ).all()
    promoted = sorted((r for r in rows if r.promoted_at is not None),
                      key=lambda r: (r.promoted_at, r.id), reverse=True)
    wanted = {r.id for r in rows[:keep]} | {r.id for r in promoted[:ROLLBACK_DEPTH]}
    wanted |= {r.id for r in rows if r.active}
    gone = [r for r in rows if r.id not in wanted and r.stored]
    if gone:
        db.session.execute(
            update(SpamModel).where(SpamModel.id.in_([r.id for r in gone])).values(payload=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        log.info("pruned %d old spam models: %s", len(gone), ", ".join(r.version for r in gone))
    return [r.version for r in gone]


def rollback() -> SpamModel | None:
    """Re-activate the model that was active before the current one; None if there is none.

    A pruned model is passed over for the one promoted before it.
    """
    current = SpamModel.active_model()
    query = select(SpamModel).where(SpamModel.promoted_at.is_not(None), SpamModel.stored)
    if current is not None:
        query = query.where(SpamModel.id != current.id)
    previous = db.session.scalar(query.order_by(SpamModel.promoted_at.desc(), SpamModel.id.desc()))
    if previous is None:
        return None
    previous.promote()
    db.session.commit()
    return previous
