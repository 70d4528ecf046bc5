"""`flask import disqus`: split threads and posts, isSpam, isDeleted, authors without email."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from models import Comment, CommentStatus, Thread, db

DISQUS = Path(__file__).parent / "data" / "import" / "disqus.xml"
MAP = ["--map", "http://tidepools.example=https://blog.example"]
S = CommentStatus


def run(runner, site, *args: object):
    result = runner.invoke(args=[str(a) for a in args] + ["--site", site.key])
    db.session.expire_all()
    return result


def by_author(site) -> dict[str, Comment]:
    return {c.author: c for c in db.session.scalars(select(Comment).where(Comment.site_id == site.id))}


def test_disqus_import_maps_spam_and_deleted_and_numbers_by_date(runner, site):
    result = run(runner, site, "import", "disqus", DISQUS, *MAP)
    assert result.exit_code == 0, result.output
    comments = by_author(site)
    assert "Regretful" not in comments  # isDeleted
    assert "1  deleted in the old system" in result.output
    assert comments["Watch Deals"].status == S.SPAM
    assert comments["Watch Deals"].body == "Best replica watches, free shipping: click (http://watches.example/cheap)"
    anemones = db.session.scalar(select(Thread).where(Thread.uri == "https://blog.example/notes/anemones"))
    assert anemones.title == "Why anemones close at low tide"
    assert anemones.approved_count == 3
    numbered = sorted((c.number, c.author) for c in comments.values()
                      if c.thread_id == anemones.id and c.number)
    assert numbered == [(1, "Gwen"), (2, "marine_lab_kit"), (3, "Visitor")]


def test_disqus_authors_without_email_or_name_are_kept(runner, site):
    assert run(runner, site, "import", "disqus", DISQUS, *MAP).exit_code == 0
    comments = by_author(site)
    assert comments["Visitor"].email is None
    assert comments["marine_lab_kit"].email is None  # only a username
    assert comments["Kit Ø. Nansen"].email == "kit@example.org"
    assert comments["Visitor"].author_key != comments["marine_lab_kit"].author_key


def test_disqus_html_becomes_paragraphs_and_parents_follow_dsq_ids(runner, site):
    assert run(runner, site, "import", "disqus", DISQUS, *MAP).exit_code == 0
    comments = by_author(site)
    assert comments["Gwen"].body == ("They hold water inside, so closing is how they keep from drying out."
                                     "\n\nSeen it at Porthleven & it's quite something.")
    assert comments["Visitor"].body == "Is that the same for the green ones?\nMine stayed open."
    assert comments["Visitor"].parent_id == comments["Gwen"].id
    assert comments["marine_lab_kit"].parent_id == comments["Visitor"].id


def test_a_post_before_its_thread_still_finds_it(runner, site):
    result = run(runner, site, "import", "disqus", DISQUS, *MAP)
    assert result.exit_code == 0
    kit = by_author(site)["Kit Ø. Nansen"]
    assert kit.thread.uri == "https://blog.example/notes/spring-tides"
    assert kit.thread.title == "Spring tides & where to go"
    assert kit.body == "Tide tables for the weekend look good — spring tides!"


def test_disqus_reimport_changes_nothing(runner, site):
    assert run(runner, site, "import", "disqus", DISQUS, *MAP).exit_code == 0
    rows = select(Comment.id, Comment.status, Comment.number, Comment.parent_id).order_by(Comment.id)
    before = db.session.execute(rows).all()
    again = run(runner, site, "import", "disqus", DISQUS, *MAP)
    assert "5  already imported" in again.output
    assert db.session.execute(rows).all() == before


def test_a_wordpress_file_given_as_disqus_is_refused_in_one_line(runner, site):
    result = run(runner, site, "import", "disqus", DISQUS.parent / "wordpress.xml")
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last == "Error: not a Disqus export: it starts with <rss>, not <disqus>"
    assert db.session.scalar(select(Comment.id)) is None
