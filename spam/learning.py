"""Learning from a site's moderators: when to retrain, how much decisions weigh, and one gated round.

A new site retrains early (after 10, 25 and 50 decisions by default) and then every ``every``
decisions; its own decisions weigh more than the starter corpus as they accumulate; and a candidate
model replaces the active one only when it does at least as well on the newest decisions, which it
did not see. The live worker (``workers.training``) and the replay (``spam.replay``) both run their
rounds through ``retrain_round``, so a replayed site learns exactly as a live one would. The rule not
to break: a candidate is never judged on a decision it was trained with.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .classifier import SpamClassifier, train
from .corpora import Labelled
from .evaluation import evaluate
from .features import Sample

__all__ = [
    "DECISIONS_MATCH_STARTER_AT",
    "HOLDOUT_SHARE",
    "RETRAIN_EARLY",
    "Round",
    "at_least_as_good",
    "decision_weight",
    "next_retrain_at",
    "retrain_round",
]

RETRAIN_EARLY: tuple[int, ...] = (10, 25, 50)
HOLDOUT_SHARE = 0.2
# With this many decisions, a site's own decisions weigh as much as the whole starter corpus: each
# weighs len(starter) / this, so their share of the training weight is n / (n + this) and grows
# with their count, without ever letting the starter corpus vanish.
DECISIONS_MATCH_STARTER_AT = 100


class Scorer(Protocol):
    def score_many(self, samples: Sequence[Sample]) -> list[float]: ...


def next_retrain_at(trained_with: int, early: Sequence[int], every: int) -> int:
    """Return the decision count at which the next retraining is due.

    The points are ``early`` and then every ``every`` decisions after the last early one; the
    answer is the first point above ``trained_with``, the count the current model learned from.
    """
    for point in early:
        if point > trained_with:
            return point
    start = early[-1] if early else 0
    steps = (trained_with - start) // every + 1
    return start + steps * every


def decision_weight(n_base: int, match_at: int = DECISIONS_MATCH_STARTER_AT) -> float:
    """Return the training weight of one decision next to ``n_base`` starter rows (never below 1)."""
    return max(1.0, n_base / match_at) if match_at > 0 else 1.0


def at_least_as_good(candidate: dict[str, Any], active: dict[str, Any]) -> bool:
    """Compare held-out metrics: MCC, then spam F1, then accuracy."""
    def key(m: dict[str, Any]) -> tuple[float, float, float]:
        return (round(m["mcc"], 9), round(m["f1"], 9), round(m["accuracy"], 9))

    return key(candidate) >= key(active)


@dataclass
class Round:
    """One retraining: the candidate, its held-out metrics, the active model's, and the verdict."""

    candidate: SpamClassifier
    candidate_metrics: dict[str, Any]
    active_metrics: dict[str, Any] | None
    promote: bool
    learned: int
    held_out: int


def retrain_round(base: Labelled, decisions: Labelled, active: Scorer | None, *,
                  match_at: int = DECISIONS_MATCH_STARTER_AT,
                  progress: Callable[[int], None] | None = None) -> Round | None:
    """Train on ``base`` and the older decisions; gate on the newest ones; None if too few.

    ``decisions`` is in the order they were made. The newest ``HOLDOUT_SHARE`` of them judge the
    candidate against ``active`` (at least as good promotes; no active model promotes).
    """
    n_holdout = math.ceil(len(decisions) * HOLDOUT_SHARE)
    if len(decisions) < 2 or n_holdout == 0:
        return None
    cut = len(decisions) - n_holdout
    learn = decisions.take(range(cut))
    holdout = decisions.take(range(cut, len(decisions)))
    weight = decision_weight(len(base), match_at)
    candidate = train(base + learn, progress=progress, evaluate_folds=0,
                      sample_weight=[1.0] * len(base) + [weight] * len(learn))
    candidate_metrics = evaluate(holdout.labels, candidate.score_many(holdout.samples))
    active_metrics = None
    if active is not None:
        active_metrics = evaluate(holdout.labels, active.score_many(holdout.samples))
    promote = active_metrics is None or at_least_as_good(candidate_metrics, active_metrics)
    candidate.metadata["holdout"] = {
        "n": len(holdout),
        "share": HOLDOUT_SHARE,
        "candidate": candidate_metrics,
        "active": active_metrics,
        "trained_on_decisions": len(learn),
        "decision_weight": weight,
    }
    return Round(candidate, candidate_metrics, active_metrics, promote, len(learn), len(holdout))
