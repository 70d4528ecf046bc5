"""Mail tasks on the `mail` queue: send one owed mail, sweep what was missed, moderators' digests.

`send_mail` claims its notification row with a conditional update
(`pending -> sending`) before anything else, so a second delivery of the task,
or the sweeper's re-send racing a retry, finds nothing to do: a mail is sent
once. The message is composed when it is sent, from the rows as they are then:
a mail no longer owed (its comment decided or found to be spam, its reader
unsubscribed or removed from the site) is dropped instead. A failure the SMTP
server may get over puts the row back to `pending` with its next attempt's
time and retries with backoff; after MAIL_MAX_ATTEMPTS it is `failed`, shown in
the console. A worker killed between the server's "250 OK" and the row's
update leaves it `sending`: after SENDING_TIMEOUT the sweeper sends it again,
with the same Message-ID, the one case where a reader may see a mail twice.
"""

from __future__ import annotations

import hashlib
import logging
import math
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from celery import shared_task
from flask import current_app, has_app_context, render_template
from sqlalchemy import and_, func, or_, select, update

from models import (
    Comment,
    CommentStatus,
    MailAddress,
    MailKind,
    MailState,
    Moderator,
    Notification,
    Site,
    db,
    utcnow,
)
from models.outbound import owe_mail
from moderation.console.reasons import explain
from moderation.mail_links import DECISION_ACTIONS, confirm_url, decision_url, unsubscribe_url

from .mailer import PermanentFailure, TemporaryFailure, deliver
from .tasks import retry_delay

__all__ = ["SEND_TASK", "compose", "dispatch", "send_digests", "send_mail", "sweep_outbound"]

log = logging.getLogger(__name__)
SEND_TASK = "workers.notify.send_mail"
WEBHOOK_TASK = "workers.webhooks.deliver_webhook"
SENDING_TIMEOUT = timedelta(minutes=10)
SWEEP_BATCH = 500
EPOCH = datetime(1970, 1, 1)
DIGEST_PERIODS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1)}


def dispatch(owed: list[tuple[str, int]]) -> None:
    """Hand committed rows to the broker; a refusal leaves them pending for the sweeper."""
    celery = current_app.extensions.get("celery") if has_app_context() else None
    if celery is None:
        return
    for kind, row_id in owed:
        task = SEND_TASK if kind == "mail" else WEBHOOK_TASK
        try:
            celery.send_task(task, (row_id,), retry=False, ignore_result=True)
        except Exception:  # noqa: BLE001 - the broker being down must not fail the caller
            log.warning("could not queue %s %d; the sweeper will", kind, row_id, exc_info=True)
            return


# --- composing ---------------------------------------------------------------------------

class NotOwed(Exception):
    """The mail is no longer owed; the message says why."""


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _domain() -> str:
    _, address = parseaddr(current_app.config["MAIL_FROM"])
    return address.rpartition("@")[2] or "localhost"


def _message(row: Notification, subject: str, template: str, unsubscribe: str | None = None,
             **context: Any) -> EmailMessage:
    config = current_app.config
    context.update(public_url=config["PUBLIC_URL"], unsubscribe=unsubscribe)
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = row.recipient
    message["Subject"] = _one_line(subject, 180)
    message["Date"] = format_datetime(datetime.now().astimezone())
    # The same for every attempt at this row: a reader's client can fold a rare resend away.
    digest = hashlib.sha256(row.key.encode()).hexdigest()[:16]
    message["Message-ID"] = f"<notification-{row.id}.{digest}@{_domain()}>"
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe:
        # RFC 8058: a mail client's "unsubscribe" button POSTs to this address, no page, no login.
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(render_template(f"mail/{template}.txt", **context))
    message.add_alternative(render_template(f"mail/{template}.html", **context), subtype="html")
    return message


def _comment(row: Notification) -> Comment:
    comment = db.session.get(Comment, row.comment_id) if row.comment_id else None
    if comment is None:
        raise NotOwed("the comment is gone")
    return comment




