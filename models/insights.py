"""What the Insights page shows: comment volume, the moderators' work, and the filter judged by them.

Every function takes a `Scope` (the sites a person may see, a range of UTC days) and answers with
plain dataclasses that the console turns into charts, tables and CSV. A comment belongs to the day
it was received; the moderators' work belongs to the day a decision was made; weeks start on
Monday. The filter is judged against people: a comment counts as spam when a moderator marked it
so or when the policy filed it and nobody released it, and as not spam when a moderator approved or
rejected it; comments still waiting teach nothing yet. The numbers are read from the daily counts
of `models.insight_counts` (kept up to date by a beat task), whole weeks and months of them from
their roll-ups where a chart needs no finer grain; only the queue and the list of released
comments are read from the comments themselves. The rule not to break: no rate divides
by a count that can be zero, a rate with nothing to measure is None (the page says "no data").
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, cast, func, select, text

from .base import db
from .comment import Comment, CommentStatus, Decision, DecisionAction
from .insight_counts import DURATION_EDGES, SCORE_STEPS, SPANS, InsightSite, counts_over, on_sites
from .moderator import Moderator
from .site import Site
from .thread import Thread, page_url

__all__ = [
    "DURATION_EDGES",
    "HISTOGRAM_BINS",
    "OUTCOMES",
    "RANGES",
    "SCORE_STEPS",
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
    "counted_at",
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
WAITING = (S.RECEIVED, S.PENDING, S.SCORE_FAILED)
LABELLED = ("approved", "rejected", "spam_moderator", "spam_policy")
RELEASED_SHOWN = 50


@dataclass(frozen=True)
class Scope:
    """The sites (None: all of them) and the days, inclusive, that the numbers are about.

    Make one for each page: it keeps the counts it has read.
    """

    site_ids: frozenset[int] | None
    last_day: date
    first_day: date | None = None  # None: from the first comment
    # The counts read for this scope, so each chart does not read them again (see _counts).
    cache: dict[str, list[Any]] = field(default_factory=dict, compare=False, hash=False, repr=False)

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
        return on_sites(column, self.site_ids)

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
    first_seen: date
    last_seen: date
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

def _sum(scope: Scope, kinds: tuple[str, ...], spans: tuple[str, ...], *groups: str) -> list[tuple]:
    """Sum the scope's counts of `kinds` by the columns `groups`, reading whole periods of `spans`
    from the roll-ups."""
    rows = counts_over(kinds, scope.site_ids, scope.first_day, scope.last_day, spans)
    columns = [rows.c[g] for g in groups]
    # Summed as integers by the database, so each of thousands of rows is not converted here.
    query = select(*columns, cast(func.sum(rows.c.n), BigInteger), cast(func.sum(rows.c.extra), BigInteger)
                   ).group_by(*columns)
    # Through the connection: the session's ORM layer would handle each row again on its way. A few
    # hundred rows at a time: thousands alive together would be moved to the collector's oldest
    # generation by the collections made meanwhile, and bring on its full collections sooner.
    result = db.session.connection().execute(query)
    return [tuple(row) for rows in result.partitions(500) for row in rows]


def _cached(scope: Scope, name: str, read: Callable[[], list[tuple]]) -> list[tuple]:
    # Read once for each scope: the charts share it. As plain tuples of plain values, which the
    # garbage collector stops tracking: thousands of tracked objects a page bring on its full
    # collections (about 100 ms each on the benchmark's machine) every few pages.
    if name not in scope.cache:
        scope.cache[name] = read()
    return scope.cache[name]


def _comments(scope: Scope) -> list[tuple]:
    """(day, model version, outcome, flagged, comments, released) of the comments received in the
    range, day by day: the volume is charted per day, each model version's first and last day shown."""
    def read() -> list[tuple]:
        rows = _sum(scope, ("comments",), (), "day", "key", "outcome", "flagged")
        if rows and isinstance(rows[0][0], date) and isinstance(rows[0][3], bool):
            return rows  # PostgreSQL's types already
        return [(_day(d), v, o, bool(f), n, r) for d, v, o, f, n, r in rows]
    return _cached(scope, "comments", read)


