"""Where an imported comment came from: its id in the old system, remembered per site.

The importers look a source id up here before they insert, so importing the
same file twice adds nothing the second time. A row is written in the same
transaction as its comment and goes with it (ON DELETE CASCADE); never write
one for a comment that was not imported, or that comment's source id would
block a later import of the real one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, utcnow

__all__ = ["ImportedComment", "SOURCE_MAX", "SOURCE_ID_MAX"]

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
