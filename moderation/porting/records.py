"""What every importer reads a file into, and the report an import ends with.

A reader (WordPress, Disqus, Isso, our JSON) turns its format into `SourceThread` and
`SourceComment` records and knows nothing of the database; `core.Importer` writes them. Readers
keep the old system's verdict in `SourceStatus` and leave the mapping to our statuses to the core,
so the same rules apply to every format.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .cleaning import Cleaning

__all__ = ["ImportFailed", "Kind", "Report", "SourceComment", "SourceStatus", "SourceThread"]

MAX_PROBLEMS_SHOWN = 20
MAX_THREADS_SHOWN = 20


class ImportFailed(Exception):
    """The file cannot be imported; the message is one line and nothing was written."""


class SourceStatus(enum.StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    SPAM = "spam"
    REJECTED = "rejected"  # only our own exports have it
    DELETED = "deleted"  # trash, deleted: skipped, with `why`


class Kind(enum.StrEnum):
    COMMENT = "comment"
    PINGBACK = "pingback"
    TRACKBACK = "trackback"


@dataclass(slots=True)
class SourceThread:
    key: str  # the thread's id in the file
    uri: str  # the page address as the file has it
    title: str
    line: int = 0
    created_at: datetime | None = None  # only our own exports carry it


@dataclass(slots=True)
class SourceComment:
    source_id: str
    thread_key: str
    status: SourceStatus
    author: str
    body: str
    created_at: datetime | None
    line: int = 0
    email: str = ""
    website: str = ""
    ip: str = ""
    user_agent: str = ""
    title: str = ""
    kind: Kind = Kind.COMMENT
    parent_id: str | None = None
    why: str = ""  # the old system's word for a DELETED status ("trash", "deleted"...)
    # Only our own exports carry these, so a round trip restores them exactly.
    number: int | None = None
    decided_at: datetime | None = None
    score: float | None = None
    reasons: list[dict[str, Any]] | None = None
    model_version: str | None = None


@dataclass
class Report:
    """Counts by status and thread, what was skipped and why, and the first problems with lines."""

    source: str
    dry_run: bool = False
    imported: Counter[str] = field(default_factory=Counter)
    per_thread: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[int, str]] = field(default_factory=list)
    problem_count: int = 0
    threads_created: int = 0
    threads_renumbered: int = 0
    orphan_replies: int = 0
    off_origin: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    cleaning: Cleaning = field(default_factory=Cleaning)
    sent_to_worker: int = 0
    left_to_sweeper: int = 0
    decisions: int = 0

    def problem(self, line: int, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_SHOWN:
            self.problems.append((line, message))

    def skip(self, reason: str, line: int = 0, detail: str = "") -> None:
        self.skipped[reason] += 1
        if detail:
            self.problem(line, detail)

    @property
    def total(self) -> int:
        return sum(self.imported.values())

    def render(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        lines = [f"{self.source}: {verb} {self.total} comments in {len(self.per_thread)} threads "
                 f"({self.threads_created} new)"]
        for status in ("approved", "pending", "spam", "rejected"):
            if self.imported[status]:
                lines.append(f"  {status:<9} {self.imported[status]}")
        if self.decisions:
            lines.append(f"  decisions {self.decisions}")
        if self.skipped:
            lines.append(f"skipped {sum(self.skipped.values())}:")
            for reason, count in self.skipped.most_common():
                lines.append(f"  {count:>7}  {reason}")
        if self.per_thread:
            lines.append("by thread:")
            for uri, count in self.per_thread.most_common(MAX_THREADS_SHOWN):
                lines.append(f"  {count:>7}  {uri}")
            if len(self.per_thread) > MAX_THREADS_SHOWN:
                lines.append(f"  ... and {len(self.per_thread) - MAX_THREADS_SHOWN} more threads")
        if self.orphan_replies:
            lines.append(f"{self.orphan_replies} replies answer a comment that was not imported; "
                         "they are kept without a parent")
        if self.threads_renumbered:
            lines.append(f"renumbered the replies of {self.threads_renumbered} threads that already "
                         "had approved comments, in date order")
        lines.extend(self.cleaning.lines())
        lines.extend(self.notes)
        for origin, count in self.off_origin.most_common():
            lines.append(f"WARNING: {count} threads are on {origin}, which is not one of this site's "
                         f"origins: the widget will not show them. Use --map {origin}=https://your.site "
                         "or add the origin to the site.")
        if self.problems:
            lines.append(f"problems ({self.problem_count}):")
            for line, message in self.problems:
                lines.append(f"  line {line}: {message}" if line else f"  {message}")
            if self.problem_count > len(self.problems):
                lines.append(f"  ... and {self.problem_count - len(self.problems)} more")
        if self.sent_to_worker:
            lines.append(f"sent {self.sent_to_worker} pending comments to the worker for scoring")
        if self.left_to_sweeper:
            lines.append(f"{self.left_to_sweeper} more pending comments wait for the sweeper, which sends "
                         "them to the worker in its next passes")
        if self.dry_run:
            lines.append("dry run: nothing was written")
        return "\n".join(lines)
