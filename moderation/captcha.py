"""CAPTCHA challenges over HTTP: create one, draw it as an image, speak it as audio.

A challenge is a token, not a cookie (DESIGN §5): `POST /api/v1/captcha`
answers its id, the URLs of its image and audio, and a signed `form_token`
marking when the form was shown. The answer stays in the database
(`models.ChallengeStore`) and leaves the server only as pixels or sound;
drawing does not consume it, answering does (see api.py).
"""

from __future__ import annotations

import re
import secrets
import time
from functools import cache

from captcha.audio import AudioCaptcha
from captcha.image import ImageCaptcha
from flask import Blueprint, Response, current_app, jsonify
from itsdangerous import BadSignature, URLSafeSerializer

from models import ChallengeStore

from . import cors
from .errors import api_error
from .extensions import csrf, limiter
from .validation import read_json_object, site_or_error

__all__ = ["bp", "form_token", "seconds_since_form_shown", "store"]

bp = Blueprint("captcha", __name__, url_prefix="/api/v1/captcha")
csrf.exempt(bp)  # a token API for other origins; no cookies, no session to forge
cors.init_blueprint(bp)

# Purge expired challenges now and then, on creation, so the table stays small
# without a schedule of its own; the index on expires_at makes it cheap.
PURGE_ONE_IN = 200
CHALLENGE_ID = re.compile(r"^[0-9a-f]{32}$")


def store() -> ChallengeStore:
    return ChallengeStore(ttl_seconds=current_app.config["CAPTCHA_TTL_SECONDS"])


@cache
def _image_captcha() -> ImageCaptcha:
    return ImageCaptcha(width=200, height=70)


@cache
def _audio_captcha() -> AudioCaptcha:
    return AudioCaptcha()


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


def _rate_captcha() -> str:
    return current_app.config["RATELIMIT_CAPTCHA"]


def _rate_media() -> str:
    return current_app.config["RATELIMIT_CAPTCHA_MEDIA"]


@bp.post("")
@limiter.limit(_rate_captcha, methods=["POST"])
def create():
    data = read_json_object()
    site, error = site_or_error(data.get("site"))
    if error:
        return error
    if not cors.origin_allowed(site):
        return api_error(403, "This page's origin is not registered for the site.",
                         code="origin_not_allowed")
    challenges = store()
    if secrets.randbelow(PURGE_ONE_IN) == 0:
        challenges.purge_expired()
    challenge = challenges.create(site.id)
    base = current_app.config["PUBLIC_URL"]
    ttl = current_app.config["CAPTCHA_TTL_SECONDS"]
    response = jsonify(
        id=challenge.id,
        image=f"{base}/api/v1/captcha/{challenge.id}.png",
        audio=f"{base}/api/v1/captcha/{challenge.id}.wav",
        expires_at=challenge.expires_at.isoformat(timespec="seconds") + "Z",
        expires_in=ttl,
        form_token=form_token(),
    )
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    return response


def _media(challenge_id: str, mimetype: str, draw) -> Response:
    answer = store().answer_for(challenge_id) if CHALLENGE_ID.match(challenge_id) else None
    if answer is None:
        return api_error(404, "This challenge is unknown or has expired; ask for a new one.")
    response = Response(draw(answer), mimetype=mimetype)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<challenge_id>.png")
@limiter.limit(_rate_media)
def image(challenge_id: str):
    return _media(challenge_id, "image/png", lambda answer: _image_captcha().generate(answer).getvalue())


@bp.get("/<challenge_id>.wav")
@limiter.limit(_rate_media)
def audio(challenge_id: str):
    return _media(challenge_id, "audio/wav", lambda answer: bytes(_audio_captcha().generate(answer)))
