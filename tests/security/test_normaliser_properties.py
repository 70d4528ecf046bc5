"""The classifier's normaliser accepts any text, removes what hides words, and is a fixed point.

A spammer controls every character of a comment, so the normaliser must never
raise, must leave nothing invisible for a word to hide behind (however it was
written: raw or as an HTML entity), and normalising twice must change nothing,
so features of stored and re-scored texts agree. Every link, however written,
becomes its domain's token, and no tag survives to carry a word past the filter.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from spam.textnorm import domain_token, normalise, registrable_domain, strip_invisible
from tests.security.payloads import PAYLOADS

# How many examples comes from the Hypothesis profile (tests/conftest.py): 200, or 40 in test-fast.
SETTINGS = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u2066", "\x00", "\x1b", "\t",
    "&#8203;", "&#x200B;", "&#xfeff;", "&shy;", "&zwj;", "&amp;", "&lt;b&gt;", "<b>", "</a>",
    "<a href='http://bit.ly/x'>", "http://", "www.", "bit.ly/abc", "example dot com", "x [dot] ru",
    "v i a g r a", "v.i.a.g.r.a", "c4sino", "v1agra", "ＦＲＥＥ", "𝐟𝐫𝐞𝐞", "vіаgrа", "ß", "İ", "ﬁ",
    "soooooo", "!!!!!", "+1 (555) 123-4567", "me@example.com", " ", "\n", "é", "e\u0301", "😀",
]
TEXTS = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=10), max_size=30).map("".join)

# What must never survive: format characters (zero-width, bidi, BOM, soft
# hyphen) and control characters, including line breaks (the text is one line).
_HIDDEN = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\u00ad]")


def _hidden(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text
            if unicodedata.category(c) in ("Cc", "Cf") or _HIDDEN.match(c)]


@SETTINGS
@given(TEXTS)
@example("sub&#8203;scribe and v&#x200B;iagra")
@example("\ud800 lone surrogate")
def test_normalised_text_has_no_invisible_or_control_characters(text: str) -> None:
    assert _hidden(normalise(text).text) == []


@SETTINGS
@given(TEXTS.filter(lambda t: "<" not in t and "&" not in t))
def test_normalising_plain_text_twice_changes_nothing(text: str) -> None:
    # Markup is the one exception, by design: "&lt;b&gt;" decodes to a tag
    # that a second pass would strip. Features come from the stored text,
    # which is normalised once, so only plain text needs to be a fixed point.
    once = normalise(text).text
    assert normalise(once).text == once


# A link as spammers write one: with or without a scheme or "www.", any case, a path or not.
_LABEL = st.from_regex(r"[a-z]{1,12}", fullmatch=True).filter(lambda s: not re.search(r"(.)\1\1", s))
HOSTS = st.builds(lambda labels, tld: ".".join([*labels, tld]), st.lists(_LABEL, min_size=1, max_size=3),
                  st.sampled_from(["com", "net", "org", "io", "ru", "co.uk", "ly", "info"]))
WORDS = st.lists(st.sampled_from(["see", "my", "site", "nice", "post", "thanks"]), max_size=4).map(" ".join)


@SETTINGS
@given(WORDS, st.sampled_from(["http://", "https://", "HTTPS://", "www.", "http://www.", ""]), HOSTS,
       st.sampled_from(["", "/", "/a/b?c=1", "/free-money", "#top"]), WORDS)
@example("see", "http://", "bit.ly", "/x", "now")
def test_every_link_becomes_its_domains_token(before: str, scheme: str, host: str, path: str,
                                              after: str) -> None:
    result = normalise(f"{before} {scheme}{host}{path} {after}")
    tokens = result.text.split()
    assert result.links == 1 and result.domains == [host]
    assert "__url__" in tokens and domain_token(registrable_domain(host)) in tokens
    assert "http" not in result.text and "www." not in result.text, result.text


# Text a tag cannot hide in (not even after NFKC, which turns a fullwidth "＜" into "<").
_PLAIN = st.text(st.characters(blacklist_categories=("Cs",)).filter(
    lambda c: not set(unicodedata.normalize("NFKC", c)) & set("<>&")), max_size=20)
TAGS = st.builds(lambda close, name, attributes: f"<{'/' if close else ''}{name}{attributes}>", st.booleans(),
                 st.sampled_from(["a", "b", "i", "p", "div", "span", "script", "img", "br", "iframe"]),
                 st.sampled_from(["", " class='x'", ' href="http://bit.ly/x"', " onclick=alert(1)", " /"]))


@SETTINGS
@given(st.lists(_PLAIN | TAGS, max_size=12).map("".join))
@example('<a href="http://bit.ly/x">free</a> <script>alert(1)</script>')
def test_no_html_tag_survives(text: str) -> None:
    out = normalise(text).text
    assert "<" not in out and ">" not in out


@SETTINGS
@given(TEXTS)
def test_normalised_text_is_lower_case_single_spaced_and_trimmed(text: str) -> None:
    out = normalise(text).text
    assert out == out.strip()
    assert "  " not in out
    assert out == out.lower()


@SETTINGS
@given(TEXTS)
def test_counts_found_while_normalising_are_consistent(text: str) -> None:
    result = normalise(text)
    assert result.links >= len(result.domains)
    assert 0 <= result.shorteners <= len(result.domains)
    assert min(result.links, result.emails, result.phones, result.obfuscated) >= 0


@SETTINGS
@given(st.text())
def test_stripping_invisible_characters_leaves_no_zero_width_or_direction_marks(text: str) -> None:
    out = strip_invisible(text)
    assert not _HIDDEN.search(out)
    assert "\t" not in out and "\r" not in out


def test_every_payload_of_the_abuse_corpus_normalises_to_one_visible_line() -> None:
    # The normaliser feeds the classifier, not a page: markup may survive in
    # its output, but nothing may hide inside a word.
    for payload in PAYLOADS:
        out = normalise(payload).text
        assert _hidden(out) == [], payload
