"""Security headers for console pages and the checks that keep a person to their own sites.

Every lookup of a comment, site, decision or moderator by id goes through a
function here, so that something on a site the person may not see is a 404
whatever the URL or form field that named it: the console never confirms that
another site's comment exists. The console's other guards live here too: the
sites a person sees (`visible_sites`), where a form may send them back to
(`safe_next`), and numbers read from a URL (`int_arg`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from models import Comment, Decision, Moderator, Role, Site, db

from . import bp

__all__ = [
    "CSP",
    "ID_MAX",
    "checked_id",
    "int_arg",
    "manageable_site_or_404",
    "require_role",
    "safe_next",
    "visible_comment_or_404",
    "visible_comments",
    "visible_decision_or_404",
    "visible_site_or_404",
    "visible_sites",
]

# No inline script or style anywhere in the console: the score bar is a
# <meter>, the keyboard code lives in /static/console.js.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)

F = TypeVar("F", bound=Callable[..., Any])

# Ids are 64-bit signed integers in the database: anything larger is not an id,
# and handing it to the driver would fail with an overflow (a 500).
ID_MAX = 2**63 - 1


@bp.after_app_request
def console_headers(response):
    # after_app_request, not after_request: error pages under /moderate
    # (404 for an unknown URL, 429 on the login form) get the headers too.
    if request.path.startswith("/moderate"):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if response.mimetype == "text/html" or response.mimetype == "application/json":
            # Queue pages show comment authors' emails: never keep them in shared caches.
            response.headers.setdefault("Cache-Control", "no-store")
    return response


def require_role(*roles: Role) -> Callable[[F], F]:
    """Refuse (403) a signed-in person whose role is not one of `roles`."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            if current_user.role not in roles:
                abort(403, "Your role does not allow this page.")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def _me() -> Moderator:
    return current_user._get_current_object()  # type: ignore[attr-defined]


def checked_id(value: int | str, what: str = "id") -> int:
    """Return `value` as an id, or stop with a readable 400 when it cannot be one."""
    try:
        number = int(value)
    except ValueError:
        abort(400, f"The {what} must be a number.")
    if not 0 < number <= ID_MAX:
        abort(400, f"The {what} is out of range.")
    return number


def int_arg(name: str) -> int | None:
    """Return an id-sized whole-number query parameter, None when absent; a readable 400 when not."""
    raw = request.args.get(name, "")
    if not raw:
        return None
    return checked_id(raw, f"{name} filter")


def safe_next(target: str | None) -> str:
    """Return `target` if it is a console path to send someone back to, else the queue.

    Only paths inside the console: never an open redirect to another host
    ("//evil.example", "/\\evil.example" and "https://..." all fall back).
    Control characters (a CR/LF would split the Location header) are a 400.
    """
    if target and any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        abort(400, "The page to return to is not a valid address.")
    if target:
        parts = urlsplit(target)
        if (not parts.scheme and not parts.netloc and target.startswith("/moderate")
                and "\\" not in target):
            return target
    return url_for("console.queue")


def visible_sites() -> list[Site]:
    """Return the sites the signed-in person may see, by name."""
    ids = _me().site_ids()
    query = select(Site) if ids is None else select(Site).where(Site.id.in_(ids or {-1}))
    return sorted(db.session.scalars(query), key=lambda s: s.name.casefold())


def visible_site_or_404(site_id: int) -> Site:
    site = db.session.get(Site, checked_id(site_id, "site"))
    if site is None or not _me().can_see(site.id):
        abort(404)
    return site


def manageable_site_or_404(site_id: int) -> Site:
    """A site whose settings the person may change; a visible one they may not is a 403."""
    site = visible_site_or_404(site_id)
    if not _me().can_manage(site.id):
        abort(403, "Only the site's owners and admins change its settings.")
    return site


def visible_comment_or_404(comment_id: int) -> Comment:
    comment = db.session.get(Comment, checked_id(comment_id, "comment"))
    if comment is None or not _me().can_see(comment.site_id):
        abort(404)
    return comment


def visible_comments(ids: list[int]) -> list[int]:
    """Return `ids` if every one names a comment the person may see, else 404.

    All or nothing: a bulk form naming one comment of another site changes
    nothing at all, so the answer cannot tell which ids exist.
    """
    wanted = {checked_id(i, "comment") for i in ids}
    if not wanted:
        return []
    rows = db.session.execute(select(Comment.id, Comment.site_id).where(Comment.id.in_(wanted))).all()
    if len(rows) != len(wanted) or not all(_me().can_see(site_id) for _, site_id in rows):
        abort(404)
    return [i for i in ids if i in wanted]


def visible_decision_or_404(decision_id: int) -> Decision:
    decision = db.session.get(Decision, checked_id(decision_id, "decision"))
    if decision is None or not _me().can_see(decision.site_id):
        abort(404)
    return decision
