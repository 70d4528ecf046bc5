"""A site whose Insights are known by construction: 10 comments a day for 30 days, for the tests.

Every day of site A (spam threshold 0.9) brings the same ten comments, received at noon:

    i  outcome                     score  decided after  by      the filter (>= 0.9) vs people
    0  approved                    0.10   30 s           ana     true negative
    1  approved                    0.10   4 min          ana     true negative
    2  approved                    0.10   20 min         ana     true negative
    3  approved, after the policy  0.95   50 min         ana     false positive (released)
       had filed it as spam
    4  rejected (first marked      0.30   3 h            ben     true negative
       spam, undone)
    5  spam by a moderator         0.60   5 h            ben     false negative
    6  spam by the policy          0.97   -              -       true positive
    7  spam by the policy          0.97   -              -       true positive
    8  spam by a moderator         0.50   2 days         ben     false negative
    9  still waiting               0.40   -              -       not judged

So per day: 4 approved, 1 rejected, 2 spam by a moderator, 2 by the policy, 1 waiting; precision
2/3, recall 1/2, false-positive rate 1/5; ana makes 4 decisions, ben 4 (one undone, plus its
undo), the policy 3. The first 15 days were scored by model "v1", the rest by "v2". Site B gets
a few comments of its own, which no number about site A may include.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from models import Comment, CommentStatus, Decision, DecisionAction, Moderator, Role, Site, Thread, db
from models.insight_counts import refresh
from tests.console_world import person

S = CommentStatus
A = DecisionAction
DAYS = 30
THRESHOLD = 0.9

# i: (final status, score, seconds to the decision or None, who decides)
PLAN = [
    (S.APPROVED, 0.10, 30, "ana"),
    (S.APPROVED, 0.10, 4 * 60, "ana"),
    (S.APPROVED, 0.10, 20 * 60, "ana"),
    (S.APPROVED, 0.95, 50 * 60, "ana"),
    (S.REJECTED, 0.30, 3 * 3600, "ben"),
    (S.SPAM, 0.60, 5 * 3600, "ben"),
    (S.SPAM, 0.97, None, None),
    (S.SPAM, 0.97, None, None),
    (S.SPAM, 0.50, 2 * 86400, "ben"),
    (S.PENDING, 0.40, None, None),
]


@dataclass
class InsightsWorld:
    site_a: Site
    site_b: Site
    admin: Moderator
    ana: Moderator
    ben: Moderator
    mod_b: Moderator
    first_day: date
    last_day: date


def _decision(comment: Comment, action: DecisionAction, who: Moderator | None, when: datetime,
              from_status: CommentStatus, to_status: CommentStatus) -> Decision:
    made = Decision(comment_id=comment.id, site_id=comment.site_id, moderator_id=who.id if who else None,
                    action=action, from_status=from_status, to_status=to_status, created_at=when)
    db.session.add(made)
    return made


def build_insights_world(last_day: date, *, days: int = DAYS) -> InsightsWorld:
    """Create sites A and B and `days` days of comments ending on `last_day`; commits."""
    site_a = Site(name="Alpha blog", origins=["https://alpha.example"], spam_threshold=THRESHOLD)
    site_b = Site(name="Beta blog", origins=["https://beta.example"], spam_threshold=0.5)
    db.session.add_all([site_a, site_b])
    db.session.flush()
    ana = person("ana@alpha.example", Role.MODERATOR, [site_a])
    ben = person("ben@alpha.example", Role.MODERATOR, [site_a])
    mod_b = person("mod-b@beta.example", Role.MODERATOR, [site_b])
    admin = person("admin@example.com", Role.ADMIN, [])
    thread_a = Thread(site_id=site_a.id, uri="/2026/11/alpha-post", title="Alpha post")
    thread_b = Thread(site_id=site_b.id, uri="/beta-post", title="Beta post")
    db.session.add_all([thread_a, thread_b])
    db.session.flush()
    people = {"ana": ana, "ben": ben}
    first_day = last_day - timedelta(days=days - 1)
    made: list[tuple[int, datetime, Comment]] = []
    number = 0
    for d in range(days):
        noon = datetime.combine(first_day + timedelta(days=d), time(12))
        version = "v1" if d < days // 2 else "v2"
        for i, (status, score, after, who_name) in enumerate(PLAN):
            who = people.get(who_name or "")
            if status == S.APPROVED:
                number += 1
            comment = Comment(
                site_id=site_a.id, thread_id=thread_a.id, author=f"Reader {d}-{i}", author_key=f"k{d}-{i}",
                body=f"Comment {i} of day {d}", status=status, score=score, model_version=version,
                created_at=noon, scored_at=noon, decided_by_id=who.id if who else None,
                decided_at=noon + timedelta(seconds=after) if after is not None else None,
                number=number if status == S.APPROVED else None,
            )
            made.append((i, noon, comment))
    db.session.add_all([c for _, _, c in made])
    db.session.flush()  # one batch of inserts: the decisions below need the ids
    undone: list[tuple[Decision, Decision]] = []
    for i, noon, comment in made:
        who = db.session.get(Moderator, comment.decided_by_id) if comment.decided_by_id else None
        decided_at = comment.decided_at
        if i in (3, 6, 7):
            _decision(comment, A.AUTO_SPAM, None, noon, S.RECEIVED, S.SPAM)
        if i == 3:
            _decision(comment, A.APPROVE, who, decided_at, S.SPAM, S.APPROVED)
        elif i == 4:
            undone.append((
                _decision(comment, A.SPAM, who, decided_at - timedelta(seconds=60), S.PENDING, S.SPAM),
                _decision(comment, A.UNDO, who, decided_at - timedelta(seconds=30), S.SPAM, S.PENDING),
            ))
            _decision(comment, A.REJECT, who, decided_at, S.PENDING, S.REJECTED)
        elif who is not None:
            action = {S.APPROVED: A.APPROVE, S.SPAM: A.SPAM}[comment.status]
            _decision(comment, action, who, decided_at, S.PENDING, comment.status)
    db.session.flush()
    for wrong, reversal in undone:
        wrong.undone_by_id = reversal.id
    # Site B: a busy day of its own that must never show in site A's numbers.
    b_noon = datetime.combine(last_day, time(9))
    for i in range(7):
        db.session.add(Comment(
            site_id=site_b.id, thread_id=thread_b.id, author=f"Beta {i}", author_key=f"b{i}",
            body=f"Beta comment {i}", status=S.SPAM if i < 5 else S.PENDING, score=0.8, model_version="vb",
            created_at=b_noon, scored_at=b_noon,
        ))
    db.session.commit()
    refresh()  # as the beat task does: count every site whole
    return InsightsWorld(site_a, site_b, admin, ana, ben, mod_b, first_day, last_day)