def _moderator_comment(row: Notification) -> EmailMessage:
    comment = _comment(row)
    moderator = db.session.get(Moderator, row.moderator_id) if row.moderator_id else None
    if moderator is None or not moderator.active or not moderator.can_see(comment.site_id):
        raise NotOwed("the moderator no longer works on this site")
    if moderator.notify_mode != "each":
        raise NotOwed("the moderator asked for no mail per comment")
    if comment.status not in (CommentStatus.PENDING, CommentStatus.SCORE_FAILED):
        raise NotOwed(f"the comment is {comment.status.value} already")
    thread, site = comment.thread, comment.site
    links = {action: decision_url(moderator.id, comment.id, action) for action in DECISION_ACTIONS}
    page = thread.title or thread.uri
    return _message(
        row, f"[{site.name}] {comment.author} on {page}", "moderator_comment", comment=comment, thread=thread,
        site=site, links=links, why=explain(comment), page=page,
        queue_url=f"{current_app.config['PUBLIC_URL']}/moderate/?site={site.id}",
        days=current_app.config["MAIL_LINK_MAX_AGE_SECONDS"] // 86400,
    )


def _address(row: Notification) -> MailAddress:
    address = db.session.get(MailAddress, row.address_id) if row.address_id else None
    if address is None or address.unsubscribed_at is not None:
        raise NotOwed("the address unsubscribed")
    return address


