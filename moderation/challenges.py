"""The CAPTCHA challenges and form tokens that the comment API and the CAPTCHA blueprint share.

`store()` gives the challenge store configured for this app (answers live in
the database, see `models.ChallengeStore`). A form token is the signed moment
the comment form was shown, bound to one challenge: it counts only with the
answer to that challenge, so it is used at most once (a challenge is consumed
by its first answer), and only within FORM_TOKEN_MAX_AGE_SECONDS. Asking for a
new challenge with the previous token carries the moment over, so a person
who asks for a clearer picture keeps the time they have spent on the form.
Each challenge also carries a proof-of-work puzzle (`proof_of_work.py`) whose salt
holds the challenge's id, keyed with a key derived from SECRET_KEY.
The rule a reader must not break: a token's time is trusted only after
`read_form_token` has checked its signature, its challenge and its age.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from models import ChallengeStore

from . import proof_of_work

__all__ = ["FormTime", "form_token", "puzzle", "puzzle_solution", "read_form_token", "store",
           "verify_solution"]


def store() -> ChallengeStore:
    """Return the challenge store with this app's time to live."""
    return ChallengeStore(ttl_seconds=current_app.config["CAPTCHA_TTL_SECONDS"])


class _Tokens:
    """The form tokens' serializer and its signer, made once per secret key (neither keeps state).

    `loads` is itsdangerous's own `Serializer.loads` for one key, without making
    a new signer for every token.
    """

    def __init__(self, secret_key: str) -> None:
        # A new salt: tokens of the old, unbound shape do not verify at all.
        self.serializer = URLSafeSerializer(secret_key, salt="form-shown-for-challenge")
        self.signer = self.serializer.make_signer()

    def dumps(self, value: Any) -> str:
        return self.serializer.dumps(value)

    def loads(self, token: str) -> Any:
        return self.serializer.load_payload(self.signer.unsign(token))


def _serializer() -> _Tokens:
    return _tokens_for(current_app.config["SECRET_KEY"])


@functools.lru_cache(maxsize=8)
def _tokens_for(secret_key: str) -> _Tokens:
    return _Tokens(secret_key)


def _now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(frozen=True, slots=True)
class FormTime:
    """What a submitted form token says: a verdict for moderators and, when "ok", the seconds."""

    verdict: str  # "ok", "missing", "invalid", "other_challenge" or "expired"
    seconds: float | None = None


def _decode(token: str | None) -> tuple[str, int] | None:
    if not token:
        return None
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    if (not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], str)
            or not isinstance(value[1], int) or isinstance(value[1], bool)):
        return None
    return value[0], value[1]


def _fresh(shown_ms: int, now_ms: int) -> bool:
    age = now_ms - shown_ms
    return 0 <= age <= current_app.config["FORM_TOKEN_MAX_AGE_SECONDS"] * 1000


def form_token(challenge_id: str, previous: str | None = None, now: float | None = None) -> str:
    """Sign the moment the form was shown, for `challenge_id`.

    The moment is now, or the one a valid, fresh `previous` token carries (the
    same form asking for a new challenge).
    """
    now_ms = _now_ms() if now is None else int(now * 1000)
    shown_ms = now_ms
    earlier = _decode(previous)
    if earlier is not None and _fresh(earlier[1], now_ms):
        shown_ms = earlier[1]
    return _serializer().dumps([challenge_id, shown_ms])


def read_form_token(token: str | None, challenge_id: str) -> FormTime:
    """Check a submitted token against the challenge it came with; the seconds only if all holds."""
    if not token:
        return FormTime("missing")
    decoded = _decode(token)
    if decoded is None:
        return FormTime("invalid")
    bound_to, shown_ms = decoded
    if bound_to != challenge_id:
        return FormTime("other_challenge")
    now_ms = _now_ms()
    if not _fresh(shown_ms, now_ms):
        return FormTime("expired")
    return FormTime("ok", round((now_ms - shown_ms) / 1000, 3))


def _pow_key() -> bytes:
    return _pow_key_for(current_app.config["SECRET_KEY"])


@functools.lru_cache(maxsize=8)
def _pow_key_for(secret_key: str) -> bytes:
    # Its own key, so a puzzle's signature can never pass for any other signed value.
    return hmac.new(secret_key.encode(), b"proof-of-work", hashlib.sha256).digest()


def puzzle(challenge_id: str, max_number: int) -> dict[str, Any]:
    """Return the proof-of-work puzzle for `challenge_id`, as the widget receives it."""
    return proof_of_work.issue(_pow_key(), challenge_id, max_number).as_json()


def verify_solution(challenge_id: str, solution: Any) -> str:
    """Check a submitted solution against its challenge: "ok", "missing" or "wrong"."""
    return proof_of_work.verify(_pow_key(), challenge_id, solution)


def puzzle_solution(challenge_id: str, max_number: int) -> dict[str, Any]:
    """Return what the widget would send for a puzzle, computed with the key instead of searching.

    For the service's own tests and benchmarks, like `ChallengeStore.answer_for`.
    """
    issued = proof_of_work.issue(_pow_key(), challenge_id, max_number)
    return {"number": proof_of_work.known_solution(_pow_key(), challenge_id, max_number),
            "max_number": max_number, "signature": issued.signature}
