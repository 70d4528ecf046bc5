"""Score one stored comment: the model cache, the sample, the site's policy.

The worker loads the active model from the database once per process and keeps
it; before each comment it asks the database which model is active (one indexed
row, never the model's bytes), so a model promoted by `flask spam models
promote` or by retraining is picked up by every worker on every machine at its
next comment, without a restart or a shared folder. The comment becomes a
sample (`models.samples.build_sample`: the text and what the site knows of its
author and of near-identical comments), the model judges it once, and the
site's policy decides where it goes.
Nothing here commits except `score_one`, which stores the score through
`models.record_score`, the conditional `received -> ...` update.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from models import Comment, CommentStatus, Site, SpamModel, db, record_score
from models.samples import body_fingerprint, build_sample
from models.spam_model import ModelUnavailable, load_model
from spam import Reason, SpamClassifier

__all__ = [
    "ScoreOutcome",
    "active_classifier",
    "choose_status",
    "score_one",
]

log = logging.getLogger(__name__)
S = CommentStatus

NEAR_DUPLICATE_WINDOW = timedelta(days=1)
# Below this many letters and digits, comments like "Thanks!" are alike by
# nature, not because one sender copied them.
FINGERPRINT_MIN_CHARS = 20

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[\W_]+")


# --- the model, once per process -------------------------------------------------------------

@dataclass(frozen=True)
class _Loaded:
    model_id: int
    version: str
    classifier: SpamClassifier


# One model per process; the lock keeps two threads from loading the same megabytes twice.
_cache: dict[str, _Loaded] = {}
_cache_lock = threading.Lock()


def active_classifier() -> tuple[SpamClassifier, str]:
    """Return the active model and its version, loading it from the database only when it changed."""
    row = db.session.execute(
        select(SpamModel.id, SpamModel.version)
        .where(SpamModel.active.is_(True))
        .order_by(SpamModel.id.desc())
        .limit(1)
    ).first()
    if row is None:
        raise ModelUnavailable("no active spam model (train one: flask spam train --starter)")
    # Keyed by database, and matched on id and version (ids restart when a database is rebuilt),
    # so apps on different databases in one process never share a model.
    key = current_app.config["SQLALCHEMY_DATABASE_URI"]
    cached = _cache.get(key)
    if cached is not None and (cached.model_id, cached.version) == tuple(row):
        return cached.classifier, cached.version
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and (cached.model_id, cached.version) == tuple(row):
            return cached.classifier, cached.version
        classifier = load_model(row.id, row.version)
        _cache[key] = _Loaded(row.id, row.version, classifier)
        log.info("loaded spam model %s from the database", row.version)
        return classifier, row.version


def choose_status(site: Site, score: float) -> CommentStatus:
    """Apply the site's policy to a score: the spam folder above its threshold, else a moderator.

    Nothing is approved here. Earlier approved comments under the same author key
    do not make an author trusted: that key is a typed name or an unconfirmed
    email, which anyone can claim. Trusted-author auto-approval needs an address
    the commenter has confirmed, which this release does not collect; until then
    a site's `auto_approve_trusted` holds every comment for a moderator.
    """
    if site.spam_threshold is not None and score >= site.spam_threshold:
        return S.SPAM
    return S.PENDING


def _as_json(reasons: list[Reason]) -> list[dict[str, Any]]:
    return [{"feature": r.feature, "text": r.text, "weight": round(float(r.weight), 4)} for r in reasons]


@dataclass(frozen=True)
class ScoreOutcome:
    status: str  # the status the comment moved to, or "already scored" / "missing"
    score: float | None = None
    model_version: str | None = None


def score_one(comment_id: int) -> ScoreOutcome:
    """Score a `received` comment and move it on; a second call changes nothing."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        return ScoreOutcome("missing")
    if comment.status != S.RECEIVED:
        return ScoreOutcome("already scored")
    classifier, version = active_classifier()
    fingerprint = body_fingerprint(comment.body)
    sample = build_sample(comment, fingerprint)
    judgement = classifier.judge(sample)
    score, reasons = judgement.score, _as_json(judgement.reasons)
    to = choose_status(comment.site, score)
    if fingerprint is not None and comment.body_fingerprint != fingerprint:
        db.session.execute(
            update(Comment)
            .where(Comment.id == comment_id)
            .values(body_fingerprint=fingerprint)
            .execution_options(synchronize_session=False)
        )
    if not record_score(comment_id, score=score, reasons=reasons, model_version=version, to=to):
        db.session.rollback()
        return ScoreOutcome("already scored")
    db.session.commit()
    log.info("scored comment %d: %.3f -> %s (model %s)", comment_id, score, to.value, version)
    return ScoreOutcome(to.value, score, version)
