"""Score comments for spam with a small, explainable scikit-learn model.

The model is one named-step ``Pipeline``: ``normalise`` (``TextNormaliser``: the text steps of
``models.textnorm``, the text with its case kept, plus raw structural counts and the client
signals), ``features`` (a ``ColumnTransformer`` of binary TF-IDF over word 1-2-grams and char_wb
2-5-grams of the normalised text and char_wb 2-5-grams of the case-kept text, where capitals, emoji
and punctuation survive, and ``StructureFeatures``: links, domains, shorteners, length, capitals,
digits, repeats, contact details, money, obfuscations, honeypot, seconds-to-submit buckets, author
history and near duplicates, log-scaled, and ``PromotionFeatures``: calls to action, promotion of
the writer's own work, requests for subscribers or likes) and ``model`` (a balanced, L2-regularised
``LogisticRegression``, whose log-loss fit gives probabilities usable as they are, and whose
coefficients times feature values are the reasons ``explain`` reports). Training is deterministic.
The client signals and author history are absent from public corpora, so their weights are learned
only from the rows of a labelled CSV that carry them (the starter corpus has a small, documented
share of such rows, see ``data/make_starter_corpus.py``); where a signal is missing its features are
zero and change nothing. Models are saved with skops plus a JSON copy of their metadata, and loaded
only after every type in the file has been checked against an allow-list.
"""

from __future__ import annotations

import csv
import io
import json
import math
import platform
import re
import secrets
import unicodedata
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
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from .textnorm import SHORTENER_DOMAINS, normalise, strip_invisible, token_domain

__all__ = [
    "Sample",
    "SpamClassifier",
    "Reason",
    "evaluate",
    "load_labelled_csv",
    "CsvFormatError",
    "MODEL_SUFFIX",
]

MODEL_SUFFIX = ".skops"
RANDOM_STATE = 20151
# Regularisation strength and the weight of each feature group, chosen on the starter corpus and
# cross-checked against the YouTube benchmark (bench/classifier.py); larger C fits the n-grams
# harder.
MODEL_C = 20.0
GROUP_WEIGHTS = {"words": 1.0, "chars": 1.0, "cased": 1.0, "structure": 1.0, "promotion": 1.0}
# Word tokens: words, plus runs of "!!"/"??" and money or handle signs, which the default pattern
# drops and which spam leans on.
WORD_TOKENS = r"[\w']+|[!?]{2,}|[$€£%@#]"


@dataclass(frozen=True)
class Sample:
    """One comment and what the site knows about how it arrived."""

    body: str
    author: str = ""
    title: str = ""
    email: str = ""
    honeypot: bool = False
    seconds_to_submit: float | None = None
    author_approved: int = 0
    author_spam: int = 0
    near_duplicates: int = 0


@dataclass(frozen=True)
class Reason:
    """One feature's push on a score, in words a moderator understands."""

    feature: str
    text: str
    weight: float


class CsvFormatError(ValueError):
    """A labelled CSV cannot be read; the message is one line naming the file, row and column."""


# --------------------------------------------------------------------------------------------
# Pipeline steps

# Raw columns after the text, in the order TextNormaliser writes them.
RAW_COLUMNS = (
    "links", "domains", "shorteners", "chars", "caps_share", "digit_share", "repeat_runs",
    "repeat_words", "exclaims", "phones", "emails", "money", "author_link", "obfuscated",
    "honeypot", "seconds", "author_approved", "author_spam", "near_duplicates",
)
_RAW = {name: i for i, name in enumerate(RAW_COLUMNS)}

_UPPER = re.compile(r"[A-Z]")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_RUN = re.compile(r"(.)\1{3,}")
_EXCLAIM = re.compile(r"[!?]{2,}")
_MONEY = re.compile(
    r"[$€£¥]\s?\d|\d\s?(?:%|\$|€|£|k\b|usd\b|eur\b|dollars?\b|euros?\b|bucks\b|percent\b)",
    re.IGNORECASE,
)
_AUTHOR_LINK = re.compile(r"https?://|www\.|\.(?:com|net|org|ru|info|biz|xyz|io|ly)\b", re.IGNORECASE)


_SPACE_RUN = re.compile(r"\s+")


