"""Turn a comment as typed into the HTML that readers see.

The text is escaped first, so nothing the author typed is ever markup; then
blank lines become paragraphs, single line breaks `<br>`, and bare http(s)
URLs links with `rel="nofollow ugc noopener"`. The result still goes through
nh3 with an allow-list of three tags, so a bug in the steps above cannot
produce anything but those.
"""

from __future__ import annotations

import html
import re

import nh3

__all__ = ["render_body", "LINK_REL"]

LINK_REL = "nofollow ugc noopener"
# A URL ends before whitespace or anything that cannot be in one unescaped;
# trailing punctuation belongs to the sentence, not the link.
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _linkify(paragraph: str) -> str:
    # URLs are found in the text as typed and each piece escaped on its own:
    # matched on escaped text, a URL ran into "&quot;" or "&lt;" and its ";"
    # was split off as punctuation, so readers saw characters nobody typed.
    parts = []
    position = 0
    for match in _URL.finditer(paragraph):
        url = match.group(0).rstrip(_TRAILING)
        if not url:
            continue
        parts.append(html.escape(paragraph[position:match.start()], quote=True))
        escaped = html.escape(url, quote=True)
        parts.append(f'<a href="{escaped}">{escaped}</a>')
        position = match.start() + len(url)
    parts.append(html.escape(paragraph[position:], quote=True))
    return "".join(parts)


def render_body(text: str) -> str:
    """Return safe HTML for a comment body."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    paragraphs = [p.strip("\n") for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    parts = []
    for paragraph in paragraphs:
        parts.append("<p>" + _linkify(paragraph).replace("\n", "<br>") + "</p>")
    return nh3.clean(
        "".join(parts),
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
        strip_comments=True,
    )
