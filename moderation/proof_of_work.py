"""The proof-of-work puzzle that comes with each CAPTCHA challenge: issue it, verify a solution.

In the manner of ALTCHA: the server picks a secret number n in [0, max_number],
publishes `challenge = SHA-256(salt + n)` with `signature = HMAC(key, challenge)`,
and the widget tries 0, 1, 2 ... until the hash matches, about max_number / 2
hashes on average and never more than max_number + 1. Verifying costs one hash
and one HMAC. The salt starts with the CAPTCHA challenge's id, so a solution
answers that challenge only, and the challenge is consumed by its first answer.
n is not random but `HMAC(key, salt) mod (max_number + 1)`: as unpredictable
without the key, and it lets the service's own tests and benchmarks answer a
puzzle through `known_solution` instead of searching, as they read a CAPTCHA's
answer through the store. Flask-free: the caller passes the key.
The rule a reader must not break: `verify` must check both the signature and
that the salt belongs to the submitted challenge, or one solved puzzle opens
every challenge.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

__all__ = ["ALGORITHM", "Puzzle", "issue", "known_solution", "verify"]

ALGORITHM = "SHA-256"
_SIGNATURE_HEX = 64
_NUMBER_DIGITS = 10


@dataclass(frozen=True, slots=True)
class Puzzle:
    """What the widget is sent: find `number` in [0, max_number] with SHA-256(salt + number) == challenge."""

    salt: str
    challenge: str
    max_number: int
    signature: str

    def as_json(self) -> dict[str, Any]:
        return {"algorithm": ALGORITHM, "salt": self.salt, "challenge": self.challenge,
                "max_number": self.max_number, "signature": self.signature}


def _salt(challenge_id: str, max_number: int) -> str:
    # The dot ends the id and the size, so "salt + number" parses one way only.
    return f"{challenge_id}.{max_number}."


def _hash(salt: str, number: int) -> bytes:
    return hashlib.sha256(f"{salt}{number}".encode()).digest()


def _sign(key: bytes, digest: bytes) -> str:
    return hmac.new(key, digest, hashlib.sha256).hexdigest()


def known_solution(key: bytes, challenge_id: str, max_number: int) -> int:
    """Return the puzzle's secret number, which only the key's holder can compute without searching."""
    mac = hmac.new(key, _salt(challenge_id, max_number).encode(), hashlib.sha512).digest()
    return int.from_bytes(mac, "big") % (max_number + 1)


def issue(key: bytes, challenge_id: str, max_number: int) -> Puzzle:
    """Make the puzzle for the CAPTCHA challenge `challenge_id`."""
    salt = _salt(challenge_id, max_number)
    digest = _hash(salt, known_solution(key, challenge_id, max_number))
    return Puzzle(salt, digest.hex(), max_number, _sign(key, digest))


def verify(key: bytes, challenge_id: str, solution: Any) -> str:
    """Check a submitted solution for `challenge_id`: "ok", "missing" or "wrong".

    `solution` is the JSON the widget sent: `{"number", "max_number",
    "signature"}`. The salt is rebuilt from the challenge id and max_number,
    so claiming a smaller puzzle changes the salt and no signature matches.
    """
    if solution is None:
        return "missing"
    if not isinstance(solution, dict):
        return "wrong"
    number, max_number, signature = (solution.get(name) for name in ("number", "max_number", "signature"))
    if (not isinstance(number, int) or isinstance(number, bool) or not 0 <= number < 10**_NUMBER_DIGITS
            or not isinstance(max_number, int) or isinstance(max_number, bool)
            or not 0 <= number <= max_number < 10**_NUMBER_DIGITS
            or not isinstance(signature, str) or len(signature) != _SIGNATURE_HEX):
        return "wrong"
    expected = _sign(key, _hash(_salt(challenge_id, max_number), number))
    return "ok" if hmac.compare_digest(expected, signature.lower()) else "wrong"
