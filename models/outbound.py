"""Who is owed what when a comment moves: moderators' and commenters' mails, and webhook deliveries.

`comment_moved` is called by models/comment.py inside the transaction that
moved the comment, so the rows it writes commit (or roll back) with the move
itself: the row is the outbox. It only writes rows; the worker renders and
sends them (workers/notify.py, workers/webhooks.py). The one rule here: a
comment in the spam folder never causes a mail, to anyone; the policy's spam
is counted in moderators' digests instead.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import Update, bindparam, cast, func, insert, literal, null, or_, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .base import db, utcnow
from .moderator import Moderator, Role, moderator_sites
from .notification import (
    MailAddress,
    MailKind,
    MailState,
    Notification,
    Subscription,
    SubscriptionKind,
    queue_after_commit,
)
from .webhook import DeliveryState, Webhook, WebhookDelivery

__all__ = ["address_for", "address_record", "comment_moved", "forget_address", "mails_today", "owe_mail",
           "subscribe_from_comment"]

# What a comment's move means, by its new status ("" for a move no one hears about).
QUEUE_STATUSES = ("pending", "score_failed")


def _config(name: str, default: Any) -> Any:
    return current_app.config.get(name, default) if has_app_context() else default


def owe_mail(key: str, kind: MailKind, recipient: str, **refs: Any) -> int | None:
    """Write one owed mail under its unique key; None when it was owed already (nothing written)."""
    try:
        with db.session.begin_nested():
            row_id = db.session.execute(
                insert(Notification.__table__).returning(Notification.__table__.c.id),
                {"key": key, "kind": kind, "recipient": recipient, "state": MailState.PENDING,
                 "attempts": 0, "created_at": utcnow(), **refs},
            ).scalar_one()
    except IntegrityError:
        return None
    queue_after_commit(db.session(), "mail", row_id)
    return row_id


def mails_today(recipient: str, kinds: tuple[MailKind, ...] | None = None) -> int:
    query = select(func.count()).select_from(Notification).where(
        Notification.recipient == recipient, Notification.created_at > utcnow() - timedelta(days=1))
    if kinds:
        query = query.where(Notification.kind.in_(kinds))
    return db.session.scalar(query) or 0


def _commenter_may_receive(recipient: str, kind: MailKind) -> bool:
    """The per-address limits: no one can make us flood an inbox through the comment form."""
    commenter_kinds = (MailKind.CONFIRM, MailKind.PUBLISHED, MailKind.PAGE_COMMENT)
    if mails_today(recipient, commenter_kinds) >= _config("MAIL_PER_ADDRESS_PER_DAY", 20):
        return False
    if kind == MailKind.CONFIRM:
        return mails_today(recipient, (MailKind.CONFIRM,)) < _config("MAIL_CONFIRMATIONS_PER_DAY", 3)
    return True


def address_for(site_id: int, email: str) -> MailAddress:
    email = email.strip().lower()
    found = db.session.scalar(select(MailAddress).where(MailAddress.site_id == site_id,
                                                        MailAddress.email == email))
    if found is not None:
        return found
    try:
        with db.session.begin_nested():
            made = MailAddress(site_id=site_id, email=email)
            db.session.add(made)
        return made
    except IntegrityError:
        return db.session.scalar(select(MailAddress).where(MailAddress.site_id == site_id,
                                                           MailAddress.email == email))


def _subscribe(key: str, address_id: int, kind: SubscriptionKind, thread_id: int, comment_id: int) -> None:
    try:
        with db.session.begin_nested():
            db.session.add(Subscription(key=key, address_id=address_id, kind=kind, thread_id=thread_id,
                                        comment_id=comment_id))
    except IntegrityError:
        pass  # asked before: one subscription is enough


def subscribe_from_comment(comment) -> None:
    """Record what the comment's form asked for, and ask an unconfirmed address to confirm.

    Called when the comment reaches the queue (never for spam). The one mail an
    unconfirmed address can get is the confirmation request.
    """
    wanted = (comment.signals or {}).get("notify") if isinstance(comment.signals, dict) else None
    if not comment.email or not isinstance(wanted, list):
        return
    address = address_for(comment.site_id, comment.email)
    if address.unsubscribed_at is not None:
        return
    if "published" in wanted:
        _subscribe(f"published:{comment.id}", address.id, SubscriptionKind.PUBLISHED, comment.thread_id,
                   comment.id)
    if "page" in wanted:
        _subscribe(f"page:{address.id}:{comment.thread_id}", address.id, SubscriptionKind.PAGE,
                   comment.thread_id, comment.id)
    if address.confirmed_at is None and _commenter_may_receive(address.email, MailKind.CONFIRM):
        owe_mail(f"confirm:{address.id}:{comment.id}", MailKind.CONFIRM, address.email,
                 site_id=comment.site_id, comment_id=comment.id, address_id=address.id)


# The audience queries are built once, in Core on the tables, with the site's id bound at
# execution: the worker asks them for every comment it scores, and building them (or passing
# them through the ORM) cost more than running them.
_SITE_ID = bindparam("site_id")
_moderator, _hook = Moderator.__table__.c, Webhook.__table__.c


@functools.cache
def _moderators_to_mail_query():
    on_site = select(moderator_sites.c.moderator_id).where(moderator_sites.c.site_id == _SITE_ID)
    return select(_moderator.id, _moderator.email).where(
        _moderator.active.is_(True), _moderator.notify_mode == "each",
        or_(_moderator.role == Role.ADMIN, _moderator.id.in_(on_site)))


@functools.cache
def _hooks_query():
    return select(_hook.id, _hook.events).where(_hook.site_id == _SITE_ID, _hook.active.is_(True))


@functools.cache
def _audience_query():
    # Webhooks first: a compound select's column types are its first part's, and `events` is JSON.
    hook_part = _hooks_query().with_only_columns(literal("w").label("kind"), _hook.id.label("id"),
                                                 null().label("email"), _hook.events.label("events"))
    moderator_part = _moderators_to_mail_query().with_only_columns(
        literal("m"), _moderator.id, _moderator.email, cast(null(), _hook.events.type))
    return union_all(hook_part, moderator_part)


def _audience(site_id: int, moderators: bool,
              hooks: bool) -> tuple[list[tuple[int, str]], list[tuple[int, list]]]:
    """The moderators mailed for each comment and the site's active webhooks (id, events).

    Asked for together, they come in one query (a scored comment needs both): a round trip less.
    """
    site = {"site_id": site_id}
    if not moderators and not hooks:
        return [], []
    if not moderators:
        return [], [(row.id, row.events) for row in db.session.execute(_hooks_query(), site)]
    if not hooks:
        return [(row.id, row.email) for row in db.session.execute(_moderators_to_mail_query(), site)], []
    found_moderators, found_hooks = [], []
    for kind, row_id, email, events in db.session.execute(_audience_query(), site):
        if kind == "m":
            found_moderators.append((row_id, email))
        else:
            found_hooks.append((row_id, events))
    return found_moderators, found_hooks


def _moderators_to_mail(site_id: int) -> list[tuple[int, str]]:
    return _audience(site_id, moderators=True, hooks=False)[0]


def _mail_moderators(comment, moderators: list[tuple[int, str]] | None = None) -> None:
    if moderators is None:
        moderators = _moderators_to_mail(comment.site_id)
    for moderator_id, email in moderators:
        owe_mail(f"moderator_comment:{moderator_id}:{comment.id}", MailKind.MODERATOR_COMMENT, email,
                 site_id=comment.site_id, comment_id=comment.id, moderator_id=moderator_id)


def _mail_on_approval(comment) -> None:
    """The author's "published" mail and the page's followers', to confirmed addresses only."""
    subs = db.session.execute(
        select(Subscription.kind, Subscription.comment_id, MailAddress.id, MailAddress.email)
        .join(MailAddress, MailAddress.id == Subscription.address_id)
        .where(Subscription.thread_id == comment.thread_id, Subscription.ended_at.is_(None),
               MailAddress.confirmed_at.is_not(None), MailAddress.unsubscribed_at.is_(None))
    ).all()
    author_email = (comment.email or "").strip().lower()
    for kind, source_id, address_id, email in subs:
        if kind == SubscriptionKind.PUBLISHED:
            if source_id != comment.id:
                continue
            mail_kind, key = MailKind.PUBLISHED, f"published:{comment.id}"
        else:
            if email == author_email:
                continue  # nobody needs to hear about their own comment
            mail_kind, key = MailKind.PAGE_COMMENT, f"page_comment:{address_id}:{comment.id}"
        if _commenter_may_receive(email, mail_kind):
            owe_mail(key, mail_kind, email, site_id=comment.site_id, comment_id=comment.id,
                     address_id=address_id)


