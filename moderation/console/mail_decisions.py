"""Deciding from a mail: the signed link's page, its one POST button, and undo.

A link (moderation/mail_links.py) names a moderator, a comment and an action.
Its GET only shows the comment and a button: mail scanners and link
prefetchers open links, and must decide nothing. The button's POST (with a
CSRF token, as every console form) applies the decision through
`models.decide`, logged as that moderator's, so it shows in the history and
can be undone there or on the page that follows. The link works without a
login, for that comment only, while the person is active and still works on
the comment's site.
"""

from __future__ import annotations

from flask import Response, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from models import Comment, CommentStatus, Decision, DecisionAction, Moderator, db, decide, undo

from ..mail_links import LinkExpired, LinkInvalid, read_decision
from . import bp
from .forms import ActionForm

ACTIONS = {
    "approve": (DecisionAction.APPROVE, "Approve", "approved"),
    "reject": (DecisionAction.REJECT, "Reject", "rejected"),
    "spam": (DecisionAction.SPAM, "Mark as spam", "marked as spam"),
}
WAITING = (CommentStatus.RECEIVED, CommentStatus.PENDING, CommentStatus.SCORE_FAILED)


def _refuse(status: int, title: str, message: str) -> None:
    abort(Response(render_template("console/mail_link_refused.html", title=title, message=message), status))


def _resolve(token: str) -> tuple[Moderator, Comment, str]:
    """The link's moderator, comment and action; a page saying why not (404, 403, 410) otherwise."""
    try:
        moderator_id, comment_id, action = read_decision(token)
    except LinkExpired:
        _refuse(410, "This link has expired",
                       "Links in moderation mails work for a week. Open the queue to decide on this comment.")
    except LinkInvalid:
        _refuse(404, "This link is not valid",
                       "It may have been cut short by your mail program; open the queue instead.")
    moderator = db.session.get(Moderator, moderator_id)
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        _refuse(404, "This comment is gone", "It was deleted since the mail was sent.")
    if moderator is None or not moderator.active or not moderator.can_see(comment.site_id):
        _refuse(403, "This link no longer works",
                       "The account it was sent to no longer moderates this site.")
    return moderator, comment, action


def _last_decision(comment_id: int) -> Decision | None:
    return db.session.scalar(select(Decision).where(Decision.comment_id == comment_id)
                             .order_by(Decision.id.desc()).limit(1))


def _page(moderator: Moderator, comment: Comment, action: str, token: str, *, done: Decision | None = None,
          undone: bool = False, status: int = 200) -> ResponseReturnValue:
    last = _last_decision(comment.id)
    decider = db.session.get(Moderator, last.moderator_id) if last and last.moderator_id else None
    return render_template(
        "console/mail_decision.html", moderator=moderator, comment=comment, thread=comment.thread,
        action=action, label=ACTIONS[action][1], done_word=ACTIONS[action][2], token=token,
        waiting=comment.status in WAITING, last=last, decider=decider, done=done, undone=undone,
        form=ActionForm(), queue_url=url_for("console.queue", site=comment.site_id),
    ), status


@bp.get("/mail/<token>")
def mail_decision(token: str) -> ResponseReturnValue:
    return _page(*_resolve(token), token)


@bp.post("/mail/<token>")
def mail_decide(token: str) -> ResponseReturnValue:
    moderator, comment, action = _resolve(token)
    if not ActionForm().validate_on_submit():
        abort(400, "The form expired or came from elsewhere; open the link again.")
    decision = None
    if comment.status in WAITING:
        decision = decide(comment.id, ACTIONS[action][0], moderator.id, note="from a mail link")
        db.session.commit()
    comment = db.session.get(Comment, comment.id, populate_existing=True)
    return _page(moderator, comment, action, token, done=decision)


@bp.post("/mail/<token>/undo")
def mail_undo(token: str) -> ResponseReturnValue:
    moderator, comment, action = _resolve(token)
    if not ActionForm().validate_on_submit():
        abort(400, "The form expired or came from elsewhere; open the link again.")
    try:
        decision_id = int(request.form.get("decision", ""))
    except ValueError:
        abort(400, "That is not a decision.")
    decision = db.session.get(Decision, decision_id)
    # Only the decision this link made: the link is no key to anyone else's.
    if decision is None or decision.comment_id != comment.id or decision.moderator_id != moderator.id:
        abort(404)
    reversal = undo(decision.id, moderator.id)
    db.session.commit()
    comment = db.session.get(Comment, comment.id, populate_existing=True)
    return _page(moderator, comment, action, token, undone=reversal is not None)
