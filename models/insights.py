"""What the Insights page shows: comment volume, the moderators' work, and the filter judged by them.

Every function takes a `Scope` (the sites a person may see, a range of UTC days) and answers with
plain dataclasses that the console turns into charts, tables and CSV. A comment belongs to the day
it was received; the moderators' work belongs to the day a decision was made; weeks start on
Monday. The filter is judged against people: a comment counts as spam when a moderator marked it
so or when the policy filed it and nobody released it, and as not spam when a moderator approved or
rejected it; comments still waiting teach nothing yet. The rule not to break: no rate divides by a
count that can be zero, a rate with nothing to measure is None (the page says "no data").
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, cast, false, func, literal, select

from .base import db
from .comment import Comment, CommentStatus, Decision, DecisionAction
from .moderator import Moderator
from .site import Site

__all__ = [
    "DURATION_EDGES",
    "HISTOGRAM_BINS",
    "OUTCOMES",
    "RANGES",
    "Confusion",
    "DecisionTimes",
    "Insights",
    "ModelVersion",
    "ModeratorWork",
    "Released",
    "Scope",
    "VolumeDay",
    "WhatIf",
    "collect",
    "rate",
    "thresholds",
    "week_of",
    "what_if",
]

S = CommentStatus

# A comment's outcome as the page names it, in the order charts stack them.
OUTCOMES: dict[str, str] = {
    "approved": "Approved",
    "rejected": "Rejected",
    "spam_moderator": "Spam (moderator)",
    "spam_policy": "Spam (policy)",
    "waiting": "Still waiting",
}
RANGES: dict[str, int | None] = {"7": 7, "30": 30, "90": 90, "all": None}
HISTOGRAM_BINS = 20
# Time to a decision is counted in these buckets (upper edges, seconds), so weeks and sites add
# up and a median is "within 2 hours": exact enough to act on, the same on every database.
DURATION_EDGES: tuple[int, ...] = (
    60, 5 * 60, 10 * 60, 15 * 60, 30 * 60, 3600, 2 * 3600, 3 * 3600, 4 * 3600, 6 * 3600, 8 * 3600,
    12 * 3600, 86400, 36 * 3600, 2 * 86400, 3 * 86400, 4 * 86400, 5 * 86400, 7 * 86400, 14 * 86400,
    30 * 86400,
)
WAITING = (S.RECEIVED, S.PENDING, S.SCORE_FAILED)
MODERATOR_ACTIONS = (DecisionAction.APPROVE, DecisionAction.REJECT, DecisionAction.SPAM,
                     DecisionAction.NOT_SPAM)
AUTOMATIC_ACTIONS = (DecisionAction.AUTO_SPAM, DecisionAction.AUTO_APPROVE)
RELEASED_SHOWN = 50


@dataclass(frozen=True)
class Scope:
    """The sites (None: all of them) and the days, inclusive, that the numbers are about."""

    site_ids: frozenset[int] | None
    last_day: date
    first_day: date | None = None  # None: from the first comment

    @classmethod
    def last(cls, days: int | None, site_ids: set[int] | frozenset[int] | None,
             today: date | None = None) -> Scope:
        today = today or datetime.utcnow().date()  # noqa: DTZ003 - naive UTC, as stored
        first = None if days is None else today - timedelta(days=days - 1)
        return cls(None if site_ids is None else frozenset(site_ids), today, first)

    @property
    def nothing(self) -> bool:
        return self.site_ids is not None and not self.site_ids

    @property
    def start(self) -> datetime | None:
        return None if self.first_day is None else datetime.combine(self.first_day, time())

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last_day + timedelta(days=1), time())

    def sites(self, column: Any) -> ColumnElement[bool]:
        if self.site_ids is None:
            return literal(True)
        if not self.site_ids:
            return false()
        return column.in_(sorted(self.site_ids))

    def during(self, column: Any) -> ColumnElement[bool]:
        """`column` falls on one of the scope's days."""
        condition = column < self.end
        return condition if self.start is None else and_(column >= self.start, condition)


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _day(value: Any) -> date:
    # PostgreSQL's date() gives a date, SQLite's a 'YYYY-MM-DD' string.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _outcome() -> ColumnElement[str]:
    # `decided_at` is set only by a person, never by the worker's policy: a spam comment without
    # it was filed by the policy and no moderator has touched it since.
    return case(
        (Comment.status == S.APPROVED, "approved"),
        (Comment.status == S.REJECTED, "rejected"),
        (and_(Comment.status == S.SPAM, Comment.decided_at.is_(None)), "spam_policy"),
        (Comment.status == S.SPAM, "spam_moderator"),
        else_="waiting",
    )