@functools.cache
def _forget_spam_statements() -> tuple[Update, Update]:
    # Built once, as Core updates: the worker runs them for every comment its policy files as spam.
    subscriptions, notifications = Subscription.__table__, Notification.__table__
    comment_id = bindparam("spam_id")  # not "comment_id": that name is the SET clause's
    return (
        update(subscriptions)
        .where(subscriptions.c.comment_id == comment_id, subscriptions.c.ended_at.is_(None))
        .values(ended_at=bindparam("now")),
        update(notifications)
        .where(notifications.c.comment_id == comment_id, notifications.c.state == MailState.PENDING)
        .values(state=MailState.DROPPED, last_error="the comment is spam"),
    )


def _forget_spam(comment_id: int) -> None:
    """A comment found to be spam causes no mail: its subscriptions end, its unsent mails are dropped."""
    end_subscriptions, drop_mails = _forget_spam_statements()
    db.session.execute(end_subscriptions, {"spam_id": comment_id, "now": utcnow()})
    db.session.execute(drop_mails, {"spam_id": comment_id})


def _drop_moderator_mails(comment_id: int) -> None:
    # Decided before its mail went out (a slow SMTP server): the mail would only ask for it again.
    db.session.execute(
        update(Notification).where(Notification.comment_id == comment_id,
                                   Notification.kind == MailKind.MODERATOR_COMMENT,
                                   Notification.state == MailState.PENDING)
        .values(state=MailState.DROPPED, last_error="decided before the mail was sent")
        .execution_options(synchronize_session=False))


