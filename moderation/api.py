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

import hashlib
import ipaddress
import json
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

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
USER_AGENT_MAX = 512


def _iso(moment) -> str:
    return moment.isoformat(timespec="seconds") + "Z"


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


def _thread_body(site_id: int, thread_id: int, uri: str, title: str) -> bytes:
    comments = []
    if thread_id:
        rows = db.session.execute(
            select(Comment.number, Comment.author, Comment.author_key, Comment.title,
                   Comment.body_html, Comment.created_at)
            .where(Comment.thread_id == thread_id, Comment.status == CommentStatus.APPROVED)
            .order_by(Comment.number)
        ).all()
        posts = author_post_counts(site_id, {row.author_key for row in rows})
        comments = [
            {"number": row.number, "author": row.author, "posts": posts.get(row.author_key, 0),
             "title": row.title, "html": row.body_html or "", "created_at": _iso(row.created_at)}
            for row in rows
        ]
    return json.dumps({"uri": uri, "title": title, "count": len(comments), "comments": comments},
                      ensure_ascii=False, separators=(",", ":")).encode()


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
    problem = off_origins(uri, page.site.origins)
    if problem:
        return api_error(400, "The page address is not valid.", fields={"uri": problem})
    site = page.site
    # Post counts come from the whole site, so the site's version is in the tag too.
    tag = f"{page.thread_id or 0}-{page.thread_version}-{site.content_version}"

    def answer() -> Response:
        cache_key = f"{site.id}:{uri}:{tag}"
        bodies = _bodies()
        with _BODIES_LOCK:
            body = bodies.get(cache_key)
            if body is not None:
                bodies.move_to_end(cache_key)
        if body is None:
            body = _thread_body(site.id, page.thread_id or 0, uri, page.thread_title)
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


def _thread_for(site: SiteRef, uri: str, found: int | None) -> int:
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
        with db.session.begin_nested():
            new = Thread(site_id=site.id, uri=uri, title="")
            db.session.add(new)
        return new.id
    except IntegrityError:
        thread_id = db.session.scalar(select(Thread.id).where(Thread.site_id == site.id, Thread.uri == uri))
        if thread_id is None:
            raise
        return thread_id


def _user_agent() -> tuple[str, bool]:
    raw = request.headers.get("User-Agent", "")
    # Kept as a signal, not as the author's words: printable, bounded.
    cleaned = "".join(c for c in raw if unicodedata.category(c) not in ("Cc", "Cs"))
    return cleaned[:USER_AGENT_MAX], len(cleaned) > USER_AGENT_MAX


@bp.post("/comments")
@limiter.limit(_rate_comments, methods=["POST"])
def post_comment():
    data = read_json_object()
    key = data.get("site")
    # The page address is normalised once, here, to find its thread with the
    # site; whether it is on the site's origins is checked with the other fields.
    uri, uri_problem = page_uri(data.get("uri"))
    page: PublicPage | None = None
    if isinstance(key, str) and key:  # a missing key is a field error, reported with the rest
        page, error = find_site(key, uri)
        if error:
            return error
        if not cors.origin_allowed(page.site):
            return api_error(403, "This page's origin is not registered for the site.",
                             code="origin_not_allowed")
    site = page.site if page is not None else None
    form = validate_comment(data, site, uri, uri_problem)
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
    }

    if not store().consume(form.captcha_id, site.id, form.captcha_answer):
        db.session.commit()  # a wrong answer burns the challenge too
        return api_error(403, "The characters did not match the picture, or it has expired; "
                              "please try the new one.", code="captcha_failed")

    row["thread_id"] = _thread_for(site, form.uri, page.thread_id)
    # A Core insert: the row is written once and never touched again in this
    # request, so the ORM's unit of work would only add cost to the hot path.
    comment_id = db.session.execute(
        insert(Comment.__table__).returning(Comment.__table__.c.id), row
    ).scalar_one()
    db.session.commit()

    from workers.tasks import send_to_worker

    # The row is the outbox: if the broker does not take the id now, the
    # sweeper sends it later. Either way the commenter gets their 202.
    send_to_worker(comment_id, stamped_at=sent_at)
    response = jsonify(id=comment_id, status="pending")
    response.status_code = 202
    response.headers["Cache-Control"] = "no-store"
    return response
