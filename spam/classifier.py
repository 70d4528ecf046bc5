"""The spam classifier: train, score, explain, save and load one model.

A model is the named-step ``Pipeline`` from ``spam.features.build_pipeline``: ``normalise``,
``features`` and ``model`` (a balanced, L2-regularised ``LogisticRegression``, whose log-loss fit
gives probabilities usable as they are, and whose coefficients times feature values are the reasons
``explain`` reports). Training is deterministic. ``judge`` is what the worker calls: it normalises
and featurises a comment once and returns the score, the reasons and the counts the site's policy
needs. Models are saved with skops, as a file or as bytes for the database, and loaded only after
every type inside has been checked against an allow-list: a model is data, never code. A model
saved with another feature layout (``spam.features.LAYOUT``) is refused in one line: this code
would compute different columns for it.
"""

from __future__ import annotations

import json
import platform
import secrets
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import scipy
import scipy.sparse as sp
import sklearn
import skops.io
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from .corpora import STARTER_SOURCE, Labelled
from .evaluation import evaluate
from .features import (
    DEFAULT_OPTIONS,
    LAYOUT,
    RANDOM_STATE,
    RAW_COLUMNS,
    SPAM_PRIOR,
    CueFeatures,
    HashedNgrams,
    PromotionFeatures,
    Sample,
    StructureFeatures,
    TextNormaliser,
    build_pipeline,
)
from .reasons import Reason, pick_reasons

__all__ = ["Judgement", "MODEL_SUFFIX", "SpamClassifier", "train"]

MODEL_SUFFIX = ".skops"
# How many of a comment's strongest hashed n-grams per group are named as candidate reasons.
_NAMED_NGRAMS = 24


@dataclass(frozen=True)
class Judgement:
    """A comment's score, its reasons, and the counts the site's policy reads."""

    score: float
    reasons: list[Reason]
    links: int


def _assume_prior(model: Any, spam_prior: float) -> None:
    """Move a balanced model's intercept from a prior of one half to ``spam_prior``.

    With both classes weighed equally the fit's log-odds assume half the comments are spam; adding
    logit(prior) makes its probabilities those of a stream with that share (the scores and the
    reasons' sum move together: the intercept is not a reason).
    """
    if not 0.0 < spam_prior < 1.0:
        raise ValueError(f"spam_prior must be between 0 and 1, not {spam_prior}")
    if spam_prior == 0.5:
        return
    model.intercept_ = model.intercept_ + float(np.log(spam_prior / (1.0 - spam_prior)))


def _new_version() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)


def _library_versions() -> dict[str, str]:
    return {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "skops": skops.__version__,
        "python": platform.python_version(),
    }


