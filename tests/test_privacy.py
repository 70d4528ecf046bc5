"""A commenter's data on request (export, erase) and the retention settings, from the command line."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import (
    Comment,
    CommentStatus,
    PrivacyAction,
    PrivacyLog,
    Site,
    Thread,
    author_key,
    author_post_counts,
    db,
    utcnow,
)
from models.privacy import subject_of
from models.render import render_body

S = CommentStatus
ADDRESS = "Ana@Example.org"


@pytest.fixture
def world(app_context, site):
    """Two sites; Ana has reply 2 of 3, a pending and a spam comment, and a reply on the other site."""
    other = Site(name="Other blog", origins=["https://other.example"])
    db.session.add(other)
    db.session.flush()
    threads = {}
    for s, uri in ((site, "https://blog.example/post/"), (other, "https://other.example/page/")):
        thread = Thread(site_id=s.id, uri=uri, title="A post", approved_count=0)
        db.session.add(thread)
        db.session.flush()
        threads[s.id] = thread
    now = utcnow()

    def add(s: Site, author: str, email: str | None, status: S, minutes: int,
            number: int | None = None) -> Comment:
        comment = Comment(site_id=s.id, thread_id=threads[s.id].id, author=author, email=email,
                          email_hash=None, author_key=author_key(s.id, author, email), title="",
                          body=f"{author} says hello", status=status, number=number,
                          body_html=render_body(f"{author} says hello") if number else None,
                          ip_prefix="203.0.113.0/24", user_agent="Browser/1.0",
                          created_at=now - timedelta(minutes=minutes))
        if email:
            comment.email_hash = subject_of(email)
        db.session.add(comment)
        if number:
            threads[s.id].approved_count += 1
        return comment

    comments = {
        "first": add(site, "Bo", "bo@example.org", S.APPROVED, 50, 1),
        "ana": add(site, "Ana", "ana@example.org", S.APPROVED, 40, 2),
        "third": add(site, "Cy", None, S.APPROVED, 30, 3),
        "ana pending": add(site, "Ana", "ANA@example.org", S.PENDING, 20),
        "ana spam": add(site, "Ana", "ana@example.org", S.SPAM, 10),
        "ana elsewhere": add(other, "Ana", "ana@example.org", S.APPROVED, 5, 1),
    }
    db.session.commit()
    ids = {k: c.id for k, c in comments.items()}
    return {"site": site, "other": other, "threads": threads, "comments": ids}


def invoke(runner, *args: object):
    result = runner.invoke(args=[str(a) for a in args])
    db.session.expire_all()
    return result


def test_export_gives_every_comment_written_with_the_address(runner, world, tmp_path):
    path = tmp_path / "ana.json"
    result = invoke(runner, "privacy", "export", ADDRESS, "--output", path)
    assert result.exit_code == 0, result.output
    document = json.loads(path.read_text())
    assert document["format"] == "moderation-commenter"
    assert sorted((c["site"], c["status"]) for c in document["comments"]) == sorted([
        (world["site"].key, "approved"), (world["site"].key, "pending"), (world["site"].key, "spam"),
        (world["other"].key, "approved")])
    assert {c["network"] for c in document["comments"]} == {"203.0.113.0/24"}
    one_site = invoke(runner, "privacy", "export", ADDRESS, "--site", world["other"].key)
    assert len(json.loads(one_site.stdout)["comments"]) == 1


def test_erase_keeps_the_reply_number_as_deleted_and_removes_the_rest(runner, world):
    result = invoke(runner, "privacy", "erase", ADDRESS, "--site", world["site"].key, "--yes")
    assert result.exit_code == 0, result.output
    assert "erased 3 comments: 2 deleted, 1 kept as 'deleted'" in result.output
    ids = world["comments"]
    kept = db.session.get(Comment, ids["ana"])
    assert (kept.author, kept.body, kept.email) == ("deleted", "deleted", None)
    assert (kept.number, kept.status) == (2, S.APPROVED)
    assert (kept.ip_prefix, kept.user_agent) == (None, "")
    assert db.session.get(Comment, ids["ana pending"]) is None
    assert db.session.get(Comment, ids["ana spam"]) is None
    assert db.session.get(Comment, ids["ana elsewhere"]) is not None  # another site, not asked for
    site_id = world["site"].id
    assert author_post_counts(site_id, {author_key(site_id, "Ana", "ana@example.org")}) == {}
    thread_id = world["threads"][site_id].id
    numbers = db.session.scalars(select(Comment.number).where(Comment.thread_id == thread_id,
                                                              Comment.status == S.APPROVED)).all()
    assert sorted(numbers) == [1, 2, 3]


def test_the_widget_shows_an_erased_reply_as_deleted(runner, world, client):
    assert invoke(runner, "privacy", "erase", ADDRESS, "--yes").exit_code == 0
    answer = client.get("/api/v1/threads", query_string={"site": world["site"].key,
                                                         "uri": "https://blog.example/post/"})
    shown = [(c["number"], c["author"]) for c in answer.get_json()["comments"]]
    assert shown == [(1, "Bo"), (2, "deleted"), (3, "Cy")]
    assert "Ana" not in answer.get_data(as_text=True)


def test_erase_where_the_site_deletes_leaves_a_gap_and_a_right_count(runner, world):
    settings = invoke(runner, "privacy", "settings", "--site", world["site"].key, "--erase", "delete")
    assert settings.exit_code == 0
    result = invoke(runner, "privacy", "erase", ADDRESS, "--yes")
    # The other site still keeps numbering.
    assert "erased 4 comments: 3 deleted, 1 kept as 'deleted'" in result.output
    thread = db.session.get(Thread, world["threads"][world["site"].id].id)
    assert thread.approved_count == 2
    numbers = db.session.scalars(select(Comment.number).where(Comment.thread_id == thread.id)).all()
    assert sorted(numbers) == [1, 3]


def test_the_log_names_the_request_but_not_the_address(runner, world):
    assert invoke(runner, "privacy", "export", ADDRESS).exit_code == 0
    assert invoke(runner, "privacy", "erase", ADDRESS, "--yes").exit_code == 0
    rows = db.session.scalars(select(PrivacyLog).order_by(PrivacyLog.id)).all()
    assert [r.action for r in rows] == [PrivacyAction.EXPORT, PrivacyAction.ERASE]
    assert rows[0].subject == rows[1].subject and rows[1].comments == 4
    assert all("ana" not in (r.subject + r.note).lower() for r in rows)


def test_purge_forgets_networks_and_old_rejected_comments_by_each_sites_settings(runner, world):
    site, other = world["site"], world["other"]
    assert invoke(runner, "privacy", "settings", "--site", site.key, "--keep-network-days", "1",
                  "--keep-rejected-days", "1").exit_code == 0
    never = invoke(runner, "privacy", "settings", "--site", other.key, "--keep-network-days", "never")
    assert never.exit_code == 0
    ids = world["comments"]
    db.session.get(Comment, ids["first"]).created_at = utcnow() - timedelta(days=3)
    spam = db.session.get(Comment, ids["ana spam"])
    spam.created_at = spam.decided_at = utcnow() - timedelta(days=2)
    db.session.get(Comment, ids["ana elsewhere"]).created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    result = invoke(runner, "privacy", "purge")
    assert result.exit_code == 0, result.output
    assert "cleared the network and user agent of 1 comments; deleted 1 rejected or spam" in result.output
    assert db.session.get(Comment, ids["first"]).ip_prefix is None
    assert db.session.get(Comment, ids["ana"]).ip_prefix == "203.0.113.0/24"  # younger than a day
    assert db.session.get(Comment, ids["ana spam"]) is None
    assert db.session.get(Comment, ids["ana elsewhere"]).user_agent == "Browser/1.0"  # 'never'
    again = invoke(runner, "privacy", "purge")
    assert "of 0 comments; deleted 0" in again.output
    assert db.session.scalar(select(func.count()).select_from(PrivacyLog)) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["privacy", "erase", "not-an-address"], "not an email address"),
    (["privacy", "export", "a@example.org", "--site", "nope"], "no site with key 'nope'"),
    (["privacy", "settings", "--site", "{site}", "--keep-network-days", "0"], "at least 1 day, or 'never'"),
    (["privacy", "settings", "--site", "{site}", "--keep-rejected-days", "soon"],
     "a number of days, or 'never'"),
])
def test_bad_privacy_arguments_are_one_line(runner, world, args, message):
    result = invoke(runner, *[a.format(site=world["site"].key) for a in args])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_the_scheduled_retention_task_applies_the_settings_and_is_safe_to_repeat(world):
    from workers.tasks import purge_expired_data

    site, ids = world["site"], world["comments"]
    site.keep_network_days, site.keep_rejected_days = 30, 14
    old = utcnow() - timedelta(days=31)
    db.session.get(Comment, ids["first"]).created_at = old
    spam = db.session.get(Comment, ids["ana spam"])
    spam.created_at, spam.decided_at = old, utcnow() - timedelta(days=15)
    db.session.commit()
    assert purge_expired_data() == {"networks_cleared": 1, "rejected_deleted": 1}
    db.session.expire_all()
    first = db.session.get(Comment, ids["first"])
    assert (first.ip_prefix, first.user_agent, first.body) == (None, "", "Bo says hello")
    assert db.session.get(Comment, ids["ana spam"]) is None
    assert db.session.get(Comment, ids["ana pending"]).ip_prefix == "203.0.113.0/24"
    assert purge_expired_data() == {"networks_cleared": 0, "rejected_deleted": 0}


def test_beat_runs_the_retention_task(app):
    schedule = app.config["CELERY"]["beat_schedule"]["retention"]
    assert schedule["task"] == "workers.tasks.purge_expired_data"
    assert schedule["schedule"] == 3600.0
