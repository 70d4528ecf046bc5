"""Replay a labelled set as a live site would have seen it, and draw its learning curve.

Each comment is scored by the model of the moment before its label is known; then its label
becomes a moderator's decision, and on the retraining schedule a candidate is trained on the
starter corpus and the decisions so far and promoted only if it does at least as well on the
newest decisions (``spam.learning.retrain_round``, the same round the live worker runs). The
figures over the stream are therefore what a site owner would have lived through. The rule not to
break: a comment's score is always computed before its own label is used for anything.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .classifier import SpamClassifier, train
from .corpora import Labelled
from .evaluation import evaluate
from .learning import DECISIONS_MATCH_STARTER_AT, RETRAIN_EARLY, next_retrain_at, retrain_round

__all__ = ["Block", "ReplayResult", "Retraining", "draw_learning_curve", "replay", "shuffled"]

BLOCK = 100


@dataclass(frozen=True)
class Block:
    """Metrics over one block of the stream (comments ``start`` to ``end - 1``)."""

    start: int
    end: int
    spam: int
    mcc: float
    fpr: float


@dataclass(frozen=True)
class Retraining:
    """One round: after how many decisions, and whether the candidate replaced the model."""

    at: int
    promoted: bool
    candidate_mcc: float
    active_mcc: float | None


@dataclass
class ReplayResult:
    """The stream's labels and scores, the metrics over it, per block, and the model it ended with."""

    labels: list[int]
    scores: list[float]
    metrics: dict[str, Any]
    blocks: list[Block] = field(default_factory=list)
    retrainings: list[Retraining] = field(default_factory=list)
    model: Any = None


def shuffled(data: Labelled, seed: int) -> Labelled:
    """Return the same comments in a random order fixed by ``seed``."""
    order = list(range(len(data)))
    random.Random(seed).shuffle(order)
    return data.take(order)


def _blocks(labels: Sequence[int], scores: Sequence[float], size: int) -> list[Block]:
    out = []
    for start in range(0, len(labels), size):
        end = min(start + size, len(labels))
        m = evaluate(labels[start:end], scores[start:end])
        out.append(Block(start, end, sum(labels[start:end]), m["mcc"], m["fpr"]))
    return out


def replay(stream: Labelled, base: Labelled, *, early: Sequence[int] = RETRAIN_EARLY, every: int = 50,
           match_at: int = DECISIONS_MATCH_STARTER_AT, others: Labelled | None = None,
           initial: SpamClassifier | None = None, block: int = BLOCK,
           progress: Callable[[int, int], None] | None = None) -> ReplayResult:
    """Replay ``stream`` in its order on top of ``base`` (the starter corpus); see the module.

    ``others`` are decisions the model already had from other sites (a shared model); ``initial``
    is the day-one model (trained on ``base`` when not given). ``progress(done, total)`` is called
    after each stretch of comments scored.
    """
    if not stream:
        raise ValueError("nothing to replay: no labelled comments")
    if every < 1:
        raise ValueError("retraining every fewer than 1 decision makes no sense")
    others = others or Labelled()
    model: Any = initial or train(base + others, evaluate_folds=0)
    scores: list[float] = []
    retrainings: list[Retraining] = []
    done = trained_with = 0
    while done < len(stream):
        upto = min(next_retrain_at(trained_with, early, every), len(stream))
        # The model does not change between retrainings, so a stretch is scored in one call.
        scores += model.score_many(stream.samples[done:upto])
        done = upto
        if progress:
            progress(done, len(stream))
        if done == len(stream):
            break
        trained_with = done
        rnd = retrain_round(base, others + stream.take(range(done)), model, match_at=match_at)
        if rnd is None:
            continue
        active_mcc = None if rnd.active_metrics is None else rnd.active_metrics["mcc"]
        retrainings.append(Retraining(done, rnd.promote, rnd.candidate_metrics["mcc"], active_mcc))
        if rnd.promote:
            model = rnd.candidate
    labels = list(stream.labels)
    return ReplayResult(labels, scores, evaluate(labels, scores), _blocks(labels, scores, block),
                        retrainings, model)


def draw_learning_curve(result: ReplayResult, path: str | Path, title: str = "") -> Path:
    """Write a PNG of MCC and false-positive rate per block; return its path.

    Drawn with Pillow, which the service already needs for its CAPTCHA, rather than a plotting
    library: two lines on a 0 to 1 scale need no more.
    """
    from PIL import Image, ImageDraw, ImageFont

    width, height, left, right, top, bottom = 800, 420, 60, 20, 40, 50
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    plot_w, plot_h = width - left - right, height - top - bottom
    ends = [b.end for b in result.blocks]
    total = ends[-1] if ends else 1

    def xy(count: int, value: float) -> tuple[float, float]:
        # MCC can dip below 0: the axis runs from -0.2 so a bad block stays visible.
        v = max(-0.2, min(1.0, value))
        return left + plot_w * count / total, top + plot_h * (1.0 - (v + 0.2) / 1.2)

    for tick in (-0.2, 0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        _, y = xy(0, tick)
        draw.line([(left, y), (width - right, y)], fill=(225, 225, 225))
        draw.text((8, y - 6), f"{tick:+.1f}", fill="black", font=font)
    for b in result.blocks:
        x, _ = xy(b.end, 0)
        draw.text((x - 12, height - bottom + 8), str(b.end), fill="black", font=font)
    for r in result.retrainings:
        x, _ = xy(r.at, 0)
        draw.line([(x, top), (x, height - bottom)], fill=(200, 200, 255) if r.promoted else (240, 240, 240))
    series = [("MCC", [b.mcc for b in result.blocks], (0, 90, 200)),
              ("false-positive rate", [b.fpr for b in result.blocks], (210, 60, 30))]
    for i, (name, values, colour) in enumerate(series):
        points = [xy(e, v) for e, v in zip(ends, values, strict=True)]
        if len(points) > 1:
            draw.line(points, fill=colour, width=3)
        for x, y in points:
            draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=colour)
        key_x = left + 10 + 200 * i
        draw.line([(key_x, 18), (key_x + 20, 18)], fill=colour, width=3)
        draw.text((key_x + 26, 12), name, fill=colour, font=font)
    draw.text((left + 420, 12), title[:45], fill="black", font=font)
    draw.text((left + plot_w // 2 - 60, height - 20), "comments replayed", fill="black", font=font)
    path = Path(path)
    image.save(path, format="PNG")
    return path
