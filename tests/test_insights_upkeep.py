"""Keeping the Insights counts true: weekly and monthly roll-ups, and the days that erasure, the
retention purge and imports change (tests/insights_world.py builds the comments)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from models import Comment, CommentStatus, DecisionAction, InsightCount, InsightRollup, Site, db, decide
from models.insight_counts import (
    SPANS,
    counts_over,
    cover,
    mark_dirty,
    period_end,
    period_start,
    rebuild_site,
    refresh,
)
from models.insights import Scope, collect, what_if
from models.privacy import erase_commenter, purge_expired, subject_of
from tests.insights_world import build_insights_world

LAST = date(2026, 12, 1)  # 75 days from Thursday 18 September: two whole months, then a day
DAYS = 75
KINDS = ("comments", "score", "wait", "work")


# No deadline: an example walks up to ten years of days, slow when the shared machine is busy.
@settings(deadline=None)
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
def world(built_once):
    return built_once(("insights", LAST, DAYS), lambda: build_insights_world(LAST, days=DAYS))


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


def _day_counts(world, day: date) -> dict[str, int]:
    seen = collect(Scope(frozenset({world.site_a.id}), LAST, LAST - timedelta(days=DAYS - 1)))
    return next(d.counts for d in seen.days if d.day == day)


def _work(world, day: date) -> dict[str, int]:
    return {w.name: w.decisions for w in collect(Scope(frozenset({world.site_a.id}), day, day)).moderators}


def test_erasing_a_commenter_recounts_the_days_their_comments_counted_on(world):
    day = date(2026, 10, 20)
    body = f"Comment 5 of day {(day - world.first_day).days}"  # spam by a moderator (ben)
    spam = db.session.scalars(select(Comment).where(Comment.body == body)).one()
    spam.email, spam.email_hash = "Pat@example.org", subject_of("Pat@example.org")
    db.session.commit()
    # ben's decisions that day: a spam undone and a rejection (i=4), this spam, and i=8 of two days before.
    assert _day_counts(world, day)["spam_moderator"] == 2 and _work(world, day)["ben@alpha.example"] == 4

    assert erase_commenter("pat@example.org") == {"deleted": 1, "kept_as_deleted": 0}
    db.session.commit()
    refresh()
    assert _day_counts(world, day)["spam_moderator"] == 1
    assert _work(world, day)["ben@alpha.example"] == 3  # ben's decision went with the comment
    _as_counted_whole(world.site_a.id)


def test_the_retention_purge_recounts_the_days_of_what_it_deleted(world):
    world.site_a.keep_rejected_days = 60
    db.session.commit()
    early = date(2026, 9, 20)
    assert _day_counts(world, early)["rejected"] == 1
    result = purge_expired(now=datetime(2026, 12, 1, 23))
    db.session.commit()
    assert result["rejected_deleted"] > 0
    refresh()
    counts = _day_counts(world, early)
    assert (counts["rejected"], counts["spam_moderator"], counts["spam_policy"]) == (0, 0, 0)
    assert counts["approved"] == 4  # approved comments are kept
    _as_counted_whole(world.site_a.id)


def test_an_import_recounts_the_days_of_what_it_added(world, runner, tmp_path):
    backup = tmp_path / "alpha.json"
    export = ["export", "--site", world.site_a.key, "--decisions", "--output", str(backup)]
    result = runner.invoke(args=export)
    assert result.exit_code == 0, result.output
    document = json.loads(backup.read_text())
    # The last 30 days only: a recount day by day, not the site counted whole.
    document["comments"] = [c for c in document["comments"] if c["created_at"] >= "2026-11-02"]
    backup.write_text(json.dumps(document))
    beta = Scope(frozenset({world.site_b.id}), LAST, date(2026, 11, 2))
    assert collect(beta).total == 7
    result = runner.invoke(args=["import", "json", str(backup), "--site", world.site_b.key])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert refresh()["sites"] == 0  # day by day
    seen = collect(Scope(frozenset({world.site_b.id}), LAST, date(2026, 11, 2)))
    assert seen.total == 7 + 300
    assert next(d.total for d in seen.days if d.day == date(2026, 11, 10)) == 10
    assert "ben@alpha.example" in {w.name for w in seen.moderators}  # the decisions came too
    _as_counted_whole(world.site_b.id)


def test_a_site_with_more_marked_days_than_a_recount_is_worth_is_counted_whole(world):
    site = db.session.get(Site, world.site_a.id)
    db.session.execute(Comment.__table__.delete().where(Comment.site_id == site.id,
                                                        Comment.created_at < datetime(2026, 10, 1)))
    mark_dirty(site.id, [LAST - timedelta(days=i) for i in range(120)])
    db.session.commit()
    assert refresh()["sites"] == 1
    assert collect(Scope(frozenset({site.id}), LAST, None)).days[0].day == date(2026, 10, 1)
    _as_counted_whole(site.id)
