"""Daily counts behind the Insights page, so it answers in milliseconds with millions of comments.

Each site's comments and decisions are counted per UTC day into `insight_counts`, one row per
(site, day, kind, key, outcome, flagged):

    kind "comments"  day received, key = model version, the comment's outcome, whether its score
                     reached the site's spam threshold; n = comments, extra = released from spam
    kind "score"     day received, key = score step (SCORE_STEPS), outcome; n = comments
    kind "wait"      day decided, key = time-to-decision bucket (DURATION_EDGES); n = comments
    kind "work"      day decided, key = moderator id ("" for the policy); n = decisions, extra = undone

`insight_rollups` holds the same counts summed per week (from Monday) and per calendar month, so
a long range reads a row per period instead of one per day: `counts_over` covers a range with
whole months, then whole weeks, then days.

Every status change (`models.comment.transition`) marks the days it touches in `insight_dirty`,
and so do erasure, the retention purge and imports (`mark_comments`); a beat task
(`workers.tasks.refresh_insights`) recounts those days and their weeks and months, and rebuilds
a site whole when it was never counted, when its spam threshold changed, or once a day. The rule
not to break: counts are only ever replaced by a recount from the comments and decisions (and
roll-ups by a sum of the recounted days), never adjusted in place, so a missed change heals at
the next recount.
"""

from __future__ import annotations

import logging
import time as clock
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Subquery,
    and_,
    case,
    cast,
    delete,
    false,
    func,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, utcnow
from .comment import Comment, CommentStatus, Decision, DecisionAction
from .site import Site

__all__ = [
    "DURATION_EDGES",
    "InsightCount",
    "InsightDirty",
    "InsightRollup",
    "InsightSite",
    "MODERATOR_ACTIONS",
    "SCORE_STEPS",
    "SPANS",
    "counts_over",
    "cover",
    "mark_comments",
    "mark_dirty",
    "on_sites",
    "outcome_of",
    "period_end",
    "period_start",
    "rebuild_site",
    "refresh",
    "refresh_days",
]

log = logging.getLogger(__name__)
S = CommentStatus

# Time to a decision is counted in these buckets (upper edges, seconds): weeks and sites add up,
# and a median reads "within 2 hours", exact enough to act on and the same on every database.
DURATION_EDGES: tuple[int, ...] = (
    60, 5 * 60, 10 * 60, 15 * 60, 30 * 60, 3600, 2 * 3600, 3 * 3600, 4 * 3600, 6 * 3600, 8 * 3600,
    12 * 3600, 86400, 36 * 3600, 2 * 86400, 3 * 86400, 4 * 86400, 5 * 86400, 7 * 86400, 14 * 86400,
    30 * 86400,
)
# Scores are counted in steps of 0.05, and of 0.01 from 0.90 up, where spam thresholds live:
# the what-if offers exactly these thresholds.
SCORE_STEPS: tuple[float, ...] = tuple(round(i * 0.05, 2) for i in range(18)) + tuple(
    round(0.90 + i * 0.01, 2) for i in range(10))
MODERATOR_ACTIONS = (DecisionAction.APPROVE, DecisionAction.REJECT, DecisionAction.SPAM,
                     DecisionAction.NOT_SPAM)
AUTOMATIC_ACTIONS = (DecisionAction.AUTO_SPAM, DecisionAction.AUTO_APPROVE)
REBUILD_EVERY = timedelta(days=1)
# More marked days than this and the site is counted whole instead: an import or a purge can mark
# years, and one pass over a site's comments (done daily anyway) costs what about a hundred
# one-day recounts do (benchmark sites of 50,000 comments).
REBUILD_OVER_DAYS = 100
# Roll-up periods, longest first: a range is covered by whole months, then whole weeks, then days.
SPANS: tuple[str, ...] = ("month", "week")


