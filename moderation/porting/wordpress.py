"""Read a WordPress export (WXR 1.0 to 1.2): posts become threads, their comments keep their status.

WXR versions differ in the `wp:` namespace only, so elements are matched by local name. Comment
text in WordPress is what the commenter typed with a few tags allowed and HTML escapes, so it is
read back to plain text; the rule is that nothing a reader saw is lost, link targets included.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from .cleaning import html_to_text, unescape
from .core import Importer
from .records import Kind, SourceComment, SourceStatus, SourceThread
from .xmlstream import child_text, line_of, local, open_export, stream_records

__all__ = ["read_wordpress"]

STATUSES = {
    "1": SourceStatus.APPROVED,
    "approve": SourceStatus.APPROVED,
    "0": SourceStatus.PENDING,
    "hold": SourceStatus.PENDING,
    "spam": SourceStatus.SPAM,
    "trash": SourceStatus.DELETED,
    "post-trashed": SourceStatus.DELETED,
}
# WordPress 5.5 and later write "comment", older versions nothing. WooCommerce's product reviews
# are readers' comments on a product's page; its order notes, action logs and webhook deliveries
# ("order_note", "action_log", "webhook_delivery") are the shop's own records and are skipped.
KINDS = {"": Kind.COMMENT, "comment": Kind.COMMENT, "review": Kind.COMMENT,
         "pingback": Kind.PINGBACK, "trackback": Kind.TRACKBACK}
NO_DATE = "0000-00-00 00:00:00"


def _date(text: str) -> datetime | None:
    text = text.strip()
    if not text or text.startswith("0000-00-00"):
        return None
    try:
        return datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _fields(element: ET.Element) -> dict[str, str]:
    return {local(child.tag): child.text or "" for child in element}


def read_wordpress(path: Path, progress: Callable[[int], None] | None = None) -> Callable[[Importer], None]:
    """Return a reader that feeds an importer the posts and comments of a WXR file."""

    def read(importer: Importer) -> None:
        report = importer.report
        local_dates = 0
        items = 0
        with open_export(path) as raw:
            for element, line in stream_records(raw, 3, report.cleaning, root="rss", label="WordPress (WXR)",
                                                line_tags=frozenset({"comment"}), progress=progress):
                if local(element.tag) != "item":
                    continue
                items += 1
                comments = [child for child in element if local(child.tag) == "comment"]
                if not comments:
                    continue
                key = child_text(element, "post_id").strip() or child_text(element, "link").strip()
                link = child_text(element, "link").strip() or child_text(element, "guid").strip()
                importer.thread(SourceThread(key=key, uri=link, title=unescape(child_text(element, "title")),
                                             line=line))
                for comment in comments:
                    at = line_of(comment) or line
                    f = _fields(comment)
                    created = _date(f.get("comment_date_gmt", ""))
                    if created is None:
                        created = _date(f.get("comment_date", ""))
                        local_dates += created is not None
                    kind_name = f.get("comment_type", "").strip().lower()
                    kind = KINDS.get(kind_name)
                    if kind is None:
                        report.skip(f"comment type {kind_name!r} (not a reader's comment)")
                        continue
                    approved = f.get("comment_approved", "").strip().lower()
                    status = STATUSES.get(approved)
                    if status is None:
                        report.problem(at, f"comment {f.get('comment_id', '?')}: unknown status "
                                           f"{approved!r}, sent to the moderators' queue")
                        status = SourceStatus.PENDING
                    parent = f.get("comment_parent", "").strip()
                    importer.comment(SourceComment(
                        source_id=f.get("comment_id", "").strip(),
                        thread_key=key,
                        status=status,
                        why="in the trash" if approved == "trash" else "on a post in the trash",
                        kind=kind,
                        author=unescape(f.get("comment_author", "")),
                        email=unescape(f.get("comment_author_email", "")),
                        website=unescape(f.get("comment_author_url", "")),
                        ip=f.get("comment_author_IP", ""),
                        user_agent=f.get("comment_agent", ""),
                        created_at=created,
                        body=html_to_text(f.get("comment_content", "")),
                        parent_id=parent if parent not in ("", "0") else None,
                        line=at,
                    ))
                element.clear()
        if local_dates:
            report.notes.append(f"{local_dates} comments had no GMT date: their local time was taken as UTC")
        if not items:
            report.notes.append("the file has no posts (<item> elements): is it a WordPress export?")

    return read
