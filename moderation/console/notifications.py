"""A person's mail settings, a site's webhooks and their delivery log, and the development outbox.

The outbox lists the mails written while no SMTP_URL is set; it is shown
outside production only (to admins there would be every commenter's mail).
A webhook's secret is shown to the site's managers, who paste it into the
receiving end; "send again" puts a delivery back in the queue as it was, to be
signed anew.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import select

from models import (
    NOTIFY_MODES,
    WEBHOOK_EVENTS,
    DeliveryState,
    MailState,
    Notification,
    Role,
    Webhook,
    WebhookDelivery,
    db,
)
from models.notification import queue_after_commit

from . import bp
from .forms import ActionForm, NotifyForm, WebhookForm
from .security import checked_id, manageable_site_or_404, require_role

DELIVERIES_SHOWN = 50


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings() -> ResponseReturnValue:
    me = current_user._get_current_object()
    form = NotifyForm(data={"notify_mode": me.notify_mode}) if request.method == "GET" else NotifyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("console/settings.html", form=form, modes=NOTIFY_MODES), 400
        if me.notify_mode != form.notify_mode.data:
            me.notify_mode = form.notify_mode.data
            # A digest starts counting from now, not from the last one of an earlier setting.
            me.digest_sent_at = None
        db.session.commit()
        flash(f"Mail setting saved: {NOTIFY_MODES[me.notify_mode].lower()}.", "done")
        return redirect(url_for("console.settings"))
    return render_template("console/settings.html", form=form, modes=NOTIFY_MODES)


@bp.get("/outbox")
@login_required
@require_role(Role.ADMIN, Role.OWNER, Role.MODERATOR)
def outbox() -> ResponseReturnValue:
    if current_app.config["APP_ENV"] == "production":
        abort(404)
    from workers.notify import outbox as newest

    mails = newest()
    if current_user.role != Role.ADMIN:
        # Only their own mails: moderators' mail names other people's comments and addresses.
        mails = [m for m in mails if m.moderator_id == current_user.id]
    chosen = None
    wanted = request.args.get("mail")
    if wanted:
        chosen = next((m for m in mails if m.id == checked_id(wanted, "mail")), None)
        if chosen is None:
            abort(404)
    elif mails:
        chosen = mails[0]
    return render_template("console/outbox.html", mails=mails, chosen=chosen, preview=_preview(chosen),
                           smtp=bool(current_app.config["SMTP_URL"]))


def _preview(mail: Notification | None) -> dict | None:
    """The headers a reader sees and the text part, decoded, of a mail in the outbox."""
    if mail is None or not mail.outbox_message:
        return None
    from email import message_from_string, policy

    message = message_from_string(mail.outbox_message, policy=policy.default)
    shown = ("From", "To", "Subject", "Date", "List-Unsubscribe", "List-Unsubscribe-Post")
    text = message.get_body(("plain",))
    return {"headers": [(h, str(message[h])) for h in shown if message[h]],
            "text": text.get_content() if text is not None else ""}


def _webhook_or_404(site_id: int, webhook_id: int) -> Webhook:
    hook = db.session.get(Webhook, checked_id(webhook_id, "webhook"))
    if hook is None or hook.site_id != site_id:
        abort(404)
    return hook


def _webhooks_page(site, form: WebhookForm, status: int = 200) -> ResponseReturnValue:
    hooks = db.session.scalars(select(Webhook).where(Webhook.site_id == site.id).order_by(Webhook.id)).all()
    deliveries = db.session.scalars(
        select(WebhookDelivery).join(Webhook).where(Webhook.site_id == site.id)
        .order_by(WebhookDelivery.id.desc()).limit(DELIVERIES_SHOWN)).all()
    return render_template("console/webhooks.html", site=site, hooks=hooks, deliveries=deliveries, form=form,
                           events=WEBHOOK_EVENTS, action_form=ActionForm()), status


@bp.route("/sites/<int:site_id>/webhooks", methods=["GET", "POST"])
@login_required
def webhooks(site_id: int) -> ResponseReturnValue:
    site = manageable_site_or_404(site_id)
    form = WebhookForm() if request.method == "POST" else WebhookForm(formdata=None)
    if request.method == "POST":
        if not form.validate_on_submit():
            return _webhooks_page(site, form, 400)
        hook = Webhook(site_id=site.id, url=form.url.data.strip(), events=list(form.events.data),
                       format=form.format.data)
        db.session.add(hook)
        db.session.commit()
        flash("Webhook added. Its secret is below: the receiver checks each request's signature with it.",
              "done")
        return redirect(url_for("console.webhooks", site_id=site.id))
    return _webhooks_page(site, form)


@bp.post("/sites/<int:site_id>/webhooks/<int:webhook_id>/delete")
@login_required
def delete_webhook(site_id: int, webhook_id: int) -> ResponseReturnValue:
    site = manageable_site_or_404(site_id)
    hook = _webhook_or_404(site.id, webhook_id)
    if not ActionForm().validate_on_submit():
        abort(400, "The form expired; reload the page.")
    db.session.delete(hook)
    db.session.commit()
    flash("Webhook removed, with its delivery log.", "done")
    return redirect(url_for("console.webhooks", site_id=site.id))


@bp.post("/sites/<int:site_id>/deliveries/<int:delivery_id>/again")
@login_required
def send_again(site_id: int, delivery_id: int) -> ResponseReturnValue:
    site = manageable_site_or_404(site_id)
    delivery = db.session.get(WebhookDelivery, checked_id(delivery_id, "delivery"))
    if delivery is None or delivery.webhook.site_id != site.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400, "The form expired; reload the page.")
    if delivery.state in (DeliveryState.PENDING, DeliveryState.SENDING):
        flash(f"Delivery {delivery.id} is already on its way.", "info")
    else:
        delivery.state = DeliveryState.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = None
        queue_after_commit(db.session(), "webhook", delivery.id)
        db.session.commit()
        flash(f"Delivery {delivery.id} will be sent again.", "done")
    return redirect(url_for("console.webhooks", site_id=site.id))


def failed_mails(limit: int = 20) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.state == MailState.FAILED)
                                   .order_by(Notification.id.desc()).limit(limit)))
