"""An owner imports, exports and erases from the console in Chromium, with a real worker and Redis.

The upload waits for a worker, the page shows the import's progress as the worker reads the file,
then its report; the export downloads; an erasure asks first, then logs itself. A moderator who is
not an owner reaches none of it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Comment, ImportJob, PrivacyAction, PrivacyLog, db
from models.privacy import subject_of
from tests.console_world import PASSWORD, build_world
from tools.exports import write_wxr

# The pages, the upload and the progress bar are the subject; the importers' own tests cover both databases.
pytestmark = [pytest.mark.browser, pytest.mark.database("sqlite")]
COMMENTS = 6000


@pytest.fixture
def app(make_app, redis_url, clean_redis):
    """The live server's app sends tasks to Redis and reads their progress from it."""
    return make_app(celery={"broker_url": redis_url, "result_backend": redis_url})


@pytest.fixture
def world(app_context):
    world = build_world(pending_a=0, pending_b=0)
    world.site_a.origins = ["https://alpha.example"]
    db.session.commit()
    return world


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/moderate/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/moderate/")


def comments_in(site_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Comment).where(Comment.site_id == site_id))


def test_an_owner_imports_with_progress_downloads_and_erases(world, live_server, page, start_worker,
                                                              redis_url, tmp_path: Path):
    export = tmp_path / "old-blog.xml"
    write_wxr(export, COMMENTS, posts=60, site="https://alpha.example")
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page, live_server, world.owner_a.email)
    page.goto(f"{live_server}/moderate/sites/{world.site_a.id}")

    page.set_input_files("#file", str(export))
    page.click("#import button[type=submit]")
    page.wait_for_url(f"{live_server}/moderate/sites/{world.site_a.id}/imports/*")
    page.wait_for_selector("text=Waiting for a worker…")
    assert comments_in(world.site_a.id) == 0

    worker = start_worker(args=["-Q", "moderation,training"], REDIS_URL=redis_url)
    # Part of the way through: the bar moves while the worker reads the file.
    page.wait_for_function("() => { const bar = document.querySelector('progress');"
                           " return bar && bar.value > 0 && bar.value < 100; }", timeout=90_000)
    assert page.locator("[data-import-status]").inner_text().startswith("Reading the file: ")
    page.screenshot(path=str(tmp_path / "import-progress.png"))
    page.wait_for_selector("[data-import-outcome=done]", timeout=120_000)
    page.screenshot(path=str(tmp_path / "import-done.png"), full_page=True)
    stored = comments_in(world.site_a.id)
    job = db.session.scalars(select(ImportJob)).one()
    assert job.format == "wordpress" and job.imported == stored > COMMENTS * 0.8
    assert page.locator("[data-import-outcome]").inner_text() == f"Imported {stored} comments."
    report = page.locator("pre.report").inner_text()
    assert report.startswith(f"old-blog.xml: imported {stored} comments in 60 threads (60 new)")
    assert "pingbacks (keep them with --with-pingbacks)" in report
    assert "Task workers.tasks.import_file[" in worker.log()  # the worker, not the web process

    # Download the site's comments as JSON: everything that was imported.
    page.goto(f"{live_server}/moderate/sites/{world.site_a.id}#export")
    page.select_option("#export select[name=format]", "json")
    with page.expect_download() as download_info:
        page.click("#export button[type=submit]")
    download = download_info.value
    assert download.suggested_filename == f"comments-{world.site_a.key}.json"
    document = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert len(document["comments"]) == stored

    # Erase one commenter: the console asks first, then erases and logs it without the address.
    address = "r7@example.org"
    theirs = db.session.scalar(select(func.count()).select_from(Comment).where(
        Comment.email_hash == subject_of(address)))
    assert theirs > 0
    page.fill("#privacy input[name=email]", address)
    page.click("#privacy button.spam")
    page.wait_for_selector(f"text=Erase {theirs} comment")
    page.screenshot(path=str(tmp_path / "erase-confirm.png"))
    assert comments_in(world.site_a.id) == stored
    page.click("button.spam")
    page.wait_for_selector(f"text=Erased {theirs} comments written with {address}")
    page.screenshot(path=str(tmp_path / "site-after-erase.png"), full_page=True)
    assert db.session.scalar(select(func.count()).select_from(Comment).where(
        Comment.email_hash == subject_of(address))) == 0
    log = db.session.scalars(select(PrivacyLog)).one()
    assert (log.action, log.moderator_id, log.comments) == (PrivacyAction.ERASE, world.owner_a.id, theirs)
    assert page.locator(".privacy-log tbody tr").count() == 1
    assert address not in page.locator(".privacy-log").inner_text()
    assert errors == []


def test_a_moderator_who_is_not_an_owner_sees_no_import_export_or_erase(world, live_server, page):
    sign_in(page, live_server, world.mod_a.email)
    page.goto(f"{live_server}/moderate/sites")
    assert page.locator("text=Settings and snippet").count() == 0
    answer = page.goto(f"{live_server}/moderate/sites/{world.site_a.id}")
    assert answer.status == 403
    assert page.locator("#import, #export, #privacy").count() == 0