class TextNormaliser(TransformerMixin, BaseEstimator):
    """Turn samples into rows: normalised text, case-kept text, then the counts in ``RAW_COLUMNS``.

    ``cased=False`` leaves the case-kept column out; models saved before that column existed load
    with it unset and keep the layout they were trained on.
    """

    def __init__(self, cased: bool = False) -> None:
        self.cased = cased

    @property
    def n_text(self) -> int:
        """How many text columns come before the raw counts."""
        return 2 if getattr(self, "cased", False) else 1

    def fit(self, X: Sequence[Sample | str], y: Any = None) -> TextNormaliser:
        return self

    def transform(self, X: Sequence[Sample | str]) -> np.ndarray:
        n_text = self.n_text
        out = np.empty((len(X), n_text + len(RAW_COLUMNS)), dtype=object)
        for i, sample in enumerate(X):
            if isinstance(sample, str):
                sample = Sample(body=sample)
            text, cased, counts = _normalise_sample(sample)
            out[i, 0] = text
            if n_text == 2:
                out[i, 1] = cased
            out[i, n_text:] = counts
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        texts = ("text", "cased_text")[: self.n_text]
        return np.asarray((*texts, *RAW_COLUMNS), dtype=object)


def _normalise_sample(sample: Sample) -> tuple[str, str, list[float]]:
    raw = f"{sample.title}\n{sample.body}" if sample.title else sample.body
    norm = normalise(raw)
    visible = strip_invisible(raw)
    # Only invisible characters, compatibility forms and spacing are evened out here: capitals,
    # emoji and punctuation runs are what this column is for.
    cased = _SPACE_RUN.sub(" ", unicodedata.normalize("NFKC", visible)).strip()
    letters = len(_LETTER.findall(visible))
    # A share of capitals means little in a three-word comment ("OMG LOL").
    caps = len(_UPPER.findall(visible)) / letters if letters >= 12 else 0.0
    chars = len(visible.strip())
    digits = len(_DIGIT.findall(visible)) / chars if chars >= 12 else 0.0
    words = norm.text.split()
    repeat_words = 1.0 - len(set(words)) / len(words) if len(words) >= 6 else 0.0
    seconds = sample.seconds_to_submit
    return norm.text, cased, [
        norm.links,
        len({d for d in norm.domains}),
        sum(1 for d in norm.domains if d in SHORTENER_DOMAINS),
        chars,
        caps,
        digits,
        len(_RUN.findall(visible)),
        repeat_words,
        len(_EXCLAIM.findall(visible)),
        norm.phones,
        norm.emails,
        len(_MONEY.findall(visible)),
        1.0 if sample.author and _AUTHOR_LINK.search(sample.author) else 0.0,
        norm.obfuscated,
        1.0 if sample.honeypot else 0.0,
        math.nan if seconds is None else float(seconds),
        max(0, sample.author_approved),
        max(0, sample.author_spam),
        max(0, sample.near_duplicates),
    ]


# Self-promotion, matched on the normalised text (lower case, obfuscations folded). The n-grams
# see these words too, but one by one and diluted by the length of the comment; as a few plain
# yes/no features they say what every kind of comment spam has in common, whatever it sells, which
# is what carries over to comments the model never saw (bench/classifier.py: the starter model,
# which never saw the YouTube files, scores them better with these). A pattern must cover
# the whole family of its words ("subscribe", "subscribers", "sub"), or the model learns the
# pattern in place of the words it leaves out and misses the rest.
PROMOTION_PATTERNS = {
    "call_to_action": re.compile(
        r"\b(?:check (?:it |this |them |him |her |'em )?out|check (?:my|our|me)|visit|"
        r"follow (?:me|my|us|our)|add me|hit me up|look (?:me |us |it |her |him |them )?up|"
        r"go (?:to|watch|listen|check)|click|vote|share (?:this|my|our)|"
        r"support (?:me|my|us|our)|(?:watch|listen to|hear) (?:my|our))\b"
    ),
    "own_promotion": re.compile(
        # "my new channel", but not "my favourite song", which is what fans write.
        r"\b(?:my|our|mah|mi)\s+(?:(?:new|own|latest|first|youtube|music|gaming|little|small|"
        r"official|cover|rap|dance)\s+)?(?:channel|music|video|videos|vids?|song|songs|"
        r"playlist|page|site|website|blog|band|album|mixtape|covers?|instagram|twitter|facebook|"
        r"soundcloud|profile|shop|store|app|game|book|raps?|beats?|account|stream|podcast|tracks?|"
        r"vlogs?)\b"
    ),
    # Asking for subscribers or followers and begging for likes are one request, so a model that
    # learned one from its training data recognises the other.
    "audience_request": re.compile(
        r"\b(?:sub(?:s|bed|bing)?|su\w{0,2}scri\w*|follow(?:s|ers|ing)?|f4f|l4l|sub4sub|"
        r"like (?:this|my|the) comment|like (?:it )?if|give (?:it|this|me) a (?:like|thumbs? up)|"
        r"like 4 like|thumbs? up)\b"
    ),
}
_PROMOTION_TEXT = {
    "call_to_action": "a call to action ('{}')",
    "own_promotion": "promotes the writer's own work ('{}')",
    "audience_request": "asks for subscribers, followers or likes ('{}')",
}