def _webhook_body(event: str, comment, decision_id: int | None, moderator_id: int | None) -> dict[str, Any]:
    public_url = _config("PUBLIC_URL", "")
    thread = comment.thread
    reasons = comment.reasons if isinstance(comment.reasons, list) else []
    who = None
    if moderator_id:
        who = db.session.scalar(select(Moderator.email).where(Moderator.id == moderator_id))
    return {
        "event": event,
        "created_at": utcnow().isoformat(timespec="seconds") + "Z",
        "site": {"key": comment.site.key, "name": comment.site.name},
        "comment": {
            "id": comment.id, "status": comment.status.value, "author": comment.author,
            "title": comment.title, "body": comment.body, "number": comment.number,
            "score": comment.score, "reasons": [r.get("text") for r in reasons if isinstance(r, dict)][:5],
            "page": {"uri": thread.uri, "url": thread.public_url, "title": thread.title},
            "created_at": comment.created_at.isoformat(timespec="seconds") + "Z",
            "console_url": f"{public_url}/moderate/?status={comment.status.value}&thread={thread.id}",
        },
        "decision": None if decision_id is None else {"id": decision_id, "moderator": who},
    }


def _deliver(events: list[str], comment, decision_id: int | None, moderator_id: int | None,
             hooks: list[tuple[int, list]] | None = None, load: Callable[[], Any] | None = None) -> None:
    """Owe each subscribed webhook its events; `load` gives the whole comment when `comment` is a row."""
    if hooks is None:
        hooks = _audience(comment.site_id, moderators=False, hooks=True)[1]
    whole = comment if load is None else None
    for hook_id, hook_events in hooks:
        for event in events:
            if event not in (hook_events or []):
                continue
            key = f"{hook_id}:{event}:{comment.id}:{decision_id or 0}"
            if whole is None:
                whole = load()
            body = json.dumps(_webhook_body(event, whole, decision_id, moderator_id), ensure_ascii=False,
                              separators=(",", ":"))
            try:
                with db.session.begin_nested():
                    row_id = db.session.execute(
                        insert(WebhookDelivery.__table__).returning(WebhookDelivery.__table__.c.id),
                        {"key": key, "webhook_id": hook_id, "event": event, "comment_id": comment.id,
                         "body": body, "state": DeliveryState.PENDING, "attempts": 0,
                         "created_at": utcnow()},
                    ).scalar_one()
            except IntegrityError:
                continue
            queue_after_commit(db.session(), "webhook", row_id)


