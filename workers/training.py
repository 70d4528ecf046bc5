"""Train, evaluate, register and promote spam models; used by `flask spam` and the retrain task.

Training data comes from three places: the starter corpus shipped in
`data/starter_corpus.csv`, any labelled CSV, and moderators' decisions
(approved comments are ham, comments a moderator put in spam are spam;
rejected comments are not labels, a rejection says "off topic", not "spam").
Every trained model is saved with skops into MODEL_DIR beside its metadata
and gets a `SpamModel` row; exactly one row is active. Retraining from
decisions holds out the newest fifth of the labelled decisions and promotes
the candidate only when it scores at least as well on them as the active
model (MCC, then spam F1, then accuracy).

A model file is tens of megabytes and retraining adds one every
RETRAIN_MIN_DECISIONS decisions, so after each retraining the files of old
models are deleted (`prune_model_files`): the active model, the last few
promoted ones (what a rollback goes back to) and the newest MODEL_KEEP stay.
Their rows stay too, with their metrics, as the history of the model.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from flask import current_app
from sklearn.model_selection import StratifiedKFold
from sqlalchemy import func, select

from config import BASE_DIR
from models import Comment, CommentStatus, Decision, DecisionAction, SpamModel, db
from models.classifier import Sample, SpamClassifier, evaluate, load_labelled_csv

from .scoring import ModelUnavailable, build_sample, model_path

__all__ = [
    "HOLDOUT_SHARE",
    "Labelled",
    "STARTER_CSV",
    "active_model_usable",
    "csv_corpus",
    "cross_validate",
    "decision_corpus",
    "detect_format",
    "file_present",
    "load_model",
    "prune_model_files",
    "register",
    "retrain_if_due",
    "rollback",
    "starter_corpus",
    "train",
    "tubespam_split",
]

log = logging.getLogger(__name__)
STARTER_CSV = BASE_DIR / "data" / "starter_corpus.csv"
HOLDOUT_SHARE = 0.2
Progress = Callable[[int], None]


@dataclass
class Labelled:
    """Samples with 0/1 labels (1 = spam) and where each came from."""

    samples: list[Sample] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def __add__(self, other: Labelled) -> Labelled:
        return Labelled(self.samples + other.samples, self.labels + other.labels,
                        self.sources + other.sources)

    def __len__(self) -> int:
        return len(self.labels)

    def take(self, indices: Sequence[int]) -> Labelled:
        return Labelled([self.samples[i] for i in indices], [self.labels[i] for i in indices],
                        [self.sources[i] for i in indices])


def detect_format(path: str | Path) -> str:
    """Guess a labelled CSV's format from its first line: youtube, sms or generic."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as file:
            first = file.readline()
    except OSError:
        return "generic"  # the loader reports the unreadable file in its own words
    header = first.lower()
    if "content" in header and "class" in header:
        return "youtube"
    if header.split("\t" if "\t" in header else ",", 1)[0].strip() in ("spam", "ham", "v1"):
        return "sms"
    return "generic"


def starter_corpus() -> Labelled:
    samples, labels = load_labelled_csv(STARTER_CSV, "generic")
    return Labelled(samples, labels, ["starter"] * len(labels))


def csv_corpus(path: str | Path, fmt: str | None = None) -> Labelled:
    """Read a labelled CSV; CsvFormatError names the row and column of a bad one."""
    fmt = fmt or detect_format(path)
    samples, labels = load_labelled_csv(path, fmt)
    return Labelled(samples, labels, [f"csv:{Path(path).name}"] * len(labels))


def decision_corpus() -> tuple[Labelled, int]:
    """Return moderators' labels, oldest decision first, and the newest decision id seen.

    A comment counts with the status a person last gave it: `decided_at` is
    set only by a moderator's decision, never by the worker's own policy, so
    the model never learns from its own verdicts.
    """
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.status.in_((CommentStatus.APPROVED, CommentStatus.SPAM)),
               Comment.decided_at.is_not(None))
        .order_by(Comment.decided_at, Comment.id)
    ).all()
    data = Labelled()
    for comment in comments:
        data.samples.append(build_sample(comment))
        data.labels.append(1 if comment.status == CommentStatus.SPAM else 0)
        data.sources.append("decisions")
    until = db.session.scalar(select(func.max(Decision.id))) or 0
    return data, until


