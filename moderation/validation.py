"""What a public request names, checked: its site and page (`find_site`), and a comment's fields.

`find_site` is the one lookup of a site by its public key: it finds the site
and, given a page, the page's thread in one query, and records the site's
origins for the CORS headers (`g.cors_origins`); a view that looked a site up
any other way would send the wrong CORS answer. Every field limit sits below
its column's size, so nothing that passes is ever truncated. Text is kept
exactly as typed, apart from the name, email and titles losing surrounding
blanks; characters a person cannot have meant (NUL and other control
characters, lone surrogates) are refused rather than silently removed, and so
are the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
U+2066-U+2069), which make text show in another order than it is stored: a
name or a link that reads as another address. All
problems are reported at once, so a commenter fixes the form in one go.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import Response, abort, g, request
from sqlalchemy import Connection, and_, bindparam, select

from models import SITE_REF_COLUMNS, Site, SiteRef, Thread, db, normalise_origin, normalise_uri

from .errors import api_error

__all__ = ["CommentInput", "LIMITS", "PublicPage", "find_site", "off_origins", "page_uri",
           "read_json_object", "validate_comment"]

LIMITS = {"author": 80, "email": 254, "title": 200, "body": 10_000, "page_title": 300,
          "captcha_id": 64, "captcha_answer": 32, "form_token": 200}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
# The body may have line breaks and tabs; single-line fields none at all.
_BODY_CONTROLS_OK = frozenset("\n\r\t")
# What Site.key can be (token_urlsafe); anything else is not looked up at all,
# so no odd byte (a NUL, say) ever reaches the database.
SITE_KEY = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


@dataclass
class CommentInput:
    site: str
    uri: str
    page_title: str
    author: str
    email: str | None
    title: str
    body: str
    captcha_id: str
    captcha_answer: str
    honeypot: bool
    form_token: str | None
    errors: dict[str, str] = field(default_factory=dict)
    # What the commenter asked to be mailed about: "published", "page" (needs an email).
    notify: list[str] = field(default_factory=list)


def read_json_object() -> dict[str, Any]:
    """Return the request's JSON object, or stop with 415, 413 or 400 saying why."""
    if request.mimetype != "application/json":
        abort(api_error(415, "Send the request as JSON (Content-Type: application/json).",
                        code="unsupported_media_type"))
    # Reading honours MAX_CONTENT_LENGTH, with or without a Content-Length,
    # and raises 413 past it (errors.py answers it as JSON).
    raw = request.get_data(cache=False)
    limit = request.max_content_length
    if request.content_length is None and limit is not None and len(raw) >= limit:
        # A chunked body has no length to refuse up front, and werkzeug stops
        # reading at the limit without a word: treat what was cut off as too large.
        abort(api_error(413, f"The request is too large; the limit is {limit // 1024} KB.",
                        code="too_large"))
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        # ValueError covers bad JSON and bytes that are not UTF-8;
        # RecursionError a few kilobytes of nested brackets.
        abort(api_error(400, "The request body is not valid JSON.", code="malformed_json"))
    if not isinstance(data, dict):
        abort(api_error(400, "The request body must be a JSON object.", code="malformed_json"))
    return data


@dataclass(frozen=True, slots=True)
class PublicPage:
    """A public request's site and, when it named a page that has comments, the page's thread."""

    site: SiteRef
    thread_id: int | None = None
    thread_version: int = 0
    thread_title: str = ""


_SITE = select(*SITE_REF_COLUMNS).where(Site.key == bindparam("key"))
_SITE_WIDTH = len(SITE_REF_COLUMNS)
# Site and thread in one round trip: a thread read (or its 304) costs one query.
_SITE_AND_THREAD = (
    select(*SITE_REF_COLUMNS, Thread.id, Thread.version, Thread.title)
    .select_from(Site)
    .outerjoin(Thread, and_(Thread.site_id == Site.id, Thread.uri == bindparam("uri")))
    .where(Site.key == bindparam("key"))
)


def find_site(key: object, uri: str | None = None,
              connection: Connection | None = None) -> tuple[PublicPage | None, Response | None]:
    """Find the site a public request names and, with a normalised `uri`, that page's thread.

    Returns the page, or the answer to send instead: 400 without a key, 404
    for a key no site has. A found site's origins are what this request's
    CORS headers are granted against. It reads on `connection`, or else on
    the session's.
    """
    if not isinstance(key, str) or not key:
        return None, api_error(400, "Say which site this is for.", fields={"site": "is required"})
    if not SITE_KEY.match(key):
        return None, unknown_site()
    # Core statements on the session's connection: the session's own execute
    # would take them through the ORM's machinery (about 200 Python calls) for
    # plain rows.
    if connection is None:
        connection = db.session.connection()
    if uri is None:
        row = connection.execute(_SITE, {"key": key}).first()
        thread: tuple = ()
    else:
        row = connection.execute(_SITE_AND_THREAD, {"key": key, "uri": uri}).first()
        thread = tuple(row[_SITE_WIDTH:]) if row is not None and row[_SITE_WIDTH] is not None else ()
    if row is None:
        return None, unknown_site()
    site = SiteRef.from_row(*row[:_SITE_WIDTH])
    g.cors_origins = site.origins
    if thread:
        thread_id, version, title = thread
        return PublicPage(site, thread_id, version or 0, title or ""), None
    return PublicPage(site), None


