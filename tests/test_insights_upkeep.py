"""Keeping the Insights counts true: weekly and monthly roll-ups (tests/insights_world.py builds the
comments)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from models import Comment, CommentStatus, DecisionAction, InsightCount, InsightRollup, db, decide
from models.insight_counts import (
    SPANS,
    counts_over,
    cover,
    period_end,
    period_start,
    rebuild_site,
    refresh,
)
from models.insights import Scope, what_if
from tests.insights_world import build_insights_world

LAST = date(2026, 12, 1)  # 75 days from Thursday 18 September: two whole months, then a day
DAYS = 75
KINDS = ("comments", "score", "wait", "work")


@given(first=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2027, 12, 31))),
       length=st.integers(0, 800), spans=st.sampled_from([SPANS, ("week",), ("month",), ()]))
def test_cover_takes_every_day_once_in_whole_periods(first, length, spans):
    last = (first or date(2026, 6, 1)) + timedelta(days=length)
    start = first or date(2018, 1, 1)  # "from the beginning" (a Monday and a first of the month)
    taken: Counter[date] = Counter()
    for span, lo, hi in cover(first, last, spans):
        if span == "day":
            d = lo or start
            while d <= hi:
                taken[d] += 1
                d += timedelta(days=1)
            continue
        assert span in spans and hi <= last and period_end(span, hi) <= last
        p = lo if lo is not None else period_start(span, start)
        assert period_start(span, p) == p and (first is None or p >= first)
        while p <= hi:
            for offset in range((period_end(span, p) - p).days + 1):
                taken[p + timedelta(days=offset)] += 1
            p = period_end(span, p) + timedelta(days=1)
    wanted = {start + timedelta(days=i) for i in range((last - start).days + 1)}
    assert set(taken) == wanted and set(taken.values()) <= {1}


@pytest.fixture
def world(app_context):
    return build_insights_world(LAST, days=DAYS)


def _summed(site_ids, first, last, spans) -> dict[tuple, tuple[int, int]]:
    rows = counts_over(KINDS, site_ids, first, last, spans)
    groups = (rows.c.kind, rows.c.key, rows.c.outcome, rows.c.flagged)
    found = db.session.execute(select(*groups, func.sum(rows.c.n), func.sum(rows.c.extra)).group_by(*groups))
    return {tuple(r[:4]): (int(r[4]), int(r[5])) for r in found}


def _stored(site_id: int) -> tuple[list, list]:
    days = db.session.execute(select(InsightCount.day, InsightCount.kind, InsightCount.key,
                                     InsightCount.outcome, InsightCount.flagged, InsightCount.n,
                                     InsightCount.extra)
                              .where(InsightCount.site_id == site_id)).all()
    periods = db.session.execute(select(InsightRollup.span, InsightRollup.start, InsightRollup.kind,
                                        InsightRollup.key, InsightRollup.outcome, InsightRollup.flagged,
                                        InsightRollup.n, InsightRollup.extra)
                                 .where(InsightRollup.site_id == site_id)).all()
    return sorted(map(tuple, days)), sorted(map(tuple, periods))


def _as_counted_whole(site_id: int) -> None:
    """The counts the beat's recount left are those of counting the site from scratch."""
    recounted = _stored(site_id)
    rebuild_site(site_id)
    assert recounted == _stored(site_id)


def test_roll_ups_sum_to_the_days_they_stand_for_over_any_range(world):
    edges = [None, date(2026, 9, 18), date(2026, 9, 29), date(2026, 10, 1), date(2026, 10, 6),
             date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 3)]
    lasts = [date(2026, 10, 5), date(2026, 10, 31), date(2026, 11, 2), date(2026, 11, 29), date(2026, 11, 30),
             LAST]
    for sites in (None, frozenset({world.site_a.id})):
        for first in edges:
            for last in lasts:
                if first is not None and first > last:
                    continue
                days_only = _summed(sites, first, last, ())
                assert days_only, (first, last)
                assert _summed(sites, first, last, SPANS) == days_only, (sites, first, last)
                assert _summed(sites, first, last, ("week",)) == days_only, (sites, first, last)
    # The whole months really are read from the roll-ups: October alone is one run.
    assert ("month", date(2026, 10, 1), date(2026, 10, 1)) in cover(date(2026, 10, 1), date(2026, 10, 31))


def test_a_decision_in_a_whole_month_reaches_its_week_and_month(world):
    def october() -> Scope:  # a new scope each time: a scope keeps the counts it read
        return Scope(frozenset({world.site_a.id}), date(2026, 10, 31), date(2026, 10, 1))

    before = what_if(october(), 0.0).by_outcome
    waiting = db.session.scalars(select(Comment).where(
        Comment.site_id == world.site_a.id, Comment.status == CommentStatus.PENDING,
        Comment.created_at >= datetime(2026, 10, 15), Comment.created_at < datetime(2026, 10, 16))).one()
    decide(waiting.id, DecisionAction.APPROVE, world.ana.id)
    db.session.commit()
    refresh()
    after = what_if(october(), 0.0).by_outcome
    assert (after["approved"], after["waiting"]) == (before["approved"] + 1, before["waiting"] - 1)
    _as_counted_whole(world.site_a.id)
