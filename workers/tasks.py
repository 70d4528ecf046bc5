"""Celery tasks. Each takes ids, never objects, and is safe to run twice.

`score_comment` counts its attempt in the comment row before it scores, so
attempts made through Celery's retries and through the sweeper's re-sends add
up to one number; after SCORE_MAX_ATTEMPTS the comment is parked as
`score_failed`, where moderators still see it. `sweep_received` re-sends what
the broker lost (a Redis restarted empty, a failed enqueue after commit), and
`retrain_from_decisions` learns from moderators when enough decisions arrived.
`send_to_worker` is the one place that hands a comment to the broker and, with
the worker's own receipt, the only writer of `enqueued_at`: the web request
and the sweeper both call it, after the comment's row has committed (the web
request writes the send time with the row and tells it so, see its docstring).
`score_one` is the scoring itself: the worker loads the active model from the
database once per process and keeps it; before each comment it asks which model
is active (one indexed row, never the model's bytes, asked by the query that
reads the comment), so a model promoted by
`flask spam models promote` or by retraining reaches every worker at its next
comment. The comment becomes a sample (`models.samples.build_sample`: the text,
its page and what the site knows of its author), the model judges it once, and
the site's policy decides where it goes, through `models.record_score`, the
conditional `received -> ...` update. `spam` (scikit-learn) is imported only
inside the functions that score, so the web processes, which import this module
for `send_to_worker`, never load it.
"""

from __future__ import annotations

import functools
import logging
import os
import random
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from celery import shared_task
from celery.utils import uuid
from flask import current_app, has_app_context
from sqlalchemy import Row, Select, Update, bindparam, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from models import (
    Comment,
    CommentStatus,
    Site,
    SpamModel,
    Thread,
    db,
    mark_score_failed,
    record_score,
    utcnow,
)
from models.comment import TRANSITION_READS
from models.samples import body_fingerprint, build_sample
from models.spam_model import ModelUnavailable, load_model

if TYPE_CHECKING:
    from spam import Reason, SpamClassifier

__all__ = ["ScoreOutcome", "active_classifier", "choose_status", "import_file", "ping",
           "purge_consumed_messages", "purge_expired_data", "queue_backlog", "refresh_insights",
           "retrain_from_decisions", "retry_delay", "score_comment", "score_one", "send_many_to_worker",
           "send_to_worker", "sweep_received"]

log = logging.getLogger(__name__)
SCORE_TASK = "workers.tasks.score_comment"
SWEEP_BATCH = 1000


@shared_task(name="workers.tasks.ping", acks_late=False)
def ping() -> dict[str, object]:
    """Answer so `flask worker ping` and /healthz?worker=1 can see a live worker."""
    return {"pong": True, "host": socket.gethostname(), "pid": os.getpid()}


def retry_delay(attempt: int, base: float, cap: float) -> float:
    """Return seconds before retry `attempt` (1, 2, ...): doubling, capped, jittered by ±50%.

    The jitter keeps a burst of comments that failed together (the database
    restarting) from all coming back in the same instant.
    """
    return min(cap, base * 2 ** max(0, attempt - 1)) * random.uniform(0.5, 1.5)


@functools.cache
def _count_attempt_statement() -> Update:
    # Built once, a Core update: the ORM's bulk-update path cost more than the round trip.
    comments = Comment.__table__
    return (
        update(comments)
        .where(comments.c.id == bindparam("comment_id"), comments.c.status == CommentStatus.RECEIVED)
        .values(score_attempts=comments.c.score_attempts + 1, enqueued_at=bindparam("received_at"))
        .returning(comments.c.score_attempts)
    )


def _count_attempt(comment_id: int) -> int | None:
    """Add one to the comment's attempts if it still waits for a score; None if it does not."""
    attempts = db.session.scalar(_count_attempt_statement(),
                                 {"comment_id": comment_id, "received_at": utcnow()})
    db.session.commit()
    return attempts