def _flagged() -> ColumnElement[bool]:
    """The score is at or above its site's spam threshold (never, for a site without one)."""
    return and_(Site.spam_threshold.is_not(None), Comment.score >= Site.spam_threshold)


def _seconds_to_decision() -> ColumnElement[float]:
    if _is_postgres():
        return func.extract("epoch", Comment.decided_at - Comment.created_at)
    return (func.julianday(Comment.decided_at) - func.julianday(Comment.created_at)) * 86400.0


def _duration_bucket() -> ColumnElement[int]:
    seconds = _seconds_to_decision()
    return case(*[(seconds <= edge, i) for i, edge in enumerate(DURATION_EDGES)], else_=len(DURATION_EDGES))


def _histogram_bin() -> ColumnElement[int]:
    # floor, not CAST: PostgreSQL rounds a float cast to integer. The epsilon keeps 0.15 in bin 3
    # although 0.15 * 20 is 2.9999999999999996 in binary.
    scaled = Comment.score * HISTOGRAM_BINS + 1e-9
    return func.floor(scaled) if _is_postgres() else cast(scaled, Integer)


# --- the answers ------------------------------------------------------------

@dataclass
class VolumeDay:
    day: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Confusion:
    """The filter's verdicts (score at or above the threshold) against people's."""

    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    true_neg: int = 0

    def add(self, flagged: bool, spam: bool, count: int) -> None:
        if flagged and spam:
            self.true_pos += count
        elif flagged:
            self.false_pos += count
        elif spam:
            self.false_neg += count
        else:
            self.true_neg += count

    @property
    def judged(self) -> int:
        return self.true_pos + self.false_pos + self.false_neg + self.true_neg

    @property
    def precision(self) -> float | None:
        return rate(self.true_pos, self.true_pos + self.false_pos)

    @property
    def recall(self) -> float | None:
        return rate(self.true_pos, self.true_pos + self.false_neg)

    @property
    def false_positive_rate(self) -> float | None:
        return rate(self.false_pos, self.false_pos + self.true_neg)


@dataclass
class DecisionTimes:
    """How long comments decided in one week waited, as counts per DURATION_EDGES bucket."""

    week: date
    buckets: list[int] = field(default_factory=lambda: [0] * (len(DURATION_EDGES) + 1))

    @property
    def decided(self) -> int:
        return sum(self.buckets)

    def within(self, share: float) -> int | None:
        """The bucket edge (seconds) within which `share` of them were decided; None past the last."""
        if not self.decided:
            return None
        wanted = math.ceil(share * self.decided)
        seen = 0
        for i, count in enumerate(self.buckets):
            seen += count
            if seen >= wanted:
                return DURATION_EDGES[i] if i < len(DURATION_EDGES) else None
        return None  # pragma: no cover - the loop always reaches `wanted`

    @property
    def median(self) -> int | None:
        return self.within(0.5)

    @property
    def p90(self) -> int | None:
        return self.within(0.9)


@dataclass
class ModeratorWork:
    moderator_id: int | None  # None: the site's policy, applied by the worker
    name: str
    decisions: int
    undone: int


@dataclass
class Released:
    comment_id: int
    site_id: int
    thread_id: int
    author: str
    body: str
    score: float | None
    model_version: str | None
    status: CommentStatus
    created_at: datetime
    page_title: str
    page_url: str | None


@dataclass
class ModelVersion:
    version: str
    comments: int
    first_seen: datetime
    last_seen: datetime
    confusion: Confusion


@dataclass
class WhatIf:
    threshold: float
    filed: int  # comments scoring at least the threshold
    approved: int  # ... of which a person approved
    by_outcome: dict[str, int]
    scored: int  # every scored comment in the range


