"""A site's comments in and out from the console: import an upload, download an export, and a
commenter's data on request (export, erase), with the retention settings. Owners and admins only.

An upload is kept in the database (`moderation.porting.jobs.store_upload`) and imported by a
worker (task `workers.tasks.import_file`); its page polls the task's progress. The upload's view
is exempt from the app-wide CSRF check only so that it can raise the request size limit before
the form is read: the form checks its CSRF token itself.
"""

from __future__ import annotations

import io
import json
import tempfile
from typing import Any

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from models import ImportJob, ImportJobStatus, Moderator, PrivacyLog, Site, db
from models.privacy import commenter_comments, erase_commenter, export_commenter, subject_of
from moderation.extensions import csrf

from . import bp
from .forms import CommenterForm, ExportForm, ImportForm, RetentionForm
from .security import checked_id, manageable_site_or_404

__all__ = ["site_data_panels"]

JOBS_SHOWN = 10
LOG_SHOWN = 20


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:,.0f} KB"
    return f"{size / (1024 * 1024):,.0f} MB"


def site_data_panels(site: Site, **forms: Any) -> dict[str, Any]:
    """What the site's settings page shows below the settings: the forms, recent imports, the log."""
    retention = forms.get("retention_form") or RetentionForm(formdata=None, data={
        "keep_network_days": site.keep_network_days, "keep_rejected_days": site.keep_rejected_days,
        "erase_keeps_numbering": "keep" if site.erase_keeps_numbering else "delete"})
    log = list(db.session.scalars(select(PrivacyLog).where(PrivacyLog.site_id == site.id)
                                  .order_by(PrivacyLog.id.desc()).limit(LOG_SHOWN)))
    people = {e.moderator_id for e in log if e.moderator_id} and dict(db.session.execute(
        select(Moderator.id, Moderator.email).where(Moderator.id.in_({e.moderator_id for e in log}))).all())
    return {
        "import_form": forms.get("import_form") or ImportForm(formdata=None),
        "export_form": forms.get("export_form") or ExportForm(formdata=None),
        "commenter_form": forms.get("commenter_form") or CommenterForm(formdata=None),
        "retention_form": retention,
        "import_limit": _megabytes(current_app.config["IMPORT_MAX_BYTES"]),
        "import_max_bytes": current_app.config["IMPORT_MAX_BYTES"],
        "import_jobs": list(db.session.scalars(select(ImportJob).where(ImportJob.site_id == site.id)
                                               .order_by(ImportJob.id.desc()).limit(JOBS_SHOWN))),
        "privacy_log": log,
        "log_people": people or {},
    }


def _settings_page(site: Site, status: int, **forms: Any) -> ResponseReturnValue:
    from .forms import SiteForm

    form = SiteForm(formdata=None, obj=site)
    form.origins.data = "\n".join(site.origins)
    return render_template("console/site.html", site=site, form=form,
                           snippet=site.embed_snippet(current_app.config["PUBLIC_URL"]),
                           **site_data_panels(site, **forms)), status


def _back(site: Site, anchor: str) -> ResponseReturnValue:
    return redirect(url_for("console.site_settings", site_id=site.id, _anchor=anchor), 303)


# --- import ---------------------------------------------------------------------------------------

@bp.post("/sites/<int:site_id>/import")
@csrf.exempt
@login_required
def import_upload(site_id: int) -> ResponseReturnValue:
    site = manageable_site_or_404(site_id)
    limit = current_app.config["IMPORT_MAX_BYTES"]
    too_large = (f"The file is larger than the console's limit of {_megabytes(limit)}. Import it on the "
                 "server with `flask import`, which reads files of any size.")
    # Room for the form's other fields around the file.
    request.max_content_length = limit + 64 * 1024
    if request.content_length is not None and request.content_length > request.max_content_length:
        flash(too_large, "error")
        return _back(site, "import")
    try:
        form = ImportForm()
        valid = form.validate_on_submit()
    except RequestEntityTooLarge:
        flash(too_large, "error")
        return _back(site, "import")
    if not valid:
        if "csrf_token" in form.errors:
            abort(400, "The form had expired or came from another page; reload the page and try again.")
        return _settings_page(site, 400, import_form=form)
    upload = form.file.data
    job = ImportJob(site_id=site.id, moderator_id=current_user.id, format=form.format.data,
                    filename=(upload.filename or "upload")[-255:], size=0, options={
                        "dry_run": bool(form.dry_run.data), "with_pingbacks": bool(form.with_pingbacks.data),
                        "train": bool(form.train.data), "maps": [list(pair) for pair in form.map_pairs]})
    db.session.add(job)
    db.session.flush()
    from moderation.porting.jobs import store_upload

    job.size = store_upload(job, upload.stream)
    if job.size == 0:
        db.session.rollback()
        form.file.errors = ["The file is empty."]
        return _settings_page(site, 400, import_form=form)
    db.session.commit()
    try:
        result = current_app.extensions["celery"].send_task(
            "workers.tasks.import_file", (job.id,), queue="training", retry=False)
    except Exception:  # noqa: BLE001 - the broker is down: say so, and keep nothing
        current_app.logger.warning("could not send import job %d to a worker", job.id, exc_info=True)
        db.session.delete(job)
        db.session.commit()
        flash("The worker's queue cannot be reached right now; nothing was imported. Try again later.",
              "error")
        return _back(site, "import")
    job.task_id = result.id
    db.session.commit()
    return redirect(url_for("console.import_job", site_id=site.id, job_id=job.id), 303)


