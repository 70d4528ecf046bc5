"""The spam model registry: one row per trained classifier version, exactly one active.

Registering saves a model and records its row; promoting makes it the one active model; rolling
back re-activates the one promoted before it; pruning deletes the files of models no one will load
again (their rows stay, with their metrics, as the history of the model). Model files are read only
from MODEL_DIR: a row can never point the loader at another path. ``spam`` is imported only inside
the functions that load or save a model, so web processes that never score do not pay for
scikit-learn.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy import JSON, Boolean, Integer, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, utcnow

if TYPE_CHECKING:
    from spam import SpamClassifier

__all__ = [
    "ROLLBACK_DEPTH",
    "ModelUnavailable",
    "SpamModel",
    "active_model_usable",
    "model_path",
    "prune_model_files",
    "register_model",
    "rollback",
]

log = logging.getLogger(__name__)

# How many earlier promoted models keep their files, so a rollback has somewhere to go.
ROLLBACK_DEPTH = 3


class ModelUnavailable(RuntimeError):
    """No active model, or its file cannot be read; scoring is retried later."""


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

    @property
    def path(self) -> Path:
        return model_path(current_app.config["MODEL_DIR"], self.filename)

    def file_present(self) -> bool:
        try:
            return self.path.is_file()
        except ModelUnavailable:
            return False

    def load(self) -> SpamClassifier:
        """Load this row's model; ModelUnavailable names the version when it cannot be read."""
        from spam import SpamClassifier

        try:
            return SpamClassifier.load(self.path)
        except (OSError, ValueError) as error:
            raise ModelUnavailable(f"cannot load model {self.version}: {error}") from error


def model_path(model_dir: str | Path, filename: str) -> Path:
    """Return the model file's path, refusing one outside MODEL_DIR."""
    root = Path(model_dir).resolve()
    path = (root / filename).resolve()
    if not path.is_relative_to(root):
        raise ModelUnavailable(f"model file {filename!r} is outside MODEL_DIR {root}")
    return path


def register_model(classifier: SpamClassifier, source: str, *, decisions_until: int = 0,
                   promote: bool = False) -> SpamModel:
    """Save the model into MODEL_DIR, record its row, and promote it if asked; commits."""
    path = classifier.save(Path(current_app.config["MODEL_DIR"]))
    row = SpamModel(version=classifier.version, filename=path.name, source=source,
                    metadata_=classifier.metadata, decisions_until=decisions_until)
    db.session.add(row)
    db.session.flush()
    if promote:
        row.promote()
    db.session.commit()
    return row


def active_model_usable() -> SpamModel | None:
    """Return the active row if its file is there, else None."""
    row = SpamModel.active_model()
    return row if row is not None and row.file_present() else None


def prune_model_files(keep: int | None = None) -> list[str]:
    """Delete the files of models no one will load again; return their versions.

    Kept: the active model, the ROLLBACK_DEPTH most recently promoted ones and
    the `keep` newest (MODEL_KEEP by default). A pruned model's row remains,
    so `flask spam models` still lists it, and promoting it says its file is gone.
    """
    keep = current_app.config["MODEL_KEEP"] if keep is None else keep
    rows = db.session.scalars(select(SpamModel).order_by(SpamModel.id.desc())).all()
    promoted = sorted((r for r in rows if r.promoted_at is not None),
                      key=lambda r: (r.promoted_at, r.id), reverse=True)
    wanted = {r.id for r in rows[:keep]} | {r.id for r in promoted[:ROLLBACK_DEPTH]}
    wanted |= {r.id for r in rows if r.active}
    removed = []
    for row in rows:
        if row.id in wanted:
            continue
        try:
            path = row.path
        except ModelUnavailable:
            continue  # not ours to delete
        if not path.exists():
            continue
        path.unlink()
        path.with_suffix(".json").unlink(missing_ok=True)
        removed.append(row.version)
    if removed:
        log.info("deleted the files of %d old spam models: %s", len(removed), ", ".join(removed))
    return removed


def rollback() -> SpamModel | None:
    """Re-activate the model that was active before the current one; None if there is none.

    A model whose file was pruned is passed over for the one promoted before it.
    """
    current = SpamModel.active_model()
    query = select(SpamModel).where(SpamModel.promoted_at.is_not(None))
    if current is not None:
        query = query.where(SpamModel.id != current.id)
    for previous in db.session.scalars(query.order_by(SpamModel.promoted_at.desc(), SpamModel.id.desc())):
        if previous.file_present():
            previous.promote()
            db.session.commit()
            return previous
    return None
