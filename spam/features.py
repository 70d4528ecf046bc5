"""Turn a comment into the features the spam model weighs: the pipeline before the model.

A comment arrives as a ``Sample`` (its text and what the site knows about how it arrived).
``TextNormaliser`` runs ``spam.textnorm.normalise`` once per sample and writes one row: the
normalised text, the text with its case kept (capitals, emoji and punctuation survive), then the raw
structural counts in ``RAW_COLUMNS``. Every later step reads that row and never normalises again:
the word and character n-gram vectorisers, ``StructureFeatures`` (links, domains, shorteners,
length, capitals, digits, repeats, contact details, money, obfuscations, honeypot, seconds-to-submit
buckets, author history and near duplicates, log-scaled) and ``PromotionFeatures`` (calls to
action, promotion of the writer's own work, requests for subscribers or likes). ``build_pipeline``
assembles them with the model into one named-step ``Pipeline``. The client signals and author
history are absent from public corpora, so their weights come only from the labelled rows that carry
them; where a signal is missing its features are zero and change nothing.

Classes here are named in the skops allow-list (``spam.classifier``): renaming or moving one makes
saved models unloadable.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from .textnorm import SHORTENER_DOMAINS, normalise, strip_invisible

__all__ = [
    "GROUP_WEIGHTS",
    "MODEL_C",
    "PROMOTION_PATTERNS",
    "PromotionFeatures",
    "RANDOM_STATE",
    "RAW_COLUMNS",
    "STRUCTURE_FEATURES",
    "Sample",
    "StructureFeatures",
    "TextNormaliser",
    "build_pipeline",
]

RANDOM_STATE = 20151
# Regularisation strength: larger C fits the n-grams harder.
MODEL_C = 20.0
# Every group counts the same today; the weights exist so a group can be turned down without
# touching its features.
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
