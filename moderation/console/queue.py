"""The review queue and the decisions taken on it: one at a time, in bulk, and undo.

Pages are keyset-paginated: the "next page" link carries the sort key of the
last row shown, and the next query starts right after it in an index
((site_id, status, score, id), (status, score, id) or their created_at twins),
so page 1,000 costs what page 1 costs. Comments without a score (score_failed,
or approved before scoring) sort after every scored one, in id order: the
query reads the scored part first (`score IS NOT NULL`, still an index range)
and then the unscored part (`score IS NULL`), rather than ordering by
COALESCE(score, ...), which no index could serve.

A search (author, email, title, text, page) narrows the same keyset query: every word must
appear in one of those columns (models/search.py). A common word is met early in the index order,
so the scan stops at a page; a rare word or one address is found through the text index and its
few matches sorted.

Decisions go through models.decide/undo only; the answer is a redirect back to
the queue for plain forms and JSON for the keyboard script, with a message that names the
author and what happened, and for an undo the restored rows, so the page changes in place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import abort, flash, get_template_attribute, jsonify, redirect, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import Select, func, literal, literal_column, select, tuple_, union_all
from sqlalchemy.orm import contains_eager

from models import Comment, CommentStatus, Decision, DecisionAction, Thread, db, decide, undo, where_matches

from . import bp
from .reasons import explain
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

__all__ = ["QueuePage", "queue_page", "search_words", "status_counts", "SORTS", "PER_PAGE"]

PER_PAGE = 50
BULK_MAX = 200
SEARCH_MAX = 200  # characters; longer is refused, not cut
COUNT_CAP = 10_000  # a status with more shows "10,000+"
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
# What a comment's status means in a sentence ("... is already approved").
STATUS_WORDS = {
    CommentStatus.RECEIVED: "waiting for its score",
    CommentStatus.PENDING: "pending",
    CommentStatus.SCORE_FAILED: "pending (not scored)",
    CommentStatus.SPAM: "in the spam folder",
    CommentStatus.REJECTED: "rejected",
    CommentStatus.APPROVED: "approved",
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


def search_words(raw: str | None) -> list[str]:
    """Split a search box's text into words (quotes keep a phrase together)."""
    if not raw or not raw.strip():
        return []
    words, quoted = [], raw.split('"')
    for i, part in enumerate(quoted):
        if i % 2:
            words.append(part.strip())
        else:
            words.extend(part.split())
    return [w for w in dict.fromkeys(words) if w][:10]


def _scoped(query: Select, status: CommentStatus | None, site_ids: set[int] | None, thread_id: int | None,
            words: list[str] | None = None) -> Select:
    if status is not None:
        query = query.where(Comment.status == status)
    if words:
        query = where_matches(query, words)
    if site_ids is not None:
        # One site: an equality the (site_id, status, ...) index serves directly.
        if len(site_ids) == 1:
            query = query.where(Comment.site_id == next(iter(site_ids)))
        else:
            query = query.where(Comment.site_id.in_(sorted(site_ids)))
    if thread_id is not None:
        query = query.where(Comment.thread_id == thread_id)
    return query


def status_counts(*, site_ids: set[int] | None, thread_id: int | None = None,
                  words: list[str] | None = None) -> dict[str, int]:
    """Return how many comments each status holds (up to COUNT_CAP + 1), within the same scope.

    Each status is counted in its own index range and stops one past the cap, so a queue of
    100,000 reads 10,001 index entries for its badge, not all of them ("10,000+"). The statuses
    and the cap are written into the statement, not bound: PostgreSQL plans a statement run often
    (psycopg prepares it) once for any value, and for "status = $1" that plan is a scan of the
    whole table, which for an empty status reads every comment to find none.
    """
    counts = dict.fromkeys(STATUSES, 0)
    if site_ids is not None and not site_ids:
        return counts
    parts = []
    cap = literal(COUNT_CAP + 1, literal_execute=True)
    for name in STATUSES:
        status = literal(CommentStatus(name), Comment.status.type, literal_execute=True)
        capped = _scoped(select(Comment.id).where(Comment.status == status), None, site_ids, thread_id, words)
        capped = capped.limit(cap)
        parts.append(select(literal_column(f"'{name}'").label("status"), func.count())
                     .select_from(capped.subquery()))
    for status, count in db.session.execute(union_all(*parts)):
        counts[status] = count
    return counts


