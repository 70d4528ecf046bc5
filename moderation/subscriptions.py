"""Commenters' pages under /mail: confirm an address, unsubscribe from a page or from the whole site.

No login: each page is reached from a signed link in a mail
(moderation/mail_links.py). Opening a link only shows a page; its button
POSTs. Unsubscribing is the exception that RFC 8058 requires: a mail
client's one-click unsubscribe POSTs `List-Unsubscribe=One-Click` to the
link itself, with no page and no CSRF token, so that POST is exempt from CSRF
(the signed link is what authorises it, and all it can do is stop mail).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy import select, update

from models import (
    CommentStatus,
    MailAddress,
    MailKind,
    MailState,
    Notification,
    Subscription,
    SubscriptionKind,
    Thread,
    db,
    utcnow,
)
from models.outbound import owe_mail

from .extensions import csrf
from .mail_links import LinkExpired, LinkInvalid, read_confirm, read_unsubscribe

__all__ = ["bp"]

bp = Blueprint("mail", __name__, url_prefix="/mail")
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")


@bp.after_request
def headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"  # the link's token stays out of other sites' logs
    response.headers["Cache-Control"] = "no-store"
    return response


def _page(title: str, status: int = 200, **context) -> ResponseReturnValue:
    return render_template("mail_pages/page.html", title=title, form=FlaskForm(), **context), status


def _invalid() -> ResponseReturnValue:
    return _page("This link is not valid", 404, message="It may have been cut short by your mail program.")


def _address(address_id: int) -> MailAddress:
    address = db.session.get(MailAddress, address_id)
    if address is None:
        abort(_page("This address is no longer known", 404,
                    message="Its data was erased; nothing will be sent to it."))
    return address


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str) -> ResponseReturnValue:
    try:
        address = _address(read_confirm(token))
    except LinkExpired:
        return _page("This link has expired", 410,
                     message="Post a comment with the box ticked again to get a new confirmation mail.")
    except LinkInvalid:
        return _invalid()
    site = address_site(address)
    if address.unsubscribed_at is not None:
        return _page("Mail is turned off for this address", message=f"You asked {site} to send you nothing.")
    if address.confirmed_at is not None:
        return _page("Address confirmed", message=f"{address.email} is confirmed for comments on {site}.")
    if request.method == "GET":
        return _page("Confirm your address", action="confirm", email=address.email, site=site)
    if not FlaskForm().validate_on_submit():
        abort(400, "The form expired; open the link from the mail again.")
    address.confirmed_at = utcnow()
    _owe_waiting_publications(address)
    db.session.commit()
    return _page("Address confirmed", message=f"Thank you: {site} will mail {address.email} as you asked.")


def address_site(address: MailAddress) -> str:
    from models import Site

    site = db.session.get(Site, address.site_id)
    return site.name if site else "this site"


def _owe_waiting_publications(address: MailAddress) -> None:
    # Comments approved while the address waited for its confirmation: their mail is owed now.
    from models import Comment

    rows = db.session.execute(
        select(Comment.id, Comment.site_id).join(Subscription, Subscription.comment_id == Comment.id)
        .where(Subscription.address_id == address.id, Subscription.kind == SubscriptionKind.PUBLISHED,
               Subscription.ended_at.is_(None), Comment.status == CommentStatus.APPROVED)
    ).all()
    for comment_id, site_id in rows:
        owe_mail(f"published:{comment_id}", MailKind.PUBLISHED, address.email, site_id=site_id,
                 comment_id=comment_id, address_id=address.id)


@bp.get("/unsubscribe/<token>")
def unsubscribe_page(token: str) -> ResponseReturnValue:
    try:
        address_id, thread_id = read_unsubscribe(token)
    except LinkInvalid:
        return _invalid()
    address = _address(address_id)
    thread = db.session.get(Thread, thread_id) if thread_id else None
    return _page("Unsubscribe", action="unsubscribe", email=address.email, site=address_site(address),
                 thread=thread, done=address.unsubscribed_at is not None)


@csrf.exempt
@bp.post("/unsubscribe/<token>")
def unsubscribe(token: str) -> ResponseReturnValue:
    try:
        address_id, thread_id = read_unsubscribe(token)
    except LinkInvalid:
        return _invalid()
    address = _address(address_id)
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    scope = request.form.get("scope") or ("page" if thread_id else "site")
    if scope not in ("page", "site") or (scope == "page" and not thread_id):
        abort(400, "Choose this page or the whole site.")
    now = utcnow()
    ending = update(Subscription).where(Subscription.address_id == address.id,
                                        Subscription.ended_at.is_(None))
    dropping = update(Notification).where(Notification.address_id == address.id,
                                          Notification.state == MailState.PENDING)
    if scope == "page":
        ending = ending.where(Subscription.thread_id == thread_id)
        from models import Comment

        on_page = select(Comment.id).where(Comment.thread_id == thread_id)
        dropping = dropping.where(Notification.comment_id.in_(on_page))
    else:
        address.unsubscribed_at = now
    db.session.execute(ending.values(ended_at=now).execution_options(synchronize_session=False))
    db.session.execute(dropping.values(state=MailState.DROPPED, last_error="unsubscribed")
                       .execution_options(synchronize_session=False))
    db.session.commit()
    site = address_site(address)
    if one_click:
        return Response("Unsubscribed.\n", mimetype="text/plain")
    if scope == "page":
        thread = db.session.get(Thread, thread_id)
        page = (thread.title or thread.uri) if thread else "this page"
        return _page("Unsubscribed", message=f"No more mail to {address.email} about “{page}”.",
                     token=token, offer_site=True, site=site)
    return _page("Unsubscribed", message=f"{site} will send no more mail to {address.email}, of any kind.")
