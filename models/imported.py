"""Where an imported comment came from, and the imports owners start from the console.

An imported comment's id in the old system is remembered per site.

The importers look a source id up here before they insert, so importing the
same file twice adds nothing the second time. A row is written in the same
transaction as its comment and goes with it (ON DELETE CASCADE); never write
one for a comment that was not imported, or that comment's source id would
block a later import of the real one.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, utcnow

__all__ = ["SOURCE_ID_MAX", "SOURCE_MAX", "ImportChunk", "ImportJob", "ImportJobStatus", "ImportedComment"]

SOURCE_MAX = 64
SOURCE_ID_MAX = 100


class ImportedComment(db.Model):
    __tablename__ = "imported_comments"
    __table_args__ = (UniqueConstraint("site_id", "source", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    # "wordpress", "disqus", "isso", or "json:<site key>" for our own exports.
    source: Mapped[str] = mapped_column(String(SOURCE_MAX))
    source_id: Mapped[str] = mapped_column(String(SOURCE_ID_MAX))
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    # The id of the comment it answered in the old system, until the import links `parent_id`.
    parent_source_id: Mapped[str | None] = mapped_column(String(SOURCE_ID_MAX))
    # The commenter's website as the old system kept it: comments have no column for it.
    author_url: Mapped[str | None] = mapped_column(String(2000))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ImportedComment {self.source}:{self.source_id} -> {self.comment_id}>"


class ImportJobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ImportJob(db.Model):
    """A file an owner uploaded in the console, imported by a worker (`moderation.porting.jobs`).

    The file itself waits in `import_chunks`, in the database, so a worker on another machine
    reads it too; its chunks are deleted when the job ends, whatever the outcome. Progress while it
    runs is the Celery task's state; what is kept here is the outcome: the report, or the one-line
    error of a file that wrote nothing.
    """

    __tablename__ = "import_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id", ondelete="SET NULL"))
    # "wordpress", "disqus", "isso", "json", or "detect" until the worker has looked at the file.
    format: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    # dry_run, with_pingbacks, train (booleans) and maps ([[old, new], ...]).
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[ImportJobStatus] = mapped_column(
        Enum(ImportJobStatus, name="import_job_status", native_enum=False, create_constraint=True,
             length=16, values_callable=lambda e: [m.value for m in e], validate_strings=True),
        default=ImportJobStatus.QUEUED)
    task_id: Mapped[str | None] = mapped_column(String(64))
    imported: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(String(1000))
    training: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)


class ImportChunk(db.Model):
    """One piece of an uploaded file, in order; pieces keep each row and each statement small."""

    __tablename__ = "import_chunks"
    __table_args__ = (UniqueConstraint("job_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("import_jobs.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
