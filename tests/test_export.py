"""`flask export`: JSON that `flask import json` reads back exactly, WXR that our WordPress importer reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from defusedxml.ElementTree import parse as parse_xml
from sqlalchemy import func, select

from models import (
    Comment,
    CommentStatus,
    Decision,
    DecisionAction,
    Moderator,
    Role,
    Site,
    db,
    decide,
    record_score,
    undo,
)

WXR = Path(__file__).parent / "data" / "import" / "wordpress.xml"
MAP = ["--map", "https://old-garden.example=https://blog.example"]
S = CommentStatus


def invoke(runner, *args: object):
    result = runner.invoke(args=[str(a) for a in args])
    db.session.expire_all()
    return result


def new_site(name: str) -> Site:
    site = Site(name=name, origins=["https://blog.example"])
    db.session.add(site)
    db.session.commit()
    return site


@pytest.fixture
def moderated(runner, site) -> Site:
    """The WXR imported, then moderated here: decisions, an undo, a scored pending comment."""
    assert invoke(runner, "import", "wordpress", WXR, *MAP, "--site", site.key).exit_code == 0
    moderator = Moderator(email="mod@blog.example", role=Role.MODERATOR, sites=[site])
    moderator.set_password("a long enough password")
    db.session.add(moderator)
    db.session.commit()
    comments = {c.author: c.id for c in db.session.scalars(select(Comment))}
    record_score(comments["Pete"], score=0.12, reasons=[{"feature": "w:leeks", "text": "the word 'leeks'",
                                                         "weight": -0.4}], model_version="v-test")
    decide(comments["Ravi"], DecisionAction.REJECT, moderator.id, note="off topic")
    spam = decide(comments["Ines"], DecisionAction.SPAM, moderator.id)
    undo(spam.id, moderator.id)
    decide(comments["Maud"], DecisionAction.SPAM, moderator.id)
    db.session.commit()
    return site


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The export without what differs between two sites: ids become the things they point at."""
    threads = {t["id"]: t["uri"] for t in document["threads"]}
    comments = {c["id"]: c for c in document["comments"]}

    def who(comment_id: int | None) -> tuple | None:
        if comment_id is None:
            return None
        c = comments[comment_id]
        return (threads[c["thread_id"]], c["created_at"], c["author"])

    out_comments = sorted(
        ({**{k: v for k, v in c.items() if k not in ("id", "thread_id", "parent_id")},
          "thread": threads[c["thread_id"]], "parent": who(c["parent_id"])} for c in document["comments"]),
        key=lambda c: (c["thread"], c["created_at"], c["author"]))
    decisions = {d["id"]: d for d in document.get("decisions", [])}
    out_decisions = [
        {**{k: v for k, v in d.items() if k not in ("id", "comment_id", "undone_by_id")},
         "comment": who(d["comment_id"]),
         "undone_by": None if d["undone_by_id"] is None else decisions[d["undone_by_id"]]["created_at"]}
        for d in document.get("decisions", [])]
    return {
        "format": document["format"],
        "version": document["version"],
        "threads": sorted(({k: v for k, v in t.items() if k != "id"} for t in document["threads"]),
                          key=lambda t: t["uri"]),
        "comments": out_comments,
        "decisions": sorted(out_decisions, key=lambda d: (d["created_at"], d["action"])),
    }


def test_json_export_reads_back_exactly(runner, moderated, tmp_path):
    first = tmp_path / "first.json"
    result = invoke(runner, "export", "--site", moderated.key, "--decisions", "--output", first)
    assert result.exit_code == 0, result.output
    assert "exported 8 comments as json" in result.output
    document = json.loads(first.read_text())
    assert document["format"] == "moderation-comments" and document["version"] == 1
    statuses = sorted(c["status"] for c in document["comments"])
    assert statuses == ["approved", "approved", "approved", "approved", "pending", "rejected", "spam", "spam"]
    assert {d["action"] for d in document["decisions"]} == {"reject", "spam", "undo"}

    copy = new_site("Copy")
    result = invoke(runner, "import", "json", first, "--site", copy.key)
    assert result.exit_code == 0, result.output
    assert "decisions 4" in result.output
    second = tmp_path / "second.json"
    assert invoke(runner, "export", "--site", copy.key, "--decisions", "--output", second).exit_code == 0
    assert comparable(json.loads(second.read_text())) == comparable(document)


