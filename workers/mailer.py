"""Hand a finished message to the SMTP server named by SMTP_URL, or to the development outbox.

`smtp://host:port` speaks plain SMTP (`?starttls=true` upgrades it and refuses
a server that cannot), `smtp+starttls://` always upgrades, `smtps://` is TLS
from the first byte; `user:password@` logs in (percent-encode special
characters). Certificates are verified against the system's CAs
(`SSL_CERT_FILE` names others). Without SMTP_URL the message is returned for
the outbox: the caller keeps it in the notification's row and logs it.
A failure raises `TemporaryFailure` (try again later) or `PermanentFailure`
(the server refused the address or the message: retrying cannot help).
"""

from __future__ import annotations

import functools
import os
import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["PermanentFailure", "SmtpSettings", "TemporaryFailure", "deliver"]


class TemporaryFailure(Exception):
    """The server is down, slow or said 4xx: the same message may go through later."""


class PermanentFailure(Exception):
    """The server refused this message or address for good (5xx)."""


class SmtpSettings:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.implicit_tls = parts.scheme == "smtps"
        asked = query.get("starttls", "").lower() in ("1", "true", "yes")
        self.starttls = parts.scheme == "smtp+starttls" or asked
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.implicit_tls else 587 if self.starttls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.timeout = float(query.get("timeout", 15))


@functools.cache
def _tls_context(cafile: str | None, capath: str | None) -> ssl.SSLContext:
    # Loading the CAs costs a few hundred milliseconds: once per process (and CA setting), not per mail.
    return ssl.create_default_context()


def deliver(url: str, message: EmailMessage) -> None:
    """Send one message through the server at `url`; raise TemporaryFailure or PermanentFailure."""
    settings = SmtpSettings(url)
    context = None
    if settings.implicit_tls or settings.starttls:
        context = _tls_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
    try:
        if settings.implicit_tls:
            server: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                                    context=context)
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with server:
            server.ehlo()
            if settings.starttls:
                if not server.has_extn("starttls"):
                    raise TemporaryFailure(f"{settings.host} offers no STARTTLS, which SMTP_URL requires")
                server.starttls(context=context)
                server.ehlo()
            if settings.user:
                server.login(settings.user, settings.password or "")
            server.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        if all(code >= 500 for code in codes):
            raise PermanentFailure(f"recipient refused: {error.recipients}") from error
        raise TemporaryFailure(f"recipient deferred: {error.recipients}") from error
    except smtplib.SMTPAuthenticationError as error:
        # Wrong credentials are an operator's mistake to fix; the mail waits until they are right.
        raise TemporaryFailure(f"login refused: {error.smtp_code} {error.smtp_error!r}") from error
    except smtplib.SMTPResponseException as error:
        if error.smtp_code >= 500:
            raise PermanentFailure(f"{error.smtp_code} {error.smtp_error!r}") from error
        raise TemporaryFailure(f"{error.smtp_code} {error.smtp_error!r}") from error
    except (smtplib.SMTPException, OSError, ssl.SSLError) as error:
        raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
