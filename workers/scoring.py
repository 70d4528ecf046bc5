"""Score one stored comment: the model cache, the sample, the site's policy.

The worker loads the active model once per process and keeps it; before each
comment it asks the database which model is active (one indexed row), so a
model promoted by `flask spam models promote` or by retraining is picked up
by every worker at its next comment, without a restart. A comment's sample
carries what the site knows beyond the text: its author's approved and spam
comments on the site before it, and how many near-identical comments the site
received in the day before it (found through `body_fingerprint`, an index
lookup). The site's policy then decides where the scored comment goes.
Nothing here commits except `score_one`, which stores the score through
`models.record_score`, the conditional `received -> ...` update.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update

from models import Comment, CommentStatus, Site, SpamModel, db, record_score
from models.classifier import Reason, Sample, SpamClassifier
from models.textnorm import normalise

__all__ = [
    "ModelUnavailable",
    "ScoreOutcome",
    "active_classifier",
    "body_fingerprint",
    "build_sample",
    "choose_status",
    "model_path",
    "reasons_for",
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


class ModelUnavailable(RuntimeError):
    """No active model, or its file cannot be read; scoring is retried later."""


def body_fingerprint(body: str) -> str | None:
    """Return a 16-hex-digit hash shared by near-identical bodies, or None for short ones.

    Case, digits, links, punctuation and spacing are folded away, so a spam
    run that only changes a number or a tracking link gives one fingerprint.
    """
    text = "".join(c for c in unicodedata.normalize("NFKC", body) if unicodedata.category(c) != "Cf")
    text = _URL.sub(" u ", text.casefold())
    text = _DIGITS.sub("0", text)
    text = _NOT_WORD.sub(" ", text).strip()
    if sum(1 for c in text if c.isalnum()) < FINGERPRINT_MIN_CHARS:
        return None
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


# --- the model, once per process -------------------------------------------------------------

@dataclass(frozen=True)
class _Loaded:
    model_id: int
    version: str
    classifier: SpamClassifier


_cache: dict[str, _Loaded] = {}
_cache_lock = threading.Lock()


def model_path(model_dir: str | Path, filename: str) -> Path:
    """Return the model file's path, refusing one outside MODEL_DIR."""
    root = Path(model_dir).resolve()
    path = (root / filename).resolve()
    if not path.is_relative_to(root):
        raise ModelUnavailable(f"model file {filename!r} is outside MODEL_DIR {root}")
    return path


def active_classifier() -> tuple[SpamClassifier, str]:
    """Return the active model and its version, loading it only when it changed."""
    row = db.session.execute(
        select(SpamModel.id, SpamModel.version, SpamModel.filename)
        .where(SpamModel.active.is_(True))
        .order_by(SpamModel.id.desc())
        .limit(1)
    ).first()
    if row is None:
        raise ModelUnavailable("no active spam model (train one: flask spam train --starter)")
    model_dir = current_app.config["MODEL_DIR"]
    cached = _cache.get(model_dir)
    if cached is not None and cached.model_id == row.id:
        return cached.classifier, cached.version
    with _cache_lock:
        cached = _cache.get(model_dir)
        if cached is not None and cached.model_id == row.id:
            return cached.classifier, cached.version
        path = model_path(model_dir, row.filename)
        try:
            classifier = SpamClassifier.load(path)
        except (OSError, ValueError) as error:
            raise ModelUnavailable(f"cannot load model {row.version} from {path}: {error}") from error
        _cache[model_dir] = _Loaded(row.id, row.version, classifier)
        log.info("loaded spam model %s from %s", row.version, path)
        return classifier, row.version


# --- the sample ------------------------------------------------------------------------------

def build_sample(comment: Comment, fingerprint: str | None = None) -> Sample:
    """Assemble what the classifier sees: the text, the client signals, the site's history.

    History counts only comments that came before this one (a lower id), so a
    training sample built later from a decided comment sees what its scorer saw.
    """
    counts = dict(
        db.session.execute(
            select(Comment.status, func.count())
            .where(
                Comment.site_id == comment.site_id,
                Comment.author_key == comment.author_key,
                Comment.status.in_((S.APPROVED, S.SPAM)),
                Comment.id < comment.id,
            )
            .group_by(Comment.status)
        ).all()
    )
    fingerprint = fingerprint or comment.body_fingerprint or body_fingerprint(comment.body)
    near = 0
    if fingerprint is not None:
        near = db.session.scalar(
            select(func.count())
            .select_from(Comment)
            .where(
                Comment.site_id == comment.site_id,
                Comment.body_fingerprint == fingerprint,
                Comment.created_at >= comment.created_at - NEAR_DUPLICATE_WINDOW,
                Comment.id < comment.id,
            )
        ) or 0
    return Sample(
        body=comment.body,
        author=comment.author,
        title=comment.title or "",
        email=comment.email or "",
        honeypot=bool(comment.honeypot),
        seconds_to_submit=comment.seconds_to_submit,
        author_approved=counts.get(S.APPROVED, 0),
        author_spam=counts.get(S.SPAM, 0),
        near_duplicates=near,
    )


def choose_status(site: Site, score: float, links: int, author_approved: int) -> CommentStatus:
    """Apply the site's policy to a score (DESIGN §4: pre-moderation unless the site opts out)."""
    if site.spam_threshold is not None and score >= site.spam_threshold:
        return S.SPAM
    if links > site.hold_links_over:
        return S.PENDING
    if site.auto_approve_trusted and score < site.auto_approve_below and author_approved > 0:
        return S.APPROVED
    return S.PENDING


def reasons_for(classifier: SpamClassifier, sample: Sample, top: int = 5) -> list[dict[str, Any]]:
    """Return the reasons as the JSON the comment row and the console keep."""
    return _as_json(classifier.explain(sample, top=top))


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
    score, explained = classifier.score_and_explain(sample)
    reasons = _as_json(explained)
    links = normalise(f"{comment.title}\n{comment.body}").links
    to = choose_status(comment.site, score, links, sample.author_approved)
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
