"""Webhook deliveries on the `webhooks` queue: signed POSTs, retried with backoff, never to private networks.

Every request carries:

    Content-Type: application/json
    X-Comments-Event: comment.approved
    X-Comments-Delivery: 42                 (the delivery's id: the same on every retry)
    X-Comments-Timestamp: 1764751234        (seconds since the epoch, when this attempt was made)
    X-Comments-Signature: v1=<hex HMAC-SHA256 of "<timestamp>." + body, keyed with the webhook's secret>

A receiver recomputes the signature over the raw body, compares in constant
time, and refuses a timestamp more than five minutes from its clock, so a
captured request cannot be replayed later. A 2xx answer delivers; anything
else (a redirect too: it is not followed) or no answer within
WEBHOOK_TIMEOUT_SECONDS is retried with backoff until WEBHOOK_MAX_ATTEMPTS.
The target's name is resolved once per attempt and the connection goes to the
address that was checked, so a name that resolves to a private, loopback or
link-local address (at once, or by rebinding between check and connection)
is refused unless WEBHOOK_ALLOW_PRIVATE is set.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from celery import shared_task
from flask import current_app
from sqlalchemy import update

from models import DeliveryState, Webhook, WebhookDelivery, db, utcnow

from .tasks import retry_delay

__all__ = ["BlockedTarget", "check_target", "deliver_webhook", "sign", "slack_text"]

log = logging.getLogger(__name__)
USER_AGENT = "comment-moderation-webhooks/1"


class BlockedTarget(ValueError):
    """The URL cannot be used as a webhook target; the message says why."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def _forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified)


def check_target(url: str, allow_private: bool) -> tuple[str, int, str]:
    """Return (host, port, address to connect to) for a usable URL; BlockedTarget otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BlockedTarget("use an http:// or https:// address")
    if parts.username or parts.password:
        raise BlockedTarget("put no user or password in the address; the signature authenticates us")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise BlockedTarget("the port is not a number") from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise BlockedTarget(f"{parts.hostname} does not resolve ({error.strerror})") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not allow_private and any(_forbidden(a) for a in addresses):
        raise BlockedTarget(f"{parts.hostname} is a private, loopback or link-local address "
                            "(set WEBHOOK_ALLOW_PRIVATE=true to allow it)")
    return parts.hostname, port, str(addresses[0])


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def slack_text(payload: dict[str, Any]) -> str:
    """One line a chat channel shows: what happened, to whose comment, where, and a link to act."""
    comment = payload.get("comment") or {}
    page = comment.get("page") or {}
    verbs = {"comment.received": "New comment", "comment.scored": "Scored comment",
             "comment.approved": "Approved", "comment.rejected": "Rejected", "comment.spam": "Spam"}
    score = comment.get("score")
    excerpt = " ".join(str(comment.get("body") or "").split())[:200]

    def plain(text: object) -> str:
        # Slack's markup reads <, > and & as its own; everything else a commenter typed stays text.
        return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    where = page.get("title") or page.get("uri") or ""
    line = f"{verbs.get(payload.get('event'), payload.get('event'))} by {plain(comment.get('author'))} " \
           f"on {plain(where)} ({plain((payload.get('site') or {}).get('name'))})"
    if score is not None:
        line += f", score {score:.2f}"
    return f"{line}: {plain(excerpt)} <{comment.get('console_url')}|Open the queue>"


def _post(hook: Webhook, delivery: WebhookDelivery, timeout: float, allow_private: bool) -> int:
    host, port, address = check_target(hook.url, allow_private)
    body = delivery.body.encode()
    if hook.format == "slack":
        body = json.dumps({"text": slack_text(json.loads(delivery.body))}, ensure_ascii=False).encode()
    timestamp = int(time.time())
    parts = urlsplit(hook.url)
    cls = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = cls(host, port, address, timeout)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", target, body=body,
                           headers={"Content-Type": "application/json", "User-Agent": USER_AGENT,
                                    "X-Comments-Event": delivery.event,
                                    "X-Comments-Delivery": str(delivery.id),
                                    "X-Comments-Timestamp": str(timestamp),
                                    "X-Comments-Signature": sign(hook.secret, timestamp, body)})
        response = connection.getresponse()
        response.read(65536)
        return response.status
    finally:
        connection.close()


def _finish(delivery_id: int, state: DeliveryState, **values: Any) -> None:
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.state == DeliveryState.SENDING)
        .values(state=state, **values).execution_options(synchronize_session=False))
    db.session.commit()


@shared_task(name="workers.webhooks.deliver_webhook", bind=True, max_retries=None, ignore_result=True)
def deliver_webhook(self: Any, delivery_id: int) -> str:
    """POST one delivery, once it succeeds; retried with backoff; a second task for it does nothing."""
    config = current_app.config
    attempt = db.session.scalar(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.state == DeliveryState.PENDING)
        .values(state=DeliveryState.SENDING, claimed_at=utcnow(), attempts=WebhookDelivery.attempts + 1)
        .returning(WebhookDelivery.attempts)
        .execution_options(synchronize_session=False))
    db.session.commit()
    if attempt is None:
        return "not pending"
    delivery = db.session.get(WebhookDelivery, delivery_id)
    hook = delivery.webhook
    status, error = None, None
    try:
        status = _post(hook, delivery, config["WEBHOOK_TIMEOUT_SECONDS"], config["WEBHOOK_ALLOW_PRIVATE"])
    except BlockedTarget as blocked:
        error = f"refused target: {blocked}"
    except (OSError, http.client.HTTPException, ssl.SSLError) as failure:
        error = f"{type(failure).__name__}: {failure}"
    if status is not None and 200 <= status < 300:
        _finish(delivery_id, DeliveryState.DELIVERED, response_status=status, delivered_at=utcnow(),
                last_error=None)
        log.info("webhook delivery %d (%s) delivered: %d", delivery_id, delivery.event, status)
        return "delivered"
    error = error or f"answered {status}"
    if attempt >= config["WEBHOOK_MAX_ATTEMPTS"]:
        _finish(delivery_id, DeliveryState.FAILED, response_status=status, last_error=error[:500])
        log.error("webhook delivery %d: giving up after %d attempts: %s", delivery_id, attempt, error)
        return "failed"
    countdown = retry_delay(attempt, config["WEBHOOK_RETRY_SECONDS"], config["WEBHOOK_RETRY_MAX_SECONDS"])
    _finish(delivery_id, DeliveryState.PENDING, response_status=status, last_error=error[:500],
            next_attempt_at=utcnow() + timedelta(seconds=countdown))
    log.warning("webhook delivery %d: attempt %d failed (%s); retrying in %.1f s",
                delivery_id, attempt, error, countdown)
    raise self.retry(countdown=countdown)
