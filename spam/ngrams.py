"""Hash the word and character n-grams of a whole batch of texts into columns, with numpy.

Scoring spends most of its time turning texts into n-grams: generating every 3-, 4- and 5-character
slice of a comment as a Python string and hashing it one at a time costs more than everything else
the model does. Here a batch is joined into one array of code points and each n-gram is hashed
where it lies, from prefix sums: the hash of the slice ``[a, b)`` is
``MUL**(b-1) * (Q[b] - Q[a])`` with ``Q[i] = sum((c[k] + 1) * MUL**-k for k < i)``, all modulo
2**64 (``MUL`` is odd, so it has an inverse), then mixed by splitmix64's finaliser and folded into
``n_features`` columns. No string is made for an n-gram unless a reason has to name it.

Words are the tokens of ``WORD_TOKENS`` (runs of word characters and apostrophes, runs of two or
more "!"/"?", and single money or handle signs), found by classifying each code point, and their
bigrams are hashed from the two tokens' hashes. The n-grams are exactly those scikit-learn's
analyzers give for these settings; only the hash function differs, so a model trained with it
cannot be scored by another (``spam.features.LAYOUT``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

import numpy as np
import scipy.sparse as sp

__all__ = ["char_grams", "char_names", "char_ngrams", "first_names", "word_grams", "word_names",
           "word_ngrams"]

_MUL = 0x100000001B3
_INV = pow(_MUL, -1, 2**64)
# Different seeds per kind and length, so "abc" as a 3-gram and "abc" as a word land apart.
_CHAR_SEED = np.uint64(0x9E3779B97F4A7C15)
_WORD_SEED = np.uint64(0xD6E8FEB86659FD93)
_BIGRAM_SEED = np.uint64(0xA0761D6478BD642F)
_SEP = "\x00"  # between texts: the normaliser removes it from comments, so no n-gram spans it

_WORD, _MARKS, _SIGN = 1, 2, 3
# The code points of WORD_TOKENS's second and third alternatives; word characters are what the
# regular expression \w says, plus the apostrophe.
_MARK_CHARS = "!?"
_SIGN_CHARS = "$€£%@#"
_IS_WORD = re.compile(r"[\w']")
_ASCII_CLASS = np.zeros(128, dtype=np.int8)
for _c in range(128):
    if _IS_WORD.match(chr(_c)):
        _ASCII_CLASS[_c] = _WORD
for _c in _MARK_CHARS:
    _ASCII_CLASS[ord(_c)] = _MARKS
for _c in _SIGN_CHARS:
    if ord(_c) < 128:
        _ASCII_CLASS[ord(_c)] = _SIGN
# Classes of the non-ASCII code points met so far (a comment brings a few dozen at most).
_OTHER_CLASS: dict[int, int] = {}


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves every output bit."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


class _Joined:
    """A batch of texts as one array of code points, with prefix sums for slice hashes.

    ``pad`` more entries of the powers and prefix sums than there are code points let the hash of
    every slice of a fixed length be taken from plain slices of them (``char_hashes``).
    """

    def __init__(self, texts: Sequence[str], pad: int = 0) -> None:
        self.lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        joined = _SEP.join(texts)
        # surrogatepass: a lone surrogate (possible in a str from JSON) is one more code point.
        self.codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        total = len(self.codes)
        self.starts = np.zeros(len(texts), dtype=np.int64)
        if len(texts) > 1:
            self.starts[1:] = np.cumsum(self.lengths[:-1] + 1)
        self.row_of = np.repeat(np.arange(len(texts)), self.lengths + 1)[:total]
        with np.errstate(over="ignore"):
            powers = np.full(total + 1 + pad, _MUL, dtype=np.uint64)
            powers[0] = 1
            self.pow = np.cumprod(powers)
            inverse = np.full(total, _INV, dtype=np.uint64)
            inverse[:1] = 1
            self.prefix = np.zeros(total + 1 + pad, dtype=np.uint64)
            np.cumsum((self.codes.astype(np.uint64) + np.uint64(1)) * np.cumprod(inverse),
                      out=self.prefix[1:total + 1])
            # Past the end the sums stay as they are: slices reaching there are never valid.
            self.prefix[total + 1:] = self.prefix[total]

    def span_hash(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The polynomial hash of each slice [a, b) (before mixing)."""
        with np.errstate(over="ignore"):
            return self.pow[b - 1] * (self.prefix[b] - self.prefix[a])


