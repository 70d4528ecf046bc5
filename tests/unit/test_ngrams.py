"""Scoring's fast paths: they must give what the slow, obvious ones give."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer

from spam import features, load_labelled_csv, textnorm
from spam.features import (
    _CODE_PARTS_SOURCE,
    CODE_CUES,
    PROMOTION_PATTERNS,
    WORD_TOKENS,
    HashedNgrams,
    PromotionFeatures,
    TextNormaliser,
    _char_counts,
    _code_cue,
    content_stems,
)
from spam.ngrams import char_names, char_ngrams, word_names, word_ngrams
from tests.support import FAST_LOOP

STARTER = Path(__file__).resolve().parents[2] / "data" / "starter_corpus.csv"
AWKWARD = [
    "", "a", "!!", "ab cd", "$$ hi!! € £5 ¿qué? naïve ½ x", "don't stop!?! @home #1",
    "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n", "日本語のテキスト",
    "emoji 😀😀 and a lone \ud800 surrogate", "me it mi et",
]


@pytest.fixture(scope="module")
def starter() -> list:
    """The starter corpus's samples, read once for the module."""
    return load_labelled_csv(STARTER, "generic")[0]


@pytest.fixture(scope="module")
def starter_share(starter) -> list:
    """The samples the whole-corpus comparisons go through: all of them, or every fifth in the
    edit-run loop (`make test-fast`)."""
    return starter[::5] if FAST_LOOP else starter


@pytest.fixture(scope="module")
def texts(starter) -> list[str]:
    samples = starter
    # The pipeline hashes normalised text (whitespace runs already cut to one space, which
    # scikit-learn's char analyzer would also do), so that is what is compared.
    normalised = TextNormaliser().transform(samples[::35 if FAST_LOOP else 7] + AWKWARD)[:, 0].tolist()
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


CODE_EXTRA = [
    "C:\\Users\\x> dir", "see ~/src/app/main.rs", "call getUser() == null; at line 4",
    "  at Foo.Bar(Baz.cs:12:5)", "new List<Item>() in setup.py", "import os\nreturn x",
    "look at this(\n\n  \t at Foo.bar(x)", "and/or a/b/c, /usr/lib/x ~/a/b\t/etc/x/", "/a/b/ at start",
    "http://example.com/a/b/c then ~/x/y/z", "call foo.bar(x) or a.b.c(d) or f() and ()", "x.y(",
    "abcDef XyzAbc ABc iPhone YouTube. MacBook.", "renew Foo( and new Foo(", "\r\npublic x",
    "text\n\n   return x;\n}", "a\n$ ls\n>>> 1", "PS C:\\dir> x", "line 3, in <module> :12:7",
]


def _assert_same_code_cues(text: str) -> None:
    for name, pattern in CODE_CUES.items():
        slow, fast = pattern.search(text), _code_cue(name, text)
        assert (slow and slow.span()) == (fast and fast.span()), (name, text)


# Pieces of code, prose and line breaks, so the parts meet every position they can start at.
CODE_PIECES = st.sampled_from(
    ["at ", "\n", " ", "\t", "/", "~", "a", "B", "x1", ".", "(", ")", "()", "new ", "Foo", "public ",
     "$", ">", ":\\", "C", "`", ";", "{", "}", "==", "line 3, in ", ":1:2", "Error", "0x1f2e",
     "pre", "<", "File \"a.py\", line 4", "Traceback (most recent call last)", ".py", "_"]
)


@settings(deadline=None, derandomize=True)
@given(st.lists(CODE_PIECES, max_size=24).map("".join))
def test_fast_code_cues_match_the_patterns_on_any_text(text: str) -> None:
    _assert_same_code_cues(text)


def test_fast_code_cues_on_real_readers(blog_ham_file) -> None:
    # Real readers quote code, traces and paths, which the starter corpus has few of.
    for sample in load_labelled_csv(blog_ham_file, "generic")[0]:
        _assert_same_code_cues(sample.body)


def test_fast_code_cues_find_what_the_patterns_find(starter_share) -> None:
    # The parts, joined as alternatives, are the pattern itself: nothing left out or added.
    for name, parts in _CODE_PARTS_SOURCE.items():
        assert "|".join(part for _, part, _ in parts) == CODE_CUES[name].pattern, name
    for text in [s.body for s in starter_share] + AWKWARD + CODE_EXTRA:
        _assert_same_code_cues(text)


