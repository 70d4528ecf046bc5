"""Insights numbers against a site whose answers are known by construction (tests/insights_world.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from models.insights import Scope, collect, what_if
from tests.insights_world import DAYS, build_insights_world

LAST = date(2026, 12, 1)  # a Tuesday: the 30 days start on Monday 2 November


@pytest.fixture
def world(built_once):
    return built_once(("insights", LAST), lambda: build_insights_world(LAST))


def _site_a(world, days: int | None) -> Scope:
    return Scope.last(days, {world.site_a.id}, today=LAST)


def test_volume_counts_each_outcome_per_day_and_the_spam_share(world):
    seen = collect(_site_a(world, 30))
    assert len(seen.days) == 30 and seen.days[0].day == date(2026, 11, 2) and seen.days[-1].day == LAST
    for day in seen.days:
        assert day.counts == {"approved": 4, "rejected": 1, "spam_moderator": 2, "spam_policy": 2,
                              "waiting": 1}
    assert seen.total == 300 and seen.spam_share == pytest.approx(0.4)
    week = collect(_site_a(world, 7))
    assert [d.day for d in week.days] == [LAST - timedelta(days=6 - i) for i in range(7)]
    assert week.total == 70 and week.totals["spam_policy"] == 14


def test_all_time_starts_at_the_first_comment_and_ninety_days_pads_with_empty_days(world):
    everything = collect(_site_a(world, None))
    assert everything.days[0].day == world.first_day and len(everything.days) == DAYS
    ninety = collect(_site_a(world, 90))
    assert len(ninety.days) == 90 and ninety.days[0].total == 0 and ninety.total == 300


def test_filter_precision_recall_and_false_positive_rate_per_week(world):
    seen = collect(_site_a(world, 30))
    assert [w for w, _ in seen.weeks] == [date(2026, 11, 2) + timedelta(weeks=i) for i in range(5)]
    for _, confusion in seen.weeks:
        assert confusion.precision == pytest.approx(2 / 3)
        assert confusion.recall == pytest.approx(1 / 2)
        assert confusion.false_positive_rate == pytest.approx(1 / 5)
    full_week = seen.weeks[1][1]
    counts = (full_week.true_pos, full_week.false_pos, full_week.false_neg, full_week.true_neg)
    assert counts == (14, 7, 14, 28)
    assert seen.overall.judged == 270  # the waiting comment of each day teaches nothing yet


def test_released_comments_are_the_costly_mistakes_listed_newest_first(world):
    seen = collect(_site_a(world, 30))
    assert seen.released_count == 30
    assert len(seen.released) == 30
    newest = seen.released[0]
    assert newest.created_at.date() == LAST and newest.score == pytest.approx(0.95)
    assert newest.author == "Reader 29-3" and newest.page_url == "https://alpha.example/2026/11/alpha-post"


def test_time_to_decision_median_and_90th_percentile_per_week(world):
    weeks = {t.week: t for t in collect(_site_a(world, 30)).decision_times}
    full = weeks[date(2026, 11, 9)]
    # 7 days x 7 decided comments: the 25th of 49 waited 50 min, the 45th two days.
    assert full.decided == 49
    assert full.median == 3600 and full.p90 == 2 * 86400
    # The first week has only the two-day decisions of its own first five days.
    assert weeks[date(2026, 11, 2)].decided == 6 * 7 + 5


def test_decisions_per_moderator_and_how_many_were_undone(world):
    work = {w.name: (w.decisions, w.undone) for w in collect(_site_a(world, 30)).moderators}
    # ben's two-day decisions of the last two days fall after the range.
    assert work == {"ana@alpha.example": (120, 0), "ben@alpha.example": (30 * 3 + 28, 30),
                    "The site's policy (automatic)": (90, 0)}


def test_queue_size_and_oldest_waiting_comment(world):
    seen = collect(_site_a(world, 7))
    assert seen.queue_size == 30
    assert seen.queue_oldest == datetime(2026, 11, 2, 12)


def test_score_histogram_by_final_decision_and_model_versions(world):
    seen = collect(_site_a(world, 30))
    bins = seen.histogram
    assert bins["approved"][2] == 90 and bins["approved"][19] == 30 and sum(bins["approved"]) == 120
    assert bins["rejected"][6] == 30 and bins["waiting"][8] == 30
    assert bins["spam_moderator"][10] == 30 and bins["spam_moderator"][12] == 30
    assert bins["spam_policy"][19] == 60
    assert [(m.version, m.comments) for m in seen.models] == [("v1", 150), ("v2", 150)]
    assert seen.models[0].first_seen == date(2026, 11, 2) and seen.models[1].last_seen == LAST
    assert seen.models[0].confusion.precision == pytest.approx(2 / 3)


def test_what_if_counts_what_a_threshold_would_have_filed_and_people_approved(world):
    scope = _site_a(world, 30)
    for threshold, filed, approved in [(0.9, 90, 30), (0.5, 150, 30), (0.96, 60, 0), (0.0, 300, 120),
                                       (0.99, 0, 0)]:
        answer = what_if(scope, threshold)
        assert (answer.filed, answer.approved, answer.scored) == (filed, approved, 300), threshold
    assert what_if(scope, 0.5).by_outcome == {"approved": 30, "rejected": 0, "spam_moderator": 60,
                                              "spam_policy": 60, "waiting": 0}
    for bad in (-0.1, 1.5, float("nan"), 0.975):
        with pytest.raises(ValueError, match="choose a threshold from 0, 0.05"):
            what_if(scope, bad)


def test_a_decision_marks_its_days_and_the_next_refresh_counts_it(app, world):
    assert app.config["CELERY"]["beat_schedule"]["insights"]["task"] == "workers.tasks.refresh_insights"
    from models import Comment, CommentStatus, DecisionAction, db, decide, undo
    from models.insight_counts import InsightDirty, refresh

    waiting = db.session.scalars(select(Comment).where(Comment.site_id == world.site_a.id,
                                                       Comment.status == CommentStatus.PENDING)
                                 .order_by(Comment.id)).first()
    day = waiting.created_at.date()
    decision = decide(waiting.id, DecisionAction.APPROVE, world.ana.id)
    db.session.commit()
    marked = {(d.site_id, d.day) for d in db.session.scalars(select(InsightDirty))}
    assert (world.site_a.id, day) in marked
    refresh()
    seen = collect(_site_a(world, 30))
    counts = next(d.counts for d in seen.days if d.day == day)
    assert counts["approved"] == 5 and counts["waiting"] == 0 and seen.queue_size == 29
    work = {w.name: w.decisions for w in collect(Scope.last(1, {world.site_a.id})).moderators}
    assert work["ana@alpha.example"] == 1  # today's decision, counted on today
    assert db.session.scalar(select(func.count()).select_from(InsightDirty)) == 0

    undo(decision.id, world.ben.id)
    db.session.commit()
    from workers.tasks import refresh_insights  # what beat runs every INSIGHTS_INTERVAL_SECONDS

    assert refresh_insights()["days"] >= 1
    counts = next(d.counts for d in collect(_site_a(world, 30)).days if d.day == day)
    assert counts["approved"] == 4 and counts["waiting"] == 1


def test_a_new_spam_threshold_recounts_the_site(world):
    from models import db
    from models.insight_counts import refresh

    world.site_a.spam_threshold = 0.5
    db.session.commit()
    assert refresh()["sites"] == 1
    confusion = collect(_site_a(world, 30)).overall
    # Now 0.5 and 0.6 spam is caught too: every spam is flagged, the released comment still wrongly.
    assert (confusion.true_pos, confusion.false_pos, confusion.false_neg) == (120, 30, 0)


def test_other_sites_and_nobodys_scope_count_nothing(world):
    everywhere = collect(Scope.last(30, None, today=LAST))
    assert everywhere.total == 307 and everywhere.queue_size == 32
    only_b = collect(Scope.last(30, {world.site_b.id}, today=LAST))
    assert only_b.total == 7 and only_b.released_count == 0 and only_b.moderators == []
    nothing = collect(Scope.last(30, set(), today=LAST))
    assert nothing.total == 0 and nothing.spam_share is None and nothing.empty
    assert nothing.overall.precision is None and nothing.overall.recall is None
    assert what_if(Scope.last(30, set(), today=LAST), 0.9).filed == 0


def test_an_empty_site_has_no_rates_and_no_division_by_zero(app_context):
    from models import Site, db

    empty = Site(name="New blog", origins=[])
    db.session.add(empty)
    db.session.commit()
    seen = collect(Scope.last(None, {empty.id}, today=LAST))
    assert seen.days == [] and seen.empty and seen.spam_share is None
    assert seen.decision_times == [] and seen.weeks == [] and seen.models == []
    assert all(sum(b) == 0 for b in seen.histogram.values())
