"""A score's reasons as the queue shows them: which way each one pushed, strongest first.

The worker stores each score's reasons as the classifier wrote them ({"feature", "text",
"weight"}, weight > 0 towards spam); this module only sorts, filters and labels them. It must not
import `spam/` (the web processes never load scikit-learn), so the floor below a word is not a
reason is written twice: here for scores stored before the classifier applied it, and as
spam.reasons.WORD_MIN_WEIGHT (a unit test keeps them equal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models import Comment, CommentStatus

__all__ = ["Explanation", "explain", "WORD_MIN_WEIGHT"]

WORD_MIN_WEIGHT = 0.25
SHOWN_TOWARDS_SPAM = 4
SHOWN_TOWARDS_FINE = 3


@dataclass
class Explanation:
    towards_spam: list[str] = field(default_factory=list)
    towards_fine: list[str] = field(default_factory=list)
    # What the site's policy did on its own, when no person has decided yet.
    policy: str | None = None

    def __bool__(self) -> bool:
        return bool(self.towards_spam or self.towards_fine or self.policy)


def _weight(reason: dict[str, Any]) -> float:
    try:
        return float(reason.get("weight") or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _worth_naming(reason: dict[str, Any]) -> bool:
    feature = str(reason.get("feature") or "")
    # A bare word ("words:coming") must push hard to be named; links, phrases the classifier
    # recognises and structure ("words:__url__" is a link) always say something.
    if feature.startswith("words:") and not feature.startswith("words:__"):
        return abs(_weight(reason)) >= WORD_MIN_WEIGHT
    return True


def _policy(comment: Comment) -> str | None:
    if comment.decided_at is not None or comment.score is None:
        return None
    if comment.status == CommentStatus.SPAM:
        threshold = comment.site.spam_threshold
        if threshold is not None and comment.score >= threshold:
            return f"Filed as spam by the site's policy at {threshold:.2f}: no person has looked yet"
        return "Filed as spam by the site's policy: no person has looked yet"
    if comment.status == CommentStatus.APPROVED:
        return "Published by the site's policy (a trusted author with a low score)"
    return None


def explain(comment: Comment) -> Explanation:
    """Return the comment's reasons split by direction, strongest first, and the policy's act."""
    stored = comment.reasons if isinstance(comment.reasons, list) else []
    usable = [r for r in stored if isinstance(r, dict) and r.get("text") and _weight(r) and _worth_naming(r)]
    usable.sort(key=lambda r: -abs(_weight(r)))
    return Explanation(
        towards_spam=[str(r["text"]) for r in usable if _weight(r) > 0][:SHOWN_TOWARDS_SPAM],
        towards_fine=[str(r["text"]) for r in usable if _weight(r) < 0][:SHOWN_TOWARDS_FINE],
        policy=_policy(comment),
    )
