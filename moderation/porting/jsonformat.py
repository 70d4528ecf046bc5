"""Read our own JSON export back: threads, comments with statuses and numbers, and decisions.

This is the inverse of `export.export_json`: every field that writer emits is restored here, so
an export imported into an empty site reads back as the same document (ids aside). Source ids are
remembered under "json:<the exported site's key>", so exports of two sites never collide.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from models import CommentStatus, Decision, DecisionAction, Moderator, db

from .core import Importer
from .export import EXPORT_FORMAT, EXPORT_VERSION
from .records import ImportFailed, SourceComment, SourceStatus, SourceThread

__all__ = ["load_export", "read_json"]

STATUSES = {
    "approved": SourceStatus.APPROVED,
    "spam": SourceStatus.SPAM,
    "rejected": SourceStatus.REJECTED,
    "pending": SourceStatus.PENDING,
    "received": SourceStatus.PENDING,
    "score_failed": SourceStatus.PENDING,
}


def _date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def load_export(path: Path) -> dict[str, Any]:
    """Read and check an export file; ImportFailed says in one line what is wrong with it."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except OSError as error:
        raise ImportFailed(f"{path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise ImportFailed(f"{path}: not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ImportFailed(f"{path}: not valid JSON at {where}: {error.msg}") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ImportFailed(f"{path}: not an export of this service (no \"format\": \"{EXPORT_FORMAT}\")")
    version = document.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise ImportFailed(f"{path}: export version {version!r}; this program reads versions up to "
                           f"{EXPORT_VERSION}")
    for key in ("threads", "comments"):
        if not isinstance(document.get(key), list):
            raise ImportFailed(f"{path}: \"{key}\" must be a list")
    site = document.get("site")
    if not isinstance(site, dict) or not isinstance(site.get("key"), str):
        raise ImportFailed(f"{path}: \"site\" must say the exported site's key")
    return document


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def read_json(document: dict[str, Any], progress: Callable[[int], None] | None = None
              ) -> Callable[[Importer], None]:
    """Return a reader that feeds an importer an export loaded by `load_export`."""

    def read(importer: Importer) -> None:
        report = importer.report
        for index, thread in enumerate(document["threads"]):
            if not isinstance(thread, dict) or "id" not in thread:
                report.problem(0, f"threads[{index}] is not a thread")
                continue
            importer.thread(SourceThread(key=str(thread["id"]), uri=_text(thread.get("uri")),
                                         title=_text(thread.get("title")),
                                         created_at=_date(thread.get("created_at"))))
        for index, item in enumerate(document["comments"]):
            if not isinstance(item, dict) or "id" not in item:
                report.problem(0, f"comments[{index}] is not a comment")
                continue
            status = STATUSES.get(item.get("status"))
            if status is None:
                report.skip("unknown status", 0, f"comments[{index}]: unknown status {item.get('status')!r}")
                continue
            score = item.get("score")
            parent = item.get("parent_id")
            number = item.get("number")
            importer.comment(SourceComment(
                source_id=str(item["id"]),
                thread_key=str(item.get("thread_id")),
                parent_id=str(parent) if parent is not None else None,
                status=status,
                author=_text(item.get("author")),
                email=_text(item.get("email")),
                website=_text(item.get("website")),
                title=_text(item.get("title")),
                body=_text(item.get("body")),
                created_at=_date(item.get("created_at")),
                decided_at=_date(item.get("decided_at")),
                number=number if isinstance(number, int) and status == SourceStatus.APPROVED else None,
                # A pending comment keeps its score; one that was never scored goes to the worker.
                score=float(score) if isinstance(score, int | float) and item.get("status") == "pending"
                else None,
                reasons=item.get("reasons") if isinstance(item.get("reasons"), list) else None,
                model_version=_text(item.get("model_version")) or None,
            ))
            if progress is not None and index % 500 == 499:
                progress(500)
        importer.flush()
        importer.after.append(lambda: _decisions(importer, document.get("decisions") or []))

    return read


def _decisions(importer: Importer, decisions: list[Any]) -> None:
    """Restore the decisions about comments this run inserted, with who made them when known."""
    moderators = dict(db.session.execute(select(Moderator.email, Moderator.id)).all())
    new_ids: dict[Any, int] = {}
    undone: list[tuple[int, Any]] = []
    for item in decisions:
        if not isinstance(item, dict):
            continue
        comment_id = importer.inserted.get(str(item.get("comment_id")))
        if comment_id is None:
            continue
        try:
            values = {
                "comment_id": comment_id,
                "site_id": importer.site.id,
                "moderator_id": moderators.get(item.get("moderator")),
                "action": DecisionAction(item["action"]),
                "from_status": CommentStatus(item["from_status"]),
                "to_status": CommentStatus(item["to_status"]),
                "from_number": item.get("from_number"),
                "to_number": item.get("to_number"),
                "note": _text(item.get("note"))[:500],
                "created_at": _date(item.get("created_at")) or datetime.now(UTC).replace(tzinfo=None),
            }
        except (KeyError, ValueError):
            importer.report.problem(0, f"decision {item.get('id')!r} is not a decision; left out")
            continue
        new_ids[item.get("id")] = db.session.execute(insert(Decision).values(**values)
                                                     .returning(Decision.id)).scalar_one()
        importer.report.decisions += 1
        if item.get("undone_by_id") is not None:
            undone.append((new_ids[item.get("id")], item["undone_by_id"]))
    for decision_id, by in undone:
        if by in new_ids:
            db.session.execute(update(Decision).where(Decision.id == decision_id)
                               .values(undone_by_id=new_ids[by]).execution_options(synchronize_session=False))