def test_promotion_hints_change_no_match(starter_share, texts) -> None:
    normalised = [str(t) for t in TextNormaliser().transform(starter_share)[:, 0]] + texts
    fast = PromotionFeatures().fit(normalised).dense(normalised)
    slow = np.array([[1.0 if p.search(t) else 0.0 for p in PROMOTION_PATTERNS.values()]
                     for t in normalised])
    assert (fast == slow).all()
    assert fast.sum(axis=0).min() > 0  # every pattern was exercised


# Texts the normaliser's hints are tried on: the starter corpus as written and in lower case (the
# last steps see lower-case text), the awkward cases, and the shapes each hint exists for.
HINT_EXTRA = [
    "see www.example.com", "WwW.Example.org", "go to http://x.y/z", "ftp://files", "mail me.ru",
    "end.In the", "U.S.A. and e.g. i.e.", "v i a g r a", "v.i.a.g.r.a", "c-a-s-i-n-o", "a*b*c*d",
    "v1agra c4sino mp3 ps4 2015 covid19 h3ll0", "p@$$word", "soooo good!!!", "aa bb", "\n\n\nx",
    "example . com", "tabs\t.\tdot", "x\u00a0.com", "ＷＷＷ.x", "\u1e87ww.x",
]


@pytest.fixture(scope="module")
def hint_texts(starter_share) -> list[str]:
    bodies = [s.body for s in starter_share] + AWKWARD + HINT_EXTRA
    return bodies + [b.lower() for b in bodies]


def test_whitespace_is_what_str_split_cuts() -> None:
    # normalise() collapses whitespace with str.split() in place of re.sub(r"\s+", " ", ...).strip().
    space = re.compile(r"\s")
    differ = [hex(c) for c in range(sys.maxunicode + 1) if bool(space.match(chr(c))) != chr(c).isspace()]
    assert differ == []
    for text in AWKWARD + HINT_EXTRA + ["  a \u2003\u3000 b\x1c\x1dc\n"]:
        assert " ".join(text.split()) == re.sub(r"\s+", " ", text).strip()


@pytest.mark.slow
def test_normaliser_hints_pass_wherever_their_pattern_matches(hint_texts) -> None:
    # Each hint gates a costly pattern: a text it turns away must be one the pattern finds nothing in.
    url_hint = re.compile(r"://|www\.|\.(?:" + textnorm._BARE_TLDS + r")\b", re.IGNORECASE)
    for text in hint_texts:
        link = "://" in text or bool(textnorm._WWW.search(text) or textnorm._DOT_TLD.search(text))
        assert link == bool(url_hint.search(text)), text
        assert link or not textnorm._URL.search(text), text
        assert textnorm._SPACED_HINT.search(text) or not textnorm._SPACED.search(text), text
        assert bool(textnorm._HAS_LEET_INSIDE.search(text)) == bool(textnorm._LEET_INSIDE.search(text)), text
        assert bool(textnorm._SPACE_DOT.search(text)) == bool(re.search(r"\s\.", text)), text
    # "www." and "dot" with case ignored are only ever spelled with these letters.
    for letter in "wdot":
        assert [chr(c) for c in range(sys.maxunicode + 1)
                if re.fullmatch(letter, chr(c), re.IGNORECASE)] == [letter.upper(), letter], letter


def test_repeats_found_for_a_batch_are_the_patterns_own(hint_texts) -> None:
    texts = [t for t in hint_texts if "\x00" not in t] + ["", "aaa", "", "", "\n\n\n", "b\n\n\nb"]
    expected = [bool(textnorm._REPEAT.search(t)) for t in texts]
    assert textnorm._have_repeats(texts) == expected
    assert textnorm._have_repeats(texts[-8:]) == expected[-8:]
    assert [textnorm._have_repeats([t])[0] for t in texts[-8:]] == expected[-8:]
    assert textnorm._have_repeats([]) == []
    assert textnorm._have_repeats(["", ""]) == [False, False]


