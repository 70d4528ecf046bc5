"""Learn from the site's moderators: the decisions as a corpus, and retraining when enough arrive.

Approved comments are ham and comments a moderator put in spam are spam; rejected comments are not
labels (a rejection says "off topic", not "spam"). Retraining holds out the newest fifth of the
labelled decisions and promotes the candidate only when it scores at least as well on them as the
active model (MCC, then spam F1, then accuracy), so a model is never judged on what it learned from.
Training itself (``spam``) and the model registry (``models.spam_model``) live elsewhere; this module
only joins them to the database's decisions.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from models import Decision, DecisionAction, SpamModel, db
from models.samples import decision_corpus
from models.spam_model import ModelUnavailable, prune_model_files, register_model
from spam import evaluate, starter_corpus, train

__all__ = ["HOLDOUT_SHARE", "retrain_if_due"]

log = logging.getLogger(__name__)
HOLDOUT_SHARE = 0.2
Progress = Callable[[int], None]


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
            active = active_row.load()
            active_metrics = evaluate(holdout.labels, active.score_many(holdout.samples))
        except ModelUnavailable as error:
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
    row = register_model(candidate, "decisions", decisions_until=until, promote=promote)
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
