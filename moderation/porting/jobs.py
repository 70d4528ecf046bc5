"""Imports started from the console: the upload kept in the database, then a worker imports it.

`store_upload` writes the uploaded file into `import_chunks` in pieces, so the worker that runs
`run_job` (task `workers.tasks.import_file`) needs no shared disk with the web process. `run_job`
writes the pieces back into a temporary file, reads it with the same readers and the same
all-or-nothing `run_import` as `flask import`, and records the outcome with the import, in one
commit: a file that fails writes nothing but its error. Progress goes to `progress(done, total,
phase)` (the task hands it to Celery's task state, which the console's page polls). A job runs
once: a second delivery of the task finds it taken or finished and does nothing; a worker that dies
mid-import leaves it "running" with nothing written (the task is acknowledged when a worker takes
it, so a long import is never handed to a second worker while the first still runs); the owner
uploads the file again.
"""

from __future__ import annotations

import gzip
import logging
import shutil
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import delete, insert, select, update

from models import ImportChunk, ImportJob, ImportJobStatus, Site, db, utcnow

from .core import Importer, ImportOptions, run_import
from .records import ImportFailed, Report

__all__ = ["CHUNK_BYTES", "FORMATS", "detect_format", "prepare_reader", "run_job", "store_upload"]

log = logging.getLogger(__name__)
CHUNK_BYTES = 1 << 20
FORMATS = {
    "wordpress": "WordPress export (WXR, .xml)",
    "disqus": "Disqus export (.xml or .xml.gz)",
    "isso": "Isso database (comments.db)",
    "json": "This service's JSON export",
}
SUFFIX = {"wordpress": ".xml", "disqus": ".xml", "isso": ".db", "json": ".json"}
SNIFF_BYTES = 64 * 1024
Progress = Callable[[int, int, str], None]
Reader = Callable[[Importer], None]


def detect_format(head: bytes) -> str | None:
    """Name the export format from a file's first bytes, or None when it is none of ours."""
    if head.startswith(b"SQLite format 3\x00"):
        return "isso"
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return None
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(codec, "ignore").encode("utf-8")
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"{"):
        return "json"
    if not text.startswith(b"<"):
        return None
    if b"<disqus" in text:
        return "disqus"
    if b"wordpress.org/export" in text or b"<wp:" in text:
        return "wordpress"
    return None


def prepare_reader(fmt: str, path: Path, label: str | None = None
                   ) -> tuple[str, int, Callable[[Callable[[int], None]], Reader]]:
    """Return the import source, the size the progress counts to, and a reader maker, for a format.

    ImportFailed says in one line (naming the file as `label`) why the file cannot be read.
    """
    label = label or path.name

    def relabel(error: ImportFailed) -> ImportFailed:
        return ImportFailed(str(error).replace(str(path), label))

    if fmt == "wordpress":
        from .wordpress import read_wordpress

        return "wordpress", path.stat().st_size, lambda progress: read_wordpress(path, progress)
    if fmt == "disqus":
        from .disqus import read_disqus

        return "disqus", path.stat().st_size, lambda progress: read_disqus(path, progress)
    if fmt == "isso":
        from .isso import count_isso, read_isso

        try:
            size = count_isso(path)
        except ImportFailed as error:
            raise relabel(error) from None
        return "isso", size, lambda progress: read_isso(path, progress)
    if fmt == "json":
        from .jsonformat import load_export, read_json

        try:
            document = load_export(path)
        except ImportFailed as error:
            raise relabel(error) from None
        return (f"json:{document['site']['key']}", len(document["comments"]),
                lambda progress: read_json(document, progress))
    raise ImportFailed(f"unknown format {fmt!r}")


def store_upload(job: ImportJob, stream: BinaryIO) -> int:
    """Copy an uploaded file into the job's chunks; return its size. The caller commits."""
    size = seq = 0
    while True:
        data = stream.read(CHUNK_BYTES)
        if not data:
            return size
        db.session.execute(insert(ImportChunk), [{"job_id": job.id, "seq": seq, "data": data}])
        size += len(data)
        seq += 1


def _write_file(job_id: int, folder: Path) -> Path:
    path = folder / "upload"
    with open(path, "wb") as out:
        for (data,) in db.session.execute(
                select(ImportChunk.data).where(ImportChunk.job_id == job_id).order_by(ImportChunk.seq)):
            out.write(data)
    db.session.rollback()  # end the read before the import's own transaction
    return path