class InsightCount(db.Model):
    __tablename__ = "insight_counts"
    # The page sums a range's counts grouped in these indexes' order, every site's by day, some
    # sites' site by site: on PostgreSQL from the index alone, which carries the counted columns.
    __table_args__ = (
        Index("ix_insight_counts_by_day", "kind", "day", "key", "outcome", "flagged",
              postgresql_include=["site_id", "n", "extra"]),
        Index("ix_insight_counts_by_site", "site_id", "kind", "day", "key", "outcome", "flagged",
              postgresql_include=["n", "extra"]),
    )

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    outcome: Mapped[str] = mapped_column(String(16), primary_key=True, default="")
    flagged: Mapped[bool] = mapped_column(Boolean, primary_key=True, default=False)
    n: Mapped[int] = mapped_column(Integer, default=0)
    extra: Mapped[int] = mapped_column(Integer, default=0)


class InsightRollup(db.Model):
    """A site's daily counts summed over one week (Monday to Sunday) or one calendar month."""

    __tablename__ = "insight_rollups"
    # An admin's page reads every site's periods of a range.
    __table_args__ = (Index("ix_insight_rollups_span_kind_start", "span", "kind", "start"),)

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)
    span: Mapped[str] = mapped_column(String(8), primary_key=True)  # one of SPANS
    start: Mapped[date] = mapped_column(Date, primary_key=True)  # the period's first day
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    outcome: Mapped[str] = mapped_column(String(16), primary_key=True, default="")
    flagged: Mapped[bool] = mapped_column(Boolean, primary_key=True, default=False)
    n: Mapped[int] = mapped_column(Integer, default=0)
    extra: Mapped[int] = mapped_column(Integer, default=0)


class InsightDirty(db.Model):
    """A site's day whose counts are out of date.

    A plain log, repeats allowed: a unique (site, day) would make two decisions on one day wait
    for each other's commit, and with the thread and site rows they lock, could deadlock.
    """

    __tablename__ = "insight_dirty"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)


class InsightSite(db.Model):
    """When a site was last counted whole, and with which spam threshold."""

    __tablename__ = "insight_sites"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)
    threshold: Mapped[float | None] = mapped_column(Float)
    built_at: Mapped[datetime] = mapped_column()
    refreshed_at: Mapped[datetime] = mapped_column()


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def outcome_of():
    """A comment's outcome as SQL: approved, rejected, spam_moderator, spam_policy or waiting."""
    # `decided_at` is set only by a person, never by the worker's policy: a spam comment without
    # it was filed by the policy and no moderator has touched it since.
    return case(
        (Comment.status == S.APPROVED, "approved"),
        (Comment.status == S.REJECTED, "rejected"),
        (and_(Comment.status == S.SPAM, Comment.decided_at.is_(None)), "spam_policy"),
        (Comment.status == S.SPAM, "spam_moderator"),
        else_="waiting",
    )


def _floor(value):
    # floor, not CAST, on PostgreSQL: it rounds a float cast to integer.
    return func.floor(value) if _is_postgres() else cast(value, Integer)


def _score_step():
    # The epsilon keeps 0.15 in its own step although 0.15 * 20 is 2.9999999999999996 in binary.
    fine = 18 + _floor((Comment.score - 0.9) * 100 + 1e-9)
    coarse = _floor(Comment.score * 20 + 1e-9)
    capped = func.least(fine, 27) if _is_postgres() else func.min(fine, 27)
    return case((Comment.score >= 0.9 - 1e-9, capped), else_=coarse)


def _seconds_to_decision():
    if _is_postgres():
        return func.extract("epoch", Comment.decided_at - Comment.created_at)
    return (func.julianday(Comment.decided_at) - func.julianday(Comment.created_at)) * 86400.0


def _duration_bucket():
    seconds = _seconds_to_decision()
    return case(*[(seconds <= edge, i) for i, edge in enumerate(DURATION_EDGES)], else_=len(DURATION_EDGES))


def _day(value) -> date:
    # PostgreSQL's date() gives a date, SQLite's a 'YYYY-MM-DD' string.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _between(column, first: date | None, last: date | None):
    conditions = []
    if first is not None:
        conditions.append(column >= datetime.combine(first, time()))
    if last is not None:
        conditions.append(column < datetime.combine(last + timedelta(days=1), time()))
    return and_(literal(True), *conditions)


