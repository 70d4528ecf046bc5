"""The review queue and the decisions taken on it: one at a time, in bulk, and undo.

Pages are keyset-paginated: the "next page" link carries the sort key of the
last row shown, and the next query starts right after it in an index
((site_id, status, score, id), (status, score, id) or their created_at twins),
so page 1,000 costs what page 1 costs. Comments without a score (score_failed,
or approved before scoring) sort after every scored one, in id order: the
query reads the scored part first (`score IS NOT NULL`, still an index range)
and then the unscored part (`score IS NULL`), rather than ordering by
COALESCE(score, ...), which no index could serve.

Decisions go through models.decide/undo only; the answer is a redirect back to
the queue for plain forms and JSON for the keyboard script.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import contains_eager

from models import Comment, CommentStatus, DecisionAction, Thread, db, decide, undo

from . import bp
from .security import (
    ID_MAX,
    int_arg,
    safe_next,
    visible_comment_or_404,
    visible_comments,
    visible_decision_or_404,
    visible_site_or_404,
    visible_sites,
)

__all__ = ["QueuePage", "queue_page", "SORTS", "PER_PAGE"]

PER_PAGE = 50
BULK_MAX = 200
SORTS = {
    "score_desc": "Highest score first",
    "score_asc": "Lowest score first",
    "time_desc": "Newest first",
    "time_asc": "Oldest first",
}
STATUSES = {
    "pending": "Pending",
    "score_failed": "Not scored",
    "spam": "Spam",
    "rejected": "Rejected",
    "approved": "Approved",
}
ACTIONS = {
    "approve": (DecisionAction.APPROVE, "approved"),
    "reject": (DecisionAction.REJECT, "rejected"),
    "spam": (DecisionAction.SPAM, "marked as spam"),
    "not_spam": (DecisionAction.NOT_SPAM, "moved back to pending (not spam)"),
}
LAST_KEY = "last_decisions"


class BadCursor(ValueError):
    pass


@dataclass
class QueuePage:
    comments: list[Comment]
    next_cursor: str | None


def _encode(comment: Comment, sort: str) -> str:
    if sort.startswith("time"):
        return f"t~{comment.created_at.isoformat()}~{comment.id}"
    if comment.score is None:
        return f"n~{comment.id}"
    return f"s~{comment.score!r}~{comment.id}"


def _id(raw: str) -> int:
    number = int(raw)
    if not 0 < number <= ID_MAX:
        raise ValueError(raw)
    return number


def _decode(cursor: str, sort: str) -> tuple[str, Any, int]:
    try:
        kind, *rest = cursor.split("~")
        if kind == "n" and len(rest) == 1 and sort.startswith("score"):
            return kind, None, _id(rest[0])
        if kind == "s" and len(rest) == 2 and sort.startswith("score"):
            score = float(rest[0])
            if not math.isfinite(score):
                raise ValueError
            return kind, score, _id(rest[1])
        if kind == "t" and len(rest) == 2 and sort.startswith("time"):
            return kind, datetime.fromisoformat(rest[0]), _id(rest[1])
    except ValueError:
        pass
    raise BadCursor(cursor)


def _scoped(query: Select, status: CommentStatus, site_ids: set[int] | None, thread_id: int | None) -> Select:
    query = query.where(Comment.status == status)
    if site_ids is not None:
        # One site: an equality the (site_id, status, ...) index serves directly.
        if len(site_ids) == 1:
            query = query.where(Comment.site_id == next(iter(site_ids)))
        else:
            query = query.where(Comment.site_id.in_(sorted(site_ids)))
    if thread_id is not None:
        query = query.where(Comment.thread_id == thread_id)
    return query


def queue_page(*, status: CommentStatus, site_ids: set[int] | None, thread_id: int | None = None,
               sort: str = "score_desc", cursor: str | None = None, per_page: int | None = None) -> QueuePage:
    """Return one page of the queue and the cursor of the next page (None on the last)."""
    per_page = per_page or PER_PAGE
    if site_ids is not None and not site_ids:
        return QueuePage([], None)
    base = (
        select(Comment)
        .join(Comment.thread)
        .options(contains_eager(Comment.thread))
    )
    base = _scoped(base, status, site_ids, thread_id)
    after = _decode(cursor, sort) if cursor else None
    want = per_page + 1
    descending = sort.endswith("desc")

    if sort.startswith("time"):
        key = tuple_(Comment.created_at, Comment.id)
        query = base
        if after:
            bound = tuple_(after[1], after[2])
            query = query.where(key < bound if descending else key > bound)
        order = (Comment.created_at.desc(), Comment.id.desc()) if descending else (
            Comment.created_at.asc(), Comment.id.asc())
        rows = list(db.session.scalars(query.order_by(*order).limit(want)))
    else:
        rows = []
        if after is None or after[0] == "s":
            scored = base.where(Comment.score.is_not(None))
            if after:
                key, bound = tuple_(Comment.score, Comment.id), tuple_(after[1], after[2])
                scored = scored.where(key < bound if descending else key > bound)
            order = (Comment.score.desc(), Comment.id.desc()) if descending else (
                Comment.score.asc(), Comment.id.asc())
            rows = list(db.session.scalars(scored.order_by(*order).limit(want)))
        if len(rows) < want:
            unscored = base.where(Comment.score.is_(None))
            if after and after[0] == "n":
                unscored = unscored.where(Comment.id < after[2] if descending else Comment.id > after[2])
            order_id = Comment.id.desc() if descending else Comment.id.asc()
            rows += list(db.session.scalars(unscored.order_by(order_id).limit(want - len(rows))))
    next_cursor = _encode(rows[per_page - 1], sort) if len(rows) > per_page else None
    return QueuePage(rows[:per_page], next_cursor)


@bp.get("/")
@login_required
def queue() -> ResponseReturnValue:
    me = current_user
    status_name = request.args.get("status", "pending")
    if status_name not in STATUSES:
        abort(400, f"Unknown status {status_name!r}: choose one of {', '.join(STATUSES)}.")
    sort = request.args.get("sort", "score_desc")
    if sort not in SORTS:
        abort(400, f"Unknown sort {sort!r}.")
    site_id = int_arg("site")
    thread_id = int_arg("thread")
    site_ids = me.site_ids()
    if site_id is not None:
        visible_site_or_404(site_id)
        site_ids = {site_id}
    thread = None
    if thread_id is not None:
        thread = db.session.get(Thread, thread_id)  # int_arg kept it in range
        if thread is None or not me.can_see(thread.site_id):
            abort(404)
    try:
        page = queue_page(status=CommentStatus(status_name), site_ids=site_ids, thread_id=thread_id,
                          sort=sort, cursor=request.args.get("after") or None)
    except BadCursor:
        abort(400, "This page link is damaged; start again from the first page.")
    sites = visible_sites()
    filters = {"status": status_name, "sort": sort, "site": site_id, "thread": thread_id}
    return render_template(
        "console/queue.html", page=page, filters=filters, sites=sites, thread=thread,
        statuses=STATUSES, sorts=SORTS, site_names={s.id: s.name for s in sites},
        first_page=not request.args.get("after"), last=session.get(LAST_KEY) or [],
    )


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _back() -> str:
    return safe_next(request.form.get("next"))


def _action() -> tuple[DecisionAction, str]:
    name = request.form.get("action", "")
    if name not in ACTIONS:
        abort(400, "Choose approve, reject, spam or not spam.")
    return ACTIONS[name]


def _remember(decision_ids: list[int]) -> None:
    # "Your last decision" lives in the (signed) session too, so the page
    # without JavaScript can offer Undo after a plain form post.
    if decision_ids:
        session[LAST_KEY] = decision_ids


def _comment_state(comment_ids: list[int]) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(Comment.id, Comment.status, Comment.number).where(Comment.id.in_(comment_ids))
    )
    return [{"id": i, "status": s.value, "number": n} for i, s, n in rows]


@bp.post("/comments/<int:comment_id>/decide")
@login_required
def decide_one(comment_id: int) -> ResponseReturnValue:
    back = _back()  # a bad return address is refused before anything changes
    visible_comment_or_404(comment_id)
    action, done = _action()
    decision = decide(comment_id, action, current_user.id)
    db.session.commit()
    ids = [decision.id] if decision else []
    _remember(ids)
    if _wants_json():
        return jsonify(decisions=ids, changed=bool(ids), comments=_comment_state([comment_id]))
    if decision:
        flash(f"Comment {comment_id} {done}.", "done")
    else:
        flash(f"Comment {comment_id} was already {done} or has changed since; nothing done.", "info")
    return redirect(back)


def _form_ids() -> list[int]:
    raw = request.form.getlist("ids")
    try:
        ids = [int(v) for v in raw]
    except ValueError:
        abort(400, "The selection names something that is not a comment.")
    if len(ids) > BULK_MAX:
        abort(400, f"Select at most {BULK_MAX} comments at a time.")
    return ids


@bp.post("/bulk")
@login_required
def decide_bulk() -> ResponseReturnValue:
    back = _back()
    ids = visible_comments(_form_ids())
    action, done = _action()
    if not ids:
        if _wants_json():
            return jsonify(decisions=[], changed=False, comments=[]), 400
        flash("Select comments first (the boxes at the left).", "error")
        return redirect(back)
    decided = [d.id for d in (decide(i, action, current_user.id) for i in ids) if d is not None]
    db.session.commit()
    _remember(decided)
    if _wants_json():
        return jsonify(decisions=decided, changed=bool(decided), comments=_comment_state(ids))
    skipped = len(ids) - len(decided)
    message = f"{len(decided)} comment{'s' if len(decided) != 1 else ''} {done}."
    if skipped:
        message += f" {skipped} already were or had changed; left as they are."
    flash(message, "done")
    return redirect(back)


@bp.post("/undo")
@login_required
def undo_last() -> ResponseReturnValue:
    back = _back()
    raw = request.form.getlist("decision") or [str(i) for i in session.get(LAST_KEY) or []]
    try:
        ids = [int(v) for v in raw][:BULK_MAX]
    except ValueError:
        abort(400, "That is not a decision.")
    decisions = [visible_decision_or_404(i) for i in ids]
    comment_ids = [d.comment_id for d in decisions]
    undone = [r.id for r in (undo(d.id, current_user.id) for d in decisions) if r is not None]
    db.session.commit()
    if set(session.get(LAST_KEY) or []) & set(ids):
        session.pop(LAST_KEY, None)
    # Flashed for the keyboard too: its script reloads the page to show the comments back.
    if not ids:
        flash("Nothing to undo.", "info")
    elif undone:
        flash(f"Undone: {len(undone)} decision{'s' if len(undone) != 1 else ''}.", "done")
    else:
        flash("Nothing undone: already undone, or the comment has changed since.", "info")
    if _wants_json():
        return jsonify(undone=undone, changed=bool(undone), comments=_comment_state(comment_ids))
    return redirect(back)


def reasons_in_words(comment: Comment, top: int = 3) -> list[str]:
    """The few reasons that pushed the score most, as the classifier wrote them."""
    reasons = comment.reasons if isinstance(comment.reasons, list) else []
    usable = [r for r in reasons if isinstance(r, dict) and r.get("text")]
    usable.sort(key=lambda r: -abs(float(r.get("weight") or 0)))
    return [str(r["text"]) for r in usable[:top]]


@bp.app_template_filter("score_level")
def score_level(score: float | None) -> str:
    if score is None:
        return "none"
    return "high" if score >= 0.7 else "mid" if score >= 0.3 else "low"


@bp.app_context_processor
def queue_helpers() -> dict[str, Any]:
    return {"reasons_in_words": reasons_in_words}