def _detect_file(path: Path) -> str | None:
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    fmt = detect_format(head)
    if fmt is None and head.startswith(b"\x1f\x8b"):
        # The compressed head may not reach the root element: unpack a little more.
        try:
            with gzip.open(path, "rb") as unpacked:
                fmt = detect_format(unpacked.read(SNIFF_BYTES))
        except (OSError, EOFError, zlib.error):
            return None
    return fmt


def _finish(job: ImportJob, status: ImportJobStatus, **values: object) -> None:
    job.status = status
    job.finished_at = utcnow()
    for name, value in values.items():
        setattr(job, name, value)
    db.session.execute(delete(ImportChunk).where(ImportChunk.job_id == job.id))


def run_job(job_id: int, progress: Progress | None = None) -> str:
    """Import the job's file; return its final status. Safe to call twice."""
    # Claimed in one conditional update: a second delivery of the task (a broker's redelivery of
    # a long import) finds it taken and leaves it to the first.
    claimed = db.session.execute(
        update(ImportJob).where(ImportJob.id == job_id, ImportJob.status == ImportJobStatus.QUEUED)
        .values(status=ImportJobStatus.RUNNING, started_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    if not claimed:
        job = db.session.get(ImportJob, job_id)
        return "missing" if job is None else job.status.value
    folder = Path(tempfile.mkdtemp(prefix="import-"))
    try:
        return _run(job_id, folder, progress or (lambda done, total, phase: None))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(job_id: int, folder: Path, progress: Progress) -> str:
    path = _write_file(job_id, folder)
    job = db.session.get(ImportJob, job_id)
    site = db.session.get(Site, job.site_id)
    options = dict(job.options or {})
    try:
        fmt = job.format
        if fmt == "detect":
            fmt = _detect_file(path)
            if fmt is None:
                raise ImportFailed(f"{job.filename}: not a WordPress, Disqus, Isso or JSON export "
                                   "(choose the format if it is one)")
            job.format = fmt
        path = path.rename(path.with_suffix(SUFFIX[fmt]))
        source, total, make_reader = prepare_reader(fmt, path, job.filename)
        done = 0
        last = 0.0

        def advance(step: int) -> None:
            nonlocal done, last
            done += step
            now = time.monotonic()
            if now - last >= 0.5:  # a state write per half second, not per comment
                last = now
                progress(min(done, total), total, "reading")

        progress(0, total, "reading")
        report = Report(source=job.filename)
        imported = job  # the job's row commits with the import, or not at all

        def record() -> None:
            progress(total, total, "saving")
            _finish(imported, ImportJobStatus.DONE, format=fmt, report=report.render(), imported=report.total)

        run_import(site, source, make_reader(advance), ImportOptions(
            dry_run=bool(options.get("dry_run")), maps=[tuple(pair) for pair in options.get("maps", [])],
            with_pingbacks=bool(options.get("with_pingbacks"))), report, before_commit=record)
    except ImportFailed as error:
        db.session.rollback()
        job = db.session.get(ImportJob, job_id)
        _finish(job, ImportJobStatus.FAILED, error=str(error)[:1000])
        db.session.commit()
        return job.status.value
    except Exception as error:
        db.session.rollback()
        log.exception("import job %d failed", job_id)
        job = db.session.get(ImportJob, job_id)
        _finish(job, ImportJobStatus.FAILED,
                error=f"the import stopped on an internal error ({type(error).__name__}); nothing was "
                      "written, and the worker's log has the details")
        db.session.commit()
        return job.status.value
    job = db.session.get(ImportJob, job_id)
    if options.get("train") and not options.get("dry_run"):
        progress(total, total, "training")
        job.training = _train()[:1000]
        db.session.commit()
    return job.status.value


def _train() -> str:
    """Retrain on every decision, the imported ones included, through the usual promotion gate."""
    from workers.training import retrain_if_due

    try:
        result = retrain_if_due(force=True)
    except Exception as error:  # noqa: BLE001 - the import stands; the training's failure is reported
        db.session.rollback()
        log.exception("training after an import failed")
        return f"training failed ({type(error).__name__}: {error}); the active model is unchanged"
    return str(result["message"])
