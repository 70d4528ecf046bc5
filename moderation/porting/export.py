"""Export a site's threads and comments: our versioned JSON schema, or WXR for WordPress.

Both writers stream rows from the database a chunk at a time, so a site of any size exports in
constant memory. The JSON is the site's backup: `flask import json` reads it back exactly, so
every field written here must be read back in `jsonformat.py` (and the schema version raised,
with docs/import-export.md, whenever its meaning changes).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any, TextIO
from urllib.parse import urlsplit

from sqlalchemy import select

from models import Comment, CommentStatus, Decision, ImportedComment, Moderator, Site, Thread, db, utcnow

__all__ = ["EXPORT_FORMAT", "EXPORT_VERSION", "export_json", "export_wxr"]

EXPORT_FORMAT = "moderation-comments"
EXPORT_VERSION = 1
CHUNK = 1000
S = CommentStatus
WXR_APPROVED = {S.APPROVED: "1", S.SPAM: "spam", S.REJECTED: "trash"}  # anything else waits: "0"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds") + "Z"


def _rows(query: Any) -> Iterator[Any]:
    # Streamed: PostgreSQL uses a server-side cursor, so memory stays flat on big sites. The session
    # holds the rows it has seen only weakly; expunging it here would break the stream after one chunk.
    yield from db.session.execute(query.execution_options(yield_per=CHUNK))


def _comments(site: Site, order: tuple) -> Iterator[Any]:
    return _rows(
        select(Comment, ImportedComment.author_url)
        .outerjoin(ImportedComment, ImportedComment.comment_id == Comment.id)
        .where(Comment.site_id == site.id)
        .order_by(*order)
    )


def export_json(site: Site, out: TextIO, *, decisions: bool = False) -> int:
    """Write the site as one JSON document (schema version EXPORT_VERSION); return the comment count."""
    head = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _iso(utcnow()),
        "site": {"key": site.key, "name": site.name, "origins": list(site.origins or [])},
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1])
    out.write(',\n"threads": [')
    first = True
    for (thread,) in _rows(select(Thread).where(Thread.site_id == site.id).order_by(Thread.id)):
        item = {"id": thread.id, "uri": thread.uri, "title": thread.title,
                "created_at": _iso(thread.created_at)}
        out.write(("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False))
        first = False
    out.write('\n],\n"comments": [')
    count = 0
    for comment, website in _comments(site, (Comment.id,)):
        item = {
            "id": comment.id,
            "thread_id": comment.thread_id,
            "parent_id": comment.parent_id,
            "number": comment.number,
            "status": comment.status.value,
            "author": comment.author,
            "email": comment.email,
            "website": website,
            "title": comment.title,
            "body": comment.body,
            "created_at": _iso(comment.created_at),
            "decided_at": _iso(comment.decided_at),
            "score": comment.score,
            "reasons": comment.reasons,
            "model_version": comment.model_version,
        }
        out.write(("\n" if not count else ",\n") + json.dumps(item, ensure_ascii=False))
        count += 1
    out.write("\n]")
    if decisions:
        out.write(',\n"decisions": [')
        first = True
        query = (select(Decision, Moderator.email).outerjoin(Moderator, Moderator.id == Decision.moderator_id)
                 .where(Decision.site_id == site.id).order_by(Decision.id))
        for decision, moderator in _rows(query):
            item = {
                "id": decision.id,
                "comment_id": decision.comment_id,
                "action": decision.action.value,
                "from_status": decision.from_status.value,
                "to_status": decision.to_status.value,
                "from_number": decision.from_number,
                "to_number": decision.to_number,
                "note": decision.note,
                "moderator": moderator,
                "created_at": _iso(decision.created_at),
                "undone_by_id": decision.undone_by_id,
            }
            out.write(("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False))
            first = False
        out.write("\n]")
    out.write("\n}\n")
    return count


def _x(text: str | None) -> str:
    return html.escape(_NOT_XML.sub("", text or ""), quote=False)


def _cdata(text: str) -> str:
    return "<![CDATA[" + _NOT_XML.sub("", text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _wp_date(moment: datetime | None) -> str:
    return (moment or utcnow()).strftime("%Y-%m-%d %H:%M:%S")


def _slug(uri: str) -> str:
    path = urlsplit(uri).path.strip("/")
    return re.sub(r"[^a-z0-9-]+", "-", path.rsplit("/", 1)[-1].lower()).strip("-")


def export_wxr(site: Site, out: TextIO) -> int:
    """Write the site as a WordPress export (WXR 1.2) with its comments; return the comment count.

    Comment text is written HTML-escaped, as WordPress stores it, so WordPress shows exactly what
    was typed. Rejected comments go to WordPress's trash, everything not yet decided waits.
    """
    base = (site.origins or ["http://localhost"])[0]
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
              'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
              'xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
              'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n')
    out.write(f"<title>{_x(site.name)}</title>\n<link>{_x(base)}</link>\n<description></description>\n"
              f"<pubDate>{utcnow().strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>\n"
              f"<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>{_x(base)}</wp:base_site_url>\n"
              f"<wp:base_blog_url>{_x(base)}</wp:base_blog_url>\n")
    threads = {thread.id: thread for thread in
               db.session.scalars(select(Thread).where(Thread.site_id == site.id).order_by(Thread.id))}
    count = 0
    current = None

    def open_item(thread: Thread) -> None:
        link = thread.public_url or thread.uri
        out.write(f"<item>\n<title>{_x(thread.title)}</title>\n<link>{_x(link)}</link>\n"
                  f'<guid isPermaLink="false">{_x(link)}</guid>\n'
                  "<content:encoded><![CDATA[]]></content:encoded>\n"
                  f"<wp:post_id>{thread.id}</wp:post_id>\n"
                  f"<wp:post_date>{_wp_date(thread.created_at)}</wp:post_date>\n"
                  f"<wp:post_date_gmt>{_wp_date(thread.created_at)}</wp:post_date_gmt>\n"
                  f"<wp:comment_status>open</wp:comment_status>\n<wp:ping_status>closed</wp:ping_status>\n"
                  f"<wp:post_name>{_x(_slug(thread.uri))}</wp:post_name>\n<wp:status>publish</wp:status>\n"
                  f"<wp:post_parent>0</wp:post_parent>\n<wp:post_type>post</wp:post_type>\n")

    for comment, website in _comments(site, (Comment.thread_id, Comment.created_at, Comment.id)):
        if comment.thread_id != current:
            if current is not None:
                out.write("</item>\n")
            current = comment.thread_id
            open_item(threads[current])
        date = _wp_date(comment.created_at)
        out.write(
            "<wp:comment>\n"
            f"<wp:comment_id>{comment.id}</wp:comment_id>\n"
            f"<wp:comment_author>{_cdata(html.escape(comment.author, quote=False))}</wp:comment_author>\n"
            f"<wp:comment_author_email>{_x(comment.email)}</wp:comment_author_email>\n"
            f"<wp:comment_author_url>{_x(website)}</wp:comment_author_url>\n"
            "<wp:comment_author_IP></wp:comment_author_IP>\n"
            f"<wp:comment_date>{date}</wp:comment_date>\n<wp:comment_date_gmt>{date}</wp:comment_date_gmt>\n"
            f"<wp:comment_content>{_cdata(html.escape(comment.body, quote=False))}</wp:comment_content>\n"
            f"<wp:comment_approved>{WXR_APPROVED.get(comment.status, '0')}</wp:comment_approved>\n"
            "<wp:comment_type>comment</wp:comment_type>\n"
            f"<wp:comment_parent>{comment.parent_id or 0}</wp:comment_parent>\n"
            "<wp:comment_user_id>0</wp:comment_user_id>\n"
            "</wp:comment>\n")
        count += 1
    if current is not None:
        out.write("</item>\n")
    out.write("</channel>\n</rss>\n")
    return count
