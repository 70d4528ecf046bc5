"""Judge a spam model: metrics, the TubeSpam split and cross-validation.

Every protocol the CLI, the benchmarks and the tests use lives here once, so a figure printed by
``flask spam evaluate`` and one printed by ``bench/classifier.py`` on the same file always agree.
Metrics come from ``sklearn.metrics``; a score at or above the threshold counts as spam.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    matthews_corrcoef,
    precision_recall_fscore_support,
    roc_auc_score,
)
from sklearn.model_selection import GroupKFold, StratifiedKFold

from .corpora import Labelled

__all__ = ["TUBESPAM_TRAIN_SHARE", "cross_validate", "evaluate", "tubespam_split"]

# The TubeSpam paper trains on the first 70% of each class, in file order.
TUBESPAM_TRAIN_SHARE = 0.7


def evaluate(y_true: Sequence[int], y_score: Sequence[float], threshold: float = 0.5) -> dict[str, Any]:
    """Return accuracy, precision, recall, f1 (spam), mcc, fpr, roc_auc, confusion and n."""
    t = np.asarray(y_true, dtype=np.int64)
    s = np.asarray(y_score, dtype=np.float64)
    p = (s >= threshold).astype(np.int64)
    if len(t) == 0:
        raise ValueError("nothing to evaluate: no labelled comments")
    (tn, fp), (fn, tp) = confusion_matrix(t, p, labels=[0, 1]).tolist()
    precision, recall, f1, _ = precision_recall_fscore_support(
        t, p, labels=[1], average=None, zero_division=0
    )
    both = len(np.unique(t)) == 2
    return {
        "accuracy": float(accuracy_score(t, p)),
        "precision": float(precision[0]),
        "recall": float(recall[0]),
        "f1": float(f1[0]),
        "mcc": float(matthews_corrcoef(t, p)) if len(np.unique(np.r_[t, p])) > 1 else 0.0,
        # The share of real readers' comments the filter would hold as spam.
        "fpr": fp / (fp + tn) if fp + tn else 0.0,
        "roc_auc": float(roc_auc_score(t, s)) if both else None,
        "confusion": [[tn, fp], [fn, tp]],
        "n": int(len(t)),
    }


def tubespam_split(labels: Sequence[int], share: float = TUBESPAM_TRAIN_SHARE) -> tuple[list[int], list[int]]:
    """Return (train, test) indices: the first ``share`` of each class, in file order, trains.

    The cut is rounded to the nearest comment, so 0.7 of 175 comments trains on 123 of them.
    """
    train_idx: list[int] = []
    test_idx: list[int] = []
    for cls in (0, 1):
        members = [i for i, label in enumerate(labels) if label == cls]
        cut = round(len(members) * share)
        train_idx += members[:cut]
        test_idx += members[cut:]
    return sorted(train_idx), sorted(test_idx)


def cross_validate(data: Labelled, fit: Callable[[Labelled], Any], folds: int = 5,
                   progress: Callable[[int], None] | None = None,
                   seed: int = 20151,
                   groups: Sequence[str] | None = None) -> tuple[list[int], list[float]]:
    """Return labels and out-of-fold scores of stratified k-fold cross-validation.

    ``fit`` trains a model on a ``Labelled`` set and returns something with ``score_many``.
    With ``groups`` (a family name per comment, such as the starter corpus's ``kind``), each
    family is held out whole: the model is judged on kinds of comment it never saw, which is
    what a new site asks of it.
    """
    y = np.asarray(data.labels)
    if min(np.bincount(y, minlength=2)) < folds:
        raise ValueError(f"cross-validation needs at least {folds} samples of each class")
    scores = np.zeros(len(y))
    if groups is not None:
        if len(groups) != len(y) or len(set(groups)) < folds:
            raise ValueError(f"grouped cross-validation needs a group per sample and {folds} groups")
        splits = GroupKFold(folds).split(np.zeros(len(y)), y, np.asarray(groups))
    else:
        splits = StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y)
    for k, (tr, te) in enumerate(splits):
        model = fit(data.take(tr))
        scores[te] = model.score_many([data.samples[i] for i in te])
        if progress:
            progress(int(100 * (k + 1) / folds))
    return y.tolist(), scores.tolist()