class SpamClassifier:
    """A trained pipeline with its version and metadata."""

    def __init__(self, pipeline: Pipeline, version: str, metadata: dict[str, Any]) -> None:
        self.pipeline = pipeline
        self.version = version
        self.metadata = metadata

    # -- training ------------------------------------------------------------------------------

    @classmethod
    def train(
        cls,
        samples: Sequence[Sample],
        labels: Sequence[int],
        *,
        sources: Sequence[str] | None = None,
        progress: Callable[[int], None] | None = None,
        evaluate_folds: int = 3,
        sample_weight: Sequence[float] | None = None,
        options: dict[str, Any] | None = None,
    ) -> SpamClassifier:
        """Fit a new model; report progress in percent; record cross-validated metrics.

        ``sample_weight`` (one per sample, default 1) lets a site's own decisions count for more
        than the starter corpus; ``options`` overrides ``spam.features.DEFAULT_OPTIONS``. With
        ``STARTER_SOURCE`` among ``sources`` the model assumes ``spam.features.SPAM_PRIOR``.
        """
        report = progress or (lambda _pct: None)
        y = np.asarray([int(v) for v in labels], dtype=np.int64)
        if len(samples) != len(y):
            raise ValueError(f"{len(samples)} samples but {len(y)} labels")
        if not set(np.unique(y)) <= {0, 1} or len(np.unique(y)) < 2:
            raise ValueError("labels must be 0 (ham) and 1 (spam), with both present")
        srcs = list(sources) if sources is not None else ["unknown"] * len(y)
        if len(srcs) != len(y):
            raise ValueError(f"{len(samples)} samples but {len(srcs)} sources")
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if w.shape != y.shape:
            raise ValueError(f"{len(samples)} samples but {len(w)} weights")
        report(0)
        opts = {**DEFAULT_OPTIONS, **(options or {})}
        if opts["spam_prior"] is None:
            opts["spam_prior"] = SPAM_PRIOR if STARTER_SOURCE in srcs else 0.5
        pipeline = build_pipeline(options)
        # The normaliser is stateless: run it once and fit (and cross-validate) the rest on its
        # output, which is most of the cost of training.
        rows = pipeline.named_steps["normalise"].transform(samples)
        report(20)

        metrics: dict[str, Any] = {}
        min_class = int(min(np.bincount(y)))
        if evaluate_folds >= 2 and min_class >= evaluate_folds:
            oof = np.zeros(len(y))
            folds = StratifiedKFold(evaluate_folds, shuffle=True, random_state=RANDOM_STATE)
            for k, (tr, te) in enumerate(folds.split(rows, y)):
                fold = clone(pipeline[1:]).fit(rows[tr], y[tr], model__sample_weight=w[tr])
                _assume_prior(fold.named_steps["model"], opts["spam_prior"])
                oof[te] = fold.predict_proba(rows[te])[:, 1]
                report(20 + int(60 * (k + 1) / evaluate_folds))
            metrics = {"cross_validated": evaluate_folds, **evaluate(y, oof)}
        pipeline[1:].fit(rows, y, model__sample_weight=w)
        _assume_prior(pipeline.named_steps["model"], opts["spam_prior"])
        report(95)

        counts: dict[str, dict[str, int]] = {}
        for src, label in zip(srcs, y, strict=True):
            entry = counts.setdefault(src, {"spam": 0, "ham": 0})
            entry["spam" if label == 1 else "ham"] += 1
        features = pipeline.named_steps["features"]
        feature_counts = {
            name: (t.n_features if isinstance(t, HashedNgrams) else len(t.get_feature_names_out()))
            for name, t, _ in features.transformers_ if name != "remainder"
        }
        metadata = {
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "training_counts": counts,
            "n_samples": int(len(y)),
            "metrics": metrics,
            "libraries": _library_versions(),
            "feature_counts": feature_counts,
            "params": {**opts, "random_state": RANDOM_STATE, "layout": LAYOUT},
        }
        report(100)
        return cls(pipeline, _new_version(), metadata)

    # -- scoring -------------------------------------------------------------------------------

    def score(self, sample: Sample) -> float:
        """Return P(spam) for one comment."""
        return self.score_many([sample])[0]

    def score_many(self, samples: Sequence[Sample]) -> list[float]:
        """Return P(spam) for each comment, in order."""
        if not samples:
            return []
        rows = self.pipeline.named_steps["normalise"].transform(samples)
        x = self._features(rows)
        return self.pipeline.named_steps["model"].predict_proba(x)[:, 1].tolist()

    def _blocks(self, rows: np.ndarray) -> list[tuple[str, Any, sp.csr_matrix]]:
        """Do what the ``features`` step does, group by group, without its per-call overhead.

        ``ColumnTransformer.transform`` validates and dispatches on every call, which costs more
        than the vectorisers themselves for one comment; the result is the same matrix
        (tests/unit/test_classifier.py checks it against ``pipeline.predict_proba``).
        """
        features = self.pipeline.named_steps["features"]
        weights = features.transformer_weights or {}
        blocks = []
        for name, transformer, columns in features.transformers_:
            if transformer == "drop" or name == "remainder":
                continue
            block = transformer.transform(rows[:, columns])
            weight = weights.get(name, 1.0)
            blocks.append((name, transformer, block if weight == 1.0 else block * weight))
        return blocks

    def _features(self, rows: np.ndarray) -> sp.csr_matrix:
        return sp.hstack([b for _, _, b in self._blocks(rows)], format="csr")

    # -- explaining ----------------------------------------------------------------------------

    def explain(self, sample: Sample, top: int = 5) -> list[Reason]:
        """Return the features that pushed this comment's score most, strongest first."""
        return self.judge(sample, top).reasons

    def judge(self, sample: Sample, top: int = 5) -> Judgement:
        """Score and explain one comment, normalising and featurising it once.

        The worker needs the score, the reasons and the link count for every comment; this is
        the only place that text work happens for it.
        """
        normaliser = self.pipeline.named_steps["normalise"]
        model = self.pipeline.named_steps["model"]
        features = self.pipeline.named_steps["features"]
        weights = features.transformer_weights or {}
        rows = normaliser.transform([sample])
        coef = np.ravel(model.coef_)
        names: list[str] = []
        contributions: list[np.ndarray] = []
        offset = 0
        logit = float(model.intercept_[0])
        # Group by group as ``_blocks`` does, but on plain arrays: for one comment, building
        # sparse matrices costs more than the arithmetic.
        for group, transformer, columns in features.transformers_:
            if transformer == "drop" or group == "remainder":
                continue
            weight = weights.get(group, 1.0)
            if isinstance(transformer, HashedNgrams):
                column = 1 if group == "cased" else 0
                indices, values, namer = transformer.one(str(rows[0, column]))
                width = transformer.n_features
            else:
                dense = transformer.dense(rows[:, columns])[0]
                indices = np.flatnonzero(dense)
                values, width = dense[indices], len(dense)
            pushes = values * weight * coef[offset + indices]
            logit += float(pushes.sum())
            if isinstance(transformer, HashedNgrams):
                # Only the strongest n-grams can become reasons; naming the rest would cost more
                # than scoring. Hashing keeps no vocabulary: the comment's own n-grams name them.
                keep = np.argsort(-np.abs(pushes), kind="stable")[:_NAMED_NGRAMS]
                pushes, indices = pushes[keep], indices[keep]
                by_column = namer(indices.tolist())
                names += [f"{group}__{by_column.get(int(j), '?')}" for j in indices]
            else:
                own = transformer.get_feature_names_out()
                names += [f"{group}__{own[j]}" for j in indices]
            contributions.append(pushes)
            offset += width
        score = float(1.0 / (1.0 + np.exp(-logit)))
        reasons = pick_reasons(names, np.concatenate(contributions), logit, rows[0],
                               normaliser.n_text, top)
        links = int(rows[0, normaliser.n_text + RAW_COLUMNS.index("links")])
        return Judgement(score=score, reasons=reasons, links=links)

    # -- persistence ---------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """Serialise the model and its metadata with skops (for a file or a database row)."""
        payload = {
            "format": LAYOUT,
            "version": self.version,
            "metadata_json": json.dumps(self.metadata, sort_keys=True),
            "pipeline": self.pipeline,
        }
        # Deflate: the hashed weights are mostly zeros where no training n-gram landed.
        return skops.io.dumps(payload, compression=zipfile.ZIP_DEFLATED)

    @classmethod
    def from_bytes(cls, data: bytes, origin: str = "model") -> SpamClassifier:
        """Load bytes made by ``to_bytes``, refusing any type outside the allow-list.

        ``origin`` names where the bytes came from in error messages (a path, a version).
        """
        try:
            untrusted = skops.io.get_untrusted_types(data=data)
        except Exception as exc:  # corrupt zip, not a skops payload, ...
            raise ValueError(f"{origin}: not a readable skops model ({exc})") from exc
        refused = sorted(t for t in untrusted if not _type_allowed(t))
        if refused:
            raise ValueError(
                f"{origin}: refusing to load: types outside the allow-list: {', '.join(refused)}"
            )
        payload = skops.io.loads(data, trusted=list(untrusted))
        if not isinstance(payload, dict) or not isinstance(payload.get("pipeline"), Pipeline):
            raise ValueError(f"{origin}: not a spam model saved by SpamClassifier")
        if payload.get("format") != LAYOUT:
            raise ValueError(
                f"{origin}: saved by an earlier version of the classifier (layout "
                f"{payload.get('format')}, this one reads {LAYOUT}); it cannot be scored and needs "
                "retraining (flask spam train --starter, or --decisions)"
            )
        metadata = json.loads(payload.get("metadata_json", "{}"))
        return cls(payload["pipeline"], str(payload.get("version") or origin), metadata)

    def save(self, directory: Path) -> Path:
        """Write ``<version>.skops`` and ``<version>.json`` into directory; return the .skops path."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.version}{MODEL_SUFFIX}"
        tmp = path.with_suffix(".skops.tmp")
        tmp.write_bytes(self.to_bytes())
        tmp.replace(path)  # a reader never sees a half-written model
        meta = {"version": self.version, **self.metadata}
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
        return path

    @classmethod
    def load(cls, path: Path) -> SpamClassifier:
        """Load a model saved by ``save``, refusing any type outside the allow-list."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValueError(f"{path}: cannot read the model file ({exc.strerror or exc})") from exc
        model = cls.from_bytes(data, origin=str(path))
        if model.version == str(path):
            model.version = path.stem
        return model


def train(data: Labelled, progress: Callable[[int], None] | None = None,
          evaluate_folds: int = 3, sample_weight: Sequence[float] | None = None) -> SpamClassifier:
    """Fit a new model on a labelled set; ValueError when one class is missing."""
    return SpamClassifier.train(data.samples, data.labels, sources=data.sources, progress=progress,
                                evaluate_folds=evaluate_folds, sample_weight=sample_weight)


# Types a model file may contain beyond skops' defaults: our own steps, and scikit-learn, numpy and
# scipy.sparse internals. Anything else (a function, another package's class) is refused.
_OWN_TYPES = frozenset(
    f"{cls.__module__}.{cls.__qualname__}"
    for cls in (TextNormaliser, StructureFeatures, PromotionFeatures, CueFeatures, HashedNgrams)
)
_ALLOWED_PREFIXES = ("sklearn.", "numpy.", "scipy.sparse.")


def _type_allowed(name: str) -> bool:
    return name in _OWN_TYPES or name.startswith(_ALLOWED_PREFIXES)
