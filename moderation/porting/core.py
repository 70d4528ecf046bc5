"""Write imported records into a site, all or nothing, and the same file twice changes nothing.

Every importer feeds `Importer` the records it reads, in file order; the whole import is one
transaction, committed by `run_import` only when the file was read to its end. Statuses map here,
once for every format: approved comments become approved replies, numbered per thread in date
order (`renumber_threads`), pending ones become `received` and go to the worker after the commit,
spam stays spam with `decided_at` set so it teaches the classifier, and deleted ones are counted
and left out. Source ids are remembered in `imported_comments`; never insert a comment without
its row there, or the next run of the same file inserts it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, text, update

from models import (
    Comment,
    CommentStatus,
    ImportedComment,
    Site,
    Thread,
    author_key,
    db,
    normalise_uri,
    utcnow,
)
from models.imported import SOURCE_ID_MAX
from models.insight_counts import mark_comments
from models.privacy import subject_of
from models.render import render_body
from models.samples import body_fingerprint
from models.thread import URI_MAX

from .cleaning import Cleaning, UnreadableFile, tidy
from .records import ImportFailed, Kind, Report, SourceComment, SourceStatus, SourceThread

__all__ = ["ImportOptions", "Importer", "bulk_insert", "parse_maps", "renumber_threads", "run_import"]

log = logging.getLogger(__name__)
S = CommentStatus
BATCH = 500
# Pending comments sent to the worker as the import ends; a big import leaves the rest to the
# sweeper, which finds every `received` comment anyway, rather than flood the queue at once.
SEND_NOW = 1000
# Core tables for the bulk statements: the ORM's bulk paths cost several times more per row.
COMMENTS = Comment.__table__
THREADS = Thread.__table__
# Below the columns' sizes (comments.author 120, title 300, user_agent 512), as for the API.
AUTHOR_MAX = 120
TITLE_MAX = 300
EMAIL_MAX = 254
USER_AGENT_MAX = 512
WEBSITE_MAX = 2000
ANONYMOUS = "Anonymous"


@dataclass
class ImportOptions:
    dry_run: bool = False
    maps: list[tuple[str, str]] = field(default_factory=list)
    with_pingbacks: bool = False


def parse_maps(values: Iterable[str]) -> list[tuple[str, str]]:
    """Read `OLD_PREFIX=NEW_PREFIX` pairs, longest prefix first; ValueError says which is wrong."""
    maps = []
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old:
            raise ValueError(f"{value!r} is not OLD_PREFIX=NEW_PREFIX")
        maps.append((old, new))
    return sorted(maps, key=lambda pair: len(pair[0]), reverse=True)


def _plausible_email(email: str) -> bool:
    return 3 <= len(email) <= EMAIL_MAX and "@" in email and not any(c.isspace() for c in email)


class Importer:
    """Turn records into rows of one site inside the caller's transaction."""

    def __init__(self, site: Site, source: str, options: ImportOptions, report: Report) -> None:
        self.site = site
        self.source = source
        self.options = options
        self.report = report
        self.cleaning: Cleaning = report.cleaning
        self.threads: dict[str, SourceThread] = {}
        self.thread_ids: dict[str, tuple[int, str] | None] = {}  # thread key -> (id, uri), None: unusable
        self.waiting: dict[str, list[SourceComment]] = {}
        self.batch: list[SourceComment] = []
        self.batch_ids: set[str] = set()
        self.had_approved: dict[int, bool] = {}
        self.new_approved: dict[int, list[tuple[int, int | None]]] = {}  # thread -> [(comment, number)]
        self.received: list[int] = []
        self.inserted: dict[str, int] = {}  # source id -> comment id, this run
        self.after: list[Callable[[], None]] = []  # run by finish(), once every comment is in
        self.replies: list[tuple[int, str]] = []  # (comment id, its parent's source id), this run
        self.earlier_runs: bool | None = None
        self.origins = list(site.origins or [])
        self._path_note = False
        from moderation.api import ip_prefix

        self._ip_prefix = ip_prefix

    # --- threads --------------------------------------------------------------

    def thread(self, record: SourceThread) -> None:
        self.threads[record.key] = record
        for comment in self.waiting.pop(record.key, []):
            self.comment(comment)

    def _address(self, record: SourceThread) -> str | None:
        raw = tidy(record.uri).strip()
        for old, new in self.options.maps:
            if raw.startswith(old):
                raw = new + raw[len(old):]
                break
        if raw.startswith("/") and self.origins:
            # The widget asks for a page by its full address, so a path joins the site's origin.
            if not self._path_note:
                self.report.notes.append(f"page paths were joined to {self.origins[0]} "
                                         "(choose another with --map /=https://host/)")
                self._path_note = True
            raw = self.origins[0].rstrip("/") + raw
        try:
            uri = normalise_uri(raw)
        except ValueError as error:
            self.report.problem(record.line, f"thread {record.key!r}: page address {raw[:80]!r} {error}")
            return None
        if not uri.startswith("/"):
            from moderation.validation import off_origins

            if off_origins(uri, self.origins):
                scheme, _, rest = uri.partition("://")
                self.report.off_origin[f"{scheme}://{rest.split('/', 1)[0]}"] += 1
        return uri

    def _resolve_threads(self, keys: set[str]) -> None:
        """Find or create the threads of these keys, a batch at a time (one query each way)."""
        wanted: dict[str, list[str]] = {}
        for key in keys - self.thread_ids.keys():
            uri = self._address(self.threads[key])
            self.thread_ids[key] = None
            if uri is not None and len(uri) <= URI_MAX:
                wanted.setdefault(uri, []).append(key)
        if not wanted:
            return
        found = dict(db.session.execute(select(Thread.uri, Thread.id).where(
            Thread.site_id == self.site.id, Thread.uri.in_(list(wanted)))).all())
        known = [thread_id for thread_id in found.values() if thread_id not in self.had_approved]
        if known:
            # Known before this run adds anything: only then may given numbers be kept.
            with_replies = set(db.session.scalars(
                select(Comment.thread_id).where(Comment.thread_id.in_(known), Comment.status == S.APPROVED)
                .distinct()))
            self.had_approved.update((thread_id, thread_id in with_replies) for thread_id in known)
        rows = []
        for uri, uri_keys in wanted.items():
            if uri in found:
                continue
            record = self.threads[uri_keys[0]]
            title = tidy(record.title, self.cleaning).strip()
            if len(title) > TITLE_MAX:
                self.report.problem(record.line, f"thread title longer than {TITLE_MAX} characters left out")
                title = ""
            rows.append({"site_id": self.site.id, "uri": uri, "title": title, "version": 0,
                         "approved_count": 0, "created_at": record.created_at or utcnow()})
        if rows:
            created = db.session.execute(insert(THREADS).returning(
                THREADS.c.id, THREADS.c.uri, sort_by_parameter_order=True), rows).all()
            for thread_id, uri in created:
                found[uri] = thread_id
                self.had_approved[thread_id] = False
            self.report.threads_created += len(created)
        for uri, uri_keys in wanted.items():
            for key in uri_keys:
                self.thread_ids[key] = (found[uri], uri)

    # --- comments -------------------------------------------------------------

    def comment(self, record: SourceComment) -> None:
        if record.kind != Kind.COMMENT and not self.options.with_pingbacks:
            self.report.skip(f"{record.kind.value}s (keep them with --with-pingbacks)")
            return
        if record.status == SourceStatus.DELETED:
            self.report.skip(f"{record.why or 'deleted'} in the old system")
            return
        if record.thread_key not in self.threads:
            self.waiting.setdefault(record.thread_key, []).append(record)
            return
        if not record.source_id or len(record.source_id) > SOURCE_ID_MAX:
            self.report.skip("no usable comment id", record.line, "a comment without a usable id")
            return
        if record.source_id in self.batch_ids:
            self.report.skip("the same comment id twice in the file", record.line,
                             f"comment id {record.source_id} appears again")
            return
        self.batch.append(record)
        self.batch_ids.add(record.source_id)
        if len(self.batch) >= BATCH:
            self.flush()

    def _row(self, record: SourceComment, thread_id: int) -> dict | None:
        body = tidy(record.body, self.cleaning).strip("\n")
        if not body.strip():
            self.report.skip("empty text", record.line, f"comment {record.source_id} has no text")
            return None
        author = " ".join(tidy(record.author, self.cleaning).split()) or ANONYMOUS
        if len(author) > AUTHOR_MAX:
            self.report.skip(f"author name longer than {AUTHOR_MAX} characters", record.line,
                             f"comment {record.source_id}: author name of {len(author)} characters")
            return None
        title = " ".join(tidy(record.title, self.cleaning).split())
        if len(title) > TITLE_MAX:
            self.report.skip(f"title longer than {TITLE_MAX} characters", record.line,
                             f"comment {record.source_id}: title of {len(title)} characters")
            return None
        if record.created_at is None:
            self.report.skip("no usable date", record.line, f"comment {record.source_id} has no usable date")
            return None
        email = record.email.strip()
        if email and not _plausible_email(email):
            self.report.problem(record.line, f"comment {record.source_id}: {email[:60]!r} is not an "
                                             "email address; left out")
            email = ""
        user_agent = record.user_agent.strip()
        if len(user_agent) > USER_AGENT_MAX:
            user_agent = ""
        status = {
            SourceStatus.APPROVED: S.APPROVED,
            SourceStatus.SPAM: S.SPAM,
            SourceStatus.REJECTED: S.REJECTED,
            SourceStatus.PENDING: S.PENDING if record.score is not None else S.RECEIVED,
        }[record.status]
        row = {
            "site_id": self.site.id,
            "thread_id": thread_id,
            "author": author,
            "email": email or None,
            "email_hash": subject_of(email) if email else None,
            "author_key": author_key(self.site.id, author, email or None),
            "title": title,
            "body": body,
            "body_html": render_body(body) if status == S.APPROVED else None,
            # For spam only: copies of it are what the index finds; the worker sets the rest's.
            "body_fingerprint": body_fingerprint(body) if status == S.SPAM else None,
            "status": status,
            "score": record.score,
            "reasons": record.reasons,
            "model_version": record.model_version,
            "scored_at": record.created_at if record.score is not None else None,
            "number": None,
            "honeypot": False,
            "signals": {},
            "user_agent": user_agent,
            "score_attempts": 0,
            "created_at": record.created_at,
            # The old site's moderators decided these: they are labels, like a decision here.
            "decided_at": (record.decided_at or record.created_at)
            if status in (S.APPROVED, S.SPAM, S.REJECTED) else None,
            # Only the network, as for a comment posted here: never the address itself.
            "ip_prefix": self._ip_prefix(record.ip.strip()) if record.ip.strip() else None,
        }
        return row

    def flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch, self.batch_ids = self.batch, [], set()
        known = {record.source_id for record in batch if record.source_id in self.inserted}
        if self.earlier_runs is None:
            self.earlier_runs = self._has_earlier_runs()
        if self.earlier_runs:
            known |= set(db.session.scalars(
                select(ImportedComment.source_id).where(
                    ImportedComment.site_id == self.site.id,
                    ImportedComment.source == self.source,
                    ImportedComment.source_id.in_([r.source_id for r in batch if r.source_id not in known]))))
        if self.source == f"json:{self.site.key}":
            # A site's own backup read back into it: its comments are still here under their own ids.
            own = [int(r.source_id) for r in batch if r.source_id not in known and r.source_id.isdigit()]
            known |= {str(comment_id) for comment_id in db.session.scalars(
                select(Comment.id).where(Comment.site_id == self.site.id, Comment.id.in_(own)))}
        fresh = [record for record in batch if record.source_id not in known]
        if len(fresh) < len(batch):
            self.report.skipped["already imported"] += len(batch) - len(fresh)
        if not fresh:
            return
        self._resolve_threads({record.thread_key for record in fresh})
        rows, kept = [], []
        for record in fresh:
            found = self.thread_ids[record.thread_key]
            if found is None:
                self.report.skip("page address not usable", record.line)
                continue
            row = self._row(record, found[0])
            if row is None:
                continue
            rows.append(row)
            kept.append((record, found))
        if not rows:
            return
        ids = bulk_insert(COMMENTS, rows, returning_ids=True)
        bulk_insert(ImportedComment.__table__, [
            {"site_id": self.site.id, "source": self.source, "source_id": record.source_id,
             "comment_id": comment_id, "parent_source_id": record.parent_id or None,
             "author_url": record.website.strip()[:WEBSITE_MAX] or None,
             "imported_at": utcnow()}
            for (record, _found), comment_id in zip(kept, ids, strict=True)])
        for (record, (thread_id, uri)), row, comment_id in zip(kept, rows, ids, strict=True):
            status = row["status"]
            self.inserted[record.source_id] = comment_id
            if record.parent_id:
                self.replies.append((comment_id, record.parent_id))
            self.report.imported[S.PENDING.value if status == S.RECEIVED else status.value] += 1
            self.report.per_thread[uri] += 1
            if status == S.APPROVED:
                self.new_approved.setdefault(thread_id, []).append((comment_id, record.number))
            elif status == S.RECEIVED:
                self.received.append(comment_id)

    def finish(self) -> None:
        """Write what is buffered, link replies to their parents, number the threads' replies."""
        self.flush()
        for key, records in self.waiting.items():
            for record in records:
                self.report.skip("its thread is not in the file", record.line,
                                 f"comment {record.source_id}: its thread {key!r} is not in the file")
        self.waiting.clear()
        self._link_parents()
        keep, renumber = [], []
        for thread_id, added in self.new_approved.items():
            numbers = [number for _, number in added]
            given = all(n is not None and n > 0 for n in numbers) and len(set(numbers)) == len(numbers)
            if given and not self.had_approved.get(thread_id):
                keep.extend({"cid": comment_id, "n": number} for comment_id, number in added)
            else:
                renumber.append(thread_id)
                if self.had_approved.get(thread_id):
                    self.report.threads_renumbered += 1
        if keep:
            db.session.execute(
                update(COMMENTS).where(COMMENTS.c.id == bindparam("cid")).values(number=bindparam("n")), keep)
        renumber_threads(renumber)
        touched = list(self.new_approved)
        if touched:
            _recount(touched)
            db.session.execute(update(Site).where(Site.id == self.site.id)
                               .values(content_version=Site.content_version + 1)
                               .execution_options(synchronize_session=False))
        for step in self.after:
            step()
        if self.inserted:
            # The Insights days of what this run added (its comments and their decisions); the
            # site's few comments posted meanwhile with ids in between are marked too, harmlessly.
            ids = self.inserted.values()
            mark_comments(Comment.site_id == self.site.id, Comment.id.between(min(ids), max(ids)))

    def _has_earlier_runs(self) -> bool:
        """Say whether the site has comments from this source already; a first import skips look-ups."""
        first = db.session.scalar(select(ImportedComment.id).where(
            ImportedComment.site_id == self.site.id, ImportedComment.source == self.source).limit(1))
        earlier = first is not None
        if earlier and db.session.get_bind().dialect.name == "postgresql":
            # Fresh statistics, so the look-ups by source id use the unique index even right after a
            # big first import; ANALYZE only samples, and runs inside the transaction.
            db.session.execute(text("ANALYZE imported_comments"))
        return earlier

    def _source_ids(self, source_ids: set[str]) -> dict[str, int]:
        """Return the comment ids of comments imported from this source under these ids, any run."""
        found = {sid: self.inserted[sid] for sid in source_ids if sid in self.inserted}
        missing = sorted(source_ids - found.keys())
        for start in range(0, len(missing), BATCH):
            found.update(db.session.execute(
                select(ImportedComment.source_id, ImportedComment.comment_id).where(
                    ImportedComment.site_id == self.site.id, ImportedComment.source == self.source,
                    ImportedComment.source_id.in_(missing[start:start + BATCH]))).all())
        return found

    def _link_parents(self) -> None:
        """Point replies at the comments they answer, in both directions across runs."""
        if not self.inserted:
            return
        links: list[dict[str, int]] = []
        parents = self._source_ids({parent for _, parent in self.replies}) if self.replies else {}
        orphans = 0
        for comment_id, parent in self.replies:
            if parent in parents:
                links.append({"cid": comment_id, "pid": parents[parent]})
            else:
                orphans += 1
        if self.earlier_runs:
            # Replies imported by an earlier run whose parent arrived only now.
            waiting = db.session.execute(
                select(ImportedComment.comment_id, ImportedComment.parent_source_id)
                .join(Comment, Comment.id == ImportedComment.comment_id)
                .where(ImportedComment.site_id == self.site.id, ImportedComment.source == self.source,
                       ImportedComment.parent_source_id.is_not(None), Comment.parent_id.is_(None))).all()
            links.extend({"cid": comment_id, "pid": self.inserted[parent]}
                         for comment_id, parent in waiting if parent in self.inserted)
        for start in range(0, len(links), BATCH):
            db.session.execute(
                update(COMMENTS).where(COMMENTS.c.id == bindparam("cid")).values(parent_id=bindparam("pid")),
                links[start:start + BATCH])
        self.report.orphan_replies = orphans


