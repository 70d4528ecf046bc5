"""The public JSON API under /api/v1: threads, counts and comment submission.

Reading serves approved comments only, with an ETag built from version
counters that every approval and withdrawal bumps, so a revalidation costs
one small query and no rendering. Submitting stores the comment as
`received` in one transaction with the CAPTCHA's consumption, and only after
the commit hands its id to the worker (`workers.tasks.send_to_worker`); if the
broker is down the row waits for the sweeper, and the commenter still gets
their 202. Every site lookup goes through `validation.find_site`, which also
decides the CORS answer.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import json
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy import Connection, and_, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from models import Comment, CommentStatus, SiteRef, Thread, author_key, author_post_counts, db, utcnow

from . import cors
from .challenges import read_form_token, store, verify_solution
from .errors import api_error
from .extensions import csrf, limiter
from .validation import PublicPage, find_site, off_origins, page_uri, read_json_object, validate_comment

__all__ = ["bp", "ip_prefix"]

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # called from other origins without cookies; Origin is checked instead
cors.init_blueprint(bp)

MAX_COUNT_URIS = 50
# A thread is read a page at a time: the first page of a long thread comes back as fast as a short one.
PAGE_DEFAULT = 100
PAGE_MAX = 200
USER_AGENT_MAX = 512


def _iso(moment) -> str:
    return moment.isoformat(timespec="seconds") + "Z"


@functools.lru_cache(maxsize=1024)  # a pure function of the string; a client posts from one address
def ip_prefix(address: str) -> str | None:
    """Return the address's network, IPv4 /24 or IPv6 /48: enough to spot a flood, not a person.

    It is all a comment keeps of where it came from. A hash of the full
    address beside it would give the address back to anyone holding the key
    in 256 tries; rate limits count live requests and need neither.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    bits = 24 if parsed.version == 4 else 48
    return str(ipaddress.ip_network(f"{parsed}/{bits}", strict=False))


def _revalidated(tag: str, answer: Callable[[], Response]) -> Response:
    """Answer 304 when the client holds `tag`, else `answer()`; either way tagged and revalidated.

    A tag is made of version counters that every change to the answer bumps in
    the same transaction as the change, so a matching tag is never stale; the
    tags are weak (W/"..."), compared weakly (RFC 9110 section 13.1.2), and
    `no-cache` makes every use ask again.
    """
    if request.if_none_match.contains_weak(tag):
        response = current_app.response_class(status=304)
    else:
        response = answer()
    response.set_etag(tag, weak=True)
    response.headers["Cache-Control"] = "no-cache"
    return response


# --- reading ---------------------------------------------------------------

# Rendered answers by ETag, one cache per app (per database). The tag holds
# every counter a change to the answer bumps (in the same transaction as the
# change), so an entry can never be stale, only unused; the bound keeps a
# process's memory flat.
_BODIES_MAX = 512
_BODIES_LOCK = threading.Lock()


def _read_without_transaction() -> None:
    """Run this request's reads in autocommit.

    A public read writes nothing and each of its statements stands alone (on
    PostgreSQL, READ COMMITTED gives each its own snapshot anyway), so the
    BEGIN and ROLLBACK around them are two round trips for nothing. (A
    session already in a transaction, as in a test's app context, keeps it.)
    """
    if not db.session().in_transaction():
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def _bodies() -> OrderedDict[str, bytes]:
    return current_app.extensions.setdefault("thread_bodies", OrderedDict())


def _secret(purpose: bytes) -> bytes:
    return _secret_for(current_app.config["SECRET_KEY"], purpose)


@functools.lru_cache(maxsize=16)
def _secret_for(secret_key: str, purpose: bytes) -> bytes:
    return hmac.new(secret_key.encode(), purpose, hashlib.sha256).digest()