def _waits(scope: Scope) -> list[tuple]:
    """(week, bucket, comments) of the decisions, summed per week (from Monday)."""
    def read() -> list[tuple]:
        weeks: Counter[tuple[date, int]] = Counter()
        mondays: dict[Any, date] = {}
        # A whole week comes dated by its Monday, the days of a week the range cuts one by one.
        for d, key, n, _ in _sum(scope, ("wait",), ("week",), "day", "key"):
            monday = mondays.get(d)
            if monday is None:
                monday = mondays[d] = week_of(_day(d))
            weeks[monday, int(key)] += n
        return [(week, bucket, n) for (week, bucket), n in weeks.items()]
    return _cached(scope, "wait", read)


def _totals(scope: Scope, kind: str) -> list[tuple]:
    """(key, outcome, n, extra) over the whole range, of the kinds charted only as totals."""
    rows = _cached(scope, "totals", lambda: _sum(scope, ("score", "work"), SPANS, "kind", "key", "outcome"))
    return [row[1:] for row in rows if row[0] == kind]


def _volume(scope: Scope) -> tuple[list[VolumeDay], dict[str, int]]:
    per_day: dict[date, dict[str, int]] = {}
    totals = dict.fromkeys(OUTCOMES, 0)
    for day, _, outcome, _, count, _ in _comments(scope):
        counts = per_day.get(day)
        if counts is None:
            counts = per_day[day] = dict.fromkeys(OUTCOMES, 0)
        counts[outcome] += count
        totals[outcome] += count
    if not per_day and scope.first_day is None:
        return [], totals
    first = scope.first_day or min(per_day)
    days = []
    for offset in range((scope.last_day - first).days + 1):
        d = first + timedelta(days=offset)
        days.append(VolumeDay(d, per_day.get(d) or dict.fromkeys(OUTCOMES, 0)))
    return days, totals


def _queue(scope: Scope) -> tuple[int, datetime | None]:
    count, oldest = db.session.execute(
        select(func.count(), func.min(Comment.created_at))
        .where(scope.sites(Comment.site_id), Comment.status.in_(WAITING))
    ).one()
    return count, oldest


def _decision_times(scope: Scope) -> list[DecisionTimes]:
    weeks: dict[date, DecisionTimes] = {}
    for week, bucket, count in _waits(scope):
        if week not in weeks:
            weeks[week] = DecisionTimes(week)
        weeks[week].buckets[bucket] += count
    return [weeks[w] for w in sorted(weeks)]


def _moderators(scope: Scope) -> list[ModeratorWork]:
    rows = [(key, n, undone) for key, _, n, undone in _totals(scope, "work")]
    ids = [int(key) for key, _, _ in rows if key]
    names = dict(db.session.execute(select(Moderator.id, Moderator.email).where(Moderator.id.in_(ids))).all())
    policy = "The site's policy (automatic)"
    work = [ModeratorWork(int(key) if key else None,
                          names.get(int(key), "a removed account") if key else policy, int(n), int(u))
            for key, n, u in rows]
    # People first, busiest first; the policy last.
    return sorted(work, key=lambda w: (w.moderator_id is None, -w.decisions, w.name))


def _judged(confusion: Confusion, outcome: str, flagged: bool, count: int) -> None:
    if outcome in LABELLED:
        confusion.add(bool(flagged), outcome in ("spam_moderator", "spam_policy"), count)


def _filter_weeks(scope: Scope) -> tuple[list[tuple[date, Confusion]], Confusion]:
    # Tallied per week first: thousands of rows, a few hundred (week, outcome, flagged).
    tally: Counter[tuple[date, str, bool]] = Counter()
    mondays: dict[date, date] = {}
    for day, _, outcome, flagged, count, _ in _comments(scope):
        if outcome in LABELLED:
            monday = mondays.get(day)
            if monday is None:
                monday = mondays[day] = week_of(day)
            tally[monday, outcome, flagged] += count
    weeks: dict[date, Confusion] = defaultdict(Confusion)
    overall = Confusion()
    for (week, outcome, flagged), count in tally.items():
        _judged(weeks[week], outcome, flagged, count)
        _judged(overall, outcome, flagged, count)
    return [(w, weeks[w]) for w in sorted(weeks)], overall


