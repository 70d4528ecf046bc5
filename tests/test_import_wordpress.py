"""`flask import wordpress`: statuses, reply numbers, parents and messy text survive, and twice is once."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from models import (
    Comment,
    CommentStatus,
    ImportedComment,
    Thread,
    author_post_counts,
    db,
)
from models.samples import decision_corpus

DATA = Path(__file__).parent / "data" / "import"
WXR = DATA / "wordpress.xml"
MAP = ["--map", "https://old-garden.example=https://blog.example"]
LEEKS = "https://blog.example/2009/04/leeks-and-slugs/"
FROST = "https://blog.example/2009/11/first-frost/"
S = CommentStatus


def run(runner, site, *args: object):
    result = runner.invoke(args=[str(a) for a in args] + ["--site", site.key])
    db.session.expire_all()
    return result


def by_author(site) -> dict[str, Comment]:
    return {c.author: c for c in db.session.scalars(select(Comment).where(Comment.site_id == site.id))}


def snapshot(site) -> list[tuple]:
    rows = db.session.execute(
        select(Comment.id, Comment.thread_id, Comment.status, Comment.number, Comment.parent_id,
               Comment.body, Comment.author, Comment.created_at)
        .where(Comment.site_id == site.id).order_by(Comment.id)).all()
    threads = db.session.execute(select(Thread.id, Thread.uri, Thread.approved_count, Thread.version)
                                 .where(Thread.site_id == site.id).order_by(Thread.id)).all()
    return [*rows, *threads]


def test_wordpress_import_keeps_statuses_and_numbers_replies_by_date(runner, site):
    result = run(runner, site, "import", "wordpress", WXR, *MAP)
    assert result.exit_code == 0, result.output
    comments = by_author(site)
    # Six approved, one pending, one spam; the trash, the trashed post's comment, the pingback and
    # the trackback are left out and counted.
    assert sorted(comments) == ["Bernard Quill", "Hélène", "Ines", "Maud", "Pete", "Ravi",
                                "Zofia Wróbel", "cheap garden sheds"]
    assert comments["cheap garden sheds"].status == S.SPAM
    assert comments["Pete"].status == S.RECEIVED
    assert "imported 8 comments in 2 threads" in result.output
    for line in ("approved  6", "pending   1", "spam      1", "1  in the trash in the old system",
                 "1  pingbacks (keep them with --with-pingbacks)",
                 "1  on a post in the trash in the old system"):
        assert line in result.output

    leeks = db.session.scalar(select(Thread).where(Thread.uri == LEEKS))
    frost = db.session.scalar(select(Thread).where(Thread.uri == FROST))
    assert leeks.title == "Leeks, slugs & the “beer trap” question"
    assert (leeks.approved_count, frost.approved_count) == (3, 3)
    # Numbered by date, not by the order or the ids in the file (102 was written before 103).
    numbered = {c.author: c.number for c in comments.values() if c.status == S.APPROVED}
    assert numbered == {"Bernard Quill": 1, "Maud": 2, "Zofia Wróbel": 3, "Ravi": 1, "Hélène": 2, "Ines": 3}
    assert comments["Bernard Quill"].created_at == datetime(2009, 4, 3, 10, 40)  # the GMT date
    assert comments["Zofia Wróbel"].parent_id == comments["Bernard Quill"].id
    assert comments["Ines"].parent_id == comments["Ravi"].id
    assert comments["Bernard Quill"].parent_id is None


def test_wordpress_text_is_what_readers_saw(runner, site):
    result = run(runner, site, "import", "wordpress", WXR, *MAP)
    assert result.exit_code == 0, result.output
    comments = by_author(site)
    assert comments["Bernard Quill"].body == ("Beer traps work, but the hedgehogs get there first.\n"
                                              "I use copper tape & grit now and it's fine.")
    assert "<p>" in comments["Bernard Quill"].body_html
    # Double-encoded UTF-8 repaired, in the text and in a name.
    assert comments["Maud"].body == ("Copper tape – I should try that. "
                                     "The café next to the allotments sells it.")
    assert "Hélène" in comments
    # A Latin-1 byte in a UTF-8 file, CRLF line endings, an escaped "<" outside CDATA.
    assert "a naïve question" in comments["Ines"].body
    assert comments["Hélène"].body == ("Kale tastes sweeter after a frost.\n\n"
                                       "Everyone says so, and for once everyone is right.")
    assert comments["Ravi"].body == "Fleece went on just in time <phew>, thanks for the warning."
    # Control characters dropped (a vertical tab in the text, a form feed and a NUL in the name).
    assert comments["Pete"].body == "Do leeks mind a late frost? Mine look a bit yellow."
    # A link's target is kept when its words do not show it.
    assert "(http://shed-outlet.example/best-price)" in comments["cheap garden sheds"].body
    assert "dropped 3 control characters" in result.output
    assert "read 1 bytes that were not UTF-8 as Windows-1252" in result.output
    assert "repaired 2 texts that had been encoded to UTF-8 twice" in result.output


def test_wordpress_authors_keep_email_website_and_post_counts(runner, site):
    assert run(runner, site, "import", "wordpress", WXR, *MAP).exit_code == 0
    comments = by_author(site)
    assert comments["Zofia Wróbel"].email is None  # no email: still imported, counted by name
    assert comments["Bernard Quill"].email == "bernard@quill.example"
    assert comments["Bernard Quill"].ip_prefix == "203.0.113.0/24"
    websites = dict(db.session.execute(select(ImportedComment.source_id, ImportedComment.author_url)).all())
    assert websites["101"] == "http://quill.example/"
    keys = {c.author_key for c in comments.values()}
    counts = author_post_counts(site.id, keys)
    assert counts[comments["Bernard Quill"].author_key] == 1
    assert comments["Pete"].author_key not in counts  # pending: not a post yet


def test_imported_spam_and_approved_comments_are_training_labels(runner, site):
    assert run(runner, site, "import", "wordpress", WXR, *MAP).exit_code == 0
    labelled, _ = decision_corpus()
    assert len(labelled.labels) == 7
    assert sum(labelled.labels) == 1  # the one spam comment
    assert by_author(site)["cheap garden sheds"].decided_at is not None


def test_pending_comments_go_to_the_worker_after_the_commit(runner, site):
    result = run(runner, site, "import", "wordpress", WXR, *MAP)
    assert "sent 1 pending comments to the worker" in result.output
    pete = by_author(site)["Pete"]
    assert pete.status == S.RECEIVED and pete.enqueued_at is not None


def test_imported_replies_show_in_the_widget(runner, site, client):
    assert run(runner, site, "import", "wordpress", WXR, *MAP).exit_code == 0
    answer = client.get("/api/v1/threads", query_string={"site": site.key, "uri": LEEKS})
    assert answer.status_code == 200
    shown = [(c["number"], c["author"]) for c in answer.get_json()["comments"]]
    assert shown == [(1, "Bernard Quill"), (2, "Maud"), (3, "Zofia Wróbel")]


def test_importing_the_same_file_again_changes_nothing(runner, site):
    assert run(runner, site, "import", "wordpress", WXR, *MAP).exit_code == 0
    before = snapshot(site)
    again = run(runner, site, "import", "wordpress", WXR, *MAP)
    assert again.exit_code == 0, again.output
    assert snapshot(site) == before
    assert "imported 0 comments" in again.output
    assert "8  already imported" in again.output


def test_a_later_export_with_older_comments_renumbers_by_date(runner, site, tmp_path):
    # The first export lacked comment 101 (the earliest on its post); a later one has it.
    without = tmp_path / "first.xml"
    data = WXR.read_bytes()
    start = data.index(b"<wp:comment_id>101</wp:comment_id>")
    start = data.rindex(b"<wp:comment>", 0, start)
    end = data.index(b"</wp:comment>", start) + len(b"</wp:comment>")
    without.write_bytes(data[:start] + data[end:])
    assert run(runner, site, "import", "wordpress", without, *MAP).exit_code == 0
    assert by_author(site)["Maud"].number == 1
    result = run(runner, site, "import", "wordpress", WXR, *MAP)
    assert result.exit_code == 0, result.output
    comments = by_author(site)
    assert [comments[a].number for a in ("Bernard Quill", "Maud", "Zofia Wróbel")] == [1, 2, 3]
    # Replies imported first get their parent once it arrives.
    assert comments["Zofia Wróbel"].parent_id == comments["Bernard Quill"].id
    assert db.session.scalar(select(Thread.approved_count).where(Thread.uri == LEEKS)) == 3


def test_with_pingbacks_keeps_pingbacks_and_trackbacks(runner, site):
    result = run(runner, site, "import", "wordpress", WXR, *MAP, "--with-pingbacks")
    assert result.exit_code == 0, result.output
    comments = by_author(site)
    assert comments["Veg Patch Weekly » Slug roundup"].status == S.APPROVED
    assert comments["Trackback bot"].status == S.APPROVED
    pingback = comments["Veg Patch Weekly » Slug roundup"]
    assert pingback.body == "[…] Maud has a good write-up on beer traps […]"


def test_dry_run_reports_and_writes_nothing(runner, site):
    result = run(runner, site, "import", "wordpress", WXR, *MAP, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would import 8 comments in 2 threads" in result.output
    assert "dry run: nothing was written" in result.output
    assert db.session.scalar(select(Comment.id)) is None
    assert db.session.scalar(select(Thread.id)) is None


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_older_wxr_namespaces_read_the_same(runner, site, tmp_path, version):
    older = tmp_path / f"wxr-{version}.xml"
    namespace = f"wordpress.org/export/{version}/".encode()
    older.write_bytes(WXR.read_bytes().replace(b"wordpress.org/export/1.2/", namespace))
    result = run(runner, site, "import", "wordpress", older, *MAP)
    assert result.exit_code == 0, result.output
    assert "imported 8 comments in 2 threads" in result.output


def test_pages_off_the_sites_origins_are_pointed_out(runner, site):
    result = run(runner, site, "import", "wordpress", WXR, "--dry-run")
    assert result.exit_code == 0
    assert "WARNING: 2 threads are on https://old-garden.example, which is not one of this site's origins" \
        in result.output


def test_problems_name_their_line(runner, site, tmp_path):
    odd = tmp_path / "odd.xml"
    odd.write_bytes(WXR.read_bytes().replace(b"<wp:comment_approved>0</wp:comment_approved>",
                                             b"<wp:comment_approved>maybe</wp:comment_approved>"))
    result = run(runner, site, "import", "wordpress", odd, *MAP)
    assert result.exit_code == 0, result.output
    line = next(n for n, text in enumerate(odd.read_bytes().splitlines(), 1)
                if b"<wp:comment_id>105<" in text) - 1
    assert f"line {line}: comment 105: unknown status 'maybe', sent to the moderators' queue" in result.output
    assert by_author(site)["Pete"].status == S.RECEIVED


def test_unknown_site_and_bad_map_are_one_line_errors(runner, site):
    result = runner.invoke(args=["import", "wordpress", str(WXR), "--site", "nope"])
    assert result.exit_code == 2 and "no site with key 'nope'" in result.output
    result = run(runner, site, "import", "wordpress", WXR, "--map", "no-equals-sign")
    assert result.exit_code == 2 and "is not OLD_PREFIX=NEW_PREFIX" in result.output