def test_characters_counted_for_a_batch_are_what_the_patterns_find(hint_texts) -> None:
    texts = [t for t in hint_texts if "\x00" not in t] + [
        "", "", "aaaa", "\n\n\n\n", "!!??!", "!", "?!", "x!!!!y", "ééééè", "\ud800\ud800\ud800\ud800",
        "ＡＢＣ１２３½Ⅻ٣ß", "", "____", "\t\t\t\t",
    ]
    expected = [[len(p.findall(t)) for p in (features._LETTER, features._UPPER, features._DIGIT,
                                           features._RUN, features._EXCLAIM)] for t in texts]
    assert features._char_counts_batch(texts) == expected
    assert features._char_counts_batch(texts[-9:]) == expected[-9:]  # kinds now known
    assert _char_counts(texts[-5:]) == [features._char_counts_of(t) for t in texts[-5:]]
    assert [features._char_counts_of(t) for t in texts] == expected
    assert _char_counts([]) == []
    assert _char_counts(["aaaab!!", "", "!"]) == [[5, 0, 0, 1, 1], [0] * 5, [0] * 5]
    # Every code point's kind, against the patterns one by one.
    every = "".join(chr(c) for c in range(1, sys.maxunicode + 1) if c != 0x0A)
    counts = _char_counts([every])[0][:3]
    assert counts == [len(p.findall(every)) for p in (features._LETTER, features._UPPER,
                                                      features._DIGIT)]


def test_feature_hints_and_cached_stems_change_nothing(hint_texts) -> None:
    # content_stems, the obvious way: every content word in order, the first word of a stem kept.
    for text in hint_texts[::3] + [" ".join(hint_texts[:400])]:
        expected: dict[str, str] = {}
        for word in re.findall(r"[^\W\d_]{3,}", text.lower()):
            if word not in features._STOP and not word.startswith("dom"):
                expected.setdefault(features._stem(word), word)
        assert content_stems(text) == expected
    assert len(features._CONTENT_STEMS) <= features._CONTENT_STEMS_MAX


# The patterns' own words and the characters between them, so every alternative is met.
PROMOTION_PIECES = st.sampled_from(
    ["check", "out", "it", "visit", "follow", "ers", "me", "my", "our", "new", "channel", "add",
     "sub", "subs", "scri", "be", "ption", "pt", "su", "b", "like", "4", "24", "x", "7", "/", "*",
     "toll", "-", "free", "call", "us", "help", "line", "customer", "service", "we", "offer", "best",
     "cheap", "essay", "writing", "for", "more", "info", ",", "visit", "thumbs", "up", "give", "a",
     "round", "the", "clock", "dial", "f4f", "_", "é", " ", " ", " "]
)


@settings(deadline=None, derandomize=True)
@given(st.lists(PROMOTION_PIECES, max_size=16).map("".join))
@example("open 24x 7.")
@example("24 x7 and 24*7 and 24 / 7")
@example("call the tollfree number or the help line, su-bscribe, sussscribe")
def test_promotion_first_words_change_no_match_on_any_text(text: str) -> None:
    fast = PromotionFeatures().fit([text]).dense([text])[0]
    slow = [1.0 if p.search(text) else 0.0 for p in PROMOTION_PATTERNS.values()]
    assert fast.tolist() == slow


# Links, their hints, prose and every kind of space between them.
LINK_PIECES = st.sampled_from(
    ["http", "https", "://", "ftp", "www", "WwW", ".", "com", "co", "uk", "in", "net", "/", "-", "x",
     "Ab", "9", " ", " ", "\n", "\t", "\u00a0", "\u2003", "é", "(", ")", "'", "@", "_", "ASP.NET"]
)


def _assert_substituted_alike(fast_sub, pattern: re.Pattern[str], text: str) -> None:
    """`fast_sub(replace, text)` finds, in order, and replaces what `pattern.sub` does."""
    slow: list[str] = []
    fast: list[str] = []

    def recorder(found: list[str]):
        return lambda m: found.append(m.group(0)) or f"<{len(found)}>"

    assert fast_sub(recorder(fast), text) == pattern.sub(recorder(slow), text)
    assert fast == slow


def _assert_links_found_alike(text: str) -> None:
    _assert_substituted_alike(textnorm._sub_links, textnorm._URL, text)


@settings(deadline=None, derandomize=True)
@given(st.lists(LINK_PIECES, max_size=20).map("".join))
@example("see www.x.com/a and http://y.org, or z.co.uk\u00a0x.com\tend.In")
def test_links_found_in_stretches_are_the_patterns_own(text: str) -> None:
    _assert_links_found_alike(text)


def test_links_found_in_stretches_over_the_corpus(hint_texts) -> None:
    for text in hint_texts:
        _assert_links_found_alike(text)


