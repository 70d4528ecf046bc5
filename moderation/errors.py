"""Error answers: JSON under /api, a readable page elsewhere."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template_string, request
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

__all__ = ["api_error", "init_app"]

log = logging.getLogger(__name__)

CODES = {
    400: "invalid",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    503: "unavailable",
}

PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>{{ code }} {{ name }}</title>
<body><h1>{{ code }} {{ name }}</h1><p>{{ message }}</p>
<p><a href="/moderate/">Back to the console</a></p></body></html>"""


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def api_error(status: int, message: str, *, code: str | None = None,
              fields: dict[str, str] | None = None, retry_after: int | None = None) -> Response:
    """Return the JSON error body every API client can rely on."""
    body: dict[str, object] = {"error": code or CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    response = jsonify(body)
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:
            # abort(api_error(...)) from deep inside a view: already the answer.
            return error.response
        status = error.code or 500
        message = error.description or error.name
        if status == 429:
            message = "Too many requests; try again in a little while."
        elif status == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH") or 0
            message = f"The request is too large; the limit is {limit // 1024} KB."
        retry_after = None
        if status == 429:
            retry_after = _retry_after(error)
        if _wants_json():
            response = api_error(status, message, retry_after=retry_after)
        else:
            response = Response(
                render_template_string(PAGE, code=status, name=error.name, message=message),
                status=status, mimetype="text/html",
            )
            if retry_after is not None:
                response.headers["Retry-After"] = str(retry_after)
        if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return response

    @app.teardown_appcontext
    def release_session(_error: BaseException | None) -> None:
        # Runs before Flask-SQLAlchemy's own teardown. Ending the session rolls
        # back on its connection; a database that went away after the answer
        # was made must not turn that answer into gunicorn's bare 500.
        from models import db

        try:
            db.session.remove()
        except DBAPIError:
            log.warning("database went away while a request ended")
            db.session().invalidate()  # drop the dead connection, no ROLLBACK
            db.session.remove()

    @app.errorhandler(DataError)
    def value_refused(error: DataError):
        # The database refused a value the client sent (PostgreSQL takes no NUL
        # character in text): bad input, not an outage, so no 503 "try again".
        from models import db

        db.session.rollback()
        message = "The request contains a character or value that cannot be used here."
        if _wants_json():
            return api_error(400, message)
        return Response(render_template_string(PAGE, code=400, name="Bad Request", message=message),
                        status=400, mimetype="text/html")

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_down(error: Exception):
        # The database is unreachable or locked: say so quickly, let the
        # client retry, never hang or answer with a bare 500.
        log.warning("database unavailable: %s", error.__class__.__name__)
        from models import db

        db.session.rollback()
        message = "The service is briefly unavailable; please try again."
        if _wants_json():
            return api_error(503, message, retry_after=5)
        return Response(render_template_string(PAGE, code=503, name="Service Unavailable", message=message),
                        status=503, headers={"Retry-After": "5"}, mimetype="text/html")


def _retry_after(error: HTTPException) -> int:
    # The breached window's own reset time (moderation/ratelimits.py), never a guess that overshoots.
    seconds = getattr(error, "retry_after", None)
    return seconds if isinstance(seconds, int) and seconds > 0 else 60
