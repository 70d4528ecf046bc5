"""Read a Disqus export: <thread> elements for pages and <post> elements that point at them.

Posts name their thread and parent by `dsq:id` attributes, and the threads of a big forum may
come after the posts that use them; the importer holds such posts until their thread arrives.
Disqus keeps rendered HTML, where only tags break lines. Authors may have no email, or only a
username.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .cleaning import html_to_text, unescape
from .core import Importer
from .records import SourceComment, SourceStatus, SourceThread
from .xmlstream import child_text, local, open_export, stream_records

__all__ = ["read_disqus"]


def _dsq_id(element: ET.Element | None) -> str:
    if element is None:
        return ""
    for name, value in element.attrib.items():
        if local(name) == "id":
            return value.strip()
    return ""


def _child(element: ET.Element, name: str) -> ET.Element | None:
    for child in element:
        if local(child.tag) == name:
            return child
    return None


def _true(element: ET.Element, name: str) -> bool:
    return child_text(element, name).strip().lower() == "true"


def _date(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def read_disqus(path: Path, progress: Callable[[int], None] | None = None) -> Callable[[Importer], None]:
    """Return a reader that feeds an importer the threads and posts of a Disqus XML export."""

    def read(importer: Importer) -> None:
        report = importer.report
        seen = 0
        with open_export(path) as raw:
            for element, line in stream_records(raw, 2, report.cleaning, root="disqus", label="Disqus",
                                                progress=progress):
                name = local(element.tag)
                if name == "thread":
                    seen += 1
                    key = _dsq_id(element) or child_text(element, "id").strip()
                    importer.thread(SourceThread(key=key, uri=child_text(element, "link").strip(),
                                                 title=unescape(child_text(element, "title")), line=line))
                elif name == "post":
                    seen += 1
                    author = _child(element, "author")
                    name_text = email = ""
                    if author is not None:
                        name_text = (child_text(author, "name").strip()
                                     or child_text(author, "username").strip())
                        email = child_text(author, "email")
                    if _true(element, "isDeleted"):
                        status = SourceStatus.DELETED
                    elif _true(element, "isSpam"):
                        status = SourceStatus.SPAM
                    elif child_text(element, "isApproved").strip().lower() == "false":
                        status = SourceStatus.PENDING
                    else:
                        status = SourceStatus.APPROVED
                    importer.comment(SourceComment(
                        source_id=_dsq_id(element),
                        thread_key=_dsq_id(_child(element, "thread")),
                        parent_id=_dsq_id(_child(element, "parent")) or None,
                        status=status,
                        why="deleted",
                        author=unescape(name_text),
                        email=email,
                        ip=child_text(element, "ipAddress"),
                        created_at=_date(child_text(element, "createdAt")),
                        body=html_to_text(child_text(element, "message"), newlines_are_breaks=False),
                        line=line,
                    ))
                element.clear()
        if not seen:
            report.notes.append("the file has no <thread> or <post> elements: is it a Disqus export?")

    return read
