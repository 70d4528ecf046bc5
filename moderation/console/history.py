"""The audit log: every decision with who, when, from and to, filterable, newest first."""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from models import Comment, Decision, DecisionAction, Moderator, db, decisions_matching, moderator_sites

from . import bp
from .queue import SEARCH_MAX, search_words
from .security import int_arg, visible_site_or_404, visible_sites

PER_PAGE = 50
ACTION_NAMES = {
    "approve": "Approved",
    "reject": "Rejected",
    "spam": "Marked spam",
    "not_spam": "Not spam",
    "undo": "Undo",
    "auto_approve": "Auto-approved",
    "auto_spam": "Auto-spam",
    "rescore": "Sent for rescoring",
}


@bp.get("/history")
@login_required
def history() -> ResponseReturnValue:
    me = current_user
    visible = me.site_ids()
    site_id = int_arg("site")
    moderator_id = int_arg("moderator")
    before = int_arg("before")
    action = request.args.get("action") or None
    if action is not None and action not in ACTION_NAMES:
        abort(400, f"Unknown action {action!r}.")

    query = select(Decision).options(joinedload(Decision.comment).joinedload(Comment.thread))
    if site_id is not None:
        visible_site_or_404(site_id)
        query = query.where(Decision.site_id == site_id)
    elif visible is not None:
        query = query.where(Decision.site_id.in_(visible or {-1}))
    if moderator_id is not None:
        query = query.where(Decision.moderator_id == moderator_id)
    if action is not None:
        query = query.where(Decision.action == DecisionAction(action))
    if before is not None:
        query = query.where(Decision.id < before)
    search = (request.args.get("q") or "").strip()
    if len(search) > SEARCH_MAX:
        abort(400, f"Search for at most {SEARCH_MAX} characters.")
    words = search_words(search)
    if words:
        # The decisions on the comments the queue's search finds, newest first, paged by id: for
        # a common word, checked decision by decision in id order until a page is full; for a rare
        # one the text index gives its few comments first (models/search.py).
        query = decisions_matching(query, words)
    rows = list(db.session.scalars(query.order_by(Decision.id.desc()).limit(PER_PAGE + 1)).unique())
    next_before = rows[PER_PAGE - 1].id if len(rows) > PER_PAGE else None
    rows = rows[:PER_PAGE]

    # An undo names the decision it took back ("Undo of Approved"), not an internal number.
    reversal_ids = [d.id for d in rows if d.action == DecisionAction.UNDO]
    undid = {
        d.undone_by_id: d for d in db.session.scalars(
            select(Decision).where(Decision.undone_by_id.in_(reversal_ids)))
    } if reversal_ids else {}

    sites = visible_sites()
    people_query = select(Moderator)
    if visible is not None:
        # Only the people who work on one of my sites (and admins, who work on all).
        sharing = select(moderator_sites.c.moderator_id).where(moderator_sites.c.site_id.in_(visible or {-1}))
        people_query = people_query.where(or_(Moderator.id.in_(sharing), Moderator.role == "admin"))
    people = sorted(db.session.scalars(people_query), key=lambda m: m.email)
    names = {m.id: m.email for m in people}
    return render_template(
        "console/history.html", decisions=rows, next_before=next_before, sites=sites, people=people,
        names=names, site_names={s.id: s.name for s in sites}, actions=ACTION_NAMES, undid=undid,
        filters={"site": site_id, "moderator": moderator_id, "action": action, "q": search or None},
    )
