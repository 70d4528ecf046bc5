"""The site's import, export and privacy panels in the console, through the test client.

The worker's part of an upload is run here by calling its function (`run_job`) in the test, as a
worker would; tests/browser/test_console_porting.py runs the same path with a real worker.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select

from models import (
    Comment,
    CommentStatus,
    ImportChunk,
    ImportJob,
    ImportJobStatus,
    PrivacyAction,
    PrivacyLog,
    Role,
    Site,
    db,
)
from models.privacy import ERASED, subject_of
from moderation.porting.jobs import detect_format, run_job
from tests.console_world import build_world, log_in, person

S = CommentStatus
DATA = Path(__file__).parent / "data" / "import"
WXR = DATA / "wordpress.xml"
OLD = "https://old-garden.example=https://blog.example"


@pytest.fixture
def world(app_context):
    world = build_world(pending_a=3, pending_b=1)
    world.site_a.origins = ["https://blog.example"]
    for comment in world.comments_a:
        comment.email_hash = subject_of(comment.email)  # as the API stores it
    db.session.commit()
    return world


@pytest.fixture
def owner(client, world):
    assert log_in(client, world.owner_a.email).status_code == 302
    return client


def upload(client, site: Site, content: bytes, name: str = "export.xml", **fields: str):
    data = {"file": (io.BytesIO(content), name), "format": "detect", **fields}
    return client.post(f"/moderate/sites/{site.id}/import", data=data, content_type="multipart/form-data")


def comments_of(site: Site) -> int:
    return db.session.scalar(select(func.count()).select_from(Comment).where(Comment.site_id == site.id))


def test_an_owner_uploads_a_wordpress_export_and_the_worker_imports_it(owner, world):
    before = comments_of(world.site_a)
    answer = upload(owner, world.site_a, WXR.read_bytes(), "garden.xml", maps=OLD)
    assert answer.status_code == 303
    job = db.session.scalars(select(ImportJob)).one()
    assert answer.headers["Location"].endswith(f"/moderate/sites/{world.site_a.id}/imports/{job.id}")
    assert (job.status, job.filename, job.size, job.format) == (
        ImportJobStatus.QUEUED, "garden.xml", WXR.stat().st_size, "detect")
    assert job.task_id  # sent to the broker
    waiting = owner.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Waiting for a worker" in waiting and "<progress" in waiting

    seen: list[tuple[int, int, str]] = []
    assert run_job(job.id, lambda done, total, phase: seen.append((done, total, phase))) == "done"
    db.session.expire_all()
    job = db.session.get(ImportJob, job.id)
    assert job.format == "wordpress" and job.imported == comments_of(world.site_a) - before > 0
    assert seen[0][2] == "reading" and seen[-1] == (seen[-1][1], seen[-1][1], "saving")
    assert db.session.scalar(select(func.count()).select_from(ImportChunk)) == 0
    page = owner.get(f"/moderate/sites/{world.site_a.id}/imports/{job.id}").get_data(as_text=True)
    assert f"Imported {job.imported} comments." in page and "read as: WordPress export" in page
    assert "garden.xml: imported" in page and "approved" in page
    state = owner.get(f"/moderate/sites/{world.site_a.id}/imports/{job.id}/state").get_json()
    assert state["finished"] is True and state["status"] == "done"
    # The same file again adds nothing.
    upload(owner, world.site_a, WXR.read_bytes(), "garden.xml", maps=OLD)
    again = db.session.scalars(select(ImportJob).order_by(ImportJob.id.desc())).first()
    assert run_job(again.id) == "done"
    db.session.expire_all()
    assert db.session.get(ImportJob, again.id).imported == 0
    assert comments_of(world.site_a) - before == job.imported
    # A second delivery of a finished job's task does nothing.
    assert run_job(job.id) == "done"


def test_a_broken_file_fails_in_one_line_and_writes_nothing(owner, world):
    truncated = WXR.read_bytes()[: WXR.stat().st_size // 2]
    upload(owner, world.site_a, truncated, "half.xml", maps=OLD)
    job = db.session.scalars(select(ImportJob)).one()
    before = comments_of(world.site_a)
    assert run_job(job.id) == "failed"
    db.session.expire_all()
    job = db.session.get(ImportJob, job.id)
    assert job.error.startswith("the file ends too early (cut off?) at line ") and "\n" not in job.error
    assert "/tmp" not in job.error  # the file is named as the owner named it
    assert comments_of(world.site_a) == before
    assert db.session.scalar(select(func.count()).select_from(ImportChunk)) == 0
    page = owner.get(f"/moderate/sites/{world.site_a.id}/imports/{job.id}").get_data(as_text=True)
    assert "The file was not imported, and nothing was written" in page


def test_a_file_of_no_known_format_is_refused(owner, world):
    upload(owner, world.site_a, b"name,comment\nAna,hello\n", "comments.csv")
    job = db.session.scalars(select(ImportJob)).one()
    assert run_job(job.id) == "failed"
    db.session.expire_all()
    assert "not a WordPress, Disqus, Isso or JSON export" in db.session.get(ImportJob, job.id).error


def test_a_dry_run_reports_and_writes_nothing(owner, world):
    before = comments_of(world.site_a)
    upload(owner, world.site_a, (DATA / "disqus.xml").read_bytes(), "disqus.xml", dry_run="y")
    job = db.session.scalars(select(ImportJob)).one()
    assert run_job(job.id) == "done"
    db.session.expire_all()
    job = db.session.get(ImportJob, job.id)
    assert job.format == "disqus" and "would import" in job.report
    assert "dry run: nothing was written" in job.report
    assert comments_of(world.site_a) == before


@pytest.mark.parametrize(("head", "fmt"), [
    (b"SQLite format 3\x00rest", "isso"),
    (b'\xef\xbb\xbf{"format": "moderation-comments"', "json"),
    (b'<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com">', "disqus"),
    (b'<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/">', "wordpress"),
    (b"<html><body>not an export</body></html>", None),
    (b"\x00\x01\x02", None),
])
def test_formats_are_recognised_from_the_first_bytes(head, fmt):
    assert detect_format(head) == fmt


def test_uploads_over_the_limit_are_refused_with_the_command_to_use(make_app, world):
    app = make_app(IMPORT_MAX_BYTES=4096)
    with app.app_context():
        client = app.test_client()
        log_in(client, "owner-a@example.com")
        answer = upload(client, world.site_a, b"<rss>" + b" " * 100_000 + b"</rss>")
        assert answer.status_code == 303
        page = client.get(answer.headers["Location"]).get_data(as_text=True)
        assert "The file is larger than the console&#39;s limit of 4 KB" in page
        assert "flask import" in page
        assert db.session.scalar(select(func.count()).select_from(ImportJob)) == 0


def test_an_upload_without_its_csrf_token_is_refused_and_stores_nothing(make_app, world):
    # Requests go out with no app context of this app pushed: the test's own context would carry
    # `g` (and the login's CSRF verdict) from one request to the next.
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    login = client.get("/moderate/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post("/moderate/login", data={"email": "owner-a@example.com", "password": "correct horse battery",
                                         "csrf_token": token})
    answer = upload(client, world.site_a, WXR.read_bytes())
    assert answer.status_code == 400
    assert "The form had expired" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ImportJob)) == 0
    settings = client.get(f"/moderate/sites/{world.site_a.id}").get_data(as_text=True)
    form_token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"',
                           settings).group(1)
    answer = upload(client, world.site_a, WXR.read_bytes(), csrf_token=form_token)
    assert answer.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(ImportJob)) == 1


def test_an_empty_file_or_a_bad_address_map_is_a_form_error(owner, world):
    answer = upload(owner, world.site_a, b"")
    assert answer.status_code == 400
    answer = upload(owner, world.site_a, WXR.read_bytes(), maps="no equals sign here")
    assert answer.status_code == 400
    assert "is not OLD_PREFIX=NEW_PREFIX" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ImportJob)) == 0


def test_exports_download_as_json_and_wxr(owner, world):
    answer = owner.post(f"/moderate/sites/{world.site_a.id}/export", data={"format": "json"})
    assert answer.status_code == 200
    assert "attachment" in answer.headers["Content-Disposition"]
    document = json.loads(answer.get_data())
    answer.close()
    assert document["format"] == "moderation-comments" and len(document["comments"]) == 3
    assert {c["author"] for c in document["comments"]} == {"Author 0", "Author 1", "Author 2"}
    wxr = owner.post(f"/moderate/sites/{world.site_a.id}/export", data={"format": "wxr"})
    assert wxr.status_code == 200 and wxr.mimetype == "application/xml"
    ElementTree.fromstring(wxr.get_data())  # noqa: S314 - our own output, checked to be well-formed
    wxr.close()


def test_privacy_export_erase_and_the_log(owner, world):
    site = world.site_a
    answer = owner.post(f"/moderate/sites/{site.id}/privacy/export", data={"email": "A1@example.org"})
    assert answer.status_code == 200 and "attachment" in answer.headers["Content-Disposition"]
    assert "a1@example.org" not in answer.headers["Content-Disposition"].lower()
    document = json.loads(answer.get_data())
    assert [c["author"] for c in document["comments"]] == ["Author 1"]

    first = owner.post(f"/moderate/sites/{site.id}/privacy/erase", data={"email": "a1@example.org"})
    assert first.status_code == 200 and "Erase 1 comment?" in first.get_data(as_text=True)
    assert comments_of(site) == 3  # nothing yet: the person confirms first
    done = owner.post(f"/moderate/sites/{site.id}/privacy/erase",
                      data={"email": "a1@example.org", "confirm": "yes"}, follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "Erased 1 comments written with a1@example.org: 1 deleted." in page
    assert comments_of(site) == 2
    actions = [(e.action, e.moderator_id, e.comments) for e in db.session.scalars(
        select(PrivacyLog).order_by(PrivacyLog.id))]
    owner_id = world.owner_a.id
    assert actions == [(PrivacyAction.EXPORT, owner_id, 1), (PrivacyAction.ERASE, owner_id, 1)]
    assert "Privacy log" in page and "owner-a@example.com" in page and "a1@example.org</code>" not in page
    nobody = owner.post(f"/moderate/sites/{site.id}/privacy/erase", data={"email": "nobody@example.org"},
                        follow_redirects=True)
    assert "nothing to erase" in nobody.get_data(as_text=True)


def test_erase_keeps_an_approved_reply_in_place_as_deleted(owner, world):
    reply = world.comments_a[0]
    reply.status, reply.number = S.APPROVED, 1
    db.session.commit()
    owner.post(f"/moderate/sites/{world.site_a.id}/privacy/erase",
               data={"email": "a0@example.org", "confirm": "yes"})
    db.session.expire_all()
    kept = db.session.get(Comment, reply.id)
    assert (kept.status, kept.number, kept.author, kept.body, kept.email) == (
        S.APPROVED, 1, ERASED, ERASED, None)


def test_retention_settings_are_saved_and_checked(owner, world):
    site = world.site_a
    answer = owner.post(f"/moderate/sites/{site.id}/privacy/settings",
                        data={"keep_network_days": "30", "keep_rejected_days": "",
                              "erase_keeps_numbering": "delete"})
    assert answer.status_code == 303
    db.session.expire_all()
    site = db.session.get(Site, site.id)
    assert (site.keep_network_days, site.keep_rejected_days, site.erase_keeps_numbering) == (30, None, False)
    bad = owner.post(f"/moderate/sites/{site.id}/privacy/settings",
                     data={"keep_network_days": "0", "erase_keeps_numbering": "keep"})
    assert bad.status_code == 400 and "Between 1 and 36,500 days" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Site, site.id).keep_network_days == 30


def test_a_moderator_who_is_not_an_owner_can_do_none_of_it(client, world):
    log_in(client, world.mod_a.email)
    site = world.site_a
    attempts = [
        ("post", f"/moderate/sites/{site.id}/import", {"file": (io.BytesIO(WXR.read_bytes()), "x.xml")}),
        ("post", f"/moderate/sites/{site.id}/export", {"format": "json"}),
        ("post", f"/moderate/sites/{site.id}/privacy/export", {"email": "a1@example.org"}),
        ("post", f"/moderate/sites/{site.id}/privacy/erase", {"email": "a1@example.org", "confirm": "yes"}),
        ("post", f"/moderate/sites/{site.id}/privacy/settings", {"keep_network_days": "1"}),
    ]
    for method, url, data in attempts:
        answer = getattr(client, method)(url, data=data, content_type="multipart/form-data")
        assert answer.status_code == 403, url
    assert comments_of(site) == 3
    assert db.session.scalar(select(func.count()).select_from(ImportJob)) == 0
    assert db.session.scalar(select(func.count()).select_from(PrivacyLog)) == 0


def test_an_owner_of_another_site_gets_404(client, world):
    person("owner-b@example.com", Role.OWNER, [world.site_b])
    db.session.commit()
    log_in(client, "owner-b@example.com")
    site = world.site_a
    assert client.post(f"/moderate/sites/{site.id}/export", data={"format": "json"}).status_code == 404
    assert client.post(f"/moderate/sites/{site.id}/privacy/erase",
                       data={"email": "a1@example.org", "confirm": "yes"}).status_code == 404
    assert comments_of(site) == 3


def test_a_second_delivery_of_a_running_import_leaves_it_to_the_first(owner, world):
    upload(owner, world.site_a, WXR.read_bytes(), "garden.xml", maps=OLD)
    job = db.session.scalars(select(ImportJob)).one()
    job.status = ImportJobStatus.RUNNING  # a worker has it
    db.session.commit()
    before = comments_of(world.site_a)
    assert run_job(job.id) == "running"
    db.session.expire_all()
    assert comments_of(world.site_a) == before
    assert db.session.scalar(select(func.count()).select_from(ImportChunk)) > 0  # still the first's to read
