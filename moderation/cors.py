"""Cross-origin headers for the public API: only a site's registered origins get them.

Views find their site with `validation.find_site`, which puts the site's
origins in `g.cors_origins`; the answer's `Access-Control-Allow-Origin` is then
granted only if they list the request's origin. A preflight (OPTIONS) carries
no body, so it cannot name its site, and an answer given before the site is
known (a body that is not JSON, say) has none either: those are granted when
any registered site lists the origin, which tells a stranger nothing they
could not learn from the site's own pages. CORS only stops browsers from
reading answers: writes check `Origin` themselves (`origin_allowed`), because
a browser sends a cross-origin POST either way.

Two refusals of a read are the exception: "this origin is not registered"
(403) and "no site has this key" (404) are readable by the refused page itself
(`refuse_origin`, `show_refusal`), so the widget can tell a site owner what to
fix instead of failing as if the network were down. They carry no comment and
nothing about the site beyond what the page already sent. (A refused write
needs no such header: the browser's preflight already stopped it.)
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, g, request
from sqlalchemy import String, cast, select
from sqlalchemy.exc import SQLAlchemyError

from models import Site, SiteRef, db, normalise_origin, origin_listed

__all__ = ["init_blueprint", "origin_allowed", "refuse_origin", "show_refusal"]

ALLOWED_METHODS = "GET, POST"
ALLOWED_HEADERS = "Content-Type"
# Browsers cap this (Chromium at two hours); ten minutes keeps origin removals prompt.
PREFLIGHT_MAX_AGE = "600"


def origin_allowed(site: SiteRef) -> bool:
    """Return True if the request's Origin is one of the site's registered origins."""
    return site.allows_origin(request.headers.get("Origin"))


def show_refusal() -> None:
    """Let the requesting page read this request's refusal (a 403 or 404), whatever its origin."""
    g.cors_show_refusal = True


def refuse_origin() -> Response:
    """Answer 403 to a page whose origin the site does not list, readable by that page."""
    from .errors import api_error

    show_refusal()
    origin = (request.headers.get("Origin") or "")[:200]
    return api_error(403, f"The origin {origin} is not registered for this site; "
                          "its owner can add it in the site's settings.", code="origin_not_allowed")


def _any_site_allows(origin: str) -> bool:
    try:
        origin = normalise_origin(origin)
    except ValueError:
        return False
    # Origins are a JSON list of strings; matching the quoted string in its
    # text works the same on SQLite and PostgreSQL without a JSON operator.
    needle = json.dumps(origin).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    try:
        found = db.session.scalar(
            select(Site.id).where(cast(Site.origins, String).like(f"%{needle}%", escape="\\")).limit(1)
        )
    except SQLAlchemyError:
        # The database is down: the answer is already a 503; send it without CORS.
        db.session.rollback()
        return False
    return found is not None


def _add_headers(response: Response) -> Response:
    headers = response.headers
    if "Vary" in headers:
        response.vary.add("Origin")
    else:
        headers.add("Vary", "Origin")  # the same header, without parsing an empty set first
    origin = request.headers.get("Origin")
    if not origin:
        return response
    origins: list[str] | None = g.get("cors_origins")
    allowed = origin_listed(origin, origins) if origins is not None else _any_site_allows(origin)
    if not allowed and not (g.get("cors_show_refusal") and response.status_code in (403, 404)):
        return response
    # Only this hook writes these headers, so each is added once, without looking for an earlier one.
    headers.add("Access-Control-Allow-Origin", origin)
    if request.method == "OPTIONS":
        headers.add("Access-Control-Allow-Methods", ALLOWED_METHODS)
        headers.add("Access-Control-Allow-Headers", ALLOWED_HEADERS)
        headers.add("Access-Control-Max-Age", PREFLIGHT_MAX_AGE)
    else:
        headers.add("Access-Control-Expose-Headers", "ETag, Retry-After")
    return response


def init_blueprint(bp: Blueprint) -> None:
    """Give every answer of `bp`, errors included, the CORS headers its origin may have."""
    bp.after_request(_add_headers)