def _confirm(row: Notification) -> EmailMessage:
    address = _address(row)
    if address.confirmed_at is not None:
        raise NotOwed("the address is confirmed already")
    comment = _comment(row)
    if comment.status == CommentStatus.SPAM:
        raise NotOwed("the comment is spam")
    site, thread = comment.site, comment.thread
    return _message(row, f"Please confirm your address for comments on {site.name}", "confirm",
                    site=site, thread=thread, comment=comment, confirm=confirm_url(address.id),
                    unsubscribe=unsubscribe_url(address.id, None),
                    days=current_app.config["MAIL_LINK_MAX_AGE_SECONDS"] // 86400)


def _commenter(row: Notification, published: bool) -> EmailMessage:
    address = _address(row)
    if address.confirmed_at is None:
        raise NotOwed("the address is not confirmed")
    comment = _comment(row)
    if comment.status != CommentStatus.APPROVED:
        raise NotOwed(f"the comment is {comment.status.value}")
    site, thread = comment.site, comment.thread
    page = thread.title or thread.uri
    if published:
        subject, template = f"Your comment on {page} is published", "published"
    else:
        subject, template = f"New comment by {comment.author} on {page}", "page_comment"
    return _message(row, subject, template, site=site, thread=thread, comment=comment, page=page,
                    page_url=thread.public_url, unsubscribe=unsubscribe_url(address.id, thread.id))


def _digest_window(row: Notification) -> tuple[datetime, datetime]:
    # The key is "moderator_digest:<moderator>:<since>:<until>", both in seconds since the epoch (UTC).
    _, _, since, until = row.key.split(":")
    return EPOCH + timedelta(seconds=int(since)), EPOCH + timedelta(seconds=int(until))


def _digest(row: Notification) -> EmailMessage:
    moderator = db.session.get(Moderator, row.moderator_id) if row.moderator_id else None
    if moderator is None or not moderator.active:
        raise NotOwed("the moderator is gone")
    since, until = _digest_window(row)
    sites = digest_counts(moderator, since, until)
    if not sites:
        raise NotOwed("nothing to report")
    return _message(row, f"Comments waiting: {sum(s['pending'] for s in sites)} "
                         f"({moderator.notify_mode} digest)", "moderator_digest",
                    sites=sites, since=since, until=until, mode=moderator.notify_mode,
                    queue_url=f"{current_app.config['PUBLIC_URL']}/moderate/")


def digest_counts(moderator: Moderator, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Per visible site: comments of the window still waiting, those filed as spam, the whole queue."""
    ids = moderator.site_ids()
    query = select(Site.id, Site.name)
    if ids is not None:
        query = query.where(Site.id.in_(ids or {-1}))
    found = []
    for site_id, name in db.session.execute(query.order_by(Site.name)).all():
        in_window = and_(Comment.site_id == site_id, Comment.created_at >= since, Comment.created_at < until)
        new = db.session.scalar(select(func.count()).where(
            in_window, Comment.status.in_((CommentStatus.PENDING, CommentStatus.SCORE_FAILED)))) or 0
        spam = db.session.scalar(
            select(func.count()).where(in_window, Comment.status == CommentStatus.SPAM)) or 0
        waiting = db.session.scalar(select(func.count()).where(
            Comment.site_id == site_id,
            Comment.status.in_((CommentStatus.PENDING, CommentStatus.SCORE_FAILED)))) or 0
        if new or spam:
            latest = db.session.scalars(
                select(Comment).where(in_window, Comment.status == CommentStatus.PENDING)
                .order_by(Comment.score.desc().nulls_last(), Comment.id).limit(5)).all()
            found.append({"id": site_id, "name": name, "new": new, "spam": spam, "pending": waiting,
                          "comments": latest})
    return found


COMPOSERS = {
    MailKind.MODERATOR_COMMENT: _moderator_comment,
    MailKind.MODERATOR_DIGEST: _digest,
    MailKind.CONFIRM: _confirm,
    MailKind.PUBLISHED: lambda row: _commenter(row, published=True),
    MailKind.PAGE_COMMENT: lambda row: _commenter(row, published=False),
}


def compose(row: Notification) -> EmailMessage:
    """Build the message a notification row owes; NotOwed when it is owed no more."""
    return COMPOSERS[row.kind](row)


# --- sending -----------------------------------------------------------------------------

def _claim(notification_id: int) -> int | None:
    attempts = db.session.scalar(
        update(Notification)
        .where(Notification.id == notification_id, Notification.state == MailState.PENDING)
        .values(state=MailState.SENDING, claimed_at=utcnow(), attempts=Notification.attempts + 1)
        .returning(Notification.attempts)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return attempts


def _finish(notification_id: int, state: MailState, **values: Any) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.state == MailState.SENDING)
        .values(state=state, **values).execution_options(synchronize_session=False))
    db.session.commit()


@shared_task(name=SEND_TASK, bind=True, max_retries=None, ignore_result=True)
def send_mail(self: Any, notification_id: int) -> str:
    """Send one owed mail, exactly once; retry with backoff while the SMTP server is away."""
    config = current_app.config
    attempt = _claim(notification_id)
    if attempt is None:
        return "not pending"
    row = db.session.get(Notification, notification_id)
    try:
        message = compose(row)
    except NotOwed as why:
        _finish(notification_id, MailState.DROPPED, last_error=str(why)[:500])
        log.info("mail %d (%s) dropped: %s", notification_id, row.kind.value, why)
        return "dropped"
    except Exception as error:  # noqa: BLE001 - a mail we cannot build is reported, not retried forever
        db.session.rollback()
        _finish(notification_id, MailState.FAILED, last_error=f"cannot compose: {error!r}"[:500])
        log.exception("mail %d could not be composed", notification_id)
        return "failed"
    subject = str(message["Subject"])
    url = config["SMTP_URL"]
    if not url:
        text = message.as_string()
        _finish(notification_id, MailState.SENT, sent_at=utcnow(), subject=subject, outbox_message=text)
        log.info("outbox (no SMTP_URL): mail %d to %s\n%s", notification_id, row.recipient,
                 message.get_body(("plain",)).get_content())
        return "outbox"
    try:
        deliver(url, message)
    except PermanentFailure as error:
        _finish(notification_id, MailState.FAILED, last_error=str(error)[:500], subject=subject)
        log.error("mail %d to %s refused for good: %s", notification_id, row.recipient, error)
        return "failed"
    except TemporaryFailure as error:
        if attempt >= config["MAIL_MAX_ATTEMPTS"]:
            _finish(notification_id, MailState.FAILED, last_error=str(error)[:500], subject=subject)
            log.error("mail %d: giving up after %d attempts: %s", notification_id, attempt, error)
            return "failed"
        countdown = retry_delay(attempt, config["MAIL_RETRY_SECONDS"], config["MAIL_RETRY_MAX_SECONDS"])
        _finish(notification_id, MailState.PENDING, last_error=str(error)[:500],
                next_attempt_at=utcnow() + timedelta(seconds=countdown))
        log.warning("mail %d: attempt %d failed (%s); retrying in %.1f s", notification_id, attempt, error,
                    countdown)
        raise self.retry(countdown=countdown, exc=error) from error
    _finish(notification_id, MailState.SENT, sent_at=utcnow(), subject=subject)
    log.info("sent mail %d (%s) to %s", notification_id, row.kind.value, row.recipient)
    return "sent"


@shared_task(name="workers.notify.sweep_outbound", ignore_result=True)
def sweep_outbound() -> dict[str, int]:
    """Re-send mails and webhook deliveries the broker lost or a dead worker left half-done."""
    from models import DeliveryState, WebhookDelivery

    config = current_app.config
    now = utcnow()
    grace = now - timedelta(seconds=config["SWEEP_AFTER_SECONDS"])
    stuck = now - SENDING_TIMEOUT
    owed: list[tuple[str, int]] = []
    for kind, table, pending, sending in (
        ("mail", Notification, MailState.PENDING, MailState.SENDING),
        ("webhook", WebhookDelivery, DeliveryState.PENDING, DeliveryState.SENDING),
    ):
        db.session.execute(
            update(table).where(table.state == sending, table.claimed_at < stuck)
            .values(state=pending).execution_options(synchronize_session=False))
        due = or_(and_(table.next_attempt_at.is_(None), table.created_at < grace),
                  table.next_attempt_at < grace)
        ids = db.session.scalars(
            select(table.id).where(table.state == pending, due).order_by(table.id).limit(SWEEP_BATCH)).all()
        owed += [(kind, i) for i in ids]
    db.session.commit()
    if owed:
        log.info("outbound sweeper: re-sending %d", len(owed))
        dispatch(owed)
    return {"resent": len(owed)}


@shared_task(name="workers.notify.send_digests", ignore_result=True)
def send_digests() -> int:
    """Owe each digest reader a mail for the period that ended; return how many were owed."""
    now = utcnow()
    owed = 0
    readers = db.session.scalars(select(Moderator).where(
        Moderator.active.is_(True), Moderator.notify_mode.in_(tuple(DIGEST_PERIODS)))).all()
    for moderator in readers:
        period = DIGEST_PERIODS[moderator.notify_mode]
        since = moderator.digest_sent_at or (now - period)
        if now - since < period:
            continue
        # Whole seconds, as the key carries them; each window starts where the last one ended.
        since = EPOCH + timedelta(seconds=math.floor((since - EPOCH).total_seconds()))
        until = EPOCH + timedelta(seconds=math.ceil((now - EPOCH).total_seconds()))
        key = (f"moderator_digest:{moderator.id}:{int((since - EPOCH).total_seconds())}:"
               f"{int((until - EPOCH).total_seconds())}")
        if digest_counts(moderator, since, until):
            if owe_mail(key, MailKind.MODERATOR_DIGEST, moderator.email, moderator_id=moderator.id):
                owed += 1
        moderator.digest_sent_at = until
    db.session.commit()
    return owed


def outbox(limit: int = 50) -> list[Notification]:
    """The newest mails written to the development outbox."""
    return list(db.session.scalars(
        select(Notification).where(Notification.outbox_message.is_not(None))
        .order_by(Notification.id.desc()).limit(limit)))

