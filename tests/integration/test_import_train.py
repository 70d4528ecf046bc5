"""`--train` and the console's checkbox: an import's approved and spam comments retrain the model,
through the same promotion gate as any retraining, and the figures are reported."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from models import ImportJob, Moderator, Role, SpamModel, db
from moderation.porting.jobs import run_job, store_upload
from tests.starter_model import install_model
from tools.exports import write_wxr

TRAINED = re.compile(r"trained (\S+) on (\d+) decisions \+ the starter corpus; held-out MCC (-?[0-9.]+) vs "
                     r"active (-?[0-9.]+): (promoted|kept the active model)")


def models() -> list[SpamModel]:
    db.session.expire_all()
    return list(db.session.scalars(select(SpamModel).order_by(SpamModel.id)))


def test_import_with_train_retrains_on_the_imported_labels_and_reports(
        runner, site, starter_file, smaller_starter_corpus, tmp_path):
    starter = install_model(starter_file)
    wxr = tmp_path / "blog.xml"
    write_wxr(wxr, 300, posts=6, site="https://blog.example")
    dry = runner.invoke(args=["import", "wordpress", str(wxr), "--site", site.key, "--dry-run", "--train"])
    assert dry.exit_code == 0 and "training" not in dry.stdout
    assert len(models()) == 1

    result = runner.invoke(args=["import", "wordpress", str(wxr), "--site", site.key, "--train"])
    assert result.exit_code == 0, result.output
    found = TRAINED.search(result.stdout)
    assert found, result.stdout
    version, learned, _, active_mcc, verdict = found.groups()
    after = models()
    assert [m.version for m in after] == [starter.version, version]
    imported = re.search(r"approved\s+(\d+)\n\s+pending\s+\d+\n\s+spam\s+(\d+)", result.stdout)
    labels = int(imported.group(1)) + int(imported.group(2))
    # Most labels teach the candidate; the newest are held out to judge it against the active model.
    assert 0.6 * labels < int(learned) < labels
    assert active_mcc != "none"  # judged against the starter model, as any retraining
    assert after[1].active is (verdict == "promoted") and after[0].active is (verdict != "promoted")


def test_the_consoles_train_box_retrains_after_the_import(app_context, site, starter_file,
                                                         smaller_starter_corpus, tmp_path):
    install_model(starter_file)
    wxr = tmp_path / "blog.xml"
    write_wxr(wxr, 300, posts=6, site="https://blog.example")
    owner = Moderator(email="owner@blog.example", role=Role.OWNER, sites=[site], password_hash="x")
    db.session.add(owner)
    job = ImportJob(site_id=site.id, moderator_id=None, format="detect", filename="blog.xml", size=0,
                    options={"train": True, "dry_run": False, "with_pingbacks": False, "maps": []})
    db.session.add(job)
    db.session.flush()
    job.size = store_upload(job, io.BytesIO(wxr.read_bytes()))
    db.session.commit()
    phases: list[str] = []
    assert run_job(job.id, lambda done, total, phase: phases.append(phase)) == "done"
    assert phases[-1] == "training"
    db.session.expire_all()
    job = db.session.get(ImportJob, job.id)
    assert TRAINED.search(job.training), job.training
    assert db.session.scalar(select(func.count()).select_from(SpamModel)) == 2
