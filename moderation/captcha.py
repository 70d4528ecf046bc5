"""CAPTCHA challenges over HTTP: create one, draw it as an image, speak it as audio.

A challenge is a token, not a cookie: the widget runs on another origin,
where third-party cookies are unreliable. `POST /api/v1/captcha` answers its
id, the URLs of its image and audio, a signed `form_token` marking when
the form was shown, and the proof-of-work puzzle the widget solves for it.
The answer stays in the database (`challenges.store()`) and leaves the server
only as pixels or sound; drawing does not consume it, answering does (see
api.py).
"""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, Response, current_app, jsonify, request

from models.captcha import ANSWER_LENGTH

from . import captcha_media, cors
from .challenges import form_token, puzzle, store
from .errors import api_error
from .extensions import csrf, limiter
from .validation import LIMITS, find_site, read_json_object

__all__ = ["bp"]

bp = Blueprint("captcha", __name__, url_prefix="/api/v1/captcha")
csrf.exempt(bp)  # a token API for other origins; no cookies, no session to forge
cors.init_blueprint(bp)

# Purge expired challenges now and then, on creation, so the table stays small
# without a schedule of its own; the index on expires_at makes it cheap.
PURGE_ONE_IN = 200
CHALLENGE_ID = re.compile(r"^[0-9a-f]{32}$")


def _rate_captcha() -> str:
    return current_app.config["RATELIMIT_CAPTCHA"]


def _rate_media() -> str:
    return current_app.config["RATELIMIT_CAPTCHA_MEDIA"]


def _rate_audio() -> str:
    return current_app.config["RATELIMIT_CAPTCHA_AUDIO"]


@bp.post("")
@limiter.limit(_rate_captcha, methods=["POST"])
def create():
    data = read_json_object()
    page, error = find_site(data.get("site"))
    if error:
        return error
    site = page.site
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
        answer_length=ANSWER_LENGTH,
        form_token=form_token(challenge.id, previous=_previous_token(data)),
        pow=puzzle(challenge.id, site.pow_max_number),
    )
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    return response


def _previous_token(data: dict) -> str | None:
    # The same form asking again carries its first moment over (see challenges.py).
    token = data.get("form_token")
    return token if isinstance(token, str) and len(token) <= LIMITS["form_token"] else None


def _media(challenge_id: str, mimetype: str, draw) -> Response:
    answer = store().answer_for(challenge_id) if CHALLENGE_ID.match(challenge_id) else None
    if answer is None:
        return api_error(404, "This challenge is unknown or has expired; ask for a new one.")
    response = Response(draw(answer), mimetype=mimetype)
    response.headers["Cache-Control"] = "no-store"
    return response


def _seed(challenge_id: str, purpose: str) -> int:
    # Drawn from the secret and the id: every process draws the same bytes, and nobody else can.
    return captcha_media.challenge_seed(current_app.config["SECRET_KEY"], challenge_id, purpose)


@bp.get("/<challenge_id>.png")
@limiter.limit(_rate_media)
def image(challenge_id: str):
    """The challenge drawn at the widget's size, or twice it with ?scale=2; the same picture every fetch."""
    scale = request.args.get("scale", "1")
    if scale not in ("1", "2"):
        return api_error(400, "scale must be 1 or 2.", code="invalid_scale")
    return _media(challenge_id, "image/png",
                  lambda answer: captcha_media.draw_image(answer, _seed(challenge_id, "image"), int(scale)))


@bp.get("/<challenge_id>.wav")
@limiter.limit(_rate_audio)
def audio(challenge_id: str):
    """The challenge spoken, the same sound every fetch; limited more tightly, as it costs more to make."""
    return _media(challenge_id, "audio/wav",
                  lambda answer: captcha_media.speak_audio(answer, _seed(challenge_id, "audio")))