def _released(scope: Scope) -> tuple[int, list[Released]]:
    """Comments the policy filed as spam and a moderator took out of the spam folder since."""
    released: Counter[date] = Counter()
    for day, _, _, _, _, count in _comments(scope):
        released[day] += count
    per_day = sorted(((day, r) for day, r in released.items() if r), reverse=True)
    count = sum(r for _, r in per_day)
    if not count:
        return 0, []
    # Only the newest days that hold the listed ones are read from the comments themselves.
    seen, since = 0, per_day[-1][0]
    for day, released in per_day:
        seen += released
        if seen >= RELEASED_SHOWN:
            since = day
            break
    first = max(since, scope.first_day) if scope.first_day else since
    window = Scope(scope.site_ids, scope.last_day, first)
    # EXISTS, probed through the decision log's comment index for the few comments of the window.
    filed = select(Decision.id).where(Decision.comment_id == Comment.id,
                                      Decision.action == DecisionAction.AUTO_SPAM).exists()
    # The thread (and its site, for the page's address) in the same query: one query, not one a row;
    # only the columns shown, not whole comments and threads for the ORM to build.
    query = (select(Comment.id, Comment.site_id, Comment.thread_id, Comment.author, Comment.body,
                    Comment.score, Comment.model_version, Comment.status, Comment.created_at, Thread.title,
                    Thread.uri, Site.origins)
             .join(Thread, Thread.id == Comment.thread_id).join(Site, Site.id == Thread.site_id)
             .where(Comment.status.in_((S.APPROVED, S.REJECTED, S.PENDING, S.RECEIVED, S.SCORE_FAILED)),
                    scope.sites(Comment.site_id), window.during(Comment.created_at), filed)
             .order_by(Comment.created_at.desc(), Comment.id.desc()).limit(RELEASED_SHOWN))
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if postgres:
        # PostgreSQL plans parallel workers for its sort of a few thousand comments: starting them
        # takes longer (~15 ms) than the whole query does without them.
        db.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    rows = db.session.execute(query).all()
    if postgres:
        db.session.execute(text("SET LOCAL max_parallel_workers_per_gather TO DEFAULT"))
    shown = [Released(*row[:9], title or uri, page_url(uri, origins)) for *row, title, uri, origins in rows]
    return count, shown


def _histogram(scope: Scope) -> dict[str, list[int]]:
    bins = {name: [0] * HISTOGRAM_BINS for name in OUTCOMES}
    for key, name, count, _ in _totals(scope, "score"):
        step = SCORE_STEPS[min(max(int(key), 0), len(SCORE_STEPS) - 1)]
        bins[name][min(int(step * HISTOGRAM_BINS + 1e-9), HISTOGRAM_BINS - 1)] += int(count)
    return bins


def _models(scope: Scope) -> list[ModelVersion]:
    found: dict[str, ModelVersion] = {}
    tally: Counter[tuple[str, str, bool]] = Counter()  # judged once per (version, outcome, flagged)
    for day, version, outcome, flagged, count, _ in _comments(scope):
        if not version:
            continue
        model = found.get(version)
        if model is None:
            model = found[version] = ModelVersion(version, 0, day, day, Confusion())
        model.comments += count
        if day < model.first_seen:
            model.first_seen = day
        elif day > model.last_seen:
            model.last_seen = day
        tally[version, outcome, flagged] += count
    for (version, outcome, flagged), count in tally.items():
        _judged(found[version].confusion, outcome, flagged, count)
    return sorted(found.values(), key=lambda m: (m.first_seen, m.version))


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
    """Count the comments a spam threshold of `threshold` (one of SCORE_STEPS) would have filed."""
    index = next((i for i, step in enumerate(SCORE_STEPS) if abs(step - threshold) < 1e-9), None)
    if index is None:
        raise ValueError("choose a threshold from " + ", ".join(f"{t:g}" for t in SCORE_STEPS))
    by_outcome = dict.fromkeys(OUTCOMES, 0)
    scored = 0
    for key, name, count, _ in _totals(scope, "score"):
        scored += int(count)
        if int(key) >= index:
            by_outcome[name] += int(count)
    return WhatIf(SCORE_STEPS[index], sum(by_outcome.values()), by_outcome["approved"], by_outcome, scored)


def counted_at(scope: Scope) -> datetime | None:
    """When the least recently counted of the scope's sites was counted; None if none was yet."""
    oldest = func.min(InsightSite.refreshed_at)
    return db.session.scalar(select(oldest).where(scope.sites(InsightSite.site_id)))


def thresholds(scope: Scope) -> list[tuple[str, float | None]]:
    """The spam thresholds of the scope's sites, by site name."""
    rows = db.session.execute(select(Site.name, Site.spam_threshold).where(scope.sites(Site.id))).all()
    return sorted(((name, t) for name, t in rows), key=lambda r: r[0].casefold())

