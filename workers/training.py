"""Learn from the site's moderators: the decisions as a corpus, and retraining when enough arrive.

Approved comments are ham and comments a moderator put in spam are spam; rejected comments are not
labels (a rejection says "off topic", not "spam"). Each site is counted on its own: a site that is
new retrains early (RETRAIN_SCHEDULE, by default after its 10th, 25th and 50th decision) and then
every RETRAIN_MIN_DECISIONS, even on a service whose other sites have thousands of decisions. The
round itself is ``spam.learning.retrain_round``: the decisions weigh more than the starter corpus as
they accumulate, and the candidate is promoted only when it does at least as well as the active
model on the newest decisions, which it did not see. One model serves every site and learns from
all their decisions: one row to load on every worker. (Replaying the YouTube files, a model per site
did a little better, mostly fewer false positives, and a new site's early candidates are judged on
a held-out set that other sites' decisions dominate; a model per site is the next step.)
This module only joins that to the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import current_app
from sqlalchemy import case, func, select

from models import Decision, DecisionAction, SpamModel, db
from models.samples import decision_corpus
from models.spam_model import ModelUnavailable, prune_models, register_model
from spam import starter_corpus
from spam.learning import next_retrain_at, retrain_round

__all__ = ["due_sites", "retrain_if_due"]

log = logging.getLogger(__name__)
Progress = Callable[[int], None]
# Only people's verdicts count: the worker's own are auto_approve and auto_spam.
LABELLING_ACTIONS = (DecisionAction.APPROVE, DecisionAction.SPAM)


def due_sites(since: int, early: tuple[int, ...], every: int) -> tuple[list[int], int]:
    """Return the sites whose decision count crossed a retraining point since decision ``since``.

    Also returns how many people's decisions arrived after ``since`` in all.
    """
    rows = db.session.execute(
        select(
            Decision.site_id,
            func.count(),
            func.sum(case((Decision.id <= since, 1), else_=0)),
        )
        .where(Decision.action.in_(LABELLING_ACTIONS))
        .group_by(Decision.site_id)
    ).all()
    due, new = [], 0
    for site_id, total, before in rows:
        before = int(before or 0)
        new += total - before
        if total >= next_retrain_at(before, early, every):
            due.append(site_id)
    return due, new


def retrain_if_due(*, early: tuple[int, ...] | None = None, every: int | None = None,
                   progress: Progress | None = None, force: bool = False) -> dict[str, Any]:
    """Retrain when a site reached its next point on the schedule; promote the candidate if no worse."""
    early = current_app.config["RETRAIN_SCHEDULE"] if early is None else early
    every = every or current_app.config["RETRAIN_MIN_DECISIONS"]
    since = db.session.scalar(select(func.max(SpamModel.decisions_until))) or 0
    due, new = due_sites(since, early, every)
    if not due and not force:
        return {"retrained": False, "promoted": False, "new_decisions": new,
                "message": f"{new} new decisions since the last training; no site reached its next "
                           f"retraining point ({', '.join(map(str, early))}, then every {every})"}

    labelled, until = decision_corpus()
    active_row = SpamModel.active_model()
    active = None
    if active_row is not None:
        try:
            active = active_row.load()
        except ModelUnavailable as error:
            log.warning("the active model %s cannot be loaded (%s); the candidate replaces it",
                        active_row.version, error)
    rnd = retrain_round(starter_corpus(), labelled, active,
                        match_at=current_app.config["RETRAIN_DECISIONS_MATCH_STARTER"],
                        progress=progress)
    if rnd is None:
        return {"retrained": False, "promoted": False, "new_decisions": new,
                "message": f"only {len(labelled)} labelled decisions: too few to hold any out"}
    rnd.candidate.metadata["holdout"]["active_version"] = active_row.version if active_row else None
    rnd.candidate.metadata["holdout"]["due_sites"] = due
    row = register_model(rnd.candidate, "decisions", decisions_until=until, promote=rnd.promote)
    prune_models()

    def mcc(m: dict[str, Any] | None) -> str:
        return "none" if m is None else f"{m['mcc']:.3f}"

    verdict = "promoted" if rnd.promote else "kept the active model"
    return {
        "retrained": True,
        "promoted": rnd.promote,
        "version": row.version,
        "new_decisions": new,
        "holdout": rnd.held_out,
        "candidate": rnd.candidate_metrics,
        "active": rnd.active_metrics,
        "message": (f"trained {row.version} on {rnd.learned} decisions + the starter corpus; "
                    f"held-out MCC {mcc(rnd.candidate_metrics)} vs active {mcc(rnd.active_metrics)}: "
                    f"{verdict}"),
    }
