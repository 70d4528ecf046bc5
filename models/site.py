"""A site: one publisher's pages, the origins they may be embedded on, and its policy."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import JSON, Boolean, Float, Integer, String, select, true
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, utcnow

__all__ = ["POW_MAX_NUMBER", "POW_MAX_NUMBER_RANGE", "SITE_REF_COLUMNS", "Site", "SiteRef",
           "normalise_origin", "origin_listed"]

# The proof-of-work puzzle's size (moderation/proof_of_work.py): the widget tries
# max_number / 2 hashes on average, max_number + 1 at worst. Chosen with bench/pow.py:
# a bot's C solver pays ~0.1 CPU-s a try, ~3 s per comment it gets through a CAPTCHA
# it reads 3% of the time; Chromium throttled 4x needs 7 s on average, 14 s at worst.
POW_MAX_NUMBER = 3_000_000
POW_MAX_NUMBER_RANGE = (1_000, 100_000_000)


def new_site_key() -> str:
    """A random public key that never starts with "-" or "_".

    A key is typed after commands (`flask sites show KEY`), where a leading "-" reads as an
    option: one key in 32 would otherwise be unusable there.
    """
    while True:
        key = secrets.token_urlsafe(12)
        if key[0].isalnum():
            return key


def normalise_origin(raw: str) -> str:
    """Return `scheme://host[:port]` for an origin, or raise ValueError saying why."""
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) origin: {raw!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"an origin has no path, query or user: {raw!r}")
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    default_port = {"http": 80, "https": 443}[parts.scheme]
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"bad port in origin: {raw!r}") from None
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default_port else "")


def origin_listed(origin: str | None, origins: list[str]) -> bool:
    """Return True if a request's Origin header names one of a site's registered origins."""
    if not origin:
        return False
    return _request_origin(origin) in origins


@functools.lru_cache(maxsize=256)  # a page's Origin comes with each of its requests, twice per answer
def _request_origin(origin: str) -> str | None:
    try:
        return normalise_origin(origin)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class SiteRef:
    """What the public API needs of a site, read without the ORM.

    Every comment POST and CAPTCHA request looks its site up; a plain row
    costs a fraction of a mapped object, and nothing on these paths writes to
    the site.
    """

    id: int
    key: str
    origins: list[str]
    content_version: int
    pow_max_number: int = POW_MAX_NUMBER

    def allows_origin(self, origin: str | None) -> bool:
        return origin_listed(origin, self.origins)

    @classmethod
    def from_row(cls, site_id: int, key: str, origins: list[str] | None, content_version: int,
                 pow_max_number: int) -> SiteRef:
        """Build one from the values of `SITE_REF_COLUMNS`, in that order."""
        return cls(site_id, key, list(origins or ()), content_version, pow_max_number)


class Site(db.Model):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public key goes into the embed snippet; it identifies, it does not authorise.
    key: Mapped[str] = mapped_column(String(32), unique=True, default=new_site_key)
    name: Mapped[str] = mapped_column(String(200))
    origins: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Policy. Scores at or above spam_threshold go straight to the spam folder
    # (None: never); comments with more links than hold_links_over always wait
    # for a moderator; auto-approval of trusted authors is opt-in.
    spam_threshold: Mapped[float | None] = mapped_column(Float, default=0.99)
    hold_links_over: Mapped[int] = mapped_column(Integer, default=2)
    auto_approve_trusted: Mapped[bool] = mapped_column(Boolean, default=False)
    auto_approve_below: Mapped[float] = mapped_column(Float, default=0.1)
    # Bumped on every approval or withdrawal on the site, so a thread's ETag
    # changes when an author's post count elsewhere on the site changes too.
    content_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Privacy (models/privacy.py): erasing a commenter keeps their approved replies' places as
    # "deleted" so numbering stays, unless the owner chose to delete them; a comment's network
    # and user agent are forgotten after keep_network_days, rejected and spam comments deleted
    # after keep_rejected_days (None: kept, as spam teaches the classifier).
    erase_keeps_numbering: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    keep_network_days: Mapped[int | None] = mapped_column(Integer, default=90, server_default="90")
    keep_rejected_days: Mapped[int | None] = mapped_column(Integer, default=None)
    # How much work the widget does for each comment (see POW_MAX_NUMBER).
    pow_max_number: Mapped[int] = mapped_column(Integer, default=POW_MAX_NUMBER,
                                                server_default=str(POW_MAX_NUMBER))

    def allows_origin(self, origin: str | None) -> bool:
        return origin_listed(origin, self.origins)

    def embed_snippet(self, public_url: str) -> str:
        """Return the HTML a site owner pastes where the comments should appear."""
        return (
            '<div id="comments"></div>\n'
            f'<script src="{public_url}/embed.js" data-site="{self.key}" async></script>'
        )

    @classmethod
    def by_key(cls, key: str) -> Site | None:
        return db.session.scalar(select(cls).where(cls.key == key))

    @classmethod
    def ref_by_key(cls, key: str) -> SiteRef | None:
        row = db.session.execute(select(*SITE_REF_COLUMNS).where(cls.key == key)).first()
        return None if row is None else SiteRef.from_row(*row)

    def __repr__(self) -> str:
        return f"<Site {self.key} {self.name!r}>"


# What a SiteRef is read from; queries that need more select these first.
SITE_REF_COLUMNS = (Site.id, Site.key, Site.origins, Site.content_version, Site.pow_max_number)