def test_json_import_keeps_numbers_and_moderators(runner, moderated, tmp_path):
    path = tmp_path / "backup.json"
    assert invoke(runner, "export", "--site", moderated.key, "--decisions", "--output", path).exit_code == 0
    copy = new_site("Copy")
    assert invoke(runner, "import", "json", path, "--site", copy.key).exit_code == 0
    restored = {c.author: c for c in db.session.scalars(select(Comment).where(Comment.site_id == copy.id))}
    # Maud went to spam here after being number 2: the numbers are restored as they were, gap included.
    assert (restored["Bernard Quill"].number, restored["Zofia Wróbel"].number) == (1, 3)
    assert restored["Maud"].status == S.SPAM and restored["Maud"].number is None
    assert restored["Pete"].status == S.PENDING and restored["Pete"].score == pytest.approx(0.12)
    moderator = Moderator.by_email("mod@blog.example")
    who = set(db.session.scalars(select(Decision.moderator_id).where(Decision.site_id == copy.id)))
    assert who == {moderator.id}


def test_json_import_twice_changes_nothing(runner, moderated, tmp_path):
    path = tmp_path / "backup.json"
    assert invoke(runner, "export", "--site", moderated.key, "--output", path).exit_code == 0
    copy = new_site("Copy")
    assert invoke(runner, "import", "json", path, "--site", copy.key).exit_code == 0
    again = invoke(runner, "import", "json", path, "--site", copy.key)
    assert again.exit_code == 0
    assert "8  already imported" in again.output


def test_a_backup_read_back_into_its_own_site_adds_nothing(runner, moderated, tmp_path):
    path = tmp_path / "backup.json"
    assert invoke(runner, "export", "--site", moderated.key, "--output", path).exit_code == 0
    result = invoke(runner, "import", "json", path, "--site", moderated.key)
    assert result.exit_code == 0, result.output
    assert "imported 0 comments" in result.output and "8  already imported" in result.output


@pytest.mark.parametrize(("content", "message"), [
    ('{"format": "moderation-comments", "version": 99, "site": {"key": "x"}, "threads": [], "comments": []}',
     "export version 99; this program reads versions up to 1"),
    ('{"threads": []}', 'not an export of this service (no "format": "moderation-comments")'),
    ('{"format": "moderation-comments", "version": 1,', "not valid JSON at line 1"),
])
def test_a_bad_json_export_is_one_line(runner, site, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = invoke(runner, "import", "json", path, "--site", site.key)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: ")
    assert message in result.output


def test_wxr_export_is_valid_xml_that_our_wordpress_importer_reads_back(runner, moderated, tmp_path):
    path = tmp_path / "to-wordpress.xml"
    result = invoke(runner, "export", "--site", moderated.key, "--format", "wxr", "--output", path)
    assert result.exit_code == 0, result.output
    tree = parse_xml(path)
    namespace = "{http://wordpress.org/export/1.2/}"
    approved = [c.findtext(f"{namespace}comment_approved") for c in tree.iter(f"{namespace}comment")]
    assert sorted(approved) == ["0", "1", "1", "1", "1", "spam", "spam", "trash"]

    rows = db.session.scalars(select(Comment).where(Comment.site_id == moderated.id))
    original = {c.author: c for c in rows}
    copy = new_site("WordPress round trip")
    result = invoke(runner, "import", "wordpress", path, "--site", copy.key)
    assert result.exit_code == 0, result.output
    assert "1  in the trash in the old system" in result.output  # the rejected comment
    back = {c.author: c for c in db.session.scalars(select(Comment).where(Comment.site_id == copy.id))}
    assert set(back) == set(original) - {"Ravi"}
    for author, comment in back.items():
        before = original[author]
        assert (comment.body, comment.email, comment.created_at, comment.thread.uri) == \
            (before.body, before.email, before.created_at, before.thread.uri), author
        expected = {S.APPROVED: S.APPROVED, S.SPAM: S.SPAM}.get(before.status, S.RECEIVED)
        assert comment.status == expected, author
    assert back["Zofia Wróbel"].parent_id == back["Bernard Quill"].id
    assert [back[a].number for a in ("Bernard Quill", "Zofia Wróbel")] == [1, 2]


def test_export_to_stdout_and_unknown_site(runner, moderated):
    result = invoke(runner, "export", "--site", moderated.key)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["site"]["key"] == moderated.key
    result = invoke(runner, "export", "--site", "nope")
    assert result.exit_code == 2 and "no site with key 'nope'" in result.output


@pytest.mark.slow  # thousands of rows, twice
def test_a_site_of_thousands_of_comments_exports_whole_in_both_formats(runner, site, tmp_path):
    from tools.exports import write_wxr

    wxr = tmp_path / "big.xml"
    write_wxr(wxr, 2500, posts=5, site="https://blog.example")
    assert invoke(runner, "import", "wordpress", wxr, "--site", site.key).exit_code == 0
    stored = db.session.scalar(select(func.count()).select_from(Comment))
    assert stored > 2000  # past the export's streaming chunk of 1,000
    out = tmp_path / "out.json"
    result = invoke(runner, "export", "--site", site.key, "--output", out)
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))["comments"]) == stored
    result = invoke(runner, "export", "--site", site.key, "--format", "wxr", "--output", tmp_path / "out.xml")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.xml").read_text(encoding="utf-8").count("<wp:comment>") == stored