def _keys(rows: np.ndarray, hashes: np.ndarray, n_rows: int, n_features: int) -> np.ndarray:
    """One key per hash, its row then its column (``rows`` broadcast against ``hashes``).

    As 32-bit keys when they fit (a power-of-two column count and few enough rows), which numpy
    sorts several times faster than 64-bit ones, and scipy sorting each row's indices.
    """
    bits = n_features.bit_length() - 1
    if n_features == 1 << bits and n_rows << bits <= 2**32:
        high = rows.astype(np.uint32) << np.uint32(bits)
        return high | (hashes & np.uint64(n_features - 1)).astype(np.uint32)
    return rows.astype(np.uint64) * np.uint64(n_features) + hashes % np.uint64(n_features)


def _binary_rows(key: np.ndarray, n_rows: int, n_features: int) -> sp.csr_matrix:
    """A binary CSR matrix from the keys ``_keys`` made, in any order, repeats allowed."""
    key = np.sort(key)
    bits = n_features.bit_length() - 1
    mask = np.uint32(n_features - 1) if key.dtype == np.uint32 else None
    if len(key):
        key = key[np.concatenate(([True], key[1:] != key[:-1]))]
    if mask is not None:
        columns, rows = key & mask, key >> np.uint32(bits)
    else:
        columns, rows = key % np.uint64(n_features), key // np.uint64(n_features)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    return sp.csr_matrix((np.ones(len(key)), columns.astype(np.int32), indptr),
                         shape=(n_rows, n_features))


def _fold(h: np.ndarray, n_features: int) -> np.ndarray:
    if n_features & (n_features - 1) == 0:
        return h & np.uint64(n_features - 1)  # the same as %, for a power of two, and cheaper
    return h % np.uint64(n_features)