def _python_default(column: Any) -> Any:
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return default.arg
    if default.is_callable:
        return default.arg(None)
    raise TypeError(f"{column} has a default COPY cannot compute")


def bulk_insert(table: Table, rows: list[dict[str, Any]], returning_ids: bool = False) -> list[int]:
    """Insert rows (all with the same keys) in the caller's transaction; return their new ids if asked.

    On PostgreSQL the rows go through COPY, several times faster than multi-row INSERTs, whose
    statements psycopg must parse for every batch: ids are taken from the table's sequence first,
    and columns left out get their Python-side defaults here, as an INSERT would give them. The
    values pass through each column type's own conversion (JSON, enums), exactly as an INSERT's.
    Elsewhere, one executemany INSERT (with RETURNING in the rows' order for the ids).
    """
    if not rows:
        return []
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        if returning_ids:
            return list(db.session.scalars(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))
        db.session.execute(insert(table), rows)
        return []
    given = list(rows[0])
    defaults = {column.name: _python_default(column) for column in table.columns
                if column.name not in given and column.name != "id" and column.default is not None}
    names = (["id"] if returning_ids else []) + given + list(defaults)
    ids: list[int] = []
    if returning_ids:
        ids = sorted(connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": table.name, "n": len(rows)}).scalars())
    dialect = connection.dialect
    convert = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    fixed = list(defaults.values())
    columns = ", ".join(f'"{name}"' for name in names)
    cursor = connection.connection.driver_connection.cursor()
    try:
        with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:  # noqa: S608 - our names
            for index, row in enumerate(rows):
                values = ([ids[index]] if returning_ids else []) + [row[name] for name in given] + fixed
                copy.write_row([value if process is None or value is None else process(value)
                                for process, value in zip(convert, values, strict=True)])
    finally:
        cursor.close()
    return ids


def renumber_threads(thread_ids: list[int]) -> None:
    """Number the approved replies of these threads 1, 2, 3... in date order, in two statements.

    The numbers are first moved out of the way (to minus the comment's id), because both
    databases check the unique (thread, number) row by row during one UPDATE.
    """
    for start in range(0, len(thread_ids), BATCH):
        chunk = thread_ids[start:start + BATCH]
        approved = (Comment.thread_id.in_(chunk), Comment.status == S.APPROVED)
        db.session.execute(update(Comment).where(*approved).values(number=-Comment.id)
                           .execution_options(synchronize_session=False))
        ranked = (
            select(Comment.id.label("cid"),
                   func.row_number().over(partition_by=Comment.thread_id,
                                          order_by=(Comment.created_at, Comment.id)).label("rn"))
            .where(*approved)
            .subquery()
        )
        db.session.execute(update(Comment).where(Comment.id == ranked.c.cid).values(number=ranked.c.rn)
                           .execution_options(synchronize_session=False))


def _recount(thread_ids: list[int]) -> None:
    for start in range(0, len(thread_ids), BATCH):
        chunk = thread_ids[start:start + BATCH]
        count = (select(func.count()).select_from(Comment)
                 .where(Comment.thread_id == Thread.id, Comment.status == S.APPROVED).scalar_subquery())
        db.session.execute(update(Thread).where(Thread.id.in_(chunk))
                           .values(approved_count=count, version=Thread.version + 1)
                           .execution_options(synchronize_session=False))


Reader = Callable[[Importer], None]


def run_import(site: Site, source: str, read: Reader, options: ImportOptions, report: Report,
               before_commit: Callable[[], None] | None = None) -> Report:
    """Run `read` (which feeds the importer) in one transaction; commit unless it fails or is a dry run.

    `before_commit` writes whatever must commit with the import (a console job's outcome), also
    on a dry run, which then commits only what it wrote. Pending comments go to the worker only
    after the commit; the sweeper would find them anyway. Raises ImportFailed with a one-line
    message; then nothing was written.
    """
    report.dry_run = options.dry_run
    importer = Importer(site, source, options, report)
    try:
        read(importer)
        importer.finish()
    except (UnreadableFile, ImportFailed) as error:
        db.session.rollback()
        raise ImportFailed(str(error)) from None
    except BaseException:
        db.session.rollback()
        raise
    if options.dry_run:
        db.session.rollback()
        if before_commit is not None:
            before_commit()
            db.session.commit()
        return report
    if before_commit is not None:
        before_commit()
    db.session.commit()
    if importer.received:
        from workers.tasks import send_many_to_worker

        now = importer.received[:SEND_NOW]
        report.sent_to_worker = send_many_to_worker(now)
        report.left_to_sweeper = len(importer.received) - report.sent_to_worker
    return report
