"""The CAPTCHA challenges and form tokens that the comment API and the CAPTCHA blueprint share.

`store()` gives the challenge store configured for this app (answers live in
the database, see `models.ChallengeStore`); `form_token()` signs the moment a
comment form was shown and `seconds_since_form_shown()` reads it back. The
rule a reader must not break: only the server ever sees an answer, and a
signed token is only ever trusted after its signature is checked here.
"""

from __future__ import annotations

import time

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from models import ChallengeStore

__all__ = ["form_token", "seconds_since_form_shown", "store"]


def store() -> ChallengeStore:
    """Return the challenge store with this app's time to live."""
    return ChallengeStore(ttl_seconds=current_app.config["CAPTCHA_TTL_SECONDS"])


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="form-shown")


def form_token(now: float | None = None) -> str:
    """Sign the moment a form was shown, in milliseconds."""
    return _serializer().dumps(int((time.time() if now is None else now) * 1000))


def seconds_since_form_shown(token: str | None) -> float | None:
    """Seconds between a signed form_token and now; None if missing, forged or nonsense."""
    if not token:
        return None
    try:
        shown_ms = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(shown_ms, int) or isinstance(shown_ms, bool):
        return None
    seconds = time.time() - shown_ms / 1000
    return round(seconds, 3) if seconds >= 0 else None