def train(data: Labelled, progress: Progress | None = None, evaluate_folds: int = 3) -> SpamClassifier:
    """Fit a new model on `data`; ValueError when one class is missing."""
    return SpamClassifier.train(data.samples, data.labels, sources=data.sources, progress=progress,
                                evaluate_folds=evaluate_folds)


def register(classifier: SpamClassifier, source: str, *, decisions_until: int = 0,
             promote: bool = False) -> SpamModel:
    """Save the model into MODEL_DIR, record its row, and promote it if asked; commits."""
    path = classifier.save(Path(current_app.config["MODEL_DIR"]))
    row = SpamModel(version=classifier.version, filename=path.name, source=source,
                    metadata_=classifier.metadata, decisions_until=decisions_until)
    db.session.add(row)
    db.session.flush()
    if promote:
        row.promote()
    db.session.commit()
    return row


def load_model(row: SpamModel) -> SpamClassifier:
    return SpamClassifier.load(model_path(current_app.config["MODEL_DIR"], row.filename))


def active_model_usable() -> SpamModel | None:
    """Return the active row if its file is there, else None."""
    row = SpamModel.active_model()
    return row if row is not None and file_present(row) else None


ROLLBACK_DEPTH = 3


def prune_model_files(keep: int | None = None) -> list[str]:
    """Delete the files of models no one will load again; return their versions.

    Kept: the active model, the ROLLBACK_DEPTH most recently promoted ones and
    the `keep` newest (MODEL_KEEP by default). A pruned model's row remains,
    so `flask spam models` still lists it, and promoting it says its file is gone.
    """
    keep = current_app.config["MODEL_KEEP"] if keep is None else keep
    rows = db.session.scalars(select(SpamModel).order_by(SpamModel.id.desc())).all()
    promoted = sorted((r for r in rows if r.promoted_at is not None),
                      key=lambda r: (r.promoted_at, r.id), reverse=True)
    wanted = {r.id for r in rows[:keep]} | {r.id for r in promoted[:ROLLBACK_DEPTH]}
    wanted |= {r.id for r in rows if r.active}
    removed = []
    for row in rows:
        if row.id in wanted:
            continue
        try:
            path = model_path(current_app.config["MODEL_DIR"], row.filename)
        except ModelUnavailable:
            continue  # not ours to delete
        if not path.exists():
            continue
        path.unlink()
        path.with_suffix(".json").unlink(missing_ok=True)
        removed.append(row.version)
    if removed:
        log.info("deleted the files of %d old spam models: %s", len(removed), ", ".join(removed))
    return removed


def rollback() -> SpamModel | None:
    """Re-activate the model that was active before the current one; None if there is none.

    A model whose file was pruned is passed over for the one promoted before it.
    """
    current = SpamModel.active_model()
    query = select(SpamModel).where(SpamModel.promoted_at.is_not(None))
    if current is not None:
        query = query.where(SpamModel.id != current.id)
    for previous in db.session.scalars(query.order_by(SpamModel.promoted_at.desc(), SpamModel.id.desc())):
        if file_present(previous):
            previous.promote()
            db.session.commit()
            return previous
    return None


def file_present(row: SpamModel) -> bool:
    try:
        return model_path(current_app.config["MODEL_DIR"], row.filename).is_file()
    except ModelUnavailable:
        return False


# --- evaluation protocols ---------------------------------------------------------------------

def tubespam_split(labels: Sequence[int], share: float = 0.7) -> tuple[list[int], list[int]]:
    """Split as the TubeSpam paper did: the first 70% of each class, in file order, train."""
    train_idx: list[int] = []
    test_idx: list[int] = []
    for cls in (0, 1):
        members = [i for i, label in enumerate(labels) if label == cls]
        cut = int(len(members) * share)
        train_idx += members[:cut]
        test_idx += members[cut:]
    return sorted(train_idx), sorted(test_idx)