def unknown_site() -> Response:
    from .cors import show_refusal

    show_refusal()  # a mistyped key in the snippet: the widget can say so
    return api_error(404, "There is no site with this key.", code="unknown_site")


# Marks (U+200E, U+200F) stay allowed: they only nudge neutral characters,
# they cannot reorder a run of text.
_BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


# Every character refused: control characters (category Cc, which Unicode's
# stability policy fixes as U+0000-U+001F and U+007F-U+009F), lone surrogates
# (Cs, U+D800-U+DFFF) and the bidirectional controls. One search in C finds the
# first, where a loop in Python would look up every character's category.
_REFUSED = "\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"


@functools.lru_cache(maxsize=8)
def _refused(allowed: frozenset[str]) -> re.Pattern[str]:
    if not allowed:
        return re.compile(f"[{_REFUSED}]")
    # A refused character that is not one of the allowed ones.
    return re.compile(f"(?![{''.join(map(re.escape, sorted(allowed)))}])[{_REFUSED}]")


def _bad_character(text: str, allowed: frozenset[str] = frozenset()) -> str | None:
    found = _refused(allowed).search(text)
    if found is None:
        return None
    char = found.group()
    if char in _BIDI_CONTROLS:
        return (f"must not contain characters that reorder text (found U+{ord(char):04X}); "
                "right-to-left text shows correctly without them")
    if unicodedata.category(char) == "Cs":
        return "contains an invalid character (a lone surrogate)"
    return f"must not contain control characters (found U+{ord(char):04X})"


def _text(data: dict[str, Any], name: str, errors: dict[str, str], *, required: bool,
          strip: bool = True, allowed: frozenset[str] = frozenset()) -> str:
    value = data.get(name)
    if value is None:
        if required:
            errors[name] = "is required"
        return ""
    if not isinstance(value, str):
        errors[name] = "must be text"
        return ""
    if strip:
        value = value.strip()
    if required and not value.strip():
        errors[name] = "is required"
        return ""
    limit = LIMITS.get(name)
    if limit is not None and len(value) > limit:
        errors[name] = f"must be at most {limit:,} characters (got {len(value):,})"
        return ""
    problem = _bad_character(value, allowed)
    if problem:
        errors[name] = problem
        return ""
    return value


def page_uri(raw: object, origins: list[str] | None = None) -> tuple[str | None, str | None]:
    """Return (normalised URI, None) or (None, what is wrong) for a page on `origins`.

    A path is always fine; an absolute URL must be on one of the site's
    origins. With `origins` None only the URI itself is checked.
    """
    if not isinstance(raw, str):
        return None, "is required" if raw is None else "must be text"
    problem = _bad_character(raw)
    if problem:
        return None, problem
    try:
        uri = normalise_uri(raw)
    except ValueError as error:
        return None, str(error)
    problem = off_origins(uri, origins) if origins is not None else None
    return (None, problem) if problem else (uri, None)


def off_origins(uri: str, origins: list[str]) -> str | None:
    """Say what is wrong if a normalised absolute URI is not on one of `origins`; None if fine."""
    if uri.startswith("/"):
        return None
    parts = urlsplit(uri)
    try:
        origin = normalise_origin(f"{parts.scheme}://{parts.netloc}")
    except ValueError:
        return "is not a page of this site"
    if origin not in origins:
        return "is not on one of this site's registered origins"
    return None


def validate_comment(data: dict[str, Any], site: SiteRef | None, uri: str | None,
                     uri_problem: str | None) -> CommentInput:
    """Check every field; the result's `errors` names each bad one.

    `uri` and `uri_problem` are what `page_uri` made of the page address,
    which the caller needed first to find the page's thread; here it is only
    checked against the site's origins. Without a site (its key was missing)
    every other field is still checked, so the answer names all the problems
    at once.
    """
    errors: dict[str, str] = {}
    if site is None:
        errors["site"] = "is required"
    problem = uri_problem or (off_origins(uri, site.origins) if site is not None and uri else None)
    if problem:
        errors["uri"] = problem
        uri = None
    author = _text(data, "author", errors, required=True)
    email = _text(data, "email", errors, required=False) or None
    if email and not _EMAIL.match(email):
        errors["email"] = "is not an email address"
    title = _text(data, "title", errors, required=False)
    body = _text(data, "body", errors, required=True, strip=False, allowed=_BODY_CONTROLS_OK)
    page_title = _text(data, "page_title", errors, required=False)
    captcha_id = _text(data, "captcha_id", errors, required=True)
    captcha_answer = _text(data, "captcha_answer", errors, required=True)
    form_token = data.get("form_token")
    if not isinstance(form_token, str) or len(form_token) > LIMITS["form_token"]:
        form_token = None  # a signal, not a reason to refuse (see api.py)
    # Bots fill every field; people never see this one. Anything in it counts.
    website = data.get("website")
    honeypot = website not in (None, "", False)
    notify = []
    for name, what in (("notify_published", "published"), ("notify_page", "page")):
        wanted = data.get(name, False)
        if not isinstance(wanted, bool):
            errors[name] = "must be true or false"
        elif wanted and not email:
            errors[name] = "needs an email address to write to"
        elif wanted:
            notify.append(what)
    return CommentInput(
        site=site.key if site else "", uri=uri or "", page_title=page_title, author=author, email=email,
        title=title, body=body, captcha_id=captcha_id, captcha_answer=captcha_answer,
        honeypot=honeypot, form_token=form_token, errors=errors, notify=notify,
    )