def _char_hashes(joined: _Joined, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Each position's n-gram hashes for n in lo..hi (lengths x positions) and which exist.

    ``joined`` must have been made with ``pad >= hi``: the slice of length n starting at each
    position is then hashed from shifted views of the powers and prefix sums, with no gathering.
    """
    total = len(joined.codes)
    if len(joined.prefix) < total + 1 + hi:
        raise ValueError(f"the joined texts need pad >= {hi}")
    # Characters from each position to the end of its text (0 on the separators).
    left = (joined.starts + joined.lengths)[joined.row_of] - np.arange(total)
    span = hi - lo + 1
    hashes = np.empty((span, total), dtype=np.uint64)
    valid = np.empty((span, total), dtype=bool)
    start = joined.prefix[:total]
    for j, n in enumerate(range(lo, hi + 1)):
        with np.errstate(over="ignore"):
            h = joined.pow[n - 1:n - 1 + total] * (joined.prefix[n:n + total] - start)
            hashes[j] = _mix(h ^ (_CHAR_SEED * np.uint64(n)))
        np.greater_equal(left, n, out=valid[j])
    return hashes, valid


def char_ngrams(texts: Sequence[str], ngram_range: tuple[int, int], n_features: int) -> sp.csr_matrix:
    """Binary character n-gram columns of each text (one row per text).

    Texts are taken as they are: scikit-learn's char analyzer would first cut runs of whitespace
    to one space, which the normaliser has already done to every text this is given.
    """
    lo, hi = ngram_range
    if not texts:
        return sp.csr_matrix((0, n_features))
    joined = _Joined(texts, pad=hi)
    hashes, valid = _char_hashes(joined, lo, hi)
    keys = _keys(joined.row_of[None, :], hashes, len(texts), n_features)
    return _binary_rows(keys[valid], len(texts), n_features)


def char_grams(text: str, ngram_range: tuple[int, int],
               n_features: int) -> tuple[np.ndarray, Callable[[int], str]]:
    """One text's character n-gram columns, shortest first and then in reading order (the order
    scikit-learn's char analyzer yields them in), and a function giving the i-th n-gram's text."""
    lo, hi = ngram_range
    joined = _Joined([text], pad=hi)
    hashes, valid = _char_hashes(joined, lo, hi)
    order_len, order_pos = np.nonzero(valid)
    cols = _fold(hashes[order_len, order_pos], n_features)
    return cols, lambda i: text[order_pos[i]:order_pos[i] + lo + order_len[i]]


def char_names(text: str, ngram_range: tuple[int, int], n_features: int,
               wanted: Collection[int] | None = None) -> dict[int, str]:
    """The character n-grams of one text by column (the first one wins)."""
    return first_names(*char_grams(text, ngram_range, n_features), wanted)


def _classes(codes: np.ndarray) -> np.ndarray:
    out = np.zeros(len(codes), dtype=np.int8)
    ascii_ = codes < 128
    out[ascii_] = _ASCII_CLASS[codes[ascii_]]
    if not ascii_.all():
        others = codes[~ascii_]
        unique = np.unique(others)
        for c in unique.tolist():
            if c not in _OTHER_CLASS:
                ch = chr(c)
                _OTHER_CLASS[c] = (_SIGN if ch in _SIGN_CHARS else
                                   _WORD if _IS_WORD.match(ch) else 0)
        table = np.fromiter((_OTHER_CLASS[c] for c in unique.tolist()), dtype=np.int8,
                            count=len(unique))
        out[~ascii_] = table[np.searchsorted(unique, others)]
    return out


def _tokens(joined: _Joined) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of every token, in reading order (tokens never span two texts)."""
    cls = _classes(joined.codes)
    padded = np.concatenate(([0], cls, [0]))
    change = np.nonzero(padded[1:] != padded[:-1])[0]  # run boundaries, as positions in cls
    run_start, run_end = change[:-1], change[1:]
    run_class = cls[run_start] if len(run_start) else np.zeros(0, dtype=np.int8)
    words = run_class == _WORD
    marks = (run_class == _MARKS) & (run_end - run_start >= 2)
    signs = run_class == _SIGN
    # Each sign is a token of its own, even in a run ("$$" is two).
    sign_pos = np.concatenate([np.arange(s, e) for s, e in
                               zip(run_start[signs].tolist(), run_end[signs].tolist(), strict=True)]
                              ) if signs.any() else np.zeros(0, dtype=np.int64)
    starts = np.concatenate((run_start[words | marks], sign_pos))
    ends = np.concatenate((run_end[words | marks], sign_pos + 1))
    order = np.argsort(starts, kind="stable")
    return starts[order], ends[order]


def _word_hashes(joined: _Joined, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per token: the hashes of the n-grams it begins (tokens x lengths), which exist, and spans."""
    starts, ends = _tokens(joined)
    rows = joined.row_of[starts] if len(starts) else np.zeros(0, dtype=np.int64)
    token = joined.span_hash(starts, ends) if len(starts) else np.zeros(0, dtype=np.uint64)
    span = hi - lo + 1
    hashes = np.zeros((len(starts), span), dtype=np.uint64)
    valid = np.zeros((len(starts), span), dtype=bool)
    # Each token's own hash is mixed before tokens are combined: a plain polynomial of two
    # tokens' hashes would give "me it" and "mi et" the same column.
    unigram = _mix(token ^ _WORD_SEED)
    running = np.zeros(len(starts), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for n in range(1, hi + 1):
            k = n - 1
            ok = np.zeros(len(starts), dtype=bool)
            if k < len(starts):
                ok[: len(starts) - k] = rows[k:] == rows[: len(starts) - k]
                shifted = np.zeros(len(starts), dtype=np.uint64)
                shifted[: len(starts) - k] = unigram[k:]
                running = running * np.uint64(_MUL) + shifted
            if n >= lo:
                hashes[:, n - lo] = unigram if n == 1 else _mix(running ^ (_BIGRAM_SEED * np.uint64(n)))
                valid[:, n - lo] = ok
    return hashes, valid, starts, ends


def word_ngrams(texts: Sequence[str], ngram_range: tuple[int, int], n_features: int) -> sp.csr_matrix:
    """Binary word n-gram columns of each text (one row per text)."""
    lo, hi = ngram_range
    if not texts:
        return sp.csr_matrix((0, n_features))
    joined = _Joined(texts)
    hashes, valid, starts, _ = _word_hashes(joined, lo, hi)
    rows = joined.row_of[starts] if len(starts) else np.zeros(0, dtype=np.int64)
    keys = _keys(rows[:, None], hashes, len(texts), n_features)
    return _binary_rows(keys[valid], len(texts), n_features)


def word_names(text: str, ngram_range: tuple[int, int], n_features: int,
               wanted: Collection[int] | None = None) -> dict[int, str]:
    """The word n-grams of one text by column (the first one wins)."""
    return first_names(*word_grams(text, ngram_range, n_features), wanted)


def word_grams(text: str, ngram_range: tuple[int, int],
               n_features: int) -> tuple[np.ndarray, Callable[[int], str]]:
    """One text's word n-gram columns, unigrams first, then bigrams, in reading order, and a
    function giving the i-th n-gram's text."""
    lo, hi = ngram_range
    joined = _Joined([text])
    hashes, valid, starts, ends = _word_hashes(joined, lo, hi)
    order_tok, order_len = np.nonzero(valid.T)[::-1]
    cols = _fold(hashes[order_tok, order_len], n_features)

    words = [text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]

    def gram(i: int) -> str:
        first = int(order_tok[i])
        return " ".join(words[first:first + lo + int(order_len[i])])

    return cols, gram


def first_names(cols: np.ndarray, gram: Callable[[int], str],
                wanted: Collection[int] | None = None) -> dict[int, str]:
    """Name each column (or each wanted one) by the first n-gram that lands in it."""
    _, first = np.unique(cols, return_index=True)
    first.sort()
    if wanted is not None:
        keep = np.isin(cols[first], np.fromiter(wanted, dtype=np.int64))
        first = first[keep]
    return {int(cols[i]): gram(int(i)) for i in first}