class PromotionFeatures(TransformerMixin, BaseEstimator):
    """Mark, for each normalised text, which of ``PROMOTION_PATTERNS`` it contains (0 or 1)."""

    def fit(self, X: Any, y: Any = None) -> PromotionFeatures:
        self.n_features_in_ = 1
        return self

    def transform(self, X: Any) -> sp.csr_matrix:
        patterns = list(PROMOTION_PATTERNS.values())
        out = np.zeros((len(X), len(patterns)), dtype=np.float64)
        for i, text in enumerate(X):
            for j, pattern in enumerate(patterns):
                if pattern.search(text):
                    out[i, j] = 1.0
        return sp.csr_matrix(out)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(list(PROMOTION_PATTERNS), dtype=object)


STRUCTURE_FEATURES = (
    "links", "domains", "shortener", "length", "short_text", "caps", "digits", "repeated_chars",
    "repeated_words", "exclaims", "phone", "email", "money", "author_link", "obfuscated",
    "honeypot", "seconds_missing", "seconds_lt3", "seconds_lt10", "seconds_normal",
    "author_approved", "author_spam", "near_duplicates",
)


class StructureFeatures(TransformerMixin, BaseEstimator):
    """Scale the raw counts into bounded features (log for counts, buckets for seconds)."""

    def fit(self, X: np.ndarray, y: Any = None) -> StructureFeatures:
        self.n_features_in_ = len(RAW_COLUMNS)
        return self

    def transform(self, X: np.ndarray) -> sp.csr_matrix:
        r = np.asarray(X, dtype=np.float64).reshape(-1, len(RAW_COLUMNS))
        col = r.T
        seconds = col[_RAW["seconds"]]
        missing = np.isnan(seconds)
        secs = np.where(missing, 1e9, seconds)
        feats = np.column_stack(
            [
                np.log1p(col[_RAW["links"]]),
                np.log1p(col[_RAW["domains"]]),
                np.minimum(col[_RAW["shorteners"]], 1.0),
                np.log1p(col[_RAW["chars"]]) / 7.0,
                (col[_RAW["chars"]] < 25).astype(np.float64),
                col[_RAW["caps_share"]],
                col[_RAW["digit_share"]],
                np.minimum(col[_RAW["repeat_runs"]], 5.0) / 5.0,
                col[_RAW["repeat_words"]],
                np.minimum(col[_RAW["exclaims"]], 3.0) / 3.0,
                np.minimum(col[_RAW["phones"]], 1.0),
                np.minimum(col[_RAW["emails"]], 1.0),
                np.minimum(col[_RAW["money"]], 1.0),
                col[_RAW["author_link"]],
                np.log1p(col[_RAW["obfuscated"]]),
                col[_RAW["honeypot"]],
                missing.astype(np.float64),
                (~missing & (secs < 3)).astype(np.float64),
                (~missing & (secs >= 3) & (secs < 10)).astype(np.float64),
                (~missing & (secs >= 10)).astype(np.float64),
                np.log1p(col[_RAW["author_approved"]]),
                np.log1p(col[_RAW["author_spam"]]),
                np.log1p(col[_RAW["near_duplicates"]]),
            ]
        )
        return sp.csr_matrix(feats)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(STRUCTURE_FEATURES, dtype=object)


