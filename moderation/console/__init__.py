"""The moderator console under /moderate: server-rendered pages, plain forms, a little JavaScript.

One module a concern: `auth` (login, logout, invitations), `queue` (the review
queue and decisions), `history` (the audit log), `insights` (charts of the
comments, the moderators' work and the filter), `sites` (settings and the
embed snippet), `moderators` (accounts), `porting` (a site's import, export
and commenters' data requests), `mail_decisions` (deciding from a
mail's link), `notifications` (a person's mail settings, a site's webhooks,
the development outbox), `security` (headers and the checks
that keep each person to their own sites), `forms` (every form, CSRF included).
"""

from flask import Blueprint

bp = Blueprint("console", __name__, url_prefix="/moderate")

from . import (  # noqa: E402,F401 - routes register on bp
    auth,
    history,
    insights,
    mail_decisions,
    moderators,
    notifications,
    porting,
    queue,
    security,
    sites,
)
