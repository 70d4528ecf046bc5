"""The signed links in mails: a moderator's decision, a commenter's confirmation and unsubscription.

A link carries its whole meaning, signed with SECRET_KEY under a salt of its
own, so it works without a login and cannot be turned into another: a
decision link names one moderator, one comment and one action and expires
after MAIL_LINK_MAX_AGE_SECONDS (a week); whether that person may still act
on the comment is checked when it is used, not when it was made. Confirmation
links expire too; unsubscribe links never do, as a mail read a year later must
still be able to stop the next one. Following a link only shows a page: the
change happens on that page's POST.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

__all__ = ["LinkExpired", "LinkInvalid", "confirm_url", "decision_url", "read_confirm", "read_decision",
           "read_unsubscribe", "unsubscribe_url"]

DECISION_ACTIONS = ("approve", "reject", "spam")


class LinkInvalid(Exception):
    """Not a link we made (altered, truncated, or signed with another key)."""


class LinkExpired(LinkInvalid):
    """A link we made, too old to use."""


def _timed(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _read_timed(salt: str, token: str, max_age: int) -> dict[str, Any]:
    try:
        data = _timed(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkExpired from None
    except BadSignature:
        raise LinkInvalid from None
    if not isinstance(data, dict):
        raise LinkInvalid
    return data


def _public(path: str) -> str:
    return current_app.config["PUBLIC_URL"] + path


def decision_url(moderator_id: int, comment_id: int, action: str) -> str:
    token = _timed("mail-decision").dumps({"m": moderator_id, "c": comment_id, "a": action})
    return _public(f"/moderate/mail/{token}")


def read_decision(token: str) -> tuple[int, int, str]:
    """Return (moderator id, comment id, action); LinkExpired or LinkInvalid otherwise."""
    data = _read_timed("mail-decision", token, current_app.config["MAIL_LINK_MAX_AGE_SECONDS"])
    moderator_id, comment_id, action = data.get("m"), data.get("c"), data.get("a")
    if not isinstance(moderator_id, int) or not isinstance(comment_id, int) or action not in DECISION_ACTIONS:
        raise LinkInvalid
    return moderator_id, comment_id, action


def confirm_url(address_id: int) -> str:
    return _public(f"/mail/confirm/{_timed('mail-confirm').dumps({'a': address_id})}")


def read_confirm(token: str) -> int:
    data = _read_timed("mail-confirm", token, current_app.config["MAIL_LINK_MAX_AGE_SECONDS"])
    if not isinstance(data.get("a"), int):
        raise LinkInvalid
    return data["a"]


def unsubscribe_url(address_id: int, thread_id: int | None) -> str:
    token = URLSafeSerializer(current_app.config["SECRET_KEY"], salt="mail-unsubscribe").dumps(
        {"a": address_id, "t": thread_id or 0})
    return _public(f"/mail/unsubscribe/{token}")


def read_unsubscribe(token: str) -> tuple[int, int | None]:
    """Return (address id, thread id or None for a mail not about one page)."""
    try:
        data = URLSafeSerializer(current_app.config["SECRET_KEY"], salt="mail-unsubscribe").loads(token)
    except BadSignature:
        raise LinkInvalid from None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int) or not isinstance(data.get("t"), int):
        raise LinkInvalid
    return data["a"], data["t"] or None