@pytest.mark.parametrize("group", [("word", (1, 2), None), ("char", (3, 5), 300)])
def test_one_texts_columns_and_names_are_the_transforms(texts, group) -> None:
    analyzer, ngram_range, limit = group
    hashed = HashedNgrams(analyzer, ngram_range, 2**18, max_chars=limit).fit(texts)
    matrix = hashed.transform(texts)
    for i, text in enumerate(texts):
        cols, values, namer = hashed.one(text)
        assert cols.tolist() == matrix[i].indices.tolist()
        assert values.tolist() == matrix[i].data.tolist()
        wanted = cols[::-3].tolist()
        assert namer(wanted) == {c: n for c, n in hashed.names(text).items() if c in wanted}


def test_selling_words_grouped_by_first_letter_find_what_the_flat_alternation_finds(
        starter_share, hint_texts) -> None:
    flat = re.compile("|".join(features._COMMERCIAL_WORDS))
    names = [f"{s.author} {s.author_url} {s.email}".lower() for s in starter_share]
    # Words that are the start of another ("mover", "movers"), run together as in domain names.
    glued = ["".join(features._COMMERCIAL_WORDS[i::7]) for i in range(7)] + ["moversale247shoe"]
    for text in names + [t.lower() for t in hint_texts[::5]] + glued:
        assert features._COMMERCIAL.findall(text) == flat.findall(text), text


def test_invisible_characters_removed_before_or_after_tabs_give_the_same(hint_texts) -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1))
    for text in hint_texts[::4] + [every, "a\tb\r\nc\x0bd\u200be"]:
        assert textnorm.strip_invisible(text) == textnorm._INVISIBLE.sub(
            "", text.replace("\t", " ").replace("\r", " "))


# Phone numbers as written, versions, addresses and the characters around them.
PHONE_PIECES = st.sampled_from(
    ["+", "1", "44", "800", "555", "0199", "12345", "(", ")", " ", "-", ".", "x", "a", "_", "\n",
     "20", "7946", "0958", "3.12", "10.0.0.1", "1-800-FLOWERS", "FLOWERS", "٣", "é"]
)


def _assert_phones_found_alike(text: str) -> None:
    _assert_substituted_alike(textnorm._sub_phones, textnorm._PHONE, text)


@settings(deadline=None, derandomize=True)
@given(st.lists(PHONE_PIECES, max_size=20).map("".join))
@example("call +1 (800) 555-0199 or 800.555.0199, +44 20 7946 0958, not 3.12.4 or 10.0.0.1")
def test_phones_found_where_they_can_start_are_the_patterns_own(text: str) -> None:
    _assert_phones_found_alike(text)


def test_phones_dots_and_money_over_the_corpus(hint_texts) -> None:
    for text in hint_texts:
        _assert_phones_found_alike(text)
        assert features._MONEY.findall(text) == PLAIN_MONEY.findall(text), text
        if textnorm._DOT_WORD.search(text) or textnorm._DOT_SPACED_TLD.search(text):
            assert textnorm._DOT_HINT.search(text), text
        if textnorm._DOT_WORD.search(text):
            assert textnorm._DOT_BRACKET.search(text), text
        if textnorm._DOT_SPACED_TLD.search(text):
            assert textnorm._DOT_SPACED.search(text), text
        if not (textnorm._HAS_LEET_INSIDE.search(text) or textnorm._HAS_CONFUSABLE.search(text)):
            assert textnorm._FOLDABLE_WORD.sub(textnorm._fold_word, text) == text, text
    for text in ["x [DoT] com", "a (dot) b", "site dot NET", "{ dOt }"]:
        assert textnorm._DOT_WORD.search(text) or textnorm._DOT_SPACED_TLD.search(text), text
        assert textnorm._DOT_HINT.search(text), text


PLAIN_MONEY = re.compile(r"[$€£¥]\s?\d|\d\s?(?:%|\$|€|£|k\b|usd\b|eur\b|dollars?\b|euros?\b|"
                         r"bucks\b|percent\b)", re.IGNORECASE)


@settings(deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["$", "€", "£", "¥", "5", "10", "٣", " ", "\u00a0", "k", "K", "usd",
                                 "EUR", "dollar", "s", "euros", "bucks", "percent", "%", "x", "."]),
                max_size=12).map("".join))
@example("$5 and 10 k, 20k, 3 USD, 4eur, 5 dollars, 6 Euros, 7bucks, 8 percent, 9%, €1 £2 ¥3")
def test_money_led_by_its_first_character_finds_what_the_plain_pattern_finds(text: str) -> None:
    assert features._MONEY.findall(text) == PLAIN_MONEY.findall(text)
