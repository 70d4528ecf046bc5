"""Scoring's fast paths: they must give what the slow, obvious ones give."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from spam import load_labelled_csv
from spam.features import (
    _CODE_PARTS_SOURCE,
    CODE_CUES,
    PROMOTION_PATTERNS,
    WORD_TOKENS,
    PromotionFeatures,
    TextNormaliser,
    _code_cue,
    _count_letters_digits,
)
from spam.ngrams import char_names, char_ngrams, word_names, word_ngrams

STARTER = Path(__file__).resolve().parents[2] / "data" / "starter_corpus.csv"
AWKWARD = [
    "", "a", "!!", "ab cd", "$$ hi!! € £5 ¿qué? naïve ½ x", "don't stop!?! @home #1",
    "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n", "日本語のテキスト",
    "emoji 😀😀 and a lone \ud800 surrogate", "me it mi et",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    samples, _ = load_labelled_csv(STARTER, "generic")
    # The pipeline hashes normalised text (whitespace runs already cut to one space, which
    # scikit-learn's char analyzer would also do), so that is what is compared.
    normalised = TextNormaliser().transform(samples[::7] + AWKWARD)[:, 0].tolist()
    return [str(t) for t in normalised] + ["", "a", "!!", "$$ x €", "me it mi et"]


def _sklearn(analyzer: str, ngram_range: tuple[int, int]):
    return HashingVectorizer(analyzer=analyzer, ngram_range=ngram_range, lowercase=False,
                             token_pattern=WORD_TOKENS).build_analyzer()


@pytest.mark.parametrize(("analyzer", "ngram_range", "names"),
                         [("word", (1, 2), word_names), ("char", (3, 5), char_names)])
def test_ngrams_are_exactly_scikit_learns(texts, analyzer, ngram_range, names) -> None:
    reference = _sklearn(analyzer, ngram_range)
    for text in texts:
        # A column space so large that no two n-grams of one text share a column.
        assert set(names(text, ngram_range, 2**50).values()) == set(reference(text)), text


def test_batch_columns_are_each_texts_own(texts) -> None:
    words = word_ngrams(texts, (1, 2), 2**18)
    chars = char_ngrams(texts, (3, 5), 2**18)
    assert words.shape == chars.shape == (len(texts), 2**18)
    for i, text in enumerate(texts):
        assert words[i].indices.tolist() == sorted(word_names(text, (1, 2), 2**18))
        assert chars[i].indices.tolist() == sorted(char_names(text, (3, 5), 2**18))
    assert set(np.unique(words.data)) == {1.0}


def test_words_that_share_letters_land_apart() -> None:
    # A hash that only added up its tokens would put these two bigrams in one column.
    columns = word_names("me it mi et", (2, 2), 2**30)
    assert sorted(columns.values()) == ["it mi", "me it", "mi et"]


def test_fast_code_cues_find_what_the_patterns_find(texts) -> None:
    # The parts, joined as alternatives, are the pattern itself: nothing left out or added.
    for name, parts in _CODE_PARTS_SOURCE.items():
        assert "|".join(part for _, part in parts) == CODE_CUES[name].pattern, name
    raw, _ = load_labelled_csv(STARTER, "generic")
    extra = ["C:\\Users\\x> dir", "see ~/src/app/main.rs", "call getUser() == null; at line 4",
             "  at Foo.Bar(Baz.cs:12:5)", "new List<Item>() in setup.py", "import os\nreturn x"]
    for text in [s.body for s in raw] + AWKWARD + extra:
        for name, pattern in CODE_CUES.items():
            slow, fast = pattern.search(text), _code_cue(name, text)
            assert (slow and slow.span()) == (fast and fast.span()), (name, text)
        letters = sum(1 for c in text if c.isalpha() or (c.isalnum() and not c.isdecimal()))
        counted = _count_letters_digits(text)
        assert counted[0] == letters
        assert counted[1] == sum("A" <= c <= "Z" for c in text)


def test_promotion_hints_change_no_match(texts) -> None:
    raw, _ = load_labelled_csv(STARTER, "generic")
    normalised = [str(t) for t in TextNormaliser().transform(raw)[:, 0]] + texts
    fast = PromotionFeatures().fit(normalised).dense(normalised)
    slow = np.array([[1.0 if p.search(t) else 0.0 for p in PROMOTION_PATTERNS.values()]
                     for t in normalised])
    assert (fast == slow).all()
    assert fast.sum(axis=0).min() > 0  # every pattern was exercised
