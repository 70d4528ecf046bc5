"""People who use the console, their role and the sites they may act on.

A signed-in session names the account and its `session_version`; signing out,
a new password and blocking the account bump the version, which ends every
session of that account at once. Change a password or block an account only
through `set_password`, `set_active` and `end_sessions`, never by assigning the columns.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, Enum, ForeignKey, Integer, String, Table, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .base import db, utcnow
from .site import Site

__all__ = ["Moderator", "Role", "moderator_sites"]


class Role(enum.StrEnum):
    ADMIN = "admin"  # every site, every moderator
    OWNER = "owner"  # the settings and moderators of their sites
    MODERATOR = "moderator"  # the queues of their sites


moderator_sites = Table(
    "moderator_sites",
    db.metadata,
    Column("moderator_id", ForeignKey("moderators.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
)


class Moderator(UserMixin, db.Model):
    __tablename__ = "moderators"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="role", native_enum=False, create_constraint=True, length=16,
             values_callable=lambda e: [m.value for m in e], validate_strings=True),
        default=Role.MODERATOR,
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A one-time link to set the password: only its hash is kept.
    invite_token_hash: Mapped[str | None] = mapped_column(String(64))
    invite_expires_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()
    # Part of every session's id (see get_id): bumping it signs the account out everywhere.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Mail about the queue (models/notification.py NOTIFY_MODES): each comment, a digest, or none.
    notify_mode: Mapped[str] = mapped_column(String(8), default="each", server_default="each")
    digest_sent_at: Mapped[datetime | None] = mapped_column()

    # Loaded with the moderator: every console page checks them.
    sites: Mapped[list[Site]] = relationship(secondary=moderator_sites, lazy="selectin")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login: what the session cookie names
        return f"{self.id}.{self.session_version or 0}"

    def end_sessions(self) -> None:
        """Sign this account out of every browser it is signed in on (the caller commits)."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.end_sessions()

    def set_active(self, active: bool) -> None:
        if self.active and not active:
            self.end_sessions()
        self.active = active

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def site_ids(self) -> set[int] | None:
        """Return the ids of the sites this person may see; None means all (admin)."""
        if self.role == Role.ADMIN:
            return None
        return {site.id for site in self.sites}

    def can_see(self, site_id: int) -> bool:
        ids = self.site_ids()
        return ids is None or site_id in ids

    def can_manage(self, site_id: int) -> bool:
        """Change a site's settings and moderators: admins, and owners of that site."""
        return self.role == Role.ADMIN or (self.role == Role.OWNER and self.can_see(site_id))

    @classmethod
    def by_email(cls, email: str) -> Moderator | None:
        return db.session.scalar(select(cls).where(cls.email == email.strip().lower()))

    def __repr__(self) -> str:
        return f"<Moderator {self.email} {self.role.value}>"