def cross_validate(data: Labelled, folds: int = 5, progress: Progress | None = None,
                   seed: int = 20151) -> tuple[list[int], list[float]]:
    """Return labels and out-of-fold scores of stratified k-fold cross-validation."""
    y = np.asarray(data.labels)
    if min(np.bincount(y, minlength=2)) < folds:
        raise ValueError(f"cross-validation needs at least {folds} samples of each class")
    scores = np.zeros(len(y))
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for k, (tr, te) in enumerate(splitter.split(np.zeros(len(y)), y)):
        model = train(data.take(tr), evaluate_folds=0)
        scores[te] = model.score_many([data.samples[i] for i in te])
        if progress:
            progress(int(100 * (k + 1) / folds))
    return y.tolist(), scores.tolist()


# --- learning from moderators -----------------------------------------------------------------

def _at_least_as_good(candidate: dict[str, Any], active: dict[str, Any]) -> bool:
    def key(m: dict[str, Any]) -> tuple[float, float, float]:
        return (round(m["mcc"], 9), round(m["f1"], 9), round(m["accuracy"], 9))

    return key(candidate) >= key(active)


def retrain_if_due(min_decisions: int | None = None, progress: Progress | None = None,
                   force: bool = False) -> dict[str, Any]:
    """Retrain from decisions when enough arrived since the last attempt; promote if no worse."""
    needed = min_decisions or current_app.config["RETRAIN_MIN_DECISIONS"]
    since = db.session.scalar(select(func.max(SpamModel.decisions_until))) or 0
    new = db.session.scalar(
        select(func.count()).select_from(Decision).where(
            Decision.id > since,
            # Only people's verdicts: the worker's own are auto_approve and auto_spam.
            Decision.action.in_((DecisionAction.APPROVE, DecisionAction.SPAM)),
        )
    ) or 0
    if new < needed and not force:
        return {"retrained": False, "promoted": False, "new_decisions": new,
                "message": f"{new} new decisions since the last training, waiting for {needed}"}

    labelled, until = decision_corpus()
    n_holdout = math.ceil(len(labelled) * HOLDOUT_SHARE)
    if len(labelled) < 2 or n_holdout == 0:
        return {"retrained": False, "promoted": False, "new_decisions": new,
                "message": f"only {len(labelled)} labelled decisions: too few to hold any out"}
    cut = len(labelled) - n_holdout
    learn, holdout = labelled.take(range(cut)), labelled.take(range(cut, len(labelled)))
    candidate = train(starter_corpus() + learn, progress=progress, evaluate_folds=0)
    candidate_metrics = evaluate(holdout.labels, candidate.score_many(holdout.samples))

    active_row = SpamModel.active_model()
    active_metrics = None
    if active_row is not None:
        try:
            active = load_model(active_row)
            active_metrics = evaluate(holdout.labels, active.score_many(holdout.samples))
        except (OSError, ValueError, ModelUnavailable) as error:
            log.warning("the active model %s cannot be loaded (%s); the candidate replaces it",
                        active_row.version, error)
    promote = active_metrics is None or _at_least_as_good(candidate_metrics, active_metrics)
    candidate.metadata["holdout"] = {
        "n": len(holdout),
        "share": HOLDOUT_SHARE,
        "candidate": candidate_metrics,
        "active": active_metrics,
        "active_version": active_row.version if active_row else None,
        "trained_on_decisions": len(learn),
    }
    row = register(candidate, "decisions", decisions_until=until, promote=promote)
    prune_model_files()

    def mcc(m: dict[str, Any] | None) -> str:
        return "none" if m is None else f"{m['mcc']:.3f}"

    verdict = "promoted" if promote else "kept the active model"
    return {
        "retrained": True,
        "promoted": promote,
        "version": row.version,
        "new_decisions": new,
        "holdout": len(holdout),
        "candidate": candidate_metrics,
        "active": active_metrics,
        "message": (f"trained {row.version} on {len(learn)} decisions + the starter corpus; "
                    f"held-out MCC {mcc(candidate_metrics)} vs active {mcc(active_metrics)}: {verdict}"),
    }
