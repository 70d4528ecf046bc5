"""A thread: the comments of one page of a site, found by its normalised URI."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .site import Site

__all__ = ["Thread", "normalise_uri", "page_url", "URI_MAX"]

URI_MAX = 2000


def normalise_uri(raw: str) -> str:
    """Return the page URI as a thread key: fragment dropped, host lower-cased.

    Accepts a path ("/2008/07/post") or an absolute http(s) URL. The host is
    kept so the caller can check it against the site's origins.
    Raises ValueError with a reason a commenter's widget can show.
    """
    raw = raw.strip()
    if not raw or len(raw) > URI_MAX:
        raise ValueError(f"must be 1 to {URI_MAX} characters")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        raise ValueError("must not contain control characters")
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL or a path")
        netloc = parts.netloc.rsplit("@", 1)[-1].lower()
        return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    if not raw.startswith("/"):
        raise ValueError("must be an http(s) URL or a path starting with /")
    return urlunsplit(("", "", parts.path, parts.query, ""))


def page_url(uri: str, origins: list[str]) -> str | None:
    """A page's address for a link: the URI when absolute, else the path on the site's first origin.

    None when the URI is a path and the site has no origin yet: a bare path
    would link to the console's own host.
    """
    if not uri.startswith("/"):
        return uri
    return origins[0] + uri if origins else None


class Thread(db.Model):
    __tablename__ = "threads"
    __table_args__ = (UniqueConstraint("site_id", "uri"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    uri: Mapped[str] = mapped_column(String(URI_MAX))
    title: Mapped[str] = mapped_column(String(300), default="")
    # Bumped whenever the public answer for this thread changes (ETag).
    version: Mapped[int] = mapped_column(Integer, default=0)
    approved_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    site: Mapped[Site] = relationship(lazy="joined")

    @property
    def public_url(self) -> str | None:
        """The page's address for a link (see `page_url`)."""
        return page_url(self.uri, self.site.origins)

    def __repr__(self) -> str:
        return f"<Thread {self.id} {self.uri!r}>"