def queue_page(*, status: CommentStatus, site_ids: set[int] | None, thread_id: int | None = None,
               sort: str = "score_desc", cursor: str | None = None, per_page: int | None = None,
               words: list[str] | None = None) -> QueuePage:
    """Return one page of the queue and the cursor of the next page (None on the last)."""
    per_page = per_page or PER_PAGE
    if site_ids is not None and not site_ids:
        return QueuePage([], None)
    base = (
        select(Comment)
        .join(Comment.thread)
        .options(contains_eager(Comment.thread))
    )
    base = _scoped(base, status, site_ids, thread_id, words)
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
    search = (request.args.get("q") or "").strip()
    if len(search) > SEARCH_MAX:
        abort(400, f"Search for at most {SEARCH_MAX} characters.")
    words = search_words(search)
    try:
        page = queue_page(status=CommentStatus(status_name), site_ids=site_ids, thread_id=thread_id,
                          sort=sort, cursor=request.args.get("after") or None, words=words)
    except BadCursor:
        abort(400, "This page link is damaged; start again from the first page.")
    sites = visible_sites()
    filters = {"status": status_name, "sort": sort, "site": site_id, "thread": thread_id, "q": search or None}
    return render_template(
        "console/queue.html", page=page, filters=filters, sites=sites, thread=thread,
        statuses=STATUSES, sorts=SORTS, site_names={s.id: s.name for s in sites},
        # A search's matches are not counted: for a common word that reads most comments of every
        # status, index or not, where the page itself stops after 50 matches in index order.
        counts=None if words else status_counts(site_ids=site_ids, thread_id=thread_id),
        count_cap=COUNT_CAP, first_page=not request.args.get("after"), last=session.get(LAST_KEY) or [],
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


def _whose(comment: Comment) -> str:
    # U+2068/U+2069 isolate the name, so a right-to-left name cannot reorder the sentence.
    page = comment.thread.title or comment.thread.uri
    return f"\u2068{comment.author}\u2069's comment on \u2068{page}\u2069"


def _decision_message(comment_id: int, action: DecisionAction, done: str, decision: Decision | None) -> str:
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        return "That comment no longer exists."
    whose = _whose(comment)
    if decision is None:
        return f"{whose[0].upper()}{whose[1:]} is already {STATUS_WORDS[comment.status]}; nothing changed."
    if decision.from_status == decision.to_status == CommentStatus.SPAM:
        return f"Confirmed as spam: {whose}. The filter learns from it."
    number = f" as reply #{comment.number}" if action == DecisionAction.APPROVE and comment.number else ""
    return f"{done[0].upper()}{done[1:]}{number}: {whose}."


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
    message = _decision_message(comment_id, action, done, decision)
    if _wants_json():
        return jsonify(decisions=ids, changed=bool(ids), comments=_comment_state([comment_id]),
                       message=message)
    flash(message, "done" if decision else "info")
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
    reversals = [r for r in (undo(d.id, current_user.id) for d in decisions) if r is not None]
    undone = [r.id for r in reversals]
    db.session.commit()
    if set(session.get(LAST_KEY) or []) & set(ids):
        session.pop(LAST_KEY, None)
    if not ids:
        message = "Nothing to undo."
    elif len(reversals) == 1:
        comment = db.session.get(Comment, reversals[0].comment_id)
        message = f"Undone: {_whose(comment)} is {STATUS_WORDS[comment.status]} again."
    elif reversals:
        message = f"Undone: {len(reversals)} decisions; the comments are back where they were."
    else:
        message = "Nothing undone: already undone, or the comment has changed since."
    if _wants_json():
        # The restored comments as the queue draws them, so the page puts them back in place.
        restored = [db.session.get(Comment, r.comment_id) for r in reversals]
        item = get_template_attribute("console/_queue_item.html", "queue_item")
        rows = {str(c.id): str(item(c, back)).strip() for c in restored if c is not None}
        return jsonify(undone=undone, changed=bool(undone), comments=_comment_state(comment_ids),
                       message=message, rows=rows)
    flash(message, "done" if reversals else "info")
    return redirect(back)


@bp.app_template_filter("score_level")
def score_level(score: float | None) -> str:
    if score is None:
        return "none"
    return "high" if score >= 0.7 else "mid" if score >= 0.3 else "low"


@bp.app_template_global("explain_score")
def explain_score(comment: Comment):  # noqa: ANN201 - an Explanation, for templates
    return explain(comment)