def _avatar(key: bytes, author: str) -> str:
    """What the widget draws an author's identicon from: the same for the same author, useless to guess from.

    A plain hash of the author key would let anyone confirm a guessed email
    address; keyed with the server's secret it tells authors apart and nothing else.
    """
    return hmac.new(key, author.encode(), hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Window:
    """Which page of a thread to read: `limit` comments after number `after`, or before `before`."""

    after: int = 0
    before: int | None = None
    limit: int = PAGE_DEFAULT

    @property
    def key(self) -> str:
        return f"{self.after}-{self.before or 0}-{self.limit}"


def _window(args) -> tuple[Window | None, dict[str, str]]:
    """Read the paging parameters; every bad one is named."""
    errors: dict[str, str] = {}
    values: dict[str, int] = {}
    for name, low, high in (("after", 0, 2**31 - 1), ("before", 1, 2**31 - 1), ("limit", 1, PAGE_MAX)):
        raw = args.get(name)
        if raw is None:
            continue
        if not raw.isdigit() or not low <= int(raw) <= high:
            errors[name] = f"must be a whole number from {low} to {high:,}"
        else:
            values[name] = int(raw)
    if "after" in values and "before" in values:
        errors["before"] = "give either after or before, not both"
    if errors:
        return None, errors
    return Window(values.get("after", 0), values.get("before"), values.get("limit", PAGE_DEFAULT)), {}


def _thread_body(site_id: int, thread_id: int, uri: str, title: str, window: Window) -> bytes:
    comments: list[dict[str, object]] = []
    total, earlier, later = 0, None, None
    if thread_id:
        parent = aliased(Comment)
        query = (
            select(Comment.number, Comment.author, Comment.author_key, Comment.title,
                   Comment.body_html, Comment.created_at, Comment.decided_at,
                   parent.number.label("parent_number"), parent.author.label("parent_author"))
            .outerjoin(parent, and_(parent.id == Comment.parent_id, parent.status == CommentStatus.APPROVED))
            .where(Comment.thread_id == thread_id, Comment.status == CommentStatus.APPROVED)
            .limit(window.limit)
        )
        if window.before is not None:
            rows = db.session.execute(
                query.where(Comment.number < window.before).order_by(Comment.number.desc())).all()[::-1]
        else:
            rows = db.session.execute(
                query.where(Comment.number > window.after).order_by(Comment.number)).all()
        # Where the neighbouring pages start: pass `before` or `after` back to read them.
        first = rows[0].number if rows else (window.before or window.after + 1)
        last = rows[-1].number if rows else first - 1
        earlier = first if _any(thread_id, Comment.number < first) else None
        later = last if _any(thread_id, Comment.number > last) else None
        total = db.session.scalar(select(Thread.approved_count).where(Thread.id == thread_id)) or 0
        posts = author_post_counts(site_id, {row.author_key for row in rows})
        key = _secret(b"avatar")
        for row in rows:
            comment = {
                "number": row.number, "author": row.author, "posts": posts.get(row.author_key, 0),
                "avatar": _avatar(key, row.author_key), "title": row.title, "html": row.body_html or "",
                # Numbers are given at publication, so the time beside a number is that moment.
                "published_at": _iso(row.decided_at or row.created_at), "created_at": _iso(row.created_at),
            }
            if row.parent_number is not None:
                comment["reply_to"] = {"number": row.parent_number, "author": row.parent_author}
            comments.append(comment)
    return json.dumps({"uri": uri, "title": title, "count": total, "comments": comments,
                       "before": earlier, "after": later},
                      ensure_ascii=False, separators=(",", ":")).encode()


def _any(thread_id: int, condition) -> bool:
    found = db.session.scalar(select(Comment.id).where(
        Comment.thread_id == thread_id, Comment.status == CommentStatus.APPROVED, condition).limit(1))
    return found is not None


@bp.get("/threads")
def thread():
    key = request.args.get("site")
    if not isinstance(key, str) or not key:
        return api_error(400, "Say which site this is for.", fields={"site": "is required"})
    uri, problem = page_uri(request.args.get("uri"))
    if problem:
        return api_error(400, "The page address is not valid.", fields={"uri": problem})
    _read_without_transaction()
    page, error = find_site(key, uri)
    if error:
        return error
    # Anyone may read without a browser; a page's script only from the site's origins,
    # and a page elsewhere learns why, not what (see cors.py).
    if request.headers.get("Origin") and not cors.origin_allowed(page.site):
        return cors.refuse_origin()
    problem = off_origins(uri, page.site.origins)
    if problem:
        return api_error(400, "The page address is not valid.", fields={"uri": problem})
    window, errors = _window(request.args)
    if window is None:
        return api_error(400, "The paging parameters are not valid.", fields=errors)
    site = page.site
    # Post counts come from the whole site, so the site's version is in the tag too.
    tag = f"{page.thread_id or 0}-{page.thread_version}-{site.content_version}-{window.key}"

    def answer() -> Response:
        cache_key = f"{site.id}:{uri}:{tag}"
        bodies = _bodies()
        with _BODIES_LOCK:
            body = bodies.get(cache_key)
            if body is not None:
                bodies.move_to_end(cache_key)
        if body is None:
            body = _thread_body(site.id, page.thread_id or 0, uri, page.thread_title, window)
            with _BODIES_LOCK:
                bodies[cache_key] = body
                while len(bodies) > _BODIES_MAX:
                    bodies.popitem(last=False)
        return current_app.response_class(body, mimetype="application/json")

    return _revalidated(tag, answer)


@bp.get("/counts")
def counts():
    _read_without_transaction()
    page, error = find_site(request.args.get("site"))
    if error:
        return error
    site = page.site
    raw_uris = request.args.getlist("uri")
    if not raw_uris or len(raw_uris) > MAX_COUNT_URIS:
        return api_error(400, f"Ask for 1 to {MAX_COUNT_URIS} pages at a time.",
                         fields={"uri": f"give 1 to {MAX_COUNT_URIS} uri parameters, got {len(raw_uris)}"})
    wanted: dict[str, str] = {}
    for raw in raw_uris:
        uri, problem = page_uri(raw, site.origins)
        if problem:
            return api_error(400, "A page address is not valid.", fields={"uri": f"{raw[:100]!r} {problem}"})
        wanted[raw] = uri

    def answer() -> Response:
        rows = db.session.execute(
            select(Thread.uri, Thread.approved_count)
            .where(Thread.site_id == site.id, Thread.uri.in_(set(wanted.values())))
        )
        by_uri = {uri: count for uri, count in rows}
        return jsonify(counts={raw: by_uri.get(uri, 0) for raw, uri in wanted.items()})

    return _revalidated(f"counts-{site.id}-{site.content_version}", answer)


# --- submitting ------------------------------------------------------------

def _rate_comments() -> str:
    return current_app.config["RATELIMIT_COMMENTS"]


# Core inserts on the request's one connection: the rows are written once and
# never touched again in this request, so the ORM's unit of work would only add
# cost to the hot path.
_INSERT_COMMENT = insert(Comment.__table__).returning(Comment.__table__.c.id)
_INSERT_THREAD = insert(Thread.__table__).returning(Thread.__table__.c.id)


def _thread_for(connection: Connection, site: SiteRef, uri: str, found: int | None) -> int:
    """Return the thread's id (`found`, looked up with the site), creating it on a first comment.

    A new thread has no title: the page title a comment brings is published
    only when that comment is approved (see models.comment.transition), so a
    comment waiting for a moderator cannot name a page in public.
    """
    if found is not None:
        return found
    try:
        # A savepoint: two first comments on one page may race; the loser
        # of the unique (site_id, uri) finds the winner's thread below.
        with connection.begin_nested():
            new = {"site_id": site.id, "uri": uri, "title": ""}
            return connection.execute(_INSERT_THREAD, new).scalar_one()
    except IntegrityError:
        thread_id = connection.scalar(select(Thread.id).where(Thread.site_id == site.id, Thread.uri == uri))
        if thread_id is None:
            raise
        return thread_id


def _replied_to(connection: Connection, number: object, page: PublicPage | None,
                errors: dict[str, str]) -> int | None:
    """Return the id of the published comment of this page that `number` names; None for no reply.

    Flat numbering stays: a reply is a comment like any other that names the
    one it answers. Only a published comment can be answered, so a reply can
    never reveal one that waits or was refused.
    """
    if number is None:
        return None
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number < 2**31:
        errors["reply_to"] = "must be the number of a comment on this page"
        return None
    parent_id = None
    if page is not None and page.thread_id is not None:
        parent_id = connection.scalar(select(Comment.id).where(
            Comment.thread_id == page.thread_id, Comment.number == number,
            Comment.status == CommentStatus.APPROVED))
    if parent_id is None:
        errors["reply_to"] = f"names comment #{number}, which is not published on this page"
    return parent_id


def _own_token(comment_id: int) -> str:
    return hmac.new(_secret(b"own-comment"), str(comment_id).encode(), hashlib.sha256).hexdigest()[:32]


def _user_agent() -> tuple[str, bool]:
    raw = request.headers.get("User-Agent", "")
    # Kept as a signal, not as the author's words: printable, bounded.
    cleaned = "".join(c for c in raw if unicodedata.category(c) not in ("Cc", "Cs"))
    return cleaned[:USER_AGENT_MAX], len(cleaned) > USER_AGENT_MAX


@bp.post("/comments")
@limiter.limit(_rate_comments, methods=["POST"])
def post_comment():
    data = read_json_object()
    # One connection from the pool for the whole submission, and no ORM
    # session: every statement here is Core, and the session's own bookkeeping
    # (making it, autobegin, the snapshot it drops on commit) cost about a
    # tenth of the POST's CPU. Leaving the block rolls back whatever was not committed.
    with db.engine.connect() as connection:
        stored = _store_comment(connection, data)
    if isinstance(stored, Response):
        return stored
    comment_id, sent_at = stored

    from workers.tasks import send_to_worker

    # The row is the outbox: if the broker does not take the id now, the
    # sweeper sends it later. Either way the commenter gets their 202.
    send_to_worker(comment_id, stamped_at=sent_at)
    # The token lets this commenter's browser, and nobody else, follow the comment until it is decided.
    response = jsonify(id=comment_id, status="pending", token=_own_token(comment_id))
    response.status_code = 202
    response.headers["Cache-Control"] = "no-store"
    return response


def _store_comment(connection: Connection, data: dict) -> Response | tuple[int, datetime]:
    """Check a submission and commit it as `received`; its id and send time, or the refusal to answer."""
    key = data.get("site")
    # The page address is normalised once, here, to find its thread with the
    # site; whether it is on the site's origins is checked with the other fields.
    uri, uri_problem = page_uri(data.get("uri"))
    page: PublicPage | None = None
    if isinstance(key, str) and key:  # a missing key is a field error, reported with the rest
        page, error = find_site(key, uri, connection)
        if error:
            return error
        if not cors.origin_allowed(page.site):
            # Not readable by that page: a browser's preflight refuses it before any POST anyway.
            return api_error(403, "This page's origin is not registered for the site.",
                             code="origin_not_allowed")
    site = page.site if page is not None else None
    form = validate_comment(data, site, uri, uri_problem)
    parent_id = _replied_to(connection, data.get("reply_to"), page, form.errors)
    if form.errors or site is None:
        # Before the CAPTCHA: fixing a field must not cost a new challenge.
        return api_error(400, "Some fields need attention.", fields=form.errors)

    # Before the CAPTCHA, and without consuming it: every answer to a challenge
    # costs its puzzle's work, and a widget that failed here keeps its challenge.
    work = verify_solution(form.captcha_id, data.get("pow"))
    if work != "ok":
        if work == "missing":
            return api_error(403, "The form's proof of work is missing; let the page finish "
                                  "preparing the form and send it again.", code="pow_missing")
        return api_error(403, "The form's proof of work does not belong to this challenge; "
                              "please send the form again.", code="pow_failed")

    # Everything the row needs is ready before the challenge's DELETE: on
    # SQLite that statement takes the database's one write lock, held until
    # the commit, and the other web processes wait for it. The form token is
    # read here but counts only with its own challenge's answer, accepted
    # below, so it counts once.
    shown = read_form_token(form.form_token, form.captcha_id)
    user_agent, ua_truncated = _user_agent()
    signals: dict[str, object] = {
        "form_token": shown.verdict,
        "accept_language": bool(request.headers.get("Accept-Language")),
    }
    if ua_truncated:
        signals["user_agent_truncated"] = True
    if form.page_title:
        signals["page_title"] = form.page_title  # the thread's title once this comment is approved
    if form.notify:
        signals["notify"] = form.notify  # subscriptions, made once the worker finds it is not spam
    # The send time, written with the row: send_to_worker takes it back if the
    # broker refuses, so a taken send costs no second commit.
    sent_at = utcnow()
    row = {
        "site_id": site.id,
        "author": form.author,
        "email": form.email,
        "email_hash": hashlib.sha256(form.email.lower().encode()).hexdigest() if form.email else None,
        "author_key": author_key(site.id, form.author, form.email),
        "title": form.title,
        "body": form.body,
        "status": CommentStatus.RECEIVED,
        "honeypot": form.honeypot,
        "seconds_to_submit": shown.seconds,
        "signals": signals,
        "ip_prefix": ip_prefix(request.remote_addr or ""),
        "user_agent": user_agent,
        "enqueued_at": sent_at,
        "parent_id": parent_id,
    }

    if not store().consume(form.captcha_id, site.id, form.captcha_answer, connection):
        connection.commit()  # a wrong answer burns the challenge too
        return api_error(403, "The characters did not match the picture, or it has expired; "
                              "please try the new one.", code="captcha_failed")

    row["thread_id"] = _thread_for(connection, site, form.uri, page.thread_id)
    comment_id = connection.execute(_INSERT_COMMENT, row).scalar_one()
    connection.commit()
    return comment_id, sent_at


# --- a commenter's own comment --------------------------------------------

OWN_STATUS = {
    CommentStatus.RECEIVED: "pending", CommentStatus.PENDING: "pending",
    CommentStatus.SCORE_FAILED: "pending", CommentStatus.APPROVED: "published",
    CommentStatus.REJECTED: "refused", CommentStatus.SPAM: "refused",
}


@bp.get("/comments/<int:comment_id>")
def own_comment(comment_id: int):
    """Where the commenter's own comment stands: pending, published (with its number) or refused.

    Only with the token its POST answered: a comment's fate is its author's to
    follow, and the text itself is never sent back (their browser kept it).
    """
    _read_without_transaction()
    page, error = find_site(request.args.get("site"))
    if error:
        # Without its site, no comment is found, as without its token.
        return error if error.status_code == 404 else _not_own()
    token = request.args.get("token", "")
    row = db.session.execute(
        select(Comment.site_id, Comment.status, Comment.number).where(Comment.id == comment_id)
    ).first()
    if (row is None or row.site_id != page.site.id or not isinstance(token, str)
            or not hmac.compare_digest(token, _own_token(comment_id))):
        return _not_own()
    body: dict[str, object] = {"id": comment_id, "status": OWN_STATUS[row.status]}
    if row.status == CommentStatus.APPROVED:
        body["number"] = row.number
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def _not_own() -> Response:
    return api_error(404, "There is no such comment, or this is not its author's browser.", code="not_found")