def _job_or_404(site: Site, job_id: int) -> ImportJob:
    job = db.session.get(ImportJob, checked_id(job_id, "import"))
    if job is None or job.site_id != site.id:
        abort(404)
    return job


def _job_state(job: ImportJob) -> dict[str, Any]:
    state: dict[str, Any] = {"status": job.status.value, "done": 0, "total": 0, "phase": job.status.value}
    if job.status == ImportJobStatus.DONE:
        state.update(done=1, total=1, phase="training" if _training_pending(job) else "done")
    elif job.status == ImportJobStatus.RUNNING and job.task_id:
        try:
            result = current_app.extensions["celery"].AsyncResult(job.task_id)
            info = result.info if result.state == "PROGRESS" else None
        except Exception:  # noqa: BLE001 - the results store is unreachable: no figures, still running
            info = None
        if isinstance(info, dict):
            state.update(done=int(info.get("done", 0)), total=int(info.get("total", 0)),
                         phase=str(info.get("phase", "reading")))
    state["percent"] = round(100 * state["done"] / state["total"]) if state["total"] else None
    state["finished"] = job.finished and not _training_pending(job)
    return state


def _training_pending(job: ImportJob) -> bool:
    options = job.options or {}
    return (job.status == ImportJobStatus.DONE and bool(options.get("train")) and not options.get("dry_run")
            and job.training is None)


@bp.get("/sites/<int:site_id>/imports/<int:job_id>")
@login_required
def import_job(site_id: int, job_id: int) -> ResponseReturnValue:
    site = manageable_site_or_404(site_id)
    job = _job_or_404(site, job_id)
    from moderation.porting.jobs import FORMATS

    return render_template("console/import_job.html", site=site, job=job, state=_job_state(job),
                           formats=FORMATS)


@bp.get("/sites/<int:site_id>/imports/<int:job_id>/state")
@login_required
def import_job_state(site_id: int, job_id: int) -> ResponseReturnValue:
    site = manageable_site_or_404(site_id)
    return jsonify(_job_state(_job_or_404(site, job_id)))


# --- export ---------------------------------------------------------------------------------------

@bp.post("/sites/<int:site_id>/export")
@login_required
def export_download(site_id: int) -> ResponseReturnValue:
    site = manageable_site_or_404(site_id)
    form = ExportForm()
    if not form.validate_on_submit():
        return _settings_page(site, 400, export_form=form)
    from moderation.porting import export_json, export_wxr

    fmt = form.format.data
    # Written to a temporary file first: a failure is an error page, never half a download.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - send_file closes it
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    if fmt == "json":
        export_json(site, text, decisions=bool(form.decisions.data))
    else:
        export_wxr(site, text)
    text.flush()
    text.detach()
    spool.seek(0)
    name = f"comments-{site.key}.{'json' if fmt == 'json' else 'xml'}"
    return send_file(spool, as_attachment=True, download_name=name, max_age=0,
                     mimetype="application/json" if fmt == "json" else "application/xml")


# --- a commenter's data, and retention ------------------------------------------------------------

@bp.post("/sites/<int:site_id>/privacy/export")
@login_required
def privacy_export(site_id: int) -> ResponseReturnValue:
    site = manageable_site_or_404(site_id)
    form = CommenterForm()
    if not form.validate_on_submit():
        return _settings_page(site, 400, commenter_form=form)
    document = export_commenter(form.email.data, [site.id], current_user._get_current_object())
    db.session.commit()
    body = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    # The file is named by the address's hash: downloads folders and proxies' logs keep names.
    return send_file(io.BytesIO(body.encode("utf-8")), as_attachment=True, max_age=0,
                     download_name=f"commenter-{subject_of(form.email.data)[:12]}.json",
                     mimetype="application/json")


@bp.post("/sites/<int:site_id>/privacy/erase")
@login_required
def privacy_erase(site_id: int) -> ResponseReturnValue:
    site = manageable_site_or_404(site_id)
    form = CommenterForm()
    if not form.validate_on_submit():
        return _settings_page(site, 400, commenter_form=form)
    email = form.email.data
    found = commenter_comments(email, [site.id])
    if not found:
        flash(f"No comments on {site.name} were written with {email}; nothing to erase.", "error")
        return _back(site, "privacy")
    if form.confirm.data != "yes":
        approved = sum(1 for c in found if c.status.value == "approved")
        form.confirm.data = "yes"  # the confirmation page's button sends it back
        return render_template("console/erase_confirm.html", site=site, form=form, email=email,
                               count=len(found), approved=approved)
    result = erase_commenter(email, [site.id], current_user._get_current_object())
    db.session.commit()
    parts = []
    if result["deleted"]:
        parts.append(f"{result['deleted']} deleted")
    if result["kept_as_deleted"]:
        parts.append(f"{result['kept_as_deleted']} approved replies kept in their places as "
                     "\u201cdeleted\u201d")
    flash(f"Erased {len(found)} comments written with {email}: {', '.join(parts)}.", "done")
    return _back(site, "privacy")


@bp.post("/sites/<int:site_id>/privacy/settings")
@login_required
def retention_settings(site_id: int) -> ResponseReturnValue:
    site = manageable_site_or_404(site_id)
    form = RetentionForm()
    if not form.validate_on_submit():
        return _settings_page(site, 400, retention_form=form)
    site.keep_network_days = form.keep_network_days.data
    site.keep_rejected_days = form.keep_rejected_days.data
    site.erase_keeps_numbering = form.erase_keeps_numbering.data == "keep"
    db.session.commit()
    flash("Privacy settings saved.", "done")
    return _back(site, "privacy")