def _count(site_id: int, first: date | None, last: date | None) -> list[dict]:
    """Count one site's comments and decisions for the days first..last (None: unbounded)."""
    rows: list[dict] = []
    outcome = outcome_of()
    # One expression object in SELECT and GROUP BY: PostgreSQL must see the same parameters in both.
    reached = and_(Site.spam_threshold.is_not(None), Comment.score >= Site.spam_threshold)
    flagged = func.coalesce(reached, False)
    filed = select(Decision.id).where(Decision.comment_id == Comment.id,
                                      Decision.action == DecisionAction.AUTO_SPAM).exists()
    released = case((and_(Comment.status != S.SPAM, filed), 1), else_=0)
    day = func.date(Comment.created_at)
    version = func.coalesce(Comment.model_version, "")
    on_site = and_(Comment.site_id == site_id, _between(Comment.created_at, first, last))
    for d, v, o, f, n, r in db.session.execute(
        select(day, version, outcome, flagged, func.count(), func.sum(released))
        .join(Site, Site.id == Comment.site_id).where(on_site)
        .group_by(day, version, outcome, flagged)
    ):
        rows.append({"day": _day(d), "kind": "comments", "key": v, "outcome": o, "flagged": bool(f),
                     "n": n, "extra": int(r or 0)})
    step = _score_step()
    for d, s, o, n in db.session.execute(
        select(day, step, outcome, func.count()).where(on_site, Comment.score.is_not(None))
        .group_by(day, step, outcome)
    ):
        rows.append({"day": _day(d), "kind": "score", "key": str(int(s)), "outcome": o, "flagged": False,
                     "n": n, "extra": 0})
    decided_day = func.date(Comment.decided_at)
    bucket = _duration_bucket()
    for d, b, n in db.session.execute(
        select(decided_day, bucket, func.count())
        .where(Comment.site_id == site_id, Comment.decided_at.is_not(None),
               _between(Comment.decided_at, first, last),
               Comment.status.in_((S.APPROVED, S.REJECTED, S.SPAM)))
        .group_by(decided_day, bucket)
    ):
        rows.append({"day": _day(d), "kind": "wait", "key": str(int(b)), "outcome": "", "flagged": False,
                     "n": n, "extra": 0})
    decision_day = func.date(Decision.created_at)
    who = func.coalesce(cast(Decision.moderator_id, String), "")
    for d, w, n, u in db.session.execute(
        select(decision_day, who, func.count(), func.count(Decision.undone_by_id))
        .where(Decision.site_id == site_id, _between(Decision.created_at, first, last),
               Decision.action.in_(MODERATOR_ACTIONS + AUTOMATIC_ACTIONS))
        .group_by(decision_day, who)
    ):
        rows.append({"day": _day(d), "kind": "work", "key": w, "outcome": "", "flagged": False,
                     "n": n, "extra": u})
    return [dict(r, site_id=site_id) for r in rows]


def period_start(span: str, day: date) -> date:
    """The first day of the week (a Monday) or month that `day` falls in."""
    return day - timedelta(days=day.weekday()) if span == "week" else day.replace(day=1)


def period_end(span: str, start: date) -> date:
    """The last day of the period that starts on `start`."""
    if span == "week":
        return start + timedelta(days=6)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


Run = tuple[str, date | None, date]  # (span or "day", first start or None: from the beginning, last start)