def comment_moved(comment_id: int, from_status: str, to_status: str, *, by_worker: bool,
                  decision_id: int | None = None, moderator_id: int | None = None, read: Any = None) -> None:
    """Write what the comment's move owes anyone, in the caller's transaction.

    `read` is the comment's row as the caller read it before the move, with its `id`,
    `site_id`, `thread_id`, `email` and `signals`, which no move changes: then the comment
    itself is loaded only for a webhook's body, the one thing that shows it as it is now.
    """
    from .comment import Comment

    def moved_comment():
        # Its page and site with it: a webhook's body names both.
        return db.session.get(Comment, comment_id, populate_existing=True,
                              options=[joinedload(Comment.thread)])

    comment = moved_comment() if read is None else read
    if comment is None:
        return
    events: list[str] = []
    moderators: list[tuple[int, str]] = []
    hooks: list[tuple[int, list]] | None = None
    if by_worker and from_status == "received":
        events.append("comment.received")
        if to_status != "score_failed":
            events.append("comment.scored")
        if to_status in QUEUE_STATUSES:
            moderators, hooks = _audience(comment.site_id, moderators=True, hooks=True)
            _mail_moderators(comment, moderators)
            subscribe_from_comment(comment)
    if to_status == "spam":
        _forget_spam(comment_id)
        events.append("comment.spam")
    elif to_status == "approved":
        _mail_on_approval(comment)
        events.append("comment.approved")
    elif to_status == "rejected":
        events.append("comment.rejected")
    if not by_worker:
        _drop_moderator_mails(comment_id)
    _deliver(events, comment, decision_id, moderator_id, hooks, None if read is None else moved_comment)


def forget_address(email: str, site_ids: list[int] | None = None) -> int:
    """Delete a commenter's address, subscriptions and the mails owed or sent to it; the caller commits."""
    from sqlalchemy import delete

    query = select(MailAddress.id).where(MailAddress.email == email.strip().lower())
    if site_ids is not None:
        query = query.where(MailAddress.site_id.in_(site_ids))
    ids = list(db.session.scalars(query))
    if ids:
        owned = ((Notification, Notification.address_id), (Subscription, Subscription.address_id),
                 (MailAddress, MailAddress.id))
        for table, column in owned:
            db.session.execute(delete(table).where(column.in_(ids)).execution_options(synchronize_session=False))
    return len(ids)


def address_record(email: str, site_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """What is kept about an address for mail, per site: confirmation, subscriptions, mails."""
    from .site import Site
    from .thread import Thread

    def iso(moment) -> str | None:
        return None if moment is None else moment.isoformat(timespec="seconds") + "Z"

    query = select(MailAddress).where(MailAddress.email == email.strip().lower())
    if site_ids is not None:
        query = query.where(MailAddress.site_id.in_(site_ids))
    record = []
    for address in db.session.scalars(query.order_by(MailAddress.id)):
        subscriptions = db.session.execute(
            select(Subscription.kind, Thread.uri, Subscription.created_at, Subscription.ended_at)
            .join(Thread, Thread.id == Subscription.thread_id).where(Subscription.address_id == address.id)
        ).all()
        mails = db.session.execute(
            select(Notification.kind, Notification.state, Notification.created_at, Notification.sent_at)
            .where(Notification.address_id == address.id).order_by(Notification.id)).all()
        record.append({
            "site": db.session.scalar(select(Site.key).where(Site.id == address.site_id)),
            "confirmed_at": iso(address.confirmed_at), "unsubscribed_at": iso(address.unsubscribed_at),
            "subscriptions": [{"kind": k.value, "page": uri, "since": iso(since), "ended_at": iso(ended)}
                              for k, uri, since, ended in subscriptions],
            "mails": [{"kind": k.value, "state": st.value, "owed_at": iso(owed), "sent_at": iso(sent)}
                      for k, st, owed, sent in mails],
        })
    return record