def build_pipeline() -> Pipeline:
    """Return the untrained pipeline: normalise -> features -> model."""
    # Binary counts: in a comment of a few words, saying "free" twice is no more telling than
    # saying it once.
    words = TfidfVectorizer(
        lowercase=False, ngram_range=(1, 2), binary=True, min_df=1, token_pattern=WORD_TOKENS,
        dtype=np.float64,
    )
    chars = TfidfVectorizer(
        lowercase=False, analyzer="char_wb", ngram_range=(2, 5), binary=True, min_df=2,
        dtype=np.float64,
    )
    cased = TfidfVectorizer(
        lowercase=False, analyzer="char_wb", ngram_range=(2, 5), binary=True, min_df=2,
        dtype=np.float64,
    )
    features = ColumnTransformer(
        [
            ("words", words, 0),
            ("chars", chars, 0),
            ("cased", cased, 1),
            ("structure", StructureFeatures(), slice(2, None)),
            ("promotion", PromotionFeatures(), 0),
        ],
        sparse_threshold=1.0,
        transformer_weights=GROUP_WEIGHTS,
    )
    model = LogisticRegression(
        C=MODEL_C, class_weight="balanced", solver="liblinear", max_iter=1000,
        random_state=RANDOM_STATE,
    )
    return Pipeline(
        [("normalise", TextNormaliser(cased=True)), ("features", features), ("model", model)]
    )