@dataclass
class Insights:
    scope: Scope
    days: list[VolumeDay]
    totals: dict[str, int]
    queue_size: int
    queue_oldest: datetime | None
    decision_times: list[DecisionTimes]
    moderators: list[ModeratorWork]
    weeks: list[tuple[date, Confusion]]
    overall: Confusion
    released_count: int
    released: list[Released]
    histogram: dict[str, list[int]]
    models: list[ModelVersion]

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def spam_share(self) -> float | None:
        return rate(self.totals["spam_moderator"] + self.totals["spam_policy"], self.total)

    @property
    def empty(self) -> bool:
        return self.total == 0 and self.queue_size == 0 and not self.moderators


# --- the queries ------------------------------------------------------------

def _volume(scope: Scope) -> tuple[list[VolumeDay], dict[str, int]]:
    day = func.date(Comment.created_at)
    outcome = _outcome()
    rows = db.session.execute(
        select(day, outcome, func.count())
        .where(scope.sites(Comment.site_id), scope.during(Comment.created_at))
        .group_by(day, outcome)
    ).all()
    per_day: dict[date, Counter[str]] = defaultdict(Counter)
    for raw_day, name, count in rows:
        per_day[_day(raw_day)][name] += count
    totals = {name: sum(c[name] for c in per_day.values()) for name in OUTCOMES}
    if not per_day and scope.first_day is None:
        return [], totals
    first = scope.first_day or min(per_day)
    days = []
    for offset in range((scope.last_day - first).days + 1):
        d = first + timedelta(days=offset)
        days.append(VolumeDay(d, {name: per_day.get(d, Counter())[name] for name in OUTCOMES}))
    return days, totals


def _queue(scope: Scope) -> tuple[int, datetime | None]:
    count, oldest = db.session.execute(
        select(func.count(), func.min(Comment.created_at))
        .where(scope.sites(Comment.site_id), Comment.status.in_(WAITING))
    ).one()
    return count, oldest


def _decision_times(scope: Scope) -> list[DecisionTimes]:
    day = func.date(Comment.decided_at)
    bucket = _duration_bucket()
    rows = db.session.execute(
        select(day, bucket, func.count())
        .where(scope.sites(Comment.site_id), Comment.decided_at.is_not(None),
               scope.during(Comment.decided_at),
               Comment.status.in_((S.APPROVED, S.REJECTED, S.SPAM)))
        .group_by(day, bucket)
    ).all()
    weeks: dict[date, DecisionTimes] = {}
    for raw_day, index, count in rows:
        week = week_of(_day(raw_day))
        weeks.setdefault(week, DecisionTimes(week)).buckets[int(index)] += count
    return [weeks[w] for w in sorted(weeks)]


def _moderators(scope: Scope) -> list[ModeratorWork]:
    undone = func.count(Decision.undone_by_id)
    rows = db.session.execute(
        select(Decision.moderator_id, Moderator.email, func.count(), undone)
        .outerjoin(Moderator, Moderator.id == Decision.moderator_id)
        .where(scope.sites(Decision.site_id), scope.during(Decision.created_at),
               Decision.action.in_(MODERATOR_ACTIONS + AUTOMATIC_ACTIONS))
        .group_by(Decision.moderator_id, Moderator.email)
    ).all()
    work = [ModeratorWork(mid, email if mid is not None else "The site's policy (automatic)", n, u)
            for mid, email, n, u in rows]
    # People first, busiest first; the policy last.
    return sorted(work, key=lambda w: (w.moderator_id is None, -w.decisions, w.name))


def _labelled(scope: Scope, *columns: Any):
    """Rows of (columns..., flagged, spam, count) for the comments people have judged."""
    spam = Comment.status == S.SPAM
    flagged = _flagged()
    return db.session.execute(
        select(*columns, flagged, spam, func.count())
        .join(Site, Site.id == Comment.site_id)
        .where(scope.sites(Comment.site_id), scope.during(Comment.created_at),
               Comment.score.is_not(None), Comment.status.in_((S.APPROVED, S.REJECTED, S.SPAM)))
        .group_by(*columns, flagged, spam)
    ).all()


def _filter_weeks(scope: Scope) -> tuple[list[tuple[date, Confusion]], Confusion]:
    weeks: dict[date, Confusion] = {}
    overall = Confusion()
    for raw_day, flagged, spam, count in _labelled(scope, func.date(Comment.created_at)):
        week = week_of(_day(raw_day))
        weeks.setdefault(week, Confusion()).add(bool(flagged), bool(spam), count)
        overall.add(bool(flagged), bool(spam), count)
    return [(w, weeks[w]) for w in sorted(weeks)], overall