@shared_task(name=SCORE_TASK, bind=True, max_retries=None, ignore_result=True)
def score_comment(self: Any, comment_id: int) -> str:
    """Score one comment and move it `received -> pending` (or `spam`/`approved` by policy)."""
    config = current_app.config
    max_attempts = config["SCORE_MAX_ATTEMPTS"]

    def delay(attempt: int) -> float:
        return retry_delay(attempt, config["SCORE_RETRY_SECONDS"], config["SCORE_RETRY_MAX_SECONDS"])

    try:
        attempt = _count_attempt(comment_id)
    except SQLAlchemyError as error:
        db.session.rollback()
        # The database is unreachable, so the attempt cannot be counted there:
        # bound the retries here, then leave the comment to the sweeper.
        if self.request.retries >= max_attempts:
            raise
        raise self.retry(countdown=delay(self.request.retries + 1), exc=error) from error
    if attempt is None:
        log.info("comment %d already scored (or gone): nothing to do", comment_id)
        return "already scored"

    try:
        outcome = score_one(comment_id)
    except Exception as error:  # noqa: BLE001 - every failure is retried, then parked
        db.session.rollback()
        message = f"{type(error).__name__}: {error}"
        if attempt >= max_attempts:
            log.error("comment %d: giving up after %d attempts: %s", comment_id, attempt, message)
            try:
                mark_score_failed(comment_id, f"not scored after {attempt} attempts: {message}")
                db.session.commit()
            except SQLAlchemyError:
                db.session.rollback()
                raise  # still `received`: the sweeper parks it on its next pass
            return "score_failed"
        countdown = delay(attempt)
        log.warning("comment %d: attempt %d of %d failed (%s); retrying in %.1f s",
                    comment_id, attempt, max_attempts, message, countdown)
        raise self.retry(countdown=countdown, exc=error) from error
    return outcome.status


def send_to_worker(comment_id: int, *, stamped_at: datetime | None = None) -> bool:
    """Hand a stored comment to the scorer; False (never an exception) if the broker is down.

    Call it only after the comment's transaction has committed: the row is
    the outbox. A comment the broker took gets its send time in `enqueued_at`;
    one it refused keeps the time it had (none, for a new comment), and the
    sweeper sends comments with no send time first, even while a backlog
    makes it wait with the others.

    `stamped_at` is for a caller that wrote the send time into the row itself,
    in the transaction that stored it, expecting this send (the comment POST
    does: on SQLite a second commit is one more write lock and disk flush). Then
    a send the broker takes writes nothing more, and one it refuses takes the
    stamp back, so the comment is again one that was never sent. Should the
    process die between the commit and the send, the stamp stays: the sweeper
    still sends the comment, once it is SWEEP_AFTER_SECONDS old and the queue
    has no backlog, instead of first.
    """
    try:
        celery = current_app.extensions.get("celery") if has_app_context() else None
        if celery is not None:
            _sender.send(celery, comment_id)
        else:
            score_comment.apply_async((comment_id,), retry=False)
    except Exception:  # noqa: BLE001 - the broker being down must not fail the request
        log.warning("could not send comment %d to the worker; the sweeper will", comment_id, exc_info=True)
        if stamped_at is not None:
            _set_enqueued_at(comment_id, None, only_if=stamped_at)
        return False
    if stamped_at is None:
        _set_enqueued_at(comment_id, utcnow())
    return True


class _Sender(threading.local):
    """This thread's way to the broker, kept open between sends.

    `send_task` takes a producer from the pool, routes, builds the message and
    publishes it, about 1,500 Python calls a comment, a tenth of the comment
    POST's CPU. Kept per thread (a kombu producer is not thread-safe) and per
    process (a connection must not cross a fork), the producer and the route
    are made once; each send builds the message with Celery's own
    `create_task_message` and hands it to `send_task_message`, the same
    message `send_task` would have sent. A send that fails drops them, so the
    next one connects afresh.
    """

    def __init__(self) -> None:
        self.owner: tuple[Any, int] | None = None
        self.producer: Any = None
        self.route: dict[str, Any] = {}

    def send(self, celery: Any, comment_id: int) -> None:
        if self.owner != (celery, os.getpid()):
            self.drop()
            self.producer = celery.amqp.Producer(celery.connection_for_write(), auto_declare=False)
            self.route = celery.amqp.router.route({}, SCORE_TASK, (comment_id,), {}, None)
            queue = self.route.get("queue")
            if queue is not None:
                # Bound to the producer's channel once: given the route's unbound queue,
                # kombu binds a copy on every send (about 160 Python calls) only to find
                # it declared already. It is still declared on the first send.
                self.route["declare"] = [queue.bind(self.producer.channel)]
            self.owner = (celery, os.getpid())
        amqp = celery.amqp
        # The reprs Celery would make with saferepr (about 100 calls), for a plain int.
        message = amqp.create_task_message(uuid(), SCORE_TASK, (comment_id,), {}, ignore_result=True,
                                           argsrepr=repr((comment_id,)), kwargsrepr="{}")
        try:
            amqp.send_task_message(self.producer, SCORE_TASK, message, retry=False, **self.route)
        except Exception:
            self.drop()
            raise

    def drop(self) -> None:
        producer, self.owner, self.producer = self.producer, None, None
        if producer is not None:
            try:
                producer.connection.release()
            except Exception:  # noqa: BLE001, S110 - a connection already broken has nothing to release
                pass