# --------------------------------------------------------------------------------------------
# The classifier


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
        self._feature_names: np.ndarray | None = None

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
    ) -> SpamClassifier:
        """Fit a new model; report progress in percent; record cross-validated metrics."""
        report = progress or (lambda _pct: None)
        y = np.asarray([int(v) for v in labels], dtype=np.int64)
        if len(samples) != len(y):
            raise ValueError(f"{len(samples)} samples but {len(y)} labels")
        if not set(np.unique(y)) <= {0, 1} or len(np.unique(y)) < 2:
            raise ValueError("labels must be 0 (ham) and 1 (spam), with both present")
        srcs = list(sources) if sources is not None else ["unknown"] * len(y)
        if len(srcs) != len(y):
            raise ValueError(f"{len(samples)} samples but {len(srcs)} sources")
        report(0)
        pipeline = build_pipeline()
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
                fold = clone(pipeline[1:]).fit(rows[tr], y[tr])
                oof[te] = fold.predict_proba(rows[te])[:, 1]
                report(20 + int(60 * (k + 1) / evaluate_folds))
            metrics = {"cross_validated": evaluate_folds, **evaluate(y, oof)}
        pipeline[1:].fit(rows, y)
        report(95)

        counts: dict[str, dict[str, int]] = {}
        for src, label in zip(srcs, y, strict=True):
            entry = counts.setdefault(src, {"spam": 0, "ham": 0})
            entry["spam" if label == 1 else "ham"] += 1
        features = pipeline.named_steps["features"]
        metadata = {
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "training_counts": counts,
            "n_samples": int(len(y)),
            "metrics": metrics,
            "libraries": _library_versions(),
            "feature_counts": {
                "words": len(features.named_transformers_["words"].vocabulary_),
                "chars": len(features.named_transformers_["chars"].vocabulary_),
                "cased": len(features.named_transformers_["cased"].vocabulary_),
                "structure": len(STRUCTURE_FEATURES),
                "promotion": len(PROMOTION_PATTERNS),
            },
            "params": {"C": MODEL_C, "group_weights": GROUP_WEIGHTS, "random_state": RANDOM_STATE},
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

    def _features(self, rows: np.ndarray) -> sp.csr_matrix:
        """Do what the ``features`` step does, without its per-call overhead (about 1 ms).

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
            blocks.append(block * weights[name] if name in weights else block)
        return sp.hstack(blocks, format="csr")

    # -- explaining ----------------------------------------------------------------------------

    def _names(self) -> np.ndarray:
        if self._feature_names is None:
            self._feature_names = self.pipeline.named_steps["features"].get_feature_names_out()
        return self._feature_names

    def explain(self, sample: Sample, top: int = 5) -> list[Reason]:
        """Return the features that pushed this comment's score most, strongest first.

        For a spam-leaning score the reasons are mostly those pushing towards spam, plus the
        strongest push the other way when it is sizeable (and the reverse for a ham-leaning one).
        Word, link and structural features are preferred; character n-grams are merged into one
        "text pattern" reason, used only when fewer than ``top`` better reasons exist.
        """
        if top <= 0:
            return []
        rows = self.pipeline.named_steps["normalise"].transform([sample])
        return self._reasons(sample, rows, self._features(rows), top)

    def score_and_explain(self, sample: Sample, top: int = 5) -> tuple[float, list[Reason]]:
        """Return ``score(sample)`` and ``explain(sample, top)``, normalising and featurising once.

        The worker needs both for every comment; doing the text work once halves its cost.
        """
        rows = self.pipeline.named_steps["normalise"].transform([sample])
        x = self._features(rows)
        score = float(self.pipeline.named_steps["model"].predict_proba(x)[0, 1])
        return score, (self._reasons(sample, rows, x, top) if top > 0 else [])

    def _reasons(self, sample: Sample, rows: np.ndarray, x: sp.csr_matrix, top: int) -> list[Reason]:
        normaliser = self.pipeline.named_steps["normalise"]
        model = self.pipeline.named_steps["model"]
        coef = np.ravel(model.coef_)
        idx = x.indices
        contrib = x.data * coef[idx]
        logit = float(contrib.sum() + model.intercept_[0])
        direction = 1.0 if logit >= 0 else -1.0
        names = self._names()
        raw = dict(zip(RAW_COLUMNS, rows[0, normaliser.n_text:], strict=True))

        reasons: list[Reason] = []
        char_parts: list[tuple[float, str]] = []
        for j, w in zip(idx, contrib, strict=True):
            if w == 0.0:
                continue
            group, _, name = str(names[j]).partition("__")
            if group in ("chars", "cased"):
                char_parts.append((float(w), name))
                continue
            if group == "words" and all(word in ENGLISH_STOP_WORDS for word in name.split(" ")):
                continue  # "the word 'the'" tells a moderator nothing; it still counts in the score
            text = _describe(group, name, raw, rows[0, 0])
            if text is not None:
                dom = token_domain(name) if group == "words" else None
                feature = f"domain:{dom}" if dom else f"{group}:{name}"
                reasons.append(Reason(feature=feature, text=text, weight=float(w)))

        reasons = _merge_link_reasons(reasons, sample)
        pro = sorted((r for r in reasons if r.weight * direction > 0), key=lambda r: -abs(r.weight))
        con = sorted((r for r in reasons if r.weight * direction < 0), key=lambda r: -abs(r.weight))
        same_way = [(w, g) for w, g in char_parts if w * direction > 0]
        if len(pro) < top and same_way:
            same_way.sort(key=lambda p: -abs(p[0]))
            # Both char groups see "Free" and "free", and one or two letters say nothing to a
            # reader: name the three strongest distinct patterns of three characters or more.
            patterns = dict.fromkeys(g.strip() for _, g in same_way if len(g.strip()) >= 3)
            unique = list({p.lower(): p for p in reversed(patterns)}.values())[::-1]
            shown = ", ".join(f"'{g}'" for g in unique[:3]) or "of its characters"
            total = sum(w for w, _ in same_way)
            pro.append(Reason("chars:*", f"the text pattern {shown}", total))
            pro.sort(key=lambda r: -abs(r.weight))
        chosen = pro[:top]
        if con and len(chosen) >= top and abs(con[0].weight) >= 0.25 * abs(chosen[0].weight):
            chosen = chosen[: top - 1] + [con[0]]
        elif con and len(chosen) < top:
            chosen = chosen + con[: top - len(chosen)]
        return chosen

    # -- persistence ---------------------------------------------------------------------------

    def save(self, directory: Path) -> Path:
        """Write ``<version>.skops`` and ``<version>.json`` into directory; return the .skops path."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.version}{MODEL_SUFFIX}"
        payload = {
            "format": 1,
            "version": self.version,
            "metadata_json": json.dumps(self.metadata, sort_keys=True),
            "pipeline": self.pipeline,
        }
        tmp = path.with_suffix(".skops.tmp")
        skops.io.dump(payload, tmp)
        tmp.replace(path)  # a reader never sees a half-written model
        meta = {"version": self.version, **self.metadata}
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
        return path

    @classmethod
    def load(cls, path: Path) -> SpamClassifier:
        """Load a model saved by ``save``, refusing any type outside the allow-list."""
        path = Path(path)
        try:
            untrusted = skops.io.get_untrusted_types(file=path)
        except Exception as exc:  # corrupt zip, not a skops file, ...
            raise ValueError(f"{path}: not a readable skops model file ({exc})") from exc
        refused = sorted(t for t in untrusted if not _type_allowed(t))
        if refused:
            raise ValueError(
                f"{path}: refusing to load: types outside the allow-list: {', '.join(refused)}"
            )
        payload = skops.io.load(path, trusted=list(untrusted))
        if not isinstance(payload, dict) or not isinstance(payload.get("pipeline"), Pipeline):
            raise ValueError(f"{path}: not a spam model saved by SpamClassifier.save")
        metadata = json.loads(payload.get("metadata_json", "{}"))
        version = str(payload.get("version") or path.stem)
        return cls(payload["pipeline"], version, metadata)


# Types a model file may contain beyond skops' defaults: our own steps, and scikit-learn, numpy and
# scipy.sparse internals. Anything else (a function, another package's class) is refused.
_OWN_TYPES = frozenset(
    f"{cls.__module__}.{cls.__qualname__}"
    for cls in (TextNormaliser, StructureFeatures, PromotionFeatures)
)
_ALLOWED_PREFIXES = ("sklearn.", "numpy.", "scipy.sparse.")


def _type_allowed(name: str) -> bool:
    return name in _OWN_TYPES or name.startswith(_ALLOWED_PREFIXES)


_STRUCTURE_TEXT: dict[str, Callable[[dict[str, Any]], str]] = {
    "links": lambda r: _plural(int(r["links"]), "link"),
    "domains": lambda r: _plural(int(r["domains"]), "different linked site"),
    "shortener": lambda r: "a link shortener",
    "length": lambda r: f"length ({int(r['chars'])} characters)",
    "short_text": lambda r: f"a very short comment ({int(r['chars'])} characters)",
    "caps": lambda r: (
        "mostly capital letters" if r["caps_share"] >= 0.5
        else f"{round(100 * r['caps_share'])}% capital letters"
    ),
    "digits": lambda r: f"{round(100 * r['digit_share'])}% digits",
    "repeated_chars": lambda r: "repeated characters ('!!!!', 'sooooo')",
    "repeated_words": lambda r: "the same words repeated",
    "exclaims": lambda r: "runs of '!!' or '??'",
    "phone": lambda r: "a phone number",
    "email": lambda r: "an e-mail address",
    "money": lambda r: "sums of money or percentages",
    "author_link": lambda r: "a link in the author name",
    "obfuscated": lambda r: "disguised spelling (spaced letters, look-alike characters)",
    "honeypot": lambda r: "the honeypot field was filled",
    "seconds_missing": lambda r: "no form timing",
    "seconds_lt3": lambda r: f"submitted {r['seconds']:.0f} s after the form was shown",
    "seconds_lt10": lambda r: f"submitted {r['seconds']:.0f} s after the form was shown",
    "seconds_normal": lambda r: f"took {r['seconds']:.0f} s to write",
    "author_approved": lambda r: f"author has {_plural(int(r['author_approved']), 'approved comment')}",
    "author_spam": lambda r: f"author has {_plural(int(r['author_spam']), 'earlier spam comment')}",
    "near_duplicates": lambda r: f"{_plural(int(r['near_duplicates']), 'near-identical comment')} today",
}
_SPECIAL_WORDS = {"__url__": "a link", "__email__": "an e-mail address", "__phone__": "a phone number"}


# The link count, the distinct-site count and the ``__url__`` token move together, so a moderator
# sees them as one reason that names the linked sites.
_LINK_FEATURES = frozenset({"structure:links", "structure:domains", "words:__url__"})


def _merge_link_reasons(reasons: list[Reason], sample: Sample) -> list[Reason]:
    parts = [r for r in reasons if r.feature in _LINK_FEATURES]
    if not parts:
        return reasons
    rest = [r for r in reasons if r.feature not in _LINK_FEATURES]
    text = f"{sample.title}\n{sample.body}" if sample.title else sample.body
    norm = normalise(text)
    sites = list(dict.fromkeys(norm.domains))
    shown = ", ".join(sites[:3]) + (", ..." if len(sites) > 3 else "")
    if norm.links == 1 and sites:
        words = f"links to {shown}"
    elif sites:
        words = f"{norm.links} links to {shown}"
    else:
        words = _plural(norm.links, "link")
    merged = Reason("structure:links", words, sum(r.weight for r in parts))
    for i, r in enumerate(rest):
        if r.feature == "structure:shortener" and sites:
            short = [d for d in sites if d in SHORTENER_DOMAINS]
            rest[i] = Reason(r.feature, f"a link shortener ({', '.join(short) or shown})", r.weight)
    return [merged, *rest]


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _describe(group: str, name: str, raw: dict[str, Any], text: str) -> str | None:
    if group == "promotion":
        found = PROMOTION_PATTERNS[name].search(text)
        return _PROMOTION_TEXT[name].format(found.group(0) if found else "")
    if group == "structure":
        if name == "seconds_missing":
            return None  # the absence of a signal is no reason a moderator can act on
        return _STRUCTURE_TEXT[name](raw)
    parts = name.split(" ")
    shown = []
    for p in parts:
        dom = token_domain(p)
        if dom is not None:
            shown.append(dom)
        else:
            shown.append(_SPECIAL_WORDS.get(p, p))
    if len(parts) == 1:
        dom = token_domain(parts[0])
        if dom is not None:
            return f"links to {dom}"
        if parts[0] in _SPECIAL_WORDS:
            return _SPECIAL_WORDS[parts[0]]
        if not any(c.isalnum() for c in parts[0]):
            return f"the sign '{parts[0]}'"
        return f"the word '{parts[0]}'"
    if any(token_domain(p) for p in parts):
        return "links to " + " / ".join(s for s, p in zip(shown, parts, strict=True) if token_domain(p))
    return "the words '" + " ".join(shown) + "'"


# --------------------------------------------------------------------------------------------
# Evaluation


def evaluate(y_true: Sequence[int], y_score: Sequence[float], threshold: float = 0.5) -> dict:
    """Return accuracy, precision, recall, f1 (spam), mcc, roc_auc, confusion and n."""
    t = np.asarray(y_true, dtype=np.int64)
    s = np.asarray(y_score, dtype=np.float64)
    p = (s >= threshold).astype(np.int64)
    tp = int(((p == 1) & (t == 1)).sum())
    tn = int(((p == 0) & (t == 0)).sum())
    fp = int(((p == 1) & (t == 0)).sum())
    fn = int(((p == 0) & (t == 1)).sum())
    n = len(t)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    denom = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    mcc = (tp * tn - fp * fn) / denom if denom else 0.0
    auc = float(roc_auc_score(t, s)) if len(np.unique(t)) == 2 else None
    return {
        "accuracy": (tp + tn) / n if n else 0.0,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "mcc": mcc,
        "roc_auc": auc,
        "confusion": [[tn, fp], [fn, tp]],
        "n": n,
    }


# --------------------------------------------------------------------------------------------
# Labelled CSV files

_TRUE = {"1", "true", "yes", "y"}
_FALSE = {"0", "false", "no", "n", ""}


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvFormatError(f"{path}: cannot read file ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise CsvFormatError(
            f"{path}: row {row}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
    if not text.strip():
        raise CsvFormatError(f"{path}: empty file")
    return text


def _records(path: Path, text: str, delimiter: str = ",") -> list[tuple[int, list[str]]]:
    """Return (row number, fields) for each non-blank record; the header is row 1."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    row = 0
    try:
        for fields in reader:
            row += 1
            if fields and any(f.strip() for f in fields):
                out.append((row, fields))
    except csv.Error as exc:
        raise CsvFormatError(f"{path}: row {row + 1}: {exc}") from exc
    return out


def _header_map(path: Path, header: list[str]) -> dict[str, int]:
    return {h.strip().lower(): i for i, h in enumerate(header)}


def _field(path: Path, row: int, fields: list[str], index: int, column: str, width: int) -> str:
    if len(fields) != width:
        raise CsvFormatError(f"{path}: row {row}: expected {width} columns, got {len(fields)}")
    return fields[index]


def _load_youtube(path: Path, text: str) -> tuple[list[Sample], list[int]]:
    records = _records(path, text)
    (_, header), body = records[0], records[1:]
    cols = _header_map(path, header)
    for name in ("content", "class"):
        if name not in cols:
            raise CsvFormatError(f"{path}: row 1: missing column {name.upper()}")
    width = len(header)
    samples, labels = [], []
    for row, fields in body:
        content = _field(path, row, fields, cols["content"], "CONTENT", width)
        label = fields[cols["class"]].strip()
        if label not in ("0", "1"):
            raise CsvFormatError(f"{path}: row {row}, column CLASS: expected 0 or 1, got {label!r}")
        if not content.strip():
            raise CsvFormatError(f"{path}: row {row}, column CONTENT: empty text")
        author = fields[cols["author"]] if "author" in cols else ""
        samples.append(Sample(body=content, author=author))
        labels.append(int(label))
    return samples, labels


def _spam_ham(path: Path, row: int, column: str, value: str, numeric: bool) -> int:
    v = value.strip().lower()
    if v == "spam" or (numeric and v == "1"):
        return 1
    if v == "ham" or (numeric and v == "0"):
        return 0
    expected = "spam, ham, 1 or 0" if numeric else "spam or ham"
    raise CsvFormatError(f"{path}: row {row}, column {column}: expected {expected}, got {value!r}")


def _load_sms(path: Path, text: str) -> tuple[list[Sample], list[int]]:
    first = text.lstrip().split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","
    records = _records(path, text, delimiter)
    if records and records[0][1][0].strip().lower() not in ("spam", "ham"):
        records = records[1:]  # a header row such as "label,text" or "v1,v2"
    samples, labels = [], []
    for row, fields in records:
        if len(fields) < 2:
            raise CsvFormatError(f"{path}: row {row}, column text: missing (expected label and text)")
        label = _spam_ham(path, row, "label", fields[0], numeric=False)
        body = delimiter.join(fields[1:])  # unquoted commas in the text split it; join it back
        if not body.strip():
            raise CsvFormatError(f"{path}: row {row}, column text: empty text")
        samples.append(Sample(body=body))
        labels.append(label)
    return samples, labels


def _load_generic(path: Path, text: str) -> tuple[list[Sample], list[int]]:
    records = _records(path, text)
    (_, header), body = records[0], records[1:]
    cols = _header_map(path, header)
    text_col = "text" if "text" in cols else "body" if "body" in cols else None
    if text_col is None:
        raise CsvFormatError(f"{path}: row 1: missing column text (or body)")
    if "label" not in cols:
        raise CsvFormatError(f"{path}: row 1: missing column label")
    width = len(header)
    samples, labels = [], []
    for row, fields in body:
        content = _field(path, row, fields, cols[text_col], text_col, width)
        if not content.strip():
            raise CsvFormatError(f"{path}: row {row}, column {text_col}: empty text")
        label = _spam_ham(path, row, "label", fields[cols["label"]], numeric=True)

        def opt(name: str, fields: list[str] = fields) -> str:
            return fields[cols[name]].strip() if name in cols else ""

        hp = opt("honeypot").lower()
        if hp not in _TRUE | _FALSE:
            raise CsvFormatError(f"{path}: row {row}, column honeypot: expected 0 or 1, got {hp!r}")
        seconds: float | None = None
        if opt("seconds_to_submit"):
            try:
                seconds = float(opt("seconds_to_submit"))
            except ValueError:
                seconds = -1.0
            if not seconds >= 0:
                raise CsvFormatError(
                    f"{path}: row {row}, column seconds_to_submit: expected a number of seconds, "
                    f"got {opt('seconds_to_submit')!r}"
                )
        counts = {}
        for name in ("author_approved", "author_spam", "near_duplicates"):
            value = opt(name)
            if value and not value.isdigit():
                raise CsvFormatError(
                    f"{path}: row {row}, column {name}: expected a whole number, got {value!r}"
                )
            counts[name] = int(value) if value else 0
        samples.append(
            Sample(
                body=content, author=opt("author"), title=opt("title"), email=opt("email"),
                honeypot=hp in _TRUE, seconds_to_submit=seconds, **counts,
            )
        )
        labels.append(label)
    return samples, labels


_LOADERS = {"youtube": _load_youtube, "sms": _load_sms, "generic": _load_generic}


def load_labelled_csv(path: str | Path, fmt: str) -> tuple[list[Sample], list[int]]:
    """Read a labelled CSV ("youtube", "sms" or "generic") into samples and 0/1 labels (1 = spam)."""
    path = Path(path)
    if fmt not in _LOADERS:
        raise ValueError(f"unknown CSV format {fmt!r}; expected one of {', '.join(_LOADERS)}")
    samples, labels = _LOADERS[fmt](path, _read_text(path))
    if not samples:
        raise CsvFormatError(f"{path}: no data rows")
    return samples, labels