def cover(first: date | None, last: date, spans: tuple[str, ...] = SPANS) -> list[Run]:
    """Cover the days first..last (None: from the beginning) with runs of whole periods and of days.

    Each run is (span, first start, last start), span "day" for single days; the longest span
    takes all of its whole periods, the next covers what is left on either side, days the rest.
    """
    if first is not None and first > last:
        return []
    if not spans:
        return [("day", first, last)]
    span, shorter = spans[0], spans[1:]
    lo = None if first is None else period_start(span, first)
    if lo is not None and lo < first:
        lo = period_end(span, lo) + timedelta(days=1)
    hi = period_start(span, last)
    if period_end(span, hi) > last:
        hi = period_start(span, hi - timedelta(days=1))
    if lo is not None and lo > hi:
        return cover(first, last, shorter)
    before = [] if lo is None else cover(first, lo - timedelta(days=1), shorter)
    return [*before, (span, lo, hi), *cover(period_end(span, hi) + timedelta(days=1), last, shorter)]


def on_sites(column: Any, site_ids: frozenset[int] | None) -> ColumnElement[bool]:
    """`column` holds one of these site ids (None: any site)."""
    if site_ids is None:
        return literal(True)
    return column.in_(sorted(site_ids)) if site_ids else false()


def counts_over(kinds: tuple[str, ...], site_ids: frozenset[int] | None, first: date | None, last: date,
                spans: tuple[str, ...] = SPANS) -> Subquery:
    """The counts of `kinds` for the days first..last of these sites (None: all), unsummed.

    Rows of (kind, day, key, outcome, flagged, n, extra), where `day` is the first day of the
    roll-up period or the day the row counts: whole periods of `spans` come from the roll-ups.
    """
    parts = []
    for span, lo, hi in cover(first, last, spans):
        table = InsightCount if span == "day" else InsightRollup
        day = InsightCount.day if span == "day" else InsightRollup.start
        query = (select(table.kind, day.label("day"), table.key, table.outcome, table.flagged, table.n,
                        table.extra)
                 .where(table.kind.in_(kinds), on_sites(table.site_id, site_ids), day <= hi))
        if lo is not None:
            query = query.where(day >= lo)
        if span != "day":
            query = query.where(InsightRollup.span == span)
        parts.append(query)
    return (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()


def _roll_up(site_id: int, days: Iterable[date]) -> None:
    """Sum the weeks and months of these days of one site again from its daily counts."""
    days = set(days)
    for span in SPANS:
        for start in sorted({period_start(span, d) for d in days}):
            db.session.execute(delete(InsightRollup).where(
                InsightRollup.site_id == site_id, InsightRollup.span == span, InsightRollup.start == start))
            summed = (select(literal(site_id), literal(span), literal(start, Date), InsightCount.kind,
                             InsightCount.key, InsightCount.outcome, InsightCount.flagged,
                             func.sum(InsightCount.n), func.sum(InsightCount.extra))
                      .where(InsightCount.site_id == site_id, InsightCount.day >= start,
                             InsightCount.day <= period_end(span, start))
                      .group_by(InsightCount.kind, InsightCount.key, InsightCount.outcome,
                                InsightCount.flagged))
            db.session.execute(InsightRollup.__table__.insert().from_select(
                ["site_id", "span", "start", "kind", "key", "outcome", "flagged", "n", "extra"], summed))


def _insert(rows: list[dict]) -> None:
    for start in range(0, len(rows), 5000):
        db.session.execute(InsightCount.__table__.insert(), rows[start:start + 5000])


def refresh_days(site_id: int, days: Iterable[date]) -> None:
    """Recount the given days of one site, and their weeks and months (the caller commits)."""
    days = sorted(set(days))
    for day in days:
        db.session.execute(delete(InsightCount).where(InsightCount.site_id == site_id,
                                                      InsightCount.day == day))
        _insert(_count(site_id, day, day))
    _roll_up(site_id, days)


def rebuild_site(site_id: int) -> None:
    """Recount every day of one site and note its threshold; commits."""
    threshold = db.session.scalar(select(Site.spam_threshold).where(Site.id == site_id))
    db.session.execute(delete(InsightCount).where(InsightCount.site_id == site_id))
    db.session.execute(delete(InsightRollup).where(InsightRollup.site_id == site_id))
    db.session.execute(delete(InsightDirty).where(InsightDirty.site_id == site_id))
    rows = _count(site_id, None, None)
    _insert(rows)
    _roll_up(site_id, {row["day"] for row in rows})
    now = utcnow()
    state = db.session.get(InsightSite, site_id)
    if state is None:
        db.session.add(InsightSite(site_id=site_id, threshold=threshold, built_at=now, refreshed_at=now))
    else:
        state.threshold, state.built_at, state.refreshed_at = threshold, now, now
    db.session.commit()


def mark_dirty(site_id: int, days: Iterable[date | datetime | None]) -> None:
    """Note that these days of a site need recounting; safe to repeat; in the caller's transaction."""
    wanted = sorted({d.date() if isinstance(d, datetime) else d for d in days if d is not None})
    if not wanted:
        return
    db.session.execute(InsightDirty.__table__.insert(), [{"site_id": site_id, "day": d} for d in wanted])


def mark_comments(*where: Any) -> None:
    """Note the days that the comments matching `where` count on: the day each was received, the
    day it was decided and the days of its logged decisions.

    For changes that bypass `transition`: call it after adding comments (and their decisions),
    before deleting them; in the caller's transaction, safe to repeat.
    """
    received = select(Comment.site_id, func.date(Comment.created_at)).where(*where)
    decided = (select(Comment.site_id, func.date(Comment.decided_at))
               .where(*where, Comment.decided_at.is_not(None)))
    logged = (select(Decision.site_id, func.date(Decision.created_at))
              .join(Comment, Comment.id == Decision.comment_id).where(*where))
    db.session.execute(InsightDirty.__table__.insert().from_select(["site_id", "day"],
                                                                   union(received, decided, logged)))


def refresh(max_seconds: float | None = None) -> dict[str, int]:
    """Bring the counts up to date: rebuild the sites that need it, then recount dirty days.

    Today and yesterday are recounted on every run, as new comments arrive without a decision.
    Commits after each site. Returns how many sites were rebuilt and days recounted.
    """
    started = clock.monotonic()
    now = utcnow()
    done = {"sites": 0, "days": 0}
    stale = db.session.execute(
        select(Site.id).outerjoin(InsightSite, InsightSite.site_id == Site.id).where(or_(
            InsightSite.site_id.is_(None),
            InsightSite.built_at < now - REBUILD_EVERY,
            and_(InsightSite.threshold.is_(None), Site.spam_threshold.is_not(None)),
            and_(InsightSite.threshold.is_not(None), Site.spam_threshold.is_(None)),
            InsightSite.threshold != Site.spam_threshold,
        )).order_by(Site.id)
    ).scalars().all()
    for site_id in stale:
        if max_seconds is not None and clock.monotonic() - started > max_seconds:
            return done
        rebuild_site(site_id)
        done["sites"] += 1
    today = now.date()
    recent = {today, today - timedelta(days=1)}
    built = db.session.execute(select(InsightSite.site_id)).scalars().all()
    dirty: dict[int, set[date]] = {site_id: set(recent) for site_id in built}
    seen_up_to: dict[int, int] = {}
    for mark_id, site_id, day in db.session.execute(
            select(InsightDirty.id, InsightDirty.site_id, InsightDirty.day)):
        dirty.setdefault(site_id, set()).add(_day(day))
        seen_up_to[site_id] = max(seen_up_to.get(site_id, 0), mark_id)
    for site_id, days in sorted(dirty.items()):
        if max_seconds is not None and clock.monotonic() - started > max_seconds:
            break
        if len(days) > REBUILD_OVER_DAYS:
            rebuild_site(site_id)
            done["sites"] += 1
            continue
        # Claim the marks we read before counting: one committed since is either counted now
        # (committed before this delete) or left for the next run (invisible to it).
        if site_id in seen_up_to:
            db.session.execute(delete(InsightDirty).where(InsightDirty.site_id == site_id,
                                                          InsightDirty.id <= seen_up_to[site_id]))
        refresh_days(site_id, days)
        state = db.session.get(InsightSite, site_id)
        if state is not None:
            state.refreshed_at = now
        db.session.commit()
        done["days"] += len(days)
    return done