def _released_query(scope: Scope):
    filed = select(Decision.comment_id).where(Decision.action == DecisionAction.AUTO_SPAM,
                                              scope.sites(Decision.site_id))
    return (Comment.id.in_(filed), Comment.status != S.SPAM, scope.sites(Comment.site_id),
            scope.during(Comment.created_at))


def _released(scope: Scope) -> tuple[int, list[Released]]:
    """Comments the policy filed as spam and a moderator took out of the spam folder since."""
    conditions = _released_query(scope)
    count = db.session.scalar(select(func.count()).select_from(Comment).where(*conditions)) or 0
    rows = db.session.scalars(
        select(Comment).join(Comment.thread).where(*conditions)
        .order_by(Comment.created_at.desc(), Comment.id.desc()).limit(RELEASED_SHOWN)
    ).all()
    shown = [Released(c.id, c.site_id, c.thread_id, c.author, c.body, c.score, c.model_version, c.status,
                      c.created_at, c.thread.title or c.thread.uri, c.thread.public_url) for c in rows]
    return count, shown


def _histogram(scope: Scope) -> dict[str, list[int]]:
    binned = _histogram_bin()
    outcome = _outcome()
    rows = db.session.execute(
        select(binned, outcome, func.count())
        .where(scope.sites(Comment.site_id), scope.during(Comment.created_at), Comment.score.is_not(None))
        .group_by(binned, outcome)
    ).all()
    bins = {name: [0] * HISTOGRAM_BINS for name in OUTCOMES}
    for index, name, count in rows:
        bins[name][min(max(int(index), 0), HISTOGRAM_BINS - 1)] += count
    return bins


def _models(scope: Scope) -> list[ModelVersion]:
    rows = db.session.execute(
        select(Comment.model_version, func.count(), func.min(Comment.created_at),
               func.max(Comment.created_at))
        .where(scope.sites(Comment.site_id), scope.during(Comment.created_at),
               Comment.model_version.is_not(None))
        .group_by(Comment.model_version)
    ).all()
    confusions: dict[str, Confusion] = defaultdict(Confusion)
    for version, flagged, spam, count in _labelled(scope, Comment.model_version):
        if version is not None:
            confusions[version].add(bool(flagged), bool(spam), count)
    models = [ModelVersion(v, n, first, last, confusions[v]) for v, n, first, last in rows]
    return sorted(models, key=lambda m: (m.first_seen, m.version))


def collect(scope: Scope) -> Insights:
    """Compute everything the page shows for `scope`."""
    days, totals = _volume(scope)
    queue_size, queue_oldest = _queue(scope)
    weeks, overall = _filter_weeks(scope)
    released_count, released = _released(scope)
    return Insights(
        scope=scope, days=days, totals=totals, queue_size=queue_size, queue_oldest=queue_oldest,
        decision_times=_decision_times(scope), moderators=_moderators(scope), weeks=weeks,
        overall=overall, released_count=released_count, released=released,
        histogram=_histogram(scope), models=_models(scope),
    )


def what_if(scope: Scope, threshold: float) -> WhatIf:
    """Count the comments a spam threshold of `threshold` would have filed, by what became of them."""
    if not 0.0 <= threshold <= 1.0 or math.isnan(threshold):
        raise ValueError("a threshold is a number from 0 to 1")
    outcome = _outcome()
    at_least = Comment.score >= threshold
    rows = db.session.execute(
        select(outcome, at_least, func.count())
        .where(scope.sites(Comment.site_id), scope.during(Comment.created_at), Comment.score.is_not(None))
        .group_by(outcome, at_least)
    ).all()
    by_outcome = dict.fromkeys(OUTCOMES, 0)
    scored = 0
    for name, above, count in rows:
        scored += count
        if above:
            by_outcome[name] += count
    return WhatIf(threshold, sum(by_outcome.values()), by_outcome["approved"], by_outcome, scored)


def thresholds(scope: Scope) -> list[tuple[str, float | None]]:
    """The spam thresholds of the scope's sites, by site name."""
    rows = db.session.execute(select(Site.name, Site.spam_threshold).where(scope.sites(Site.id))).all()
    return sorted(((name, t) for name, t in rows), key=lambda r: r[0].casefold())