_sender = _Sender()


def _set_enqueued_at(comment_id: int, value: datetime | None, only_if: datetime | None = None) -> None:
    if not has_app_context():
        return
    # Only while it waits: a worker that was quicker has already moved it on.
    waiting = [Comment.id == comment_id, Comment.status == CommentStatus.RECEIVED]
    if only_if is not None:
        waiting.append(Comment.enqueued_at == only_if)  # nobody has sent it since
    try:
        db.session.execute(
            update(Comment).where(*waiting).values(enqueued_at=value)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()  # only the sweeper's timing hint is lost: it sends the comment anyway


def send_many_to_worker(comment_ids: list[int]) -> int:
    """Hand many stored comments to the scorer, with one update of their send times; return how many.

    For a batch committed at once (an import): `send_to_worker` commits once per comment. Stops at
    the first refusal, as a broker that is down refuses the rest too; the sweeper sends those.
    """
    celery = current_app.extensions["celery"]
    sent: list[int] = []
    for comment_id in comment_ids:
        try:
            celery.send_task(SCORE_TASK, (comment_id,), retry=False, ignore_result=True)
        except Exception:  # noqa: BLE001 - the broker being down must not fail the caller
            log.warning("could not send comment %d to the worker; the sweeper will", comment_id,
                        exc_info=True)
            break
        sent.append(comment_id)
    try:
        for start in range(0, len(sent), SWEEP_BATCH):
            db.session.execute(
                update(Comment)
                .where(Comment.id.in_(sent[start:start + SWEEP_BATCH]),
                       Comment.status == CommentStatus.RECEIVED)
                .values(enqueued_at=utcnow())
                .execution_options(synchronize_session=False)
            )
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()  # only the sweeper's timing hint is lost
    return len(sent)


def queue_backlog() -> int | None:
    """Return how many tasks wait in the scoring queue, or None if the broker cannot say."""
    celery = current_app.extensions["celery"]
    try:
        with celery.connection_for_read() as connection:
            declared = connection.default_channel.queue_declare(
                queue=celery.conf.task_default_queue, passive=True
            )
            return declared.message_count
    except Exception:  # noqa: BLE001 - a broker that cannot answer has no backlog we can see
        return None


@shared_task(name="workers.tasks.sweep_received", ignore_result=True)
def sweep_received() -> dict[str, int]:
    """Re-send comments left `received` longer than SWEEP_AFTER_SECONDS; park hopeless ones.

    A comment that was never sent (the broker was down at submission) is
    always re-sent. One that was sent but is still waiting may simply be
    behind a backlog: re-sending it then would only pile duplicates onto the
    queue, so those are re-sent only once the queue has drained. Whatever the
    broker really lost (Redis restarted empty) leaves an empty queue behind.
    """
    config = current_app.config
    cutoff = utcnow() - timedelta(seconds=config["SWEEP_AFTER_SECONDS"])
    stale = or_(Comment.enqueued_at.is_(None), Comment.enqueued_at < cutoff)
    backlog = queue_backlog()
    if backlog:
        stale = Comment.enqueued_at.is_(None)
    rows = db.session.execute(
        select(Comment.id, Comment.score_attempts)
        .where(Comment.status == CommentStatus.RECEIVED, Comment.created_at < cutoff, stale)
        .order_by(Comment.id)
        .limit(SWEEP_BATCH)
    ).all()
    db.session.rollback()  # end the read before a possibly long loop of sends
    sent = failed = unsent = 0
    for comment_id, attempts in rows:
        if attempts >= config["SCORE_MAX_ATTEMPTS"]:
            # Its last attempt died with its worker, or could not park it itself.
            if mark_score_failed(comment_id, f"not scored after {attempts} attempts"):
                failed += 1
            db.session.commit()
        elif send_to_worker(comment_id):
            sent += 1
        else:
            unsent += 1
    if rows:
        log.info("sweeper: re-sent %d, parked %d, could not send %d (queue backlog %s)",
                 sent, failed, unsent, backlog)
    return {"sent": sent, "score_failed": failed, "unsent": unsent}


_BROKER_ENGINES: dict[str, Any] = {}


@shared_task(name="workers.tasks.purge_consumed_messages", ignore_result=True)
def purge_consumed_messages() -> int:
    """Delete the messages the embedded broker has delivered; return how many.

    kombu's SQLAlchemy transport marks a delivered message invisible and keeps
    it forever, so without this its file grows by every comment ever scored.
    An invisible message is never delivered again (this transport has no
    redelivery), so deleting it loses nothing. Other brokers: nothing to do.
    """
    url = current_app.extensions["celery"].conf.broker_url
    if not url.startswith("sqla+"):
        return 0
    from sqlalchemy import create_engine, inspect, text

    engine = _BROKER_ENGINES.get(url)
    if engine is None:
        engine = _BROKER_ENGINES[url] = create_engine(url.removeprefix("sqla+"))
    if not inspect(engine).has_table("kombu_message"):
        return 0
    with engine.begin() as connection:
        deleted = connection.execute(
            text("DELETE FROM kombu_message WHERE visible = :consumed"), {"consumed": False}
        ).rowcount
    if deleted:
        log.info("embedded broker: deleted %d delivered messages", deleted)
    return deleted


@shared_task(name="workers.tasks.refresh_insights", ignore_result=True)
def refresh_insights() -> dict[str, int]:
    """Recount the Insights days that changed (`models.insight_counts`); safe to run twice."""
    from models.insight_counts import refresh

    try:
        return refresh()
    except BaseException:
        db.session.rollback()
        raise


@shared_task(name="workers.tasks.purge_expired_data", ignore_result=True)
def purge_expired_data() -> dict[str, int]:
    """Apply every site's retention settings (`models.privacy.purge_expired`); safe to run twice."""
    from models.privacy import purge_expired

    try:
        result = purge_expired()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    if any(result.values()):
        log.info("retention: cleared the network and user agent of %d comments, deleted %d rejected "
                 "or spam comments", result["networks_cleared"], result["rejected_deleted"])
    return result


# Acknowledged on receipt: an import outlasts the broker's visibility timeout, after which a late
# acknowledgement would let Redis hand the same import to a second worker.
@shared_task(name="workers.tasks.import_file", bind=True, acks_late=False)
def import_file(self: Any, job_id: int) -> str:
    """Import a file uploaded in the console (`moderation.porting.jobs`); its progress is the task state."""
    from moderation.porting.jobs import run_job

    def progress(done: int, total: int, phase: str) -> None:
        try:
            self.update_state(state="PROGRESS", meta={"done": done, "total": total, "phase": phase})
        except Exception:  # noqa: BLE001 - a results store that cannot be written must not stop the import
            log.warning("import job %d: could not record its progress", job_id, exc_info=True)

    status = run_job(job_id, progress)
    log.info("import job %d: %s", job_id, status)
    return status


@shared_task(name="workers.tasks.retrain_from_decisions", ignore_result=True)
def retrain_from_decisions() -> dict[str, Any]:
    """Train a candidate on the starter corpus and older decisions; promote it if no worse."""
    from .training import retrain_if_due

    result = retrain_if_due()
    log.info("retrain: %s", result["message"])
    return result


# --- the model, once per process -------------------------------------------------------------

@dataclass(frozen=True)
class _Loaded:
    model_id: int
    version: str
    classifier: SpamClassifier


# One model per process; the lock keeps two threads from loading the same megabytes twice.
_cache: dict[str, _Loaded] = {}
_cache_lock = threading.Lock()


@functools.cache
def _active_model() -> Select[tuple[int, str]]:
    return (select(SpamModel.id, SpamModel.version).where(SpamModel.active.is_(True))
            .order_by(SpamModel.id.desc()).limit(1))


def active_classifier(active: tuple[int | None, str | None] | None = None) -> tuple[SpamClassifier, str]:
    """Return the active model and its version, loading it from the database only when it changed.

    `active` is the active model's (id, version), both None if there is none, when the caller has
    just read them from the database; without it they are read here.
    """
    if active is None:
        active = tuple(db.session.execute(_active_model()).first() or (None, None))
    model_id, version = active
    if model_id is None or version is None:
        raise ModelUnavailable("no active spam model (train one: flask spam train --starter)")
    # Keyed by database, and matched on id and version (ids restart when a database is rebuilt),
    # so apps on different databases in one process never share a model.
    key = current_app.config["SQLALCHEMY_DATABASE_URI"]
    cached = _cache.get(key)
    if cached is not None and (cached.model_id, cached.version) == (model_id, version):
        return cached.classifier, cached.version
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and (cached.model_id, cached.version) == (model_id, version):
            return cached.classifier, cached.version
        classifier = load_model(model_id, version)
        _cache[key] = _Loaded(model_id, version, classifier)
        log.info("loaded spam model %s from the database", version)
        return classifier, version


def choose_status(site: Site | Row[Any], score: float) -> CommentStatus:
    """Apply the site's policy to a score: the spam folder above its threshold, else a moderator.

    Nothing is approved here. Earlier approved comments under the same author key
    do not make an author trusted: that key is a typed name or an unconfirmed
    email, which anyone can claim. Trusted-author auto-approval needs an address
    the commenter has confirmed, which this release does not collect; until then
    a site's `auto_approve_trusted` holds every comment for a moderator.
    """
    if site.spam_threshold is not None and score >= site.spam_threshold:
        return CommentStatus.SPAM
    return CommentStatus.PENDING


def _as_json(reasons: list[Reason]) -> list[dict[str, Any]]:
    return [{"feature": r.feature, "text": r.text, "weight": round(float(r.weight), 4)} for r in reasons]


@dataclass(frozen=True)
class ScoreOutcome:
    status: str  # the status the comment moved to, or "already scored" / "missing"
    score: float | None = None
    model_version: str | None = None


@functools.cache
def _scoring_read() -> Select[Any]:
    """What scoring reads before the model runs, in one round trip: the comment (with what
    `build_sample` and `record_score` read of it), its page's title, its site's threshold and
    which model is active, asked afresh for each comment so a promotion is seen at the next.
    Built once, in Core on the tables (the ORM adds only CPU to plain columns); the comment's
    id is bound at execution."""
    c, page, site, model = (Comment.__table__.c, Thread.__table__.c, Site.__table__.c,
                            SpamModel.__table__.c)
    active = _active_model()
    return (
        select(c.id, c.author, c.author_key, c.title, c.email, c.honeypot, c.seconds_to_submit,
               c.body_fingerprint, *TRANSITION_READS, page.title.label("page_title"), site.spam_threshold,
               active.with_only_columns(model.id).scalar_subquery().label("model_id"),
               active.with_only_columns(model.version).scalar_subquery().label("model_version"))
        .select_from(Comment.__table__)
        .join(Thread.__table__, page.id == c.thread_id)
        .join(Site.__table__, site.id == c.site_id)
        .where(c.id == bindparam("comment_id"))
    )


def score_one(comment_id: int) -> ScoreOutcome:
    """Score a `received` comment and move it on; a second call changes nothing."""
    comment = db.session.execute(_scoring_read(), {"comment_id": comment_id}).first()
    if comment is None:
        return ScoreOutcome("missing")
    if comment.status != CommentStatus.RECEIVED:
        return ScoreOutcome("already scored")
    classifier, version = active_classifier((comment.model_id, comment.model_version))
    fingerprint = body_fingerprint(comment.body)
    sample = build_sample(comment, fingerprint, page_title=comment.page_title)
    judgement = classifier.judge(sample)
    score, reasons = judgement.score, _as_json(judgement.reasons)
    to = choose_status(comment, score)
    # Written by the same update that moves the comment, not one of its own.
    fingerprint_change = {} if fingerprint is None or comment.body_fingerprint == fingerprint else {
        "body_fingerprint": fingerprint}
    if not record_score(comment_id, score=score, reasons=reasons, model_version=version, to=to,
                        read=comment, **fingerprint_change):
        db.session.rollback()
        return ScoreOutcome("already scored")
    db.session.commit()
    log.info("scored comment %d: %.3f -> %s (model %s)", comment_id, score, to.value, version)
    return ScoreOutcome(to.value, score, version)
